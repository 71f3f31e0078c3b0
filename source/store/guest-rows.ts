/**
 * The guests table as rows: filtered, sorted (a service's replicas after its primary, see
 * replica-order.ts), templates grouped after the rest, and each
 * Docker host's containers under it when expanded. Pure and memoised on its inputs, so the
 * screen and the key handlers see the same rows and a tick that changes nothing costs nothing.
 */
import {compareNames} from '../model/compare.js';
import {shareOf} from '../model/usage.js';
import type {Container, Guest, Snapshot} from '../model/snapshot.js';
import {stacksOf, type StackSummary} from '../model/docker.js';
import {compileFilter} from './filter.js';
import {withReplicasAfterPrimary} from './replica-order.js';
import type {GuestsUi, SortKey} from './types.js';

export type GuestRow =
	| {kind: 'guest'; key: string; guest: Guest; hasContainers: boolean; expanded: boolean}
	/** A compose stack of a Docker host (or, without `stack.project`, its containers no stack claims). */
	| {kind: 'stack'; key: string; guest: Guest; stack: StackSummary; last: boolean}
	/** `last`: the last container of its stack; `stackLast`: its stack is the host's last. */
	| {kind: 'container'; key: string; guest: Guest; container: Container; last: boolean; stackLast: boolean}
	| {kind: 'group'; key: string; label: string};

export interface GuestRows {
	rows: GuestRow[];
	indexOf: ReadonlyMap<string, number>;
	/** Guests in the snapshot / guests shown after the filter. */
	total: number;
	shown: number;
}

/** `101`, or in a fleet `lab/101`: a guest's identity on this screen. */
function guestId(vmid: number, context?: string): string {
	return context === undefined ? String(vmid) : `${context}/${vmid}`;
}

/** The row key of a guest (`g:101`; in a fleet, where VMIDs repeat across hosts, `g:lab/101`). */
export function guestKey(vmid: number, context?: string): string {
	return `g:${guestId(vmid, context)}`;
}

export function containerKey(vmid: number, name: string, context?: string): string {
	return `c:${guestId(vmid, context)}:${name}`;
}

/** `s:101:media`; the containers of no stack are `s:101:` (project names are never empty). */
export function stackKey(vmid: number, project: string | undefined, context?: string): string {
	return `s:${guestId(vmid, context)}:${project ?? ''}`;
}

/** The row key of this guest. */
export function keyOf(guest: Pick<Guest, 'vmid' | 'context'>): string {
	return guestKey(guest.vmid, guest.context);
}

/** The guest's first configured address, without the prefix length (`192.168.0.3`, `dhcp`). */
export function primaryIp(guest: Guest): string {
	for (const nic of guest.nics) {
		if (nic.ip) return nic.ip.replace(/\/\d+$/, '');
	}
	return '';
}

const haystacks = new WeakMap<Guest, string>();

function guestHaystack(guest: Guest): string {
	let text = haystacks.get(guest);
	if (text === undefined) {
		const ips = guest.nics.map((nic) => `${nic.ip ?? ''} ${nic.bridge ?? ''}`).join(' ');
		text = `${guest.vmid} ${guest.name} ${guest.type} ${guest.node} ${guest.status} ${ips} ${guest.tags.join(' ')}${guest.template ? ' template' : ''}${guest.context === undefined ? '' : ` ${guest.context}`}`;
		haystacks.set(guest, text);
	}
	return text;
}

function containerHaystack(container: Container): string {
	return `${container.name} ${container.image} ${container.state} ${container.project ?? ''}`;
}

const STATUS_ORDER: Record<string, number> = {running: 0, paused: 1, suspended: 2, stopped: 3, unknown: 4};

function compareBy(key: SortKey): (a: Guest, b: Guest) => number {
	switch (key) {
		case 'vmid':
			return (a, b) => a.vmid - b.vmid;
		case 'name':
			return (a, b) => compareNames(a.name, b.name);
		case 'type':
			return (a, b) => compareNames(a.type, b.type);
		case 'node':
			return (a, b) => compareNames(a.node, b.node);
		case 'context':
			return (a, b) => compareNames(a.context ?? '', b.context ?? '');
		case 'status':
			return (a, b) => (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9);
		case 'cpu':
			return (a, b) => byKnown(a.cpu, b.cpu);
		case 'mem':
			return (a, b) => byKnown(shareOf(a.mem, a.maxmem), shareOf(b.mem, b.maxmem));
		case 'disk':
			return (a, b) => byKnown(shareOf(a.disk, a.maxdisk), shareOf(b.disk, b.maxdisk));
		case 'uptime':
			return (a, b) => byKnown(a.uptime, b.uptime);
	}
}

/** Unknown usage sorts below every known one. */
function byKnown(a: number | null | undefined, b: number | null | undefined): number {
	return (a ?? -1) - (b ?? -1);
}

const CONTAINER_STATE_ORDER: Record<string, number> = {
	running: 0,
	restarting: 1,
	paused: 2,
	created: 3,
	exited: 4,
	dead: 5,
};

function compareContainersBy(key: SortKey): (a: Container, b: Container) => number {
	switch (key) {
		case 'name':
			return (a, b) => compareNames(a.name, b.name);
		case 'status':
			return (a, b) => (CONTAINER_STATE_ORDER[a.state] ?? 9) - (CONTAINER_STATE_ORDER[b.state] ?? 9);
		case 'cpu':
			return (a, b) => byKnown(a.stats?.cpuPercent, b.stats?.cpuPercent);
		case 'mem':
			return (a, b) => byKnown(a.stats?.memUsed, b.stats?.memUsed);
		default:
			return () => 0;
	}
}

function compareStacksBy(key: SortKey): (a: StackSummary, b: StackSummary) => number {
	switch (key) {
		case 'name':
			return (a, b) => compareNames(a.project ?? '', b.project ?? '');
		case 'status':
			return (a, b) => a.running / a.total - b.running / b.total;
		case 'cpu':
			return (a, b) => byKnown(a.cpuPercent, b.cpuPercent);
		case 'mem':
			return (a, b) => byKnown(a.memUsed, b.memUsed);
		default:
			return () => 0;
	}
}

type RowInputs = Pick<GuestsUi, 'sort' | 'filter' | 'expanded'> & {
	/** Only this node's guests (the node picker), or null for every node's. */
	nodeFilter?: string | null;
};

const FIELDS: Record<string, (guest: Guest) => string> = {
	node: (g) => g.node,
	context: (g) => g.context ?? '',
	status: (g) => g.status,
	type: (g) => (g.type === 'qemu' ? 'qemu vm' : 'lxc'),
	tag: (g) => g.tags.join(' '),
};

/** `node:pve2` (or `!node:pve2`, `context:lab`) filters on one column; anything else searches them all. */
function guestMatcher(text: string): {test: (guest: Guest) => boolean; field: boolean} {
	const field = /^(!?)(node|context|status|type|tag):(.*)$/i.exec(text);
	if (!field) {
		const filter = compileFilter(text);
		// No filter: every guest shows, and no search text is built for 1,000 fresh guests per refresh.
		if (!filter.active) return {test: () => true, field: false};
		return {test: (guest) => filter.test(guestHaystack(guest)), field: false};
	}
	const read = FIELDS[field[2]!.toLowerCase()]!;
	const filter = compileFilter(field[3] === '' ? '' : `${field[1]}${field[3]}`);
	return {test: (guest) => filter.test(read(guest)), field: true};
}

export function buildGuestRows(snapshot: Snapshot | null, ui: RowInputs): GuestRows {
	const all = snapshot?.guests ?? [];
	const node = ui.nodeFilter ?? null;
	const guests = node === null ? all : all.filter((guest) => guest.node === node);
	const filter = compileFilter(ui.filter);
	const matcher = guestMatcher(ui.filter);
	const primary = compareBy(ui.sort.key);
	const direction = ui.sort.desc ? -1 : 1;
	const compare = (a: Guest, b: Guest): number =>
		direction * primary(a, b) || a.vmid - b.vmid || compareNames(a.context ?? '', b.context ?? '');

	const shown: {guest: Guest; at: number; containers: Container[]; forcedOpen: boolean}[] = [];
	for (const [at, guest] of all.entries()) {
		if (node !== null && guest.node !== node) continue;
		const containers = guest.containers ?? [];
		if (matcher.test(guest)) {
			shown.push({guest, at, containers, forcedOpen: false});
			continue;
		}
		// A container that matches brings its host along, opened on the matches.
		const matching = filter.active && !matcher.field ? containers.filter((c) => filter.test(containerHaystack(c))) : [];
		if (matching.length > 0 && !filter.inverted) shown.push({guest, at, containers: matching, forcedOpen: true});
	}
	shown.sort((a, b) => compare(a.guest, b.guest));
	const ordered = ui.sort.key === 'vmid' ? withReplicasAfterPrimary(shown, (e) => e.guest) : shown;
	// Stacks and their containers follow the guests' sort where it means something for them.
	const containerOrder = compareContainersBy(ui.sort.key);
	const compareContainers = (a: Container, b: Container): number =>
		direction * containerOrder(a, b) || compareNames(a.name, b.name);
	const stackOrder = compareStacksBy(ui.sort.key);
	const compareStacks = (a: StackSummary, b: StackSummary): number =>
		// The containers of no stack stay last, whatever the order.
		Number(a.project === undefined) - Number(b.project === undefined) ||
		direction * stackOrder(a, b) ||
		compareNames(a.project ?? '', b.project ?? '');

	const rows: GuestRow[] = [];
	// Where each row's guest stands in the snapshot's list (-1 for a heading): the next refresh's rows can be the same order.
	const sources: number[] = [];
	const pushGuest = (entry: (typeof shown)[number]): void => {
		const {guest, at, containers, forcedOpen} = entry;
		const key = keyOf(guest);
		const expanded = forcedOpen || ui.expanded[key] === true;
		rows.push({kind: 'guest', key, guest, hasContainers: containers.length > 0, expanded});
		sources.push(at);
		if (!expanded) return;
		const stacks = stacksOf(containers).sort(compareStacks);
		stacks.forEach((stack, s) => {
			rows.push({
				kind: 'stack',
				key: stackKey(guest.vmid, stack.project, guest.context),
				guest,
				stack,
				last: s === stacks.length - 1,
			});
			const members = [...stack.containers].sort(compareContainers);
			members.forEach((container, i) => {
				rows.push({
					kind: 'container',
					key: containerKey(guest.vmid, container.name, guest.context),
					guest,
					container,
					last: i === members.length - 1,
					stackLast: s === stacks.length - 1,
				});
			});
		});
	};
	const templates = ordered.filter((entry) => entry.guest.template);
	for (const entry of ordered) if (!entry.guest.template) pushGuest(entry);
	if (templates.length > 0) {
		rows.push({kind: 'group', key: 'group:templates', label: `templates (${templates.length})`});
		sources.push(-1);
		for (const entry of templates) pushGuest(entry);
	}
	const indexOf = new Map<string, number>();
	rows.forEach((row, i) => indexOf.set(row.key, i));
	const result = {rows, indexOf, total: guests.length, shown: shown.length};
	// With a stack or container row, the rows are not one per guest: no reuse.
	if (sources.length === rows.length) rowSources.set(result, sources);
	return result;
}

/** For rows built one per guest (and headings): each row's guest's index in the snapshot's list. */
const rowSources = new WeakMap<GuestRows, readonly number[]>();

/**
 * The rows of `before` (built from `was`) for the next refresh's guests, when nothing their
 * order or their showing depends on changed: the same guests at the same places in the list
 * with the same name, node, context, template flag and sort value, no filter text and no
 * Docker host opened on its containers. A refresh of a large cluster mostly changes usage counters, so the list
 * is not filtered, sorted and keyed again for every guest; only the rows are renewed, each
 * holding its guest's new reading. Null when the order may have changed.
 */
export function reorderedLike(
	before: GuestRows,
	was: readonly Guest[],
	guests: readonly Guest[],
	ui: Pick<GuestsUi, 'sort' | 'filter'>,
): GuestRows | null {
	const sources = rowSources.get(before);
	if (!sources || was.length !== guests.length || compileFilter(ui.filter).active) return null;
	const sameSortValue = compareBy(ui.sort.key);
	for (let i = 0; i < guests.length; i++) {
		const a = was[i]!;
		const b = guests[i]!;
		if (
			a.vmid !== b.vmid ||
			a.name !== b.name ||
			a.node !== b.node ||
			a.context !== b.context ||
			a.template !== b.template ||
			sameSortValue(a, b) !== 0
		)
			return null;
	}
	const rows: GuestRow[] = [];
	for (const [i, row] of before.rows.entries()) {
		if (row.kind !== 'guest') {
			rows.push(row);
			continue;
		}
		const guest = guests[sources[i]!]!;
		const hasContainers = (guest.containers?.length ?? 0) > 0;
		// An opened Docker host that now has containers gets rows for them: built anew.
		if (row.expanded && hasContainers) return null;
		rows.push({kind: 'guest', key: row.key, guest, hasContainers, expanded: row.expanded});
	}
	const result = {rows, indexOf: before.indexOf, total: before.total, shown: before.shown};
	rowSources.set(result, sources);
	return result;
}

let memo: {
	snapshot: Snapshot | null;
	sort: GuestsUi['sort'];
	filter: string;
	expanded: GuestsUi['expanded'];
	nodeFilter: string | null;
	result: GuestRows;
} | null = null;

/** buildGuestRows, recomputed only when the snapshot, sort, filter, expansion or node filter changed. */
export function selectGuestRows(state: {
	snapshot: Snapshot | null;
	guests: GuestsUi;
	nodeFilter: string | null;
}): GuestRows {
	const {snapshot, nodeFilter} = state;
	const {sort, filter, expanded} = state.guests;
	if (
		memo &&
		memo.snapshot === snapshot &&
		memo.sort === sort &&
		memo.filter === filter &&
		memo.expanded === expanded &&
		memo.nodeFilter === nodeFilter
	) {
		return memo.result;
	}
	const sameChoices =
		memo !== null &&
		memo.sort === sort &&
		memo.filter === filter &&
		memo.expanded === expanded &&
		memo.nodeFilter === nodeFilter;
	const result =
		(sameChoices && memo!.snapshot && snapshot
			? reorderedLike(memo!.result, memo!.snapshot.guests, snapshot.guests, {sort, filter})
			: null) ?? buildGuestRows(snapshot, {sort, filter, expanded, nodeFilter});
	memo = {snapshot, sort, filter, expanded, nodeFilter, result};
	return result;
}

/** Index of the selected row: the selected key if still shown, else the last index clamped. */
export function selectedIndex(rows: GuestRows, ui: Pick<GuestsUi, 'selected' | 'index'>): number {
	if (rows.rows.length === 0) return -1;
	const at = ui.selected === null ? undefined : rows.indexOf.get(ui.selected);
	return at ?? Math.min(Math.max(ui.index, 0), rows.rows.length - 1);
}

/**
 * The guests UI with a new filter, the cursor kept on the guest it shows now: the row on
 * screen becomes the selection, so clearing a filter never sends the cursor back to a row
 * seen before filtering (where `X` would then destroy a guest nobody was looking at). When
 * the filter hides that row, the cursor stays at its index, on the nearest guest row.
 */
export function withGuestFilter(
	state: {snapshot: Snapshot | null; guests: GuestsUi; nodeFilter: string | null},
	filter: string,
): GuestsUi {
	const before = selectGuestRows(state);
	const shown = before.rows[selectedIndex(before, state.guests)];
	const guests = {...state.guests, filter};
	const after = selectGuestRows({...state, guests});
	const kept = shown ? after.indexOf.get(shown.key) : undefined;
	if (kept !== undefined) return {...guests, selected: shown!.key, index: kept};
	if (after.rows.length === 0) return guests;
	const from = Math.min(Math.max(state.guests.index, 0), after.rows.length - 1);
	const order = [...after.rows.keys()].sort((a, b) => Math.abs(a - from) - Math.abs(b - from) || a - b);
	const landing = order.find((i) => after.rows[i]!.kind !== 'group');
	return landing === undefined ? guests : {...guests, selected: after.rows[landing]!.key, index: landing};
}
