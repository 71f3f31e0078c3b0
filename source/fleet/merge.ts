/**
 * A fleet's one picture: the latest snapshot of each context, merged into one snapshot for the
 * console's panes. Each guest and pool carries its context (the same VMID or pool name can
 * exist on two hosts); a context whose refresh is failing keeps its last rows, listed in
 * `stale` under its own name. Per-context JSON never goes through here: `--once --json` prints
 * each context's own snapshot in its own section.
 */
import {SNAPSHOT_SCHEMA_VERSION, type Snapshot, type StaleSection} from '../model/snapshot.js';

export interface MemberPicture {
	name: string;
	snapshot: Snapshot | null;
	/** When the context's data stopped being fresh (its refresh failing or its link down), else null. */
	staleSince: string | null;
}

/** The stale section a context's kept rows are listed under (`staleNote(…, fleetStaleSection('lab'))`). */
export function fleetStaleSection(context: string): string {
	return `context ${context}`;
}

const tagged = new WeakMap<Snapshot, Snapshot>();

/** The context's snapshot with the context on each node, guest and pool, made once per snapshot. */
function tag(name: string, snapshot: Snapshot): Snapshot {
	let done = tagged.get(snapshot);
	if (!done) {
		done = {
			...snapshot,
			nodes: snapshot.nodes.map((node) => ({...node, context: name})),
			guests: snapshot.guests.map((guest) => ({...guest, context: name})),
			pools: snapshot.pools.map((pool) => ({...pool, context: name})),
		};
		tagged.set(snapshot, done);
	}
	return done;
}

export function mergeFleet(members: readonly MemberPicture[], fleetName: string, takenAt: string): Snapshot {
	const merged: Snapshot = {
		schemaVersion: SNAPSHOT_SCHEMA_VERSION,
		context: fleetName,
		takenAt,
		nodes: [],
		guests: [],
		storages: [],
		pools: [],
		datasets: [],
		bridges: [],
		routes: [],
		vpn: {tunnels: []},
		health: [],
		errors: [],
		members: [],
	};
	const stale: StaleSection[] = [];
	for (const {name, snapshot, staleSince} of members) {
		if (staleSince !== null) stale.push({section: fleetStaleSection(name), since: staleSince});
		if (!snapshot) continue;
		const part = tag(name, snapshot);
		const {nodes, guests, pools} = part;
		merged.members!.push({context: name, snapshot: part});
		merged.nodes.push(...nodes);
		merged.guests.push(...guests);
		merged.pools.push(...pools);
		merged.storages.push(...snapshot.storages);
		merged.datasets.push(...snapshot.datasets);
		merged.bridges.push(...snapshot.bridges);
		merged.routes.push(...snapshot.routes);
		merged.vpn.tunnels.push(...snapshot.vpn.tunnels);
		merged.health.push(...snapshot.health);
		merged.errors.push(...snapshot.errors.map((error) => ({...error, message: `${name}: ${error.message}`})));
		for (const kept of snapshot.stale ?? []) stale.push({section: kept.section, since: kept.since});
	}
	if (stale.length > 0) merged.stale = stale;
	return merged;
}
