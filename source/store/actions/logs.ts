/**
 * The logs pane's keys and its source: the host journal, a guest's journal or a container's
 * logs, picked from a list or following the guests pane's selection. A new source starts a
 * new stream (the old one stops) when the console is running.
 */
import type {ActionId} from '../../../keymaps/registry.js';
import {selectLogSourceChoices, sourceForRow} from '../log-sources.js';
import type {LogSource} from '../log-session.js';
import type {AppStore} from '../types.js';
import {popModal, pushModal, selectedRow, type Handler} from './context.js';

/** Stream the source's lines into the logs pane (from now on, when the console is running). */
export function setLogSource(store: AppStore, source: LogSource): void {
	const {logs, cursors} = store.getState();
	store.setState({logs: {...logs, source, follow: true}, cursors: {...cursors, logs: 0}});
	const {poller, logs: session} = store.runtime.connection;
	if (poller.running) session.start(source, guestType(store, source));
}

/** A VM has no journal pct can reach: the session says so instead of streaming. */
export function guestType(store: AppStore, source: LogSource): 'lxc' | 'qemu' | undefined {
	return source.kind === 'host'
		? undefined
		: store.getState().snapshot?.guests.find((g) => g.vmid === source.vmid)?.type;
}

const toggle = (key: 'follow' | 'wrap' | 'timestamps'): Handler => ({
	run: (ctx) => {
		const {logs} = ctx.get();
		ctx.set({logs: {...logs, [key]: !logs[key]}});
	},
});

export const LOG_HANDLERS = {
	'logs.source': {
		run: (ctx) => {
			const state = ctx.get();
			const choices = selectLogSourceChoices(state.snapshot, state.nodeFilter);
			ctx.set({extents: {...state.extents, picker: {count: choices.length, page: state.extents.picker?.page ?? 10}}});
			pushModal(ctx, {kind: 'picker'}, 'picker');
		},
	},
	'picker.choose': {
		run: (ctx) => {
			const state = ctx.get();
			popModal(ctx);
			const source = selectLogSourceChoices(state.snapshot, state.nodeFilter)[state.cursors.picker];
			if (!source) return;
			ctx.set({logs: {...ctx.get().logs, followSelection: false}});
			setLogSource(ctx.store, source);
		},
	},
	'logs.followSelected': {
		run: (ctx) => {
			const state = ctx.get();
			const on = !state.logs.followSelection;
			ctx.set({logs: {...state.logs, followSelection: on}});
			const source = on ? sourceForRow(selectedRow(state)) : null;
			if (source) setLogSource(ctx.store, source);
		},
	},
	'logs.follow': toggle('follow'),
	'logs.wrap': toggle('wrap'),
	'logs.timestamps': toggle('timestamps'),
	'logs.filter': {run: (ctx) => pushModal(ctx, {kind: 'filter', target: 'logs', previous: ctx.get().logs.filter})},
	'logs.clear': {run: (ctx) => ctx.runtime.connection.logs.clear()},
} satisfies Partial<Record<ActionId, Handler>>;
