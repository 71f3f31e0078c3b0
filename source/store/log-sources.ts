/**
 * What the logs pane can show: the host journal, each running container guest's journal,
 * and each Docker container's logs. Also maps the guests-pane selection to a source.
 */
import type {Snapshot} from '../model/snapshot.js';
import type {GuestRow} from './guest-rows.js';
import type {LogSource} from './log-session.js';

export function logSourceChoices(snapshot: Snapshot | null): LogSource[] {
	const choices: LogSource[] = [{kind: 'host'}];
	for (const guest of snapshot?.guests ?? []) {
		if (guest.template || guest.type !== 'lxc' || guest.status !== 'running') continue;
		choices.push({kind: 'guest', vmid: guest.vmid, name: guest.name});
		for (const container of guest.containers ?? []) {
			choices.push({kind: 'container', vmid: guest.vmid, container: container.name});
		}
	}
	return choices;
}

let memo: {snapshot: Snapshot | null; choices: LogSource[]} | null = null;

export function selectLogSourceChoices(snapshot: Snapshot | null): LogSource[] {
	if (memo?.snapshot !== snapshot) memo = {snapshot, choices: logSourceChoices(snapshot)};
	return memo.choices;
}

export function sourceForRow(row: GuestRow | undefined): LogSource | null {
	if (!row || row.kind === 'group') return null;
	if (row.kind === 'container') return {kind: 'container', vmid: row.guest.vmid, container: row.container.name};
	return {kind: 'guest', vmid: row.guest.vmid, name: row.guest.name};
}

export function sameSource(a: LogSource, b: LogSource): boolean {
	if (a.kind !== b.kind) return false;
	if (a.kind === 'host') return true;
	if (a.kind === 'guest' && b.kind === 'guest') return a.vmid === b.vmid;
	if (a.kind === 'container' && b.kind === 'container') return a.vmid === b.vmid && a.container === b.container;
	return false;
}
