/**
 * The console's frame: quitting and going back, help, redraw and refresh, switching and
 * zooming panes, and the views that open over them (pool detail, the journal) and close again.
 */
import {answerHostKey} from '../host-key-prompt.js';
import type {ActionId} from '../../../keymaps/registry.js';
import {withGuestFilter} from '../guest-rows.js';
import {isActive} from '../jobs.js';
import {listCursor} from '../list-cursor.js';
import {poolOfItem, selectZfsItems} from '../zfs-items.js';
import {PANES, type PaneId} from '../types.js';
import {popModal, pushModal, type ActionContext, type Handler} from './context.js';

export function focusPane(ctx: ActionContext, pane: PaneId): void {
	const state = ctx.get();
	ctx.set({focus: pane, modals: [], sidePane: pane === 'guests' ? state.sidePane : pane});
}

/** Esc: close the top view, else undo the last thing that narrows the view, most specific first. */
function back(ctx: ActionContext): void {
	const state = ctx.get();
	const {guests, logs} = state;
	const onGuests = state.focus === 'guests';
	if (state.modals.length > 0) popModal(ctx);
	else if (onGuests && guests.rangeAnchor !== null) ctx.set({guests: {...guests, rangeAnchor: null}});
	else if (onGuests && guests.marks.length > 0) ctx.set({guests: {...guests, marks: []}});
	else if (onGuests && guests.filter !== '') ctx.set({guests: withGuestFilter(state, '')});
	else if (state.focus === 'logs' && logs.filter !== '') ctx.set({logs: {...logs, filter: ''}});
	else if (state.zoom) ctx.set({zoom: false});
	// Last: put away the job panel once every job has finished (the journal keeps them).
	else if (state.jobs.length > 0 && !state.jobs.some(isActive)) ctx.set({jobs: []});
}

/** The journal view, newest first; it reads the file when it opens. */
export function openJournal(ctx: ActionContext): void {
	pushModal(ctx, {kind: 'journal'}, 'journal');
	loadJournal(ctx);
}

/** The templates view: its ages come from the journal, read as it opens. */
export function openTemplates(ctx: ActionContext): void {
	pushModal(ctx, {kind: 'templates'}, 'templates');
	loadJournal(ctx);
}

function loadJournal(ctx: ActionContext): void {
	const {journal} = ctx.runtime;
	if (!journal) return ctx.set({journal: {status: 'error', entries: [], error: 'no journal in this session'}});
	ctx.set({journal: {status: 'loading', entries: [], error: null}});
	journal.read(500).then(
		(entries) => ctx.set({journal: {status: 'ok', entries: entries.reverse(), error: null}}),
		(error: unknown) =>
			ctx.set({
				journal: {
					status: 'error',
					entries: [],
					error: `could not read ${journal.path}: ${error instanceof Error ? error.message : String(error)}`,
				},
			}),
	);
}

function cyclePane(ctx: ActionContext, step: 1 | -1): void {
	const at = PANES.indexOf(ctx.get().focus);
	focusPane(ctx, PANES[(at + step + PANES.length) % PANES.length]!);
}

/** Answer the host key question on top (host-key-prompt.ts waits for it). */
function answerTop(yes: boolean): Handler {
	return {
		run: (ctx) => {
			const top = ctx.get().modals.at(-1);
			if (top?.kind === 'hostkey') answerHostKey(ctx.store, top.id, yes);
		},
	};
}

const close: Handler = {run: popModal};
const goTo = (pane: PaneId): Handler => ({run: (ctx) => focusPane(ctx, pane)});

export const PANE_HANDLERS = {
	'app.quit': {run: (ctx) => ctx.set({quit: true})},
	'app.backOrQuit': {run: (ctx) => (ctx.get().modals.length > 0 ? popModal(ctx) : ctx.set({quit: true}))},
	'app.back': {run: back},
	'app.help': {run: (ctx) => pushModal(ctx, {kind: 'help'}, 'help')},
	'app.redraw': {run: (ctx) => ctx.runtime.redrawHook?.()},
	'app.refresh': {run: (ctx) => ctx.runtime.connection.poller.refreshNow()},
	'app.journal': {run: openJournal},
	'pane.next': {run: (ctx) => cyclePane(ctx, 1)},
	'pane.prev': {run: (ctx) => cyclePane(ctx, -1)},
	'pane.guests': goTo('guests'),
	'pane.zfs': goTo('zfs'),
	'pane.network': goTo('network'),
	'pane.logs': goTo('logs'),
	'pane.zoomIn': {run: (ctx) => ctx.set({zoom: true})},
	'pane.zoomOut': {run: (ctx) => ctx.set({zoom: false})},
	'help.close': close,
	'detail.close': close,
	'pool.close': close,
	'journal.close': close,
	'hostkey.accept': answerTop(true),
	'hostkey.refuse': answerTop(false),
	'zfs.detail': {
		run: (ctx) => {
			const state = ctx.get();
			const pool = poolOfItem(
				selectZfsItems(state.snapshot, state.nodeFilter)[listCursor(state, 'zfs')],
				state.snapshot?.pools ?? [],
			);
			if (pool)
				pushModal(
					ctx,
					{
						kind: 'pool',
						name: pool.name,
						node: pool.node,
						...(pool.context === undefined ? {} : {context: pool.context}),
					},
					'pool',
				);
		},
	},
} satisfies Partial<Record<ActionId, Handler>>;
