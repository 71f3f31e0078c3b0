/**
 * The verdicts health and the panes share, so they can never disagree: a stale VPN peer, a
 * guest leaking past the VPN gateway, a bridge with guests that is down, a root filesystem
 * or pool filling up. `proxdeck health`, its --json and --prometheus, the snapshot's
 * `health[]`, the network pane's warnings and the colours of the guests pane all ask here.
 */
import type {Bridge, Guest, GuestNic, HealthResult, HealthState, Snapshot, VpnPeer} from '../../model/snapshot.js';
import {formatBytes, formatDuration} from '../../model/format.js';
import {shareOf, storageFree} from '../../model/usage.js';
import {inGuest} from '../../host/commands.js';
import {hintJoin} from '../../host/quote.js';

export interface HealthThresholds {
	/** Pool percent used: warn, fail. */
	poolWarn: number;
	poolCrit: number;
	/** Guest root filesystem percent used: warn, fail. */
	rootfsWarn: number;
	rootfsCrit: number;
	/** Seconds since a VPN peer's last handshake: warn, fail. */
	handshakeWarnSec: number;
	handshakeFailSec: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = {
	poolWarn: 80,
	poolCrit: 90,
	rootfsWarn: 90,
	rootfsCrit: 98,
	// WireGuard re-handshakes every 2 minutes on a live session; 3 minutes means it lapsed.
	handshakeWarnSec: 180,
	handshakeFailSec: 600,
};

/** `{node}` on a cluster's node-local results (two nodes may both have an rpool); nothing on a single host. */
export function onNode(snapshot: Snapshot, node: string): {node?: string} {
	return snapshot.nodes.length > 1 ? {node} : {};
}

/** A share used against its warn and fail marks. */
export function capacityState(percent: number, warn: number, crit: number): HealthState {
	return percent >= crit ? 'fail' : percent >= warn ? 'warn' : 'pass';
}

/** A container's root filesystem use (one decimal), or null when it is not known (a VM, no size). */
export function rootfsPercent(guest: Guest): number | null {
	const share = guest.type === 'lxc' ? shareOf(guest.disk, guest.maxdisk) : null;
	return share === null ? null : Math.round(share * 1000) / 10;
}

export function rootfsState(guest: Guest, t: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS): HealthState {
	const used = rootfsPercent(guest);
	return used === null ? 'pass' : capacityState(used, t.rootfsWarn, t.rootfsCrit);
}

/** `idle`: a peer with no endpoint that never connected, a road-warrior slot waiting for its client. */
export type PeerState = HealthState | 'idle';

export function peerState(
	peer: VpnPeer,
	nowSeconds: number,
	t: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS,
): PeerState {
	if (peer.latestHandshake === 0) return peer.endpoint === null ? 'idle' : 'warn';
	const age = Math.max(0, nowSeconds - peer.latestHandshake);
	return age >= t.handshakeFailSec ? 'fail' : age >= t.handshakeWarnSec ? 'warn' : 'pass';
}

export interface VpnRouting {
	tunnel: string;
	gateway: Guest | null;
	/** The gateway's addresses on its VPN-side bridges (NICs without a gateway of their own). */
	gatewayIps: {bridge: string; ip: string}[];
	egress: {guest: Guest; nic: GuestNic}[];
	leaks: {guest: Guest; nic: GuestNic; gatewayIp: string; reason: string}[];
}

const stripPrefix = (ip: string | undefined): string => (ip ?? '').replace(/\/\d+$/, '');

/**
 * The routing worked out for a refresh's guests and tunnels. The refresh's health checks, the
 * network pane and its header's warning count each ask for it; with 10,000 guests each asking
 * walks every guest's NICs again.
 */
const routingOf = new WeakMap<
	readonly Guest[],
	{tunnels: Snapshot['vpn']['tunnels']; routing: readonly VpnRouting[]}
>();

/** Who egresses through each tunnel's gateway guest, and who sits on its bridge but bypasses it. */
export function vpnRouting(snapshot: Snapshot): readonly VpnRouting[] {
	const kept = routingOf.get(snapshot.guests);
	if (kept?.tunnels === snapshot.vpn.tunnels) return kept.routing;
	const routing = routeTunnels(snapshot);
	routingOf.set(snapshot.guests, {tunnels: snapshot.vpn.tunnels, routing});
	return routing;
}

function routeTunnels(snapshot: Snapshot): VpnRouting[] {
	// Tunnels are few and guests many: each tunnel looks its gateway up rather than every
	// refresh indexing every guest (the last guest of a vmid, as an index by vmid would give).
	return snapshot.vpn.tunnels.map((tunnel) => {
		const gateway =
			tunnel.gatewayVmid === null ? null : (snapshot.guests.findLast((g) => g.vmid === tunnel.gatewayVmid) ?? null);
		const gatewayIps = (gateway?.nics ?? [])
			.filter((nic) => nic.bridge && nic.ip && !nic.gw && nic.ip !== 'dhcp' && nic.ip !== 'manual')
			.map((nic) => ({bridge: nic.bridge!, ip: stripPrefix(nic.ip)}));
		const egress: VpnRouting['egress'] = [];
		const leaks: VpnRouting['leaks'] = [];
		// No address of the gateway on a bridge: no guest can route through it, nor bypass it.
		if (gatewayIps.length > 0)
			for (const guest of snapshot.guests) {
				// Another node's bridge of the same name is another segment: its guests cannot use this gateway.
				if (guest === gateway || guest.template || (gateway && guest.node !== gateway.node)) continue;
				routeGuest(guest, gatewayIps, egress, leaks);
			}
		return {tunnel: tunnel.name, gateway, gatewayIps, egress, leaks};
	});
}

/** Sorts one guest's NICs on a gateway's bridges into egress and leaks. */
function routeGuest(
	guest: Guest,
	gatewayIps: VpnRouting['gatewayIps'],
	egress: VpnRouting['egress'],
	leaks: VpnRouting['leaks'],
): void {
	for (const nic of guest.nics) {
		let side: VpnRouting['gatewayIps'][number] | undefined;
		for (const ip of gatewayIps)
			if (ip.bridge === nic.bridge) {
				side = ip;
				break;
			}
		if (!side) continue;
		if (nic.gw === side.ip) egress.push({guest, nic});
		else if (nic.gw)
			leaks.push({guest, nic, gatewayIp: side.ip, reason: `gateway ${nic.gw} is not the VPN gateway ${side.ip}`});
		else if (nic.ip === 'dhcp')
			leaks.push({
				guest,
				nic,
				gatewayIp: side.ip,
				reason: `DHCP on ${nic.bridge}: its gateway is not pinned to the VPN gateway ${side.ip}`,
			});
	}
}

/** A network check's result, and the one line the network pane shows for it when it is not a pass. */
export interface NetworkFinding extends HealthResult {
	warning: string;
}

function leakFindings(snapshot: Snapshot): NetworkFinding[] {
	return vpnRouting(snapshot).flatMap((routing) =>
		routing.leaks.map(({guest, nic, gatewayIp, reason}) => ({
			target: `guest:${guest.vmid}`,
			check: `vpn-leak:${nic.name}`,
			state: 'fail' as const,
			detail: `${guest.name} ${nic.name} on ${nic.bridge}: ${reason}; its traffic leaves outside ${routing.tunnel}`,
			hint: `give ${nic.name} the gateway ${gatewayIp} (${hintJoin(['pct', 'set', String(guest.vmid), `--${nic.name}`])} ...,gw=${gatewayIp}) or move it off ${nic.bridge}`,
			warning: `LEAK ${guest.vmid} ${guest.name} ${nic.name} on ${nic.bridge}: ${reason}`,
		})),
	);
}

function handshakeFindings(snapshot: Snapshot, nowMs: number, t: HealthThresholds): NetworkFinding[] {
	const nowSeconds = nowMs / 1000;
	return snapshot.vpn.tunnels.flatMap((tunnel) => {
		const target = `vpn:${tunnel.name}${tunnel.gatewayVmid !== null ? `@${tunnel.gatewayVmid}` : ''}`;
		const node = onNode(snapshot, tunnel.node);
		// Names in hints come from the host: each command is quoted like the ones proxdeck runs
		// (these are drawn by the network pane too, so a name no shell can hold must not throw).
		const inGateway = (argv: string[]): string =>
			hintJoin(tunnel.gatewayVmid !== null ? inGuest(tunnel.gatewayVmid, argv) : argv);
		const where = inGateway(['wg', 'show', tunnel.name]);
		const restart = `${inGateway(['wg-quick', 'down', tunnel.name])} && ${inGateway(['wg-quick', 'up', tunnel.name])}`;
		return tunnel.peers.map((peer): NetworkFinding => {
			const key = peer.publicKey.slice(0, 8);
			const check = `handshake:${key}`;
			const state = peerState(peer, nowSeconds, t);
			if (state === 'idle')
				return {
					target,
					...node,
					check,
					state: 'pass',
					detail: `peer ${key}: no endpoint and no handshake yet, waiting for its client to connect`,
					warning: '',
				};
			if (peer.latestHandshake === 0)
				return {
					target,
					...node,
					check,
					state,
					detail: `peer ${peer.endpoint} never completed a handshake`,
					hint: `check the endpoint and keys: ${where}`,
					warning: `STALE ${tunnel.name} peer ${key} ${peer.endpoint}: never completed a handshake`,
				};
			const age = formatDuration(Math.max(0, nowSeconds - peer.latestHandshake));
			return {
				target,
				...node,
				check,
				state,
				detail: `last handshake with ${peer.endpoint ?? key} ${age} ago`,
				...(state === 'pass'
					? {}
					: {
							hint: `the tunnel is down or idle: check the VPN provider and the gateway (${where}); restart it with ${restart}`,
						}),
				warning: `STALE ${tunnel.name} peer ${key}${peer.endpoint ? ` ${peer.endpoint}` : ''}: last handshake ${age} ago`,
			};
		});
	});
}

/** A bridge that guests are plugged into must be up: down, they have no network. */
export function bridgeState(bridge: Bridge): HealthState {
	return bridge.guests.length > 0 && bridge.state.toUpperCase() !== 'UP' ? 'warn' : 'pass';
}

function bridgeFindings(snapshot: Snapshot): NetworkFinding[] {
	return snapshot.bridges
		.filter((bridge) => bridgeState(bridge) !== 'pass')
		.map((bridge) => ({
			target: `bridge:${bridge.name}`,
			...onNode(snapshot, bridge.node),
			check: 'state',
			state: bridgeState(bridge),
			detail: `${bridge.name} is ${bridge.state} with ${bridge.guests.length} guest NIC${bridge.guests.length === 1 ? '' : 's'} on it`,
			hint: `${hintJoin(['ip', 'link', 'set', bridge.name, 'up'])}, and check its ports (${hintJoin(['bridge', 'link', 'show', 'master', bridge.name])})`,
			warning: `DOWN ${bridge.name} is ${bridge.state}: its ${bridge.guests.length} guest NIC${bridge.guests.length === 1 ? '' : 's'} have no network`,
		}));
}

/** Every network check: leaks, peers' handshakes, bridges. */
export function networkFindings(
	snapshot: Snapshot,
	nowMs: number,
	t: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS,
): NetworkFinding[] {
	return [...leakFindings(snapshot), ...handshakeFindings(snapshot, nowMs, t), ...bridgeFindings(snapshot)];
}

/**
 * A Proxmox storage filling up (a full thin pool stops its guests' writes), at the pools'
 * marks. ZFS-backed storages are their pool, checked as a pool; an inactive one has no figures.
 */
export function storageResult(storage: Snapshot['storages'][number], t: HealthThresholds): HealthResult | null {
	const active = storage.status === 'active' || storage.status === 'available';
	const share = shareOf(storage.used, storage.total);
	if (storage.type === 'zfspool' || !active || share === null) return null;
	// The state from the exact share (as the ZFS pane colours it), the text rounded.
	const exact = share * 100;
	const state = capacityState(exact, t.poolWarn, t.poolCrit);
	const percent = Math.round(exact);
	const target = `storage:${storage.storage}${storage.shared ? '' : `@${storage.node}`}`;
	const detail = `${percent}% used, ${formatBytes(storageFree(storage))} free of ${formatBytes(storage.total)}`;
	if (state === 'pass') return {target, check: 'capacity', state, detail};
	return {
		target,
		check: 'capacity',
		state,
		detail,
		hint: `free space on ${storage.storage} (old backups, ISOs, unused disks) or grow it`,
	};
}

/** The pool's capacity check, as health reports it and the ZFS pane colours it. */
export function poolCapacityResult(
	snapshot: Snapshot,
	pool: Snapshot['pools'][number],
	t: HealthThresholds,
): HealthResult {
	const target = `pool:${pool.name}`;
	const node = onNode(snapshot, pool.node);
	// No capacity from ZFS (an UNAVAIL pool reports `-`): nothing to pass or fail on.
	if (pool.capacity === null)
		return {
			target,
			...node,
			check: 'capacity',
			state: 'warn',
			detail: `unknown: zpool list gave no capacity for ${pool.name} (${pool.health})`,
		};
	const detail = `${pool.capacity}% used, ${formatBytes(pool.free)} free of ${formatBytes(pool.size)}`;
	const state = capacityState(pool.capacity, t.poolWarn, t.poolCrit);
	if (state === 'pass') return {target, ...node, check: 'capacity', state, detail};
	const hint = `free space on ${pool.name} (move or delete data, zfs destroy old snapshots) or add disks; ZFS slows down above ${t.poolWarn}% and stops writing when full`;
	return {target, ...node, check: 'capacity', state, detail, hint};
}
