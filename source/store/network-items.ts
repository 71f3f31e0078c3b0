/**
 * The network pane as a list: bridges with their addresses, routes and attached guests;
 * the routes that matter; VPN tunnels with their peers; which guests egress through the VPN
 * gateway, and leaks: a guest on the VPN bridge whose gateway is not the VPN gateway. In a
 * cluster every node has its own bridges and routes (often with the same names): they are
 * grouped by node, and a bridge only ever holds guests of its own node.
 */
import type {Bridge, Guest, GuestNic, Node, Route, Snapshot, VpnPeer, VpnTunnel} from '../model/snapshot.js';
import {byNode, isCluster, shownNodes} from './node-view.js';
import {fleetHeading, perContext} from './fleet-items.js';

/** WireGuard re-handshakes every 2 minutes on an active tunnel; 3 minutes means trouble. */
export const STALE_HANDSHAKE_SECONDS = 180;

export interface VpnRouting {
	tunnel: string;
	gateway: Guest | null;
	/** The gateway's addresses on its VPN-side bridges (NICs without a gateway of their own). */
	gatewayIps: {bridge: string; ip: string}[];
	egress: {guest: Guest; nic: GuestNic}[];
	leaks: {guest: Guest; nic: GuestNic; reason: string}[];
}

export type NetworkItem =
	| {kind: 'section'; key: string; label: string}
	/** A node's group header (in a cluster). */
	| {kind: 'node'; key: string; node: Node}
	| {kind: 'bridge'; key: string; bridge: Bridge; routes: Route[]}
	| {
			kind: 'attached';
			key: string;
			bridge: string;
			guest: Guest | null;
			vmid: number;
			nic: GuestNic | null;
			vpn: 'egress' | 'leak' | null;
	  }
	| {kind: 'route'; key: string; route: Route}
	/** `node`: the tunnel's node, named in a cluster. */
	| {kind: 'tunnel'; key: string; tunnel: VpnTunnel; gateway: Guest | null; node: string | null}
	| {kind: 'peer'; key: string; tunnel: string; peer: VpnPeer; stale: boolean}
	| {kind: 'egress'; key: string; tunnel: string; guests: Guest[]}
	| {kind: 'warning'; key: string; text: string};

const stripPrefix = (ip: string | undefined): string => (ip ?? '').replace(/\/\d+$/, '');

export function vpnRouting(snapshot: Snapshot): VpnRouting[] {
	const byVmid = new Map(snapshot.guests.map((guest) => [guest.vmid, guest]));
	return snapshot.vpn.tunnels.map((tunnel) => {
		const gateway = tunnel.gatewayVmid === null ? null : (byVmid.get(tunnel.gatewayVmid) ?? null);
		const gatewayIps = (gateway?.nics ?? [])
			.filter((nic) => nic.bridge && nic.ip && !nic.gw && nic.ip !== 'dhcp' && nic.ip !== 'manual')
			.map((nic) => ({bridge: nic.bridge!, ip: stripPrefix(nic.ip)}));
		const egress: VpnRouting['egress'] = [];
		const leaks: VpnRouting['leaks'] = [];
		for (const guest of snapshot.guests) {
			// Another node's bridge of the same name is another segment: its guests cannot use this gateway.
			if (guest === gateway || guest.template || (gateway && guest.node !== gateway.node)) continue;
			for (const nic of guest.nics) {
				const side = gatewayIps.find((g) => g.bridge === nic.bridge);
				if (!side) continue;
				if (nic.gw === side.ip) egress.push({guest, nic});
				else if (nic.gw) leaks.push({guest, nic, reason: `gateway ${nic.gw} is not the VPN gateway ${side.ip}`});
				else if (nic.ip === 'dhcp')
					leaks.push({
						guest,
						nic,
						reason: `DHCP on ${nic.bridge}: its gateway is not pinned to the VPN gateway ${side.ip}`,
					});
			}
		}
		return {tunnel: tunnel.name, gateway, gatewayIps, egress, leaks};
	});
}

function handshakeStale(peer: VpnPeer, nowSeconds: number): boolean {
	return peer.latestHandshake === 0 || nowSeconds - peer.latestHandshake > STALE_HANDSHAKE_SECONDS;
}

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
): NetworkItem[] {
	if (!whole) return [];
	return (
		perContext(whole, (part) => contextNetworkItems(part, warningsOnly, nodeFilter), fleetHeading) ??
		contextNetworkItems(whole, warningsOnly, nodeFilter)
	);
}

function contextNetworkItems(whole: Snapshot, warningsOnly: boolean, nodeFilter: string | null): NetworkItem[] {
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
	const byVmid = new Map(snapshot.guests.map((guest) => [guest.vmid, guest]));
	const routing = vpnRouting(snapshot);
	const egressKeys = new Set(routing.flatMap((r) => r.egress.map((e) => `${e.guest.vmid}:${e.nic.name}`)));
	const leakKeys = new Set(routing.flatMap((r) => r.leaks.map((l) => `${l.guest.vmid}:${l.nic.name}`)));
	const items: NetworkItem[] = [];

	const warnings: NetworkItem[] = [];
	for (const r of routing) {
		for (const leak of r.leaks) {
			warnings.push({
				kind: 'warning',
				key: `w:leak:${leak.guest.vmid}:${leak.nic.name}`,
				text: `LEAK ${leak.guest.vmid} ${leak.guest.name} ${leak.nic.name} on ${leak.nic.bridge}: ${leak.reason}`,
			});
		}
	}
	for (const tunnel of snapshot.vpn.tunnels) {
		for (const peer of tunnel.peers) {
			if (!handshakeStale(peer, nowSeconds)) continue;
			const age =
				peer.latestHandshake === 0 ? 'never' : `${Math.round((nowSeconds - peer.latestHandshake) / 60)} min ago`;
			warnings.push({
				kind: 'warning',
				key: `w:stale:${tunnel.name}:${peer.publicKey}`,
				text: `STALE ${tunnel.name} peer ${peer.publicKey.slice(0, 8)}… last handshake ${age}`,
			});
		}
	}
	if (warningsOnly) {
		return warnings.length > 0
			? [{kind: 'section', key: 's:warnings', label: `WARNINGS (${warnings.length})`}, ...warnings]
			: [{kind: 'section', key: 's:none', label: 'No VPN warnings'}];
	}
	if (warnings.length > 0)
		items.push({kind: 'section', key: 's:warnings', label: `WARNINGS (${warnings.length})`}, ...warnings);

	const routes = routesThatMatter(snapshot);
	items.push({kind: 'section', key: 's:bridges', label: `BRIDGES (${snapshot.bridges.length})`});
	groups('bridges', snapshot.bridges, (bridge) => {
		items.push({
			kind: 'bridge',
			key: `b:${bridge.node}/${bridge.name}`,
			bridge,
			routes: routes.filter((route) => route.node === bridge.node && route.dev === bridge.name),
		});
		for (const {vmid, nic: nicName} of bridge.guests) {
			const guest = byVmid.get(vmid) ?? null;
			const nic = guest?.nics.find((n) => n.name === nicName) ?? null;
			const vpnKey = `${vmid}:${nicName}`;
			const vpn = leakKeys.has(vpnKey) ? 'leak' : egressKeys.has(vpnKey) ? 'egress' : null;
			items.push({
				kind: 'attached',
				key: `a:${bridge.node}/${bridge.name}:${vmid}:${nicName}`,
				bridge: bridge.name,
				guest,
				vmid,
				nic,
				vpn,
			});
		}
	});
	items.push({kind: 'section', key: 's:routes', label: 'ROUTES'});
	let index = 0;
	groups('routes', routes, (route) =>
		items.push({kind: 'route', key: `r:${index++}:${route.node}:${route.table}:${route.dst}`, route}),
	);

	items.push({
		kind: 'section',
		key: 's:vpn',
		label: `VPN (${snapshot.vpn.tunnels.length} tunnel${snapshot.vpn.tunnels.length === 1 ? '' : 's'})`,
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
				stale: handshakeStale(peer, nowSeconds),
			});
		}
		const r = routing.find((x) => x.tunnel === tunnel.name);
		if (r && r.egress.length > 0) {
			const guests = [...new Map(r.egress.map((e) => [e.guest.vmid, e.guest])).values()];
			items.push({kind: 'egress', key: `e:${id}`, tunnel: tunnel.name, guests});
		}
	}
	return items;
}

let memo: {snapshot: Snapshot | null; warningsOnly: boolean; nodeFilter: string | null; items: NetworkItem[]} | null =
	null;

export function selectNetworkItems(
	snapshot: Snapshot | null,
	warningsOnly: boolean,
	nodeFilter: string | null = null,
): NetworkItem[] {
	if (memo?.snapshot !== snapshot || memo.warningsOnly !== warningsOnly || memo.nodeFilter !== nodeFilter)
		memo = {snapshot, warningsOnly, nodeFilter, items: buildNetworkItems(snapshot, warningsOnly, nodeFilter)};
	return memo.items;
}
