/**
 * Health from a snapshot alone (no commands run): pool capacity and state, guests' root
 * filesystems, the network (VPN leaks, handshake age, bridges down), Docker containers
 * (docker.ts: restart loops, OOM kills, unhealthy, missing bind sources), guests that should be up, Proxmox HA (quorum, each node's resource manager, HA
 * resources) and sections proxdeck could not read. The collector fills snapshot.health with it;
 * the verdicts themselves are shared with the panes (verdicts.ts).
 *
 * Hints carry commands to copy into a root shell, and names in them come from the host or a
 * guest (a container may call itself `web; curl … | sh #`): every command in a hint is an argv
 * quoted by shellJoin, exactly like the commands proxdeck runs.
 */
import type {Guest, HealthResult, Snapshot} from '../../model/snapshot.js';
import {formatBytes} from '../../model/format.js';
import {shellJoin} from '../../host/quote.js';
import {NO_SPACE_HINT} from './known-failures.js';
import {containerResults} from './docker.js';
import {haResults} from './ha.js';
import {
	DEFAULT_HEALTH_THRESHOLDS,
	networkFindings,
	onNode,
	poolCapacityResult,
	rootfsPercent,
	rootfsState,
	storageResult,
	type HealthThresholds,
} from './verdicts.js';

export type {HealthThresholds} from './verdicts.js';
export {DEFAULT_HEALTH_THRESHOLDS} from './verdicts.js';

function poolResults(snapshot: Snapshot, t: HealthThresholds): HealthResult[] {
	const out: HealthResult[] = [];
	for (const pool of snapshot.pools) {
		const target = `pool:${pool.name}`;
		const node = onNode(snapshot, pool.node);
		if (pool.health !== 'ONLINE') {
			const why = pool.status?.status ? `: ${pool.status.status}` : '';
			out.push({
				target,
				...node,
				check: 'state',
				state: 'fail',
				detail: `${pool.health}${why}`,
				hint:
					pool.status?.action ??
					`${shellJoin(['zpool', 'status', '-v', pool.name])}: find the faulted device and replace it (zpool replace)`,
			});
		} else out.push({target, ...node, check: 'state', state: 'pass', detail: 'ONLINE'});
		out.push(poolCapacityResult(snapshot, pool, t));
	}
	for (const storage of snapshot.storages) {
		const result = storageResult(storage, t);
		if (result) out.push(result);
	}
	return out;
}

/** One guest's verdicts: whether it should be up, its root filesystem, its Docker containers. */
function oneGuestResults(g: Guest, t: HealthThresholds): HealthResult[] {
	const target = `guest:${g.vmid}`;
	if (g.status !== 'running') {
		if (!g.onboot) return [];
		return [
			{
				target,
				check: 'running',
				state: 'warn',
				detail: `${g.name} is ${g.status} but starts on boot`,
				hint: shellJoin(['proxdeck', 'start', String(g.vmid)]),
				fix: {action: 'start', vmid: g.vmid},
			},
		];
	}
	const out = containerResults(g);
	const used = rootfsPercent(g);
	if (used !== null) {
		const detail = `${g.name}: rootfs ${used}% used (${formatBytes(g.disk)} of ${formatBytes(g.maxdisk)})`;
		const state = rootfsState(g, t);
		out.unshift({target, check: 'rootfs', state, detail, ...(state === 'pass' ? {} : {hint: NO_SPACE_HINT(g.vmid)})});
	}
	return out;
}

/**
 * Every field of a guest oneGuestResults reads (a field it starts reading belongs here too):
 * two guests equal in these get equal verdicts. The collector keeps a container list while its
 * text is unchanged, so the list is compared by identity.
 */
function sameGuestInputs(a: Guest, b: Guest): boolean {
	return (
		a === b ||
		(a.vmid === b.vmid &&
			a.template === b.template &&
			a.status === b.status &&
			a.onboot === b.onboot &&
			a.name === b.name &&
			a.type === b.type &&
			a.disk === b.disk &&
			a.maxdisk === b.maxdisk &&
			a.containers === b.containers)
	);
}

type GuestVerdicts = (g: Guest, t: HealthThresholds) => HealthResult[];

function guestResults(snapshot: Snapshot, t: HealthThresholds, verdicts: GuestVerdicts): HealthResult[] {
	const out: HealthResult[] = [];
	for (const g of snapshot.guests) {
		if (g.template) continue;
		for (const result of verdicts(g, t)) out.push(result);
	}
	return out;
}

function readErrors(snapshot: Snapshot): HealthResult[] {
	return snapshot.errors.map((e) => ({
		target: 'host',
		check: `read:${e.section}`,
		state: 'warn' as const,
		detail: `\`${e.command}\`: ${e.message}`,
		hint: 'proxdeck could not read this part of the host; its checks are missing',
	}));
}

function assemble(snapshot: Snapshot, nowMs: number, t: HealthThresholds, verdicts: GuestVerdicts): HealthResult[] {
	return [
		...poolResults(snapshot, t),
		...guestResults(snapshot, t, verdicts),
		// Leaks, handshakes and bridges: the network pane shows the same findings as warnings.
		...networkFindings(snapshot, nowMs, t).map(({warning: _pane, ...result}) => result),
		...haResults(snapshot),
		...readErrors(snapshot),
	];
}

export function passiveHealth(
	snapshot: Snapshot,
	nowMs: number,
	thresholds: Partial<HealthThresholds> = {},
): HealthResult[] {
	return assemble(snapshot, nowMs, {...DEFAULT_HEALTH_THRESHOLDS, ...thresholds}, oneGuestResults);
}

/**
 * passiveHealth for a refresh loop: a guest whose inputs are equal to the last call's (most
 * guests, most refreshes) gets the same verdict objects again instead of new ones, so a large
 * homelab's refresh does not rebuild a thousand strings and objects that did not change. The
 * verdicts are shared between calls: read them, never change them.
 */
export function createPassiveHealth(): typeof passiveHealth {
	interface Kept {
		guest: Guest;
		results: HealthResult[];
		seen: number;
	}
	const kept = new Map<number, Kept>();
	let rootfs = '';
	let call = 0;
	let visited = 0;
	const verdicts: GuestVerdicts = (g, t) => {
		visited++;
		const last = kept.get(g.vmid);
		if (last && sameGuestInputs(last.guest, g)) {
			last.guest = g;
			last.seen = call;
			return last.results;
		}
		const results = oneGuestResults(g, t);
		kept.set(g.vmid, {guest: g, results, seen: call});
		return results;
	};
	return (snapshot, nowMs, thresholds = {}) => {
		const t = {...DEFAULT_HEALTH_THRESHOLDS, ...thresholds};
		const limits = `${t.rootfsWarn}/${t.rootfsCrit}`;
		if (limits !== rootfs) kept.clear();
		rootfs = limits;
		call++;
		visited = 0;
		const results = assemble(snapshot, nowMs, t, verdicts);
		// Guests gone from the host (or templates now) are forgotten.
		if (kept.size > visited)
			kept.forEach((entry, vmid) => {
				if (entry.seen !== call) kept.delete(vmid);
			});
		return results;
	};
}
