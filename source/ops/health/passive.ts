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
import type {HealthResult, Snapshot} from '../../model/snapshot.js';
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
					fix: {action: 'start', vmid: g.vmid},
				});
			continue;
		}
		const used = rootfsPercent(g);
		if (used !== null) {
			const detail = `${g.name}: rootfs ${used}% used (${formatBytes(g.disk)} of ${formatBytes(g.maxdisk)})`;
			const state = rootfsState(g, t);
			out.push({target, check: 'rootfs', state, detail, ...(state === 'pass' ? {} : {hint: NO_SPACE_HINT(g.vmid)})});
		}
		out.push(...containerResults(g));
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
		// Leaks, handshakes and bridges: the network pane shows the same findings as warnings.
		...networkFindings(snapshot, nowMs, t).map(({warning: _pane, ...result}) => result),
		...haResults(snapshot),
		...readErrors(snapshot),
	];
}
