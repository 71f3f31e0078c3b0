/**
 * The motion keys, in every list and view: they move the cursor of the open view's list, else
 * the focused pane's (the guests table skips its group headings; the logs pane scrolls, and
 * reaching the end follows new lines again).
 */
import type {ActionId} from '../../../keymaps/registry.js';
import {selectGuestRows, selectedIndex} from '../guest-rows.js';
import {reserveFor} from '../jobs.js';
import {computeLayout, paneBodyRows} from '../layout.js';
import {landOn, listCursor, selectableRows} from '../list-cursor.js';
import type {AppState, ListId, Modal} from '../types.js';
import type {ActionContext, Handler} from './context.js';

type Motion = {delta: number} | {to: 'top' | 'bottom'};

/** Modals whose list the motion keys move. */
const LIST_MODALS: ReadonlySet<Modal['kind']> = new Set([
	'detail',
	'pool',
	'help',
	'picker',
	'nodes',
	'confirm',
	'catalog',
	'journal',
	'jobOutput',
	'actions',
	'snapshots',
	'backups',
	'tasks',
	'templates',
	'tasklog',
]);

const clamp = (value: number, low: number, high: number): number => Math.max(low, Math.min(high, value));

function guestsPage(state: AppState): number {
	const layout = computeLayout(state.term, state.focus, state.zoom, state.sidePane, reserveFor(state.jobs, state.term));
	const rect = layout.panes.find((pane) => pane.id === 'guests');
	return rect ? Math.max(1, paneBodyRows(rect) - 1) : 10;
}

/** Rows visible at once in the list the motion keys move now. */
function pageOf(state: AppState): number {
	const modal = state.modals.at(-1);
	if (modal) return state.extents[modal.kind as ListId]?.page ?? 10;
	if (state.focus === 'guests') return guestsPage(state);
	return state.extents[state.focus]?.page ?? 10;
}

export function moveGuests(ctx: ActionContext, motion: Motion): void {
	const state = ctx.get();
	const rows = selectGuestRows(state);
	if (rows.rows.length === 0) return;
	const current = selectedIndex(rows, state.guests);
	const last = rows.rows.length - 1;
	let next = 'to' in motion ? (motion.to === 'top' ? 0 : last) : clamp(current + motion.delta, 0, last);
	// Group headings are not selectable: step past them in the direction of travel.
	const step = 'to' in motion ? (motion.to === 'top' ? 1 : -1) : motion.delta > 0 ? 1 : -1;
	while (rows.rows[next]?.kind === 'group') {
		const candidate = next + step;
		if (candidate < 0 || candidate > last) {
			next = current;
			break;
		}
		next = candidate;
	}
	const row = rows.rows[next];
	if (row) ctx.set({guests: {...state.guests, selected: row.key, index: next}});
}

function moveList(ctx: ActionContext, list: ListId, motion: Motion): void {
	const state = ctx.get();
	const extent = state.extents[list] ?? {count: 0, page: 10};
	const max = Math.max(0, extent.count - 1);
	const current = listCursor(state, list);
	let next = 'to' in motion ? (motion.to === 'top' ? 0 : max) : clamp(current + motion.delta, 0, max);
	// Headings are not selectable: step past them in the direction of travel.
	const rows = selectableRows(state, list);
	if (rows) {
		const step = 'to' in motion ? (motion.to === 'top' ? 1 : -1) : motion.delta >= 0 ? 1 : -1;
		next = landOn(rows.count, next, rows.selectable, step);
	}
	ctx.set({cursors: {...state.cursors, [list]: next}});
}

/** The first line the logs pane shows whole while it follows (what it reported), else the last page. */
export function followTop(state: AppState): number {
	const extent = state.extents.logs ?? {count: 0, page: 10};
	return extent.top ?? Math.max(0, extent.count - extent.page);
}

/** Logs scroll: the cursor is the top line; reaching the end turns follow back on. */
function moveLogs(ctx: ActionContext, motion: Motion): void {
	const state = ctx.get();
	const extent = state.extents.logs ?? {count: 0, page: 10};
	const lastTop = Math.max(0, extent.count - extent.page);
	if ('to' in motion) {
		ctx.set({
			cursors: {...state.cursors, logs: motion.to === 'top' ? 0 : lastTop},
			logs: {...state.logs, follow: motion.to === 'bottom'},
		});
		return;
	}
	const base = state.logs.follow ? followTop(state) : Math.min(state.cursors.logs, lastTop);
	// A paused view can start past the last page (wrapped lines): moving never jumps back to it.
	const next = clamp(base + motion.delta, 0, Math.max(lastTop, base));
	ctx.set({
		cursors: {...state.cursors, logs: next},
		logs: {...state.logs, follow: motion.delta > 0 && next >= lastTop},
	});
}

function move(ctx: ActionContext, motion: (page: number) => Motion): void {
	const state = ctx.get();
	const modal = state.modals.at(-1);
	const m = motion(pageOf(state));
	if (modal && LIST_MODALS.has(modal.kind)) moveList(ctx, modal.kind as ListId, m);
	else if (state.focus === 'guests') moveGuests(ctx, m);
	else if (state.focus === 'logs') moveLogs(ctx, m);
	else moveList(ctx, state.focus, m);
}

const motion = (of: (page: number) => Motion): Handler => ({run: (ctx) => move(ctx, of)});
const half = (page: number): number => Math.max(1, Math.floor(page / 2));
const full = (page: number): number => Math.max(1, page - 1);

export const NAV_HANDLERS = {
	'nav.down': motion(() => ({delta: 1})),
	'nav.up': motion(() => ({delta: -1})),
	'nav.top': motion(() => ({to: 'top'})),
	'nav.bottom': motion(() => ({to: 'bottom'})),
	'nav.halfDown': motion((page) => ({delta: half(page)})),
	'nav.halfUp': motion((page) => ({delta: -half(page)})),
	'nav.pageDown': motion((page) => ({delta: full(page)})),
	'nav.pageUp': motion((page) => ({delta: -full(page)})),
} satisfies Partial<Record<ActionId, Handler>>;
