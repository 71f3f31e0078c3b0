/**
 * The console's store: createAppStore() wires the snapshot, the poller, the log session and
 * the UI state into one zustand vanilla store; startPoller()/stopPoller() run the refresh
 * loop and the log stream. Engine side only: no React, no Ink.
 */
import {createStore} from 'zustand/vanilla';
import {KEY_ACTIONS, type KeyAction} from '../../keymaps/registry.js';
import {defaultCatalog} from '../catalog/defaults.js';
import type {Catalog} from '../catalog/types.js';
import type {Collector} from '../host/collector-types.js';
import type {Journal} from '../journal/journal.js';
import type {Snapshot} from '../model/snapshot.js';
import type {Transport} from '../transport/types.js';
import {createDispatch} from './actions.js';
import {currentText, dispatchCommand, runPaletteLine, typeInto, type CommandDeps} from './commands.js';
import {isActive} from './jobs.js';
import {createOpsRunner, type OpsRunner} from './ops-runner.js';
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
	/** Why read-only is on, for the disabled reason (`--readonly`, `context "prod" is read-only`). */
	readOnlyWhy?: string | null;
	colour?: string | null;
	banner?: string | null;
	/** Prefix root commands with `sudo -n` (a non-root login). */
	sudo?: boolean;
	catalog?: Catalog;
	journal?: Journal | null;
	/** The keymap in effect (the registry with the config's remapping), and its problems. */
	keyActions?: readonly KeyAction[];
	keymapProblems?: readonly string[];
	/** Context names from the config, and how to connect one (`:ctx <name>`). */
	contexts?: readonly string[];
	switchContext?: ContextSwitcher;
}

/** What a context switch connects: everything the store needs from the new context. */
export interface OpenedContext {
	collector: Collector;
	transport: Transport;
	context: string;
	readOnly: boolean;
	readOnlyWhy: string | null;
	colour: string | null;
	banner: string | null;
	sudo: boolean;
	intervalMs: number;
	thresholds: {warn: number; crit: number};
}

export type ContextSwitcher = (name: string) => Promise<{ok: true; opened: OpenedContext} | {ok: false; message: string}>;

interface Runtime {
	poller: Poller;
	logs: LogSession;
	transport: Transport;
	collector: Collector;
	sudo: boolean;
	runner: OpsRunner;
	switcher: ContextSwitcher | null;
	/** Whether this process streams logs at all (a --pane that shows none does not). */
	logsWanted: boolean;
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

	const store: AppStore = createStore<AppState>()((set, get) => {
		const commandDeps: CommandDeps = {
			sudo: () => runtime.sudo,
			catalog: () => get().catalog,
			get runner() {
				return runtime.runner;
			},
			canShell: () => typeof runtime.transport.interactive === 'function',
			journal: options.journal ?? null,
			dispatch: (id) => get().dispatch(id),
		};
		const dispatch = createDispatch(get, set, {
			refreshNow: () => runtime.poller.refreshNow(),
			redraw: () => get().requestRedraw(),
			clearLogs: () => runtime.logs.clear(),
			extra: (id) => dispatchCommand(get, set, commandDeps, id),
		});
		return {
			context: options.context,
			host: options.host,
			readOnly: options.readOnly,
			readOnlyWhy: options.readOnlyWhy ?? null,
			colour: options.colour ?? null,
			banner: options.banner ?? null,
			catalog: options.catalog ?? defaultCatalog(),
			contexts: options.contexts ?? [],
			switching: null,
			keyActions: options.keyActions ?? KEY_ACTIONS,
			keymapProblems: options.keymapProblems ?? [],
			jobs: [],
			journal: {status: 'ok', entries: [], error: null},
			paletteHistory: [],
			handoff: null,
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
			cursors: {...NO_CURSORS},
			extents: {},
			guests: {selected: null, index: 0, sort: {key: 'vmid', desc: false}, filter: '', marks: [], rangeAnchor: null, expanded: {}},
			logs: {source: {kind: 'host'}, followSelection: false, follow: true, wrap: false, timestamps: true, filter: '', revision: 0, dropped: 0, received: 0, status: 'idle'},
			networkWarningsOnly: false,
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
			},
			typeText(text) {
				if (currentText(get()) !== null) typeInto(get, set, text);
			},
			runCommand(line) {
				runPaletteLine(get, set, commandDeps, line);
			},
			switchContext: (name): Promise<void> => switchContext(store, name),
		};
	});

	runtime = {
		poller: makePoller(store, () => runtime.collector, intervalMs),
		logs: makeLogSession(store, options.transport, ring),
		transport: options.transport,
		collector: options.collector,
		sudo: options.sudo ?? false,
		runner: createOpsRunner(store, {
			env: () => ({transport: runtime.transport, collector: runtime.collector, context: store.getState().context, sudo: runtime.sudo}),
			journal: options.journal ?? null,
			catalog: () => store.getState().catalog,
			refreshNow: () => runtime.poller.refreshNow(),
		}),
		switcher: options.switchContext ?? null,
		logsWanted: true,
		unsubscribers: [],
		redrawHook: null,
	};
	runtimes.set(store, runtime);
	return store;
}

const NO_CURSORS: AppState['cursors'] = {zfs: 0, network: 0, logs: 0, detail: 0, pool: 0, help: 0, picker: 0, confirm: 0, catalog: 0, journal: 0};

function makePoller(store: AppStore, collector: () => Collector, intervalMs: number): Poller {
	const patchRefresh = (patch: Partial<AppState['refresh']>): void => {
		store.setState({refresh: {...store.getState().refresh, ...patch}});
	};
	return createPoller(
		{
			collect: (signal) => collector().collect(signal),
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
}

function makeLogSession(store: AppStore, transport: Transport, ring: LogRing<RenderedLogLine>): LogSession {
	return createLogSession(transport, ring, (flush) => {
		const state = store.getState();
		store.setState({logs: {...state.logs, revision: state.logs.revision + 1, received: flush.received, dropped: flush.dropped, status: flush.status}});
	});
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
	runtime.logsWanted = options.logs !== false;
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

/** The screen registers how it wipes the terminal and draws the frame again (Ctrl-L). */
export function setRedrawHook(store: AppStore, hook: (() => void) | null): void {
	const runtime = runtimes.get(store);
	if (runtime) runtime.redrawHook = hook;
}

/** The transport of the context in effect (it changes with :ctx): the shell hand-off uses it. */
export function currentTransport(store: AppStore): Transport | null {
	return runtimes.get(store)?.transport ?? null;
}

/** Resolves when every queued job and health run has finished. */
export function jobsIdle(store: AppStore): Promise<void> {
	return runtimes.get(store)?.runner.idle() ?? Promise.resolve();
}

/**
 * `:ctx <name>`: connect the new context first (the old one keeps showing until then), then
 * stop the old poller and log stream, close the old connection, and start over with an empty
 * snapshot so every pane refills from the new host, with its read-only flag and colours.
 */
export async function switchContext(store: AppStore, name: string): Promise<void> {
	const runtime = runtimes.get(store);
	const state = store.getState();
	if (!runtime?.switcher) return void store.setState({notice: ':ctx: this session has no config contexts to switch to'});
	if (name === '') return void store.setState({notice: `:ctx needs a name: ${state.contexts.join(', ')}`});
	if (name === state.context) return void store.setState({notice: `already on context ${name}`});
	if (state.switching) return void store.setState({notice: `already switching to ${state.switching}`});
	if (state.jobs.some(isActive)) return void store.setState({notice: `:ctx: a job is still running on ${state.context}; wait for it to finish`});
	store.setState({switching: name, notice: `connecting to context ${name}…`});
	const result = await runtime.switcher(name).catch((error: unknown) => ({ok: false as const, message: error instanceof Error ? error.message : String(error)}));
	if (!result.ok) return void store.setState({switching: null, notice: `:ctx ${name}: ${result.message} (still on ${store.getState().context})`});
	const {opened} = result;
	const wasRunning = runtime.poller.running;
	stopPoller(store);
	const old = runtime.transport;
	runtime.transport = opened.transport;
	runtime.collector = opened.collector;
	runtime.sudo = opened.sudo;
	runtime.poller = makePoller(store, () => runtime.collector, opened.intervalMs);
	runtime.logs.clear();
	runtime.logs = makeLogSession(store, opened.transport, store.getState().logRing);
	// Closing can wait on a dead link; the new context does not need to.
	void old.close().catch(() => {});
	const now = store.getState();
	store.setState({
		context: opened.context,
		host: opened.transport.label,
		readOnly: opened.readOnly,
		readOnlyWhy: opened.readOnlyWhy,
		colour: opened.colour,
		banner: opened.banner,
		thresholds: opened.thresholds,
		switching: null,
		snapshot: null,
		trends: {},
		jobs: [],
		modals: [],
		handoff: null,
		cursors: {...NO_CURSORS},
		refresh: {running: false, inFlight: false, intervalMs: opened.intervalMs, lastOkAt: null, lastAttemptAt: null, lastDurationMs: null, failures: 0, nextAt: null, error: null},
		connection: opened.transport.state(),
		guests: {...now.guests, selected: null, index: 0, filter: '', marks: [], rangeAnchor: null, expanded: {}},
		logs: {...now.logs, source: {kind: 'host'}, followSelection: false, filter: '', dropped: 0, received: 0, status: 'idle', revision: now.logs.revision + 1},
		notice: `switched to context ${opened.context}${opened.readOnly ? ' [RO]' : ''}`,
	});
	if (wasRunning) startPoller(store, {logs: runtime.logsWanted});
}
