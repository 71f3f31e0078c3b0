/**
 * The console's store: createAppStore() wires the snapshot, the poller, the log session and
 * the UI state into one zustand vanilla store; startPoller()/stopPoller() run the refresh
 * loop and the log stream. Engine side only: no React, no Ink.
 */
import {createStore} from 'zustand/vanilla';
import type {Collector} from '../host/collector-types.js';
import type {Snapshot} from '../model/snapshot.js';
import type {Transport} from '../transport/types.js';
import {createDispatch} from './actions.js';
import {selectGuestRows, selectedIndex} from './guest-rows.js';
import {createLogSession, type LogSession} from './log-session.js';
import {sameSource, selectLogSourceChoices, sourceForRow} from './log-sources.js';
import type {RenderedLogLine} from './log-lines.js';
import {createPoller, type Poller} from './poller.js';
import {LogRing} from './ring.js';
import {appendSample} from './trends.js';
import type {AppState, AppStore, LogSource} from './types.js';

export interface AppStoreOptions {
	collector: Collector;
	transport: Transport;
	context: string;
	host: string;
	readOnly: boolean;
	intervalMs?: number;
	thresholds?: {warn: number; crit: number};
	logBufferLines?: number;
	/** Terminal size until the screen reports the real one. */
	term?: {rows: number; cols: number};
	display?: {color: boolean; ascii: boolean};
}

interface Runtime {
	poller: Poller;
	logs: LogSession;
	transport: Transport;
	unsubscribers: (() => void)[];
	redrawHook: (() => void) | null;
}

const runtimes = new WeakMap<AppStore, Runtime>();

/** How long the selection must rest before a log stream follows it (j held down = no churn). */
const FOLLOW_SELECTION_DEBOUNCE_MS = 300;

function withTrends(trends: AppState['trends'], snapshot: Snapshot): AppState['trends'] {
	const t = Date.parse(snapshot.takenAt) || Date.now();
	const next: Record<string, AppState['trends'][string]> = {};
	for (const pool of snapshot.pools) {
		next[pool.name] = appendSample(trends[pool.name], {t, alloc: pool.alloc, size: pool.size, capacity: pool.capacity});
	}
	return next;
}

export function createAppStore(options: AppStoreOptions): AppStore {
	const intervalMs = options.intervalMs ?? 2000;
	const ring = new LogRing<RenderedLogLine>(options.logBufferLines ?? 5000);
	let runtime: Runtime;

	const store = createStore<AppState>()((set, get) => {
		const dispatch = createDispatch(get, set, {
			refreshNow: () => runtime.poller.refreshNow(),
			redraw: () => get().requestRedraw(),
			clearLogs: () => runtime.logs.clear(),
		});
		return {
			context: options.context,
			host: options.host,
			readOnly: options.readOnly,
			thresholds: options.thresholds ?? {warn: 80, crit: 90},
			snapshot: null,
			refresh: {running: false, inFlight: false, intervalMs, lastOkAt: null, lastAttemptAt: null, lastDurationMs: null, failures: 0, nextAt: null, error: null},
			connection: options.transport.state(),
			trends: {},
			term: options.term ?? {rows: 24, cols: 80},
			display: options.display ?? {color: true, ascii: false},
			focus: 'guests',
			sidePane: 'zfs',
			zoom: false,
			modals: [],
			cursors: {zfs: 0, network: 0, logs: 0, detail: 0, pool: 0, help: 0, picker: 0},
			extents: {},
			guests: {selected: null, index: 0, sort: {key: 'vmid', desc: false}, filter: '', marks: [], rangeAnchor: null, expanded: {}},
			logs: {source: {kind: 'host'}, followSelection: false, follow: true, wrap: false, timestamps: true, filter: '', revision: 0, dropped: 0, received: 0, status: 'idle'},
			networkWarningsOnly: false,
			redrawTick: 0,
			notice: null,
			quit: false,
			logRing: ring,

			dispatch,
			typeFilter(text) {
				const modal = get().modals.at(-1);
				if (modal?.kind !== 'filter') return;
				if (modal.target === 'guests') set({guests: {...get().guests, filter: text}});
				else set({logs: {...get().logs, filter: text}, cursors: {...get().cursors, logs: 0}});
			},
			setTerm(rows, cols) {
				const {term} = get();
				if (term.rows !== rows || term.cols !== cols) set({term: {rows, cols}});
			},
			setDisplay(display) {
				set({display: {...get().display, ...display}});
			},
			setExtent(list, extent) {
				const current = get().extents[list];
				if (current?.count === extent.count && current.page === extent.page) return;
				set({extents: {...get().extents, [list]: extent}});
			},
			setSnapshot(snapshot) {
				set({snapshot, trends: withTrends(get().trends, snapshot)});
			},
			setLogSource(source: LogSource) {
				const {snapshot, logs, cursors} = get();
				const guest = source.kind === 'host' ? undefined : snapshot?.guests.find((g) => g.vmid === source.vmid);
				set({logs: {...logs, source, follow: true}, cursors: {...cursors, logs: 0}});
				if (runtime.poller.running) runtime.logs.start(source, guest?.type);
			},
			pickLogSource(index) {
				const source = selectLogSourceChoices(get().snapshot)[index];
				if (!source) return;
				set({logs: {...get().logs, followSelection: false}});
				get().setLogSource(source);
			},
			refreshNow() {
				runtime.poller.refreshNow();
			},
			requestRedraw() {
				runtime.redrawHook?.();
				set({redrawTick: get().redrawTick + 1});
			},
		};
	});

	const patchRefresh = (patch: Partial<AppState['refresh']>): void => {
		store.setState({refresh: {...store.getState().refresh, ...patch}});
	};
	const poller = createPoller(
		{
			collect: (signal) => options.collector.collect(signal),
			onStart: (at) => patchRefresh({inFlight: true, lastAttemptAt: at}),
			onSuccess: (snapshot, at, durationMs, nextAt) => {
				const state = store.getState();
				store.setState({
					snapshot,
					trends: withTrends(state.trends, snapshot),
					refresh: {...state.refresh, inFlight: false, lastOkAt: at, lastDurationMs: durationMs, failures: 0, nextAt, error: null},
				});
			},
			onFailure: (error, failures, _at, nextAt) => patchRefresh({inFlight: false, failures, nextAt, error: error.message}),
		},
		{intervalMs},
	);
	const logs = createLogSession(options.transport, ring, (flush) => {
		const state = store.getState();
		store.setState({logs: {...state.logs, revision: state.logs.revision + 1, received: flush.received, dropped: flush.dropped, status: flush.status}});
	});
	runtime = {poller, logs, transport: options.transport, unsubscribers: [], redrawHook: null};
	runtimes.set(store, runtime);
	return store;
}

function followSelection(store: AppStore): () => void {
	let timer: ReturnType<typeof setTimeout> | null = null;
	const unsubscribe = store.subscribe((state, previous) => {
		if (!state.logs.followSelection) return;
		if (state.guests.selected === previous.guests.selected && state.logs.followSelection === previous.logs.followSelection) return;
		if (timer) clearTimeout(timer);
		timer = setTimeout(() => {
			timer = null;
			const now = store.getState();
			const rows = selectGuestRows(now);
			const source = sourceForRow(rows.rows[selectedIndex(rows, now.guests)]);
			if (source && !sameSource(source, now.logs.source)) now.setLogSource(source);
		}, FOLLOW_SELECTION_DEBOUNCE_MS);
	});
	return () => {
		if (timer) clearTimeout(timer);
		unsubscribe();
	};
}

/**
 * Start refreshing, watching the connection, and streaming the current log source. A
 * `--pane` that shows no logs passes `{logs: false}`: no journal stream held open all day.
 */
export function startPoller(store: AppStore, options: {logs?: boolean} = {}): void {
	const runtime = runtimes.get(store);
	if (!runtime || runtime.poller.running) return;
	runtime.unsubscribers.push(
		runtime.transport.onStateChange((connection) => store.setState({connection})),
		followSelection(store),
	);
	store.setState({refresh: {...store.getState().refresh, running: true}, connection: runtime.transport.state()});
	runtime.poller.start();
	if (options.logs === false) return;
	const {logs, snapshot} = store.getState();
	const source = logs.source;
	const guest = source.kind === 'host' ? undefined : snapshot?.guests.find((g) => g.vmid === source.vmid);
	runtime.logs.start(source, guest?.type);
}

export function stopPoller(store: AppStore): void {
	const runtime = runtimes.get(store);
	if (!runtime) return;
	runtime.poller.stop();
	runtime.logs.stop();
	for (const unsubscribe of runtime.unsubscribers.splice(0)) unsubscribe();
	store.setState({refresh: {...store.getState().refresh, running: false, inFlight: false}});
}

/** The screen registers how to wipe the terminal before a forced redraw (Ctrl-L). */
export function setRedrawHook(store: AppStore, hook: (() => void) | null): void {
	const runtime = runtimes.get(store);
	if (runtime) runtime.redrawHook = hook;
}
