/**
 * The network pane as a list: warnings first, then bridges with their addresses and routes
 * (each bridge's guests folded under it until it is expanded, so a bridge with 30 guest NICs
 * does not push the others and the VPN out of view), VPN tunnels with their peers, and the
 * routes that matter; which guests egress through the VPN gateway, and leaks: a guest on the
 * VPN bridge whose gateway is not the VPN gateway. In a
 * cluster every node has its own bridges and routes (often with the same names): they are
 * grouped by node, and a bridge only ever holds guests of its own node.
 */
import type {Bridge, Guest, GuestNic, Node, Route, Snapshot, VpnPeer, VpnTunnel} from '../model/snapshot.js';
import {networkFindings, peerState, vpnRouting, type PeerState} from '../ops/health/verdicts.js';
import {byNode, isCluster, shownNodes} from './node-view.js';
import {fleetHeading, perContext} from './fleet-items.js';
import {plural} from '../model/format.js';

export type NetworkItem =
	| {kind: 'section'; key: string; label: string}
	/** A node's group header (in a cluster). */
	| {kind: 'node'; key: string; node: Node}
	/** `expanded`: its guests' rows follow it (folded by default, so every bridge and tunnel shows). */
	| {kind: 'bridge'; key: string; bridge: Bridge; routes: Route[]; expanded: boolean}
	| {
			kind: 'attached';
			key: string;
			bridge: string;
			/** The key of the bridge row it is folded under. */
			bridgeKey: string;
			guest: Guest | null;
			vmid: number;
			nic: GuestNic | null;
			vpn: 'egress' | 'leak' | null;
	  }
	| {kind: 'route'; key: string; route: Route}
	/** `node`: the tunnel's node, named in a cluster. */
	| {kind: 'tunnel'; key: string; tunnel: VpnTunnel; gateway: Guest | null; node: string | null}
	| {kind: 'peer'; key: string; tunnel: string; peer: VpnPeer; state: PeerState}
	| {kind: 'egress'; key: string; tunnel: string; guests: Guest[]}
	| {kind: 'warning'; key: string; text: string};

function routesThatMatter(snapshot: Snapshot): Route[] {
	const bridges = new Set(snapshot.bridges.map((bridge) => `${bridge.node}/${bridge.name}`));
	return snapshot.routes.filter(
		(route) =>
			route.table !== 'local' &&
			(route.dst === 'default' ||
				(route.dev !== undefined && (bridges.has(`${route.node}/${route.dev}`) || route.dev.startsWith('wg')))),
	);
}

/** The snapshot's node-local network rows of the nodes shown (all, or the one picked). */
function narrowed(snapshot: Snapshot, nodeFilter: string | null): Snapshot {
	if (nodeFilter === null) return snapshot;
	const here = <T extends {node: string}>(rows: readonly T[]): T[] => rows.filter((row) => row.node === nodeFilter);
	return {
		...snapshot,
		bridges: here(snapshot.bridges),
		routes: here(snapshot.routes),
		vpn: {tunnels: here(snapshot.vpn.tunnels)},
	};
}

export function buildNetworkItems(
	whole: Snapshot | null,
	warningsOnly: boolean,
	nodeFilter: string | null = null,
	expanded: Readonly<Record<string, true>> = {},
): NetworkItem[] {
	if (!whole) return [];
	return (
		perContext(
			whole,
			(part, prefix) => contextNetworkItems(part, warningsOnly, nodeFilter, expanded, prefix),
			fleetHeading,
		) ?? contextNetworkItems(whole, warningsOnly, nodeFilter, expanded, '')
	);
}

/** One context's items; `prefix` starts their keys in the whole list (a fleet's context name). */
function contextNetworkItems(
	whole: Snapshot,
	warningsOnly: boolean,
	nodeFilter: string | null,
	expanded: Readonly<Record<string, true>>,
	prefix: string,
): NetworkItem[] {
	const snapshot = narrowed(whole, nodeFilter);
	const nodes = shownNodes(whole, nodeFilter);
	// Node headers only when more than one node is shown.
	const cluster = isCluster(whole) && nodes.length > 1;
	const groups = <T extends {node: string}>(section: string, rows: readonly T[], push: (row: T) => void): void => {
		if (!cluster) return rows.forEach(push);
		for (const group of byNode(rows, nodes)) {
			items.push({kind: 'node', key: `n:${section}:${group.node.name}`, node: group.node});
			group.rows.forEach(push);
		}
	};
	const nowSeconds = Math.floor((Date.parse(snapshot.takenAt) || Date.now()) / 1000);
	const routing = vpnRouting(snapshot);
	const egressKeys = new Set(routing.flatMap((r) => r.egress.map((e) => `${e.guest.vmid}:${e.nic.name}`)));
	const leakKeys = new Set(routing.flatMap((r) => r.leaks.map((l) => `${l.guest.vmid}:${l.nic.name}`)));
	const items: NetworkItem[] = [];

	// The same findings `proxdeck health` reports: what fails or warns there is a warning here.
	const warnings: NetworkItem[] = networkFindings(snapshot, nowSeconds * 1000)
		.filter((finding) => finding.state !== 'pass')
		.map((finding) => ({
			kind: 'warning',
			// In a cluster two nodes may both have a vmbr1 or a wg0: the node is part of the key and named first.
			key: `w:${finding.node ?? ''}:${finding.target}:${finding.check}`,
			text: finding.node === undefined ? finding.warning : `${finding.node}: ${finding.warning}`,
		}));
	if (warningsOnly) {
		return warnings.length > 0
			? [{kind: 'section', key: 's:warnings', label: `WARNINGS (${warnings.length})`}, ...warnings]
			: [{kind: 'section', key: 's:none', label: 'No VPN warnings'}];
	}
	if (warnings.length > 0)
		items.push({kind: 'section', key: 's:warnings', label: `WARNINGS (${warnings.length})`}, ...warnings);

	const byVmid = guestsByVmid(snapshot.guests);
	const routes = routesThatMatter(snapshot);
	items.push({kind: 'section', key: 's:bridges', label: `BRIDGES (${snapshot.bridges.length})`});
	groups('bridges', snapshot.bridges, (bridge) => {
		const key = `b:${bridge.node}/${bridge.name}`;
		// Unfolded bridges are known by their key in the whole list.
		const bridgeKey = `${prefix}${key}`;
		const open = expanded[bridgeKey] === true;
		items.push({
			kind: 'bridge',
			key,
			bridge,
			routes: routes.filter((route) => route.node === bridge.node && route.dev === bridge.name),
			expanded: open,
		});
		if (!open) return;
		for (const {vmid, nic: nicName} of bridge.guests) {
			const guest = byVmid.get(vmid) ?? null;
			const nic = guest?.nics.find((n) => n.name === nicName) ?? null;
			const vpnKey = `${vmid}:${nicName}`;
			const vpn = leakKeys.has(vpnKey) ? 'leak' : egressKeys.has(vpnKey) ? 'egress' : null;
			items.push({
				kind: 'attached',
				key: `a:${bridge.node}/${bridge.name}:${vmid}:${nicName}`,
				bridge: bridge.name,
				bridgeKey,
				guest,
				vmid,
				nic,
				vpn,
			});
		}
	});
	items.push({
		kind: 'section',
		key: 's:vpn',
		label: `VPN (${plural(snapshot.vpn.tunnels.length, 'tunnel')})`,
	});
	for (const tunnel of snapshot.vpn.tunnels) {
		const gateway = tunnel.gatewayVmid === null ? null : (byVmid.get(tunnel.gatewayVmid) ?? null);
		const id = `${tunnel.node}/${tunnel.name}`;
		items.push({kind: 'tunnel', key: `t:${id}`, tunnel, gateway, node: isCluster(whole) ? tunnel.node : null});
		for (const peer of tunnel.peers) {
			items.push({
				kind: 'peer',
				key: `pe:${id}:${peer.publicKey}`,
				tunnel: tunnel.name,
				peer,
				state: peerState(peer, nowSeconds),
			});
		}
		const r = routing.find((x) => x.tunnel === tunnel.name);
		if (r && r.egress.length > 0) {
			const guests = [...new Map(r.egress.map((e) => [e.guest.vmid, e.guest])).values()];
			items.push({kind: 'egress', key: `e:${id}`, tunnel: tunnel.name, guests});
		}
	}
	// Routes last: the bridges' own routes are on their rows already.
	items.push({kind: 'section', key: 's:routes', label: 'ROUTES'});
	let index = 0;
	groups('routes', routes, (route) =>
		items.push({kind: 'route', key: `r:${index++}:${route.node}:${route.table}:${route.dst}`, route}),
	);
	return items;
}

const indexes = new WeakMap<readonly Guest[], ReadonlyMap<number, Guest>>();

/** A refresh's guests by VMID, made once for the refresh rather than once per list built from it. */
function guestsByVmid(guests: readonly Guest[]): ReadonlyMap<number, Guest> {
	let index = indexes.get(guests);
	if (!index) {
		index = new Map(guests.map((guest) => [guest.vmid, guest]));
		indexes.set(guests, index);
	}
	return index;
}

/** One set of the pane's choices and the items built for it. */
interface Built {
	warningsOnly: boolean;
	nodeFilter: string | null;
	expanded: Readonly<Record<string, true>>;
	items: NetworkItem[];
}

/**
 * Items built for the current snapshot, by choices: the pane and its header ask with different
 * ones (the header counts every warning, whatever the pane shows), and each frame asks both,
 * so one remembered answer would be rebuilt twice a frame.
 */
const built: {snapshot: Snapshot | null; lists: Built[]} = {snapshot: null, lists: []};
const BUILT_KEPT = 4;

const NONE_EXPANDED: Readonly<Record<string, true>> = {};

export function selectNetworkItems(
	snapshot: Snapshot | null,
	warningsOnly: boolean,
	nodeFilter: string | null = null,
	expanded: Readonly<Record<string, true>> = NONE_EXPANDED,
): NetworkItem[] {
	if (built.snapshot !== snapshot) {
		built.snapshot = snapshot;
		built.lists = [];
	}
	for (const list of built.lists)
		if (list.warningsOnly === warningsOnly && list.nodeFilter === nodeFilter && list.expanded === expanded)
			return list.items;
	const items = buildNetworkItems(snapshot, warningsOnly, nodeFilter, expanded);
	built.lists.push({warningsOnly, nodeFilter, expanded, items});
	if (built.lists.length > BUILT_KEPT) built.lists.shift();
	return items;
}
