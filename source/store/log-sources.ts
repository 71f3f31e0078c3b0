/**
 * What the logs pane can show: the host journal (in a cluster, each node's), each running
 * container guest's journal, and each Docker container's logs, each streamed from the node it
 * lives on. Also maps the guests-pane selection to a source.
 */
import type {Guest, Snapshot} from '../model/snapshot.js';
import type {GuestRow} from './guest-rows.js';
import type {LogSource} from './log-session.js';

/** Every source, or (node filter) the sources of one node: its journal, its guests' and their containers'. */
export function logSourceChoices(snapshot: Snapshot | null, nodeFilter: string | null = null): LogSource[] {
	const nodes = (snapshot?.nodes ?? []).filter((n) => nodeFilter === null || n.name === nodeFilter);
	const choices: LogSource[] =
		(snapshot?.nodes.length ?? 0) > 1 ? nodes.map((n) => ({kind: 'host', node: n.name})) : [{kind: 'host'}];
	for (const guest of snapshot?.guests ?? []) {
		if (
			guest.template ||
			guest.type !== 'lxc' ||
			guest.status !== 'running' ||
			(nodeFilter !== null && guest.node !== nodeFilter)
		)
			continue;
		choices.push(sourceOfGuest(guest));
		for (const stack of guest.stacks ?? []) choices.push(sourceOfStack(guest, stack.name));
		for (const container of guest.containers ?? []) choices.push(sourceOfContainer(guest, container.name));
	}
	return choices;
}

let memo: {snapshot: Snapshot | null; nodeFilter: string | null; choices: LogSource[]} | null = null;

export function selectLogSourceChoices(snapshot: Snapshot | null, nodeFilter: string | null = null): LogSource[] {
	if (memo?.snapshot !== snapshot || memo.nodeFilter !== nodeFilter)
		memo = {snapshot, nodeFilter, choices: logSourceChoices(snapshot, nodeFilter)};
	return memo.choices;
}

export function sourceForRow(row: GuestRow | undefined): LogSource | null {
	if (!row || row.kind === 'group') return null;
	if (row.kind === 'container') return sourceOfContainer(row.guest, row.container.name);
	// A stack row: its containers' logs merged (the loose containers have no stack to merge).
	if (row.kind === 'stack') return row.stack.project ? sourceOfStack(row.guest, row.stack.project) : null;
	return sourceOfGuest(row.guest);
}

/** A guest's journal as a log source, on its node (in a fleet, on the guest's own context). */
export function sourceOfGuest(guest: Guest): LogSource {
	const source: LogSource = {kind: 'guest', vmid: guest.vmid, name: guest.name, node: guest.node};
	return guest.context === undefined ? source : {...source, context: guest.context};
}

function sourceOfContainer(guest: Guest, container: string): LogSource {
	const source: LogSource = {kind: 'container', vmid: guest.vmid, container, node: guest.node};
	return guest.context === undefined ? source : {...source, context: guest.context};
}

/** A compose stack's merged logs as a log source, on its Docker host's node. */
export function sourceOfStack(guest: Guest, stack: string): LogSource {
	const source: LogSource = {kind: 'stack', vmid: guest.vmid, stack, node: guest.node};
	return guest.context === undefined ? source : {...source, context: guest.context};
}

export function sameSource(a: LogSource, b: LogSource): boolean {
	if (a.kind !== b.kind || a.context !== b.context) return false;
	if (a.kind === 'host' && b.kind === 'host') return a.node === b.node;
	if (a.kind === 'guest' && b.kind === 'guest') return a.vmid === b.vmid;
	if (a.kind === 'container' && b.kind === 'container') return a.vmid === b.vmid && a.container === b.container;
	if (a.kind === 'stack' && b.kind === 'stack') return a.vmid === b.vmid && a.stack === b.stack;
	return false;
}
