/**
 * `ha-manager status` as pve-ha-manager prints it (PVE::API2::HA::Status, printed by
 * PVE::CLI::ha_manager): the quorum line always; the master, the `fencing` line, one `lrm` per
 * node and one `service` per HA resource only once HA has resources. A node where HA was never
 * used has no manager status, so it prints `quorum OK` alone (Status.pm adds the master entry
 * only when the manager status names a master node).
 */
import {isUp} from '../nodes.js';
import type {SimState} from '../types.js';

/** The CRM and LRMs write their status every 10 s; ha-manager calls one older than 30 s dead. */
const STATUS_INTERVAL_MS = 10_000;

/** Perl's scalar localtime on a UTC host: `Wed Jul 22 02:22:28 2026`, the day space-padded. */
function perlTime(ms: number): string {
	const d = new Date(ms);
	const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]!;
	const month = d.toUTCString().slice(8, 11);
	const two = (n: number): string => String(n).padStart(2, '0');
	return `${day} ${month} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

export function renderHaStatus(state: SimState, now: number, node: string): string {
	const up = state.nodes.filter((n) => isUp(state, n));
	const quorate = state.clusterName === null || up.length * 2 > state.nodes.length;
	const lines = [`quorum ${quorate ? 'OK' : `No quorum on node '${node}'!`}`];
	const resources = state.guests.filter((g) => g.ha);
	if (resources.length === 0 || up.length === 0) return `${lines.join('\n')}\n`;
	const tick = now - (now % STATUS_INTERVAL_MS);
	const master = up[0]!;
	lines.push(`master ${master.name} (active, ${perlTime(tick)})`, 'fencing armed (CRM watchdog active)');
	for (const n of state.nodes) {
		const busy = resources.some((g) => g.node === n.name);
		// A node that went down stopped writing its status when it did: a minute old and counting.
		const lrm = isUp(state, n)
			? `${busy ? 'active' : 'idle'}, watchdog ${busy ? 'active' : 'standby'}, ${perlTime(tick)}`
			: `old timestamp - dead?, watchdog standby, ${perlTime(tick - 60_000)}`;
		lines.push(`lrm ${n.name} (${lrm})`);
	}
	for (const g of resources)
		lines.push(
			`service ${g.type === 'lxc' ? 'ct' : 'vm'}:${g.vmid} (${g.node}, ${g.status === 'running' ? 'started' : 'stopped'})`,
		);
	return `${lines.join('\n')}\n`;
}
