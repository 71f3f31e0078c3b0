/**
 * Health from a snapshot alone (no commands run): pool capacity and state, guests' root
 * filesystems, VPN handshake age, containers stuck restarting, guests that should be up,
 * Proxmox HA (quorum, each node's resource manager, HA resources) and sections proxdeck
 * could not read. The collector can fill snapshot.health with it.
 *
 * Hints carry commands to copy into a root shell, and names in them come from the host or a
 * guest (a container may call itself `web; curl … | sh #`): every command in a hint is an argv
 * quoted by shellJoin, exactly like the commands proxdeck runs.
 */
import type {HealthResult, Snapshot} from '../../model/snapshot.js';
import {formatBytes, formatDuration} from '../../model/format.js';
import {inGuest} from '../../host/commands.js';
import {shellJoin} from '../../host/quote.js';
import {isLinuxServerImage, NO_SPACE_HINT, S6_HINT} from './known-failures.js';
import {haResults} from './ha.js';

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

const pct = (used: number, total: number): number => (total > 0 ? Math.round((used / total) * 1000) / 10 : 0);

/** `{node}` on a cluster's node-local results (two nodes may both have an rpool); nothing on a single host. */
function onNode(snapshot: Snapshot, node: string): {node?: string} {
	return snapshot.nodes.length > 1 ? {node} : {};
}

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
		if (pool.capacity === null) {
			// No capacity from ZFS (an UNAVAIL pool reports `-`): nothing to pass or fail on.
			out.push({
				target,
				...node,
				check: 'capacity',
				state: 'warn',
				detail: `unknown: zpool list gave no capacity for ${pool.name} (${pool.health})`,
			});
			continue;
		}
		const detail = `${pool.capacity}% used, ${formatBytes(pool.free)} free of ${formatBytes(pool.size)}`;
		const hint = `free space on ${pool.name} (move or delete data, zfs destroy old snapshots) or add disks; ZFS slows down above ${t.poolWarn}% and stops writing when full`;
		if (pool.capacity >= t.poolCrit) out.push({target, ...node, check: 'capacity', state: 'fail', detail, hint});
		else if (pool.capacity >= t.poolWarn) out.push({target, ...node, check: 'capacity', state: 'warn', detail, hint});
		else out.push({target, ...node, check: 'capacity', state: 'pass', detail});
	}
	return out;
}

function guestResults(snapshot: Snapshot, t: HealthThresholds): HealthResult[] {
	const out: HealthResult[] = [];
	for (const g of snapshot.guests) {
		if (g.template) continue;
		const target = `guest:${g.vmid}`;
		if (g.status !== 'running') {
			if (g.onboot)
				out.push({
					target,
					check: 'running',
					state: 'warn',
					detail: `${g.name} is ${g.status} but starts on boot`,
					hint: shellJoin(['proxdeck', 'start', String(g.vmid)]),
				});
			continue;
		}
		if (g.type === 'lxc' && g.maxdisk > 0) {
			const used = pct(g.disk, g.maxdisk);
			const detail = `${g.name}: rootfs ${used}% used (${formatBytes(g.disk)} of ${formatBytes(g.maxdisk)})`;
			if (used >= t.rootfsCrit) out.push({target, check: 'rootfs', state: 'fail', detail, hint: NO_SPACE_HINT(g.vmid)});
			else if (used >= t.rootfsWarn)
				out.push({target, check: 'rootfs', state: 'warn', detail, hint: NO_SPACE_HINT(g.vmid)});
			else out.push({target, check: 'rootfs', state: 'pass', detail});
		}
		for (const c of g.containers ?? []) {
			const ctr = `ctr:${g.vmid}:${c.name}`;
			if (c.state === 'restarting' || (c.state === 'exited' && !/Exited \(0\)/.test(c.status))) {
				const lsio = isLinuxServerImage(c.image);
				out.push({
					target: ctr,
					check: 'state',
					state: 'fail',
					detail: `${c.name} (${c.image}) is ${c.state}: ${c.status}${lsio ? '; LinuxServer.io images fail in Proxmox containers with s6-ipcserver-socketbinder: fatal: unable to create socket: Permission denied' : ''}`,
					...(lsio
						? {hint: S6_HINT}
						: {
								hint: `read its log: proxdeck --pane logs, or ${shellJoin(inGuest(g.vmid, ['docker', 'logs', '--tail', '50', c.name]))}`,
							}),
				});
			} else if (/unhealthy/.test(c.status)) {
				out.push({
					target: ctr,
					check: 'state',
					state: 'warn',
					detail: `${c.name}: ${c.status}`,
					hint: shellJoin(inGuest(g.vmid, ['docker', 'inspect', '--format', '{{json .State.Health}}', c.name])),
				});
			}
		}
	}
	return out;
}

function vpnResults(snapshot: Snapshot, nowMs: number, t: HealthThresholds): HealthResult[] {
	const out: HealthResult[] = [];
	for (const tunnel of snapshot.vpn.tunnels) {
		const target = `vpn:${tunnel.name}${tunnel.gatewayVmid !== null ? `@${tunnel.gatewayVmid}` : ''}`;
		const node = onNode(snapshot, tunnel.node);
		const inGateway = (argv: string[]): string =>
			shellJoin(tunnel.gatewayVmid !== null ? inGuest(tunnel.gatewayVmid, argv) : argv);
		const where = inGateway(['wg', 'show', tunnel.name]);
		const restart = `${inGateway(['wg-quick', 'down', tunnel.name])} && ${inGateway(['wg-quick', 'up', tunnel.name])}`;
		for (const peer of tunnel.peers) {
			const check = `handshake:${peer.publicKey.slice(0, 8)}`;
			// A peer without an endpoint that never connected is a road-warrior slot, not a fault.
			if (peer.latestHandshake === 0 && peer.endpoint === null) continue;
			if (peer.latestHandshake === 0) {
				out.push({
					target,
					...node,
					check,
					state: 'warn',
					detail: `peer ${peer.endpoint} never completed a handshake`,
					hint: `check the endpoint and keys: ${where}`,
				});
				continue;
			}
			const age = Math.max(0, nowMs / 1000 - peer.latestHandshake);
			const detail = `last handshake with ${peer.endpoint ?? peer.publicKey.slice(0, 8)} ${formatDuration(age)} ago`;
			const hint = `the tunnel is down or idle: check the VPN provider and the gateway (${where}); restart it with ${restart}`;
			if (age >= t.handshakeFailSec) out.push({target, ...node, check, state: 'fail', detail, hint});
			else if (age >= t.handshakeWarnSec) out.push({target, ...node, check, state: 'warn', detail, hint});
			else out.push({target, ...node, check, state: 'pass', detail});
		}
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

export function passiveHealth(
	snapshot: Snapshot,
	nowMs: number,
	thresholds: Partial<HealthThresholds> = {},
): HealthResult[] {
	const t = {...DEFAULT_HEALTH_THRESHOLDS, ...thresholds};
	return [
		...poolResults(snapshot, t),
		...guestResults(snapshot, t),
		...vpnResults(snapshot, nowMs, t),
		...haResults(snapshot),
		...readErrors(snapshot),
	];
}
