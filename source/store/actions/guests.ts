/**
 * The guests table's own keys: the detail view, the filter prompt, marks and ranges, a Docker
 * host's containers folded in or out, its logs, and sorting.
 */
import type {ActionId} from '../../../keymaps/registry.js';
import {keyOf, selectGuestRows, selectedIndex} from '../guest-rows.js';
import {sourceForRow} from '../log-sources.js';
import type {AppState, SortKey} from '../types.js';
import {detailOf, pushModal, selectedRow, type ActionContext, type Handler} from './context.js';
import {setLogSource} from './logs.js';
import {moveGuests} from './nav.js';
import {focusPane} from './panes.js';

const DESCENDING_FIRST: ReadonlySet<SortKey> = new Set(['cpu', 'mem', 'disk', 'uptime']);

/** Sort by a column; the same key again reverses it (load columns start with the largest). */
const sortBy = (key: SortKey): Handler => ({
	run: (ctx) => {
		const {guests} = ctx.get();
		const desc = guests.sort.key === key ? !guests.sort.desc : DESCENDING_FIRST.has(key);
		ctx.set({guests: {...guests, sort: {key, desc}}});
	},
});

function setExpanded(ctx: ActionContext, mode: 'toggle' | 'open' | 'close'): void {
	const state = ctx.get();
	const row = selectedRow(state);
	if (!row || row.kind === 'group' || (row.kind === 'guest' && !row.hasContainers)) return;
	const host = keyOf(row.guest);
	const open = mode === 'toggle' ? !state.guests.expanded[host] : mode === 'open';
	const expanded = {...state.guests.expanded};
	if (open) expanded[host] = true;
	else delete expanded[host];
	// Collapsing from a stack or container row moves the selection to its host, which stays visible.
	const selected = row.kind !== 'guest' && !open ? host : (state.guests.selected ?? row.key);
	ctx.set({guests: {...state.guests, expanded, selected}});
}

/** The marks with the pending `v` range added. */
function commitRange(state: AppState): string[] {
	const {rangeAnchor} = state.guests;
	const marks = new Set(state.guests.marks);
	if (rangeAnchor === null) return [...marks];
	const rows = selectGuestRows(state);
	const current = selectedIndex(rows, state.guests);
	const [from, to] = rangeAnchor <= current ? [rangeAnchor, current] : [current, rangeAnchor];
	for (let i = from; i <= to; i++) {
		const row = rows.rows[i];
		if (row?.kind === 'guest') marks.add(row.key);
	}
	return [...marks];
}

function mark(ctx: ActionContext): void {
	const state = ctx.get();
	if (state.guests.rangeAnchor !== null)
		return ctx.set({guests: {...state.guests, marks: commitRange(state), rangeAnchor: null}});
	const row = selectedRow(state);
	if (row?.kind !== 'guest') return;
	const marks = state.guests.marks.includes(row.key)
		? state.guests.marks.filter((m) => m !== row.key)
		: [...state.guests.marks, row.key];
	ctx.set({guests: {...state.guests, marks}});
	moveGuests(ctx, {delta: 1});
}

function range(ctx: ActionContext): void {
	const state = ctx.get();
	const {guests} = state;
	if (guests.rangeAnchor === null)
		ctx.set({guests: {...guests, rangeAnchor: selectedIndex(selectGuestRows(state), guests)}});
	else ctx.set({guests: {...guests, marks: commitRange(state), rangeAnchor: null}});
}

/** `V`: every visible guest, templates left out (a template is cloned, not started or stopped). */
function markVisible(ctx: ActionContext): void {
	const state = ctx.get();
	const visible = selectGuestRows(state).rows.flatMap((row) =>
		row.kind === 'guest' && !row.guest.template ? [row.key] : [],
	);
	const all = visible.length > 0 && visible.every((key) => state.guests.marks.includes(key));
	ctx.set({guests: {...state.guests, marks: all ? [] : visible}});
}

export const GUEST_HANDLERS = {
	'guests.detail': {
		run: (ctx) => {
			const row = selectedRow(ctx.get());
			if (!row || row.kind === 'group') return;
			pushModal(ctx, detailOf(row.guest), 'detail');
			// The detail shows the snapshot tree: one read when it opens.
			ctx.runtime.connection.safety.loadSnapshots(row.guest);
		},
	},
	'guests.filter': {
		run: (ctx) => pushModal(ctx, {kind: 'filter', target: 'guests', previous: ctx.get().guests.filter}),
	},
	'guests.mark': {run: mark},
	'guests.range': {run: range},
	'guests.markVisible': {run: markVisible},
	'guests.toggleExpand': {run: (ctx) => setExpanded(ctx, 'toggle')},
	'guests.expand': {run: (ctx) => setExpanded(ctx, 'open')},
	'guests.collapse': {run: (ctx) => setExpanded(ctx, 'close')},
	'guests.logs': {
		run: (ctx) => {
			const source = sourceForRow(selectedRow(ctx.get()));
			if (!source) return;
			setLogSource(ctx.store, source);
			focusPane(ctx, 'logs');
		},
	},
	'guests.sortVmid': sortBy('vmid'),
	'guests.sortName': sortBy('name'),
	'guests.sortType': sortBy('type'),
	'guests.sortNode': sortBy('node'),
	'guests.sortStatus': sortBy('status'),
	'guests.sortCpu': sortBy('cpu'),
	'guests.sortMem': sortBy('mem'),
	'guests.sortDisk': sortBy('disk'),
	'guests.sortUptime': sortBy('uptime'),
} satisfies Partial<Record<ActionId, Handler>>;
