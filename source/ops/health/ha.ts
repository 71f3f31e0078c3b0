/**
 * Health from Proxmox HA (`ha-manager status` in the snapshot): a cluster without quorum
 * fails (HA stops recovering and every node's watchdog may fence it), a node whose local
 * resource manager stopped reporting is a warning (its guests will not be recovered or moved
 * the way HA promises), and an HA resource in `error` or `fence` fails on its guest.
 * Nothing at all when HA was not read: unknown is not healthy, and not a fault either.
 */
import type {HaService, HealthResult, Snapshot} from '../../model/snapshot.js';
import {shellJoin} from '../../host/quote.js';

function serviceResult(s: HaService, name: string | undefined): HealthResult {
	const target = `guest:${s.vmid}`;
	const who = name ? `${name} (${s.sid})` : s.sid;
	if (s.state === 'error')
		return {
			target,
			check: 'ha',
			state: 'fail',
			detail: `${who} is in HA state error on ${s.node}`,
			hint: `find the cause in the pve-ha-lrm journal on ${s.node}, then ${shellJoin(['ha-manager', 'set', s.sid, '--state', 'disabled'])} and ${shellJoin(['ha-manager', 'set', s.sid, '--state', 'started'])}`,
		};
	if (s.state === 'fence')
		return {
			target,
			check: 'ha',
			state: 'fail',
			detail: `${who} waits for ${s.node} to be fenced`,
			hint: `HA recovers it on another node once ${s.node} is fenced; check the node and the cluster: pvecm status`,
		};
	return {target, check: 'ha', state: 'pass', detail: `${who}: HA ${s.state} on ${s.node}`};
}

export function haResults(snapshot: Snapshot): HealthResult[] {
	const ha = snapshot.ha;
	if (!ha) return [];
	const out: HealthResult[] = [];
	const inUse = ha.master !== undefined || ha.lrms.length > 0 || ha.services.length > 0;
	if (ha.quorum !== 'OK')
		out.push({
			target: 'ha',
			check: 'quorum',
			state: 'fail',
			detail: `ha-manager: ${ha.quorum}`,
			hint: 'the cluster has lost quorum: bring the missing nodes back or check corosync (pvecm status)',
		});
	else if (inUse) out.push({target: 'ha', check: 'quorum', state: 'pass', detail: 'quorum OK'});
	for (const lrm of ha.lrms) {
		const check = 'lrm';
		const node = {node: lrm.node};
		if (lrm.state === 'old timestamp - dead?')
			out.push({
				target: 'ha',
				...node,
				check,
				state: 'warn',
				detail: `HA on ${lrm.node} stopped reporting (${lrm.state}${lrm.time ? `, last ${lrm.time}` : ''})`,
				hint: `on ${lrm.node}: ${shellJoin(['systemctl', 'status', 'pve-ha-lrm'])}; restart it with ${shellJoin(['systemctl', 'restart', 'pve-ha-lrm'])}`,
			});
		else out.push({target: 'ha', ...node, check, state: 'pass', detail: `HA on ${lrm.node}: ${lrm.state}`});
	}
	if (ha.services.length === 0) return out;
	// Names of the HA resources' guests only (a few), not an index of every guest each refresh.
	const wanted = new Set(ha.services.map((s) => s.vmid));
	const names = new Map<number, string>();
	for (const g of snapshot.guests) if (wanted.has(g.vmid)) names.set(g.vmid, g.name);
	for (const s of ha.services) out.push(serviceResult(s, names.get(s.vmid)));
	return out;
}
