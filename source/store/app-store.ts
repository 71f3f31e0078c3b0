/**
 * The console's store: createAppStore() builds the state (snapshot, UI, log counters), then
 * the runtime it runs on (store/runtime.ts), and hands both out as one AppStore. startPoller()
 * and stopPoller() run the refresh loop and the log stream. Engine side only: no React, no Ink.
 */
import {createStore, type StoreApi} from 'zustand/vanilla';
import {KEY_ACTIONS, type KeyAction} from '../../keymaps/registry.js';
import {defaultCatalog} from '../catalog/defaults.js';
import type {Catalog} from '../catalog/types.js';
import type {Journal} from '../journal/journal.js';
import {DEFAULT_THRESHOLDS} from '../model/thresholds.js';
import type {Transport} from '../transport/types.js';
import {guestType, setLogSource} from './actions/logs.js';
import {selectGuestRows, selectedIndex} from './guest-rows.js';
import {sameSource, sourceForRow} from './log-sources.js';
import type {RenderedLogLine} from './log-lines.js';
import {LOG_TEXT_BUDGET} from './log-session.js';
import {LogRing} from './ring.js';
import {createRuntime, withTrends} from './runtime.js';
import {DEFAULT_SAFETY_SETTINGS, emptySafety, type SafetySettings} from './safety-state.js';
import type {
	AppState,
	AppStore,
	Connection,
	ContextSettings,
	ContextSwitcher,
	Display,
	OpenedContext,
} from './types.js';

/** The context to start with (settings not given take their defaults), and the session's own things. */
export interface AppStoreOptions
	extends
		Partial<Omit<ContextSettings, 'context' | 'readOnly'>>,
		Pick<OpenedContext, 'collector' | 'transport' | 'context' | 'readOnly' | 'poolHistory'> {
	/** How the header names the host; the transport's label when not given. */
	host?: string;
	logBufferLines?: number;
	/** Terminal size until the screen reports the real one. */
	term?: {rows: number; cols: number};
	display?: Display;
	catalog?: Catalog;
	journal?: Journal | null;
	/** The keymap in effect (the registry with the config's remapping), and its problems. */
	keyActions?: readonly KeyAction[];
	keymapProblems?: readonly string[];
	/** The config's `safety` section (snapshot before change, the audit's cadence, skip tags). */
	safety?: SafetySettings;
	/** Context names from the config, and how to connect one (`:ctx <name>`). */
	contexts?: readonly string[];
	switchContext?: ContextSwitcher;
}

/** How long the selection must rest before a log stream follows it (j held down = no churn). */
const FOLLOW_SELECTION_DEBOUNCE_MS = 300;

const NO_CURSORS: AppState['cursors'] = {
	zfs: 0,
	network: 0,
	logs: 0,
	detail: 0,
	pool: 0,
	help: 0,
	picker: 0,
	confirm: 0,
	catalog: 0,
	journal: 0,
	nodes: 0,
	jobs: 0,
	jobOutput: 0,
	actions: 0,
	snapshots: 0,
	backups: 0,
	tasks: 0,
	templates: 0,
	tasklog: 0,
};

/**
 * What the state holds of a context, as it starts out: its settings, and nothing yet from it
 * (no snapshot, jobs or open views). The first context and every `:ctx` start from here.
 */
export function contextState(opened: OpenedContext, host = opened.transport.label) {
	const kept = opened.poolHistory?.load() ?? {trends: {}, note: null};
	return {
		// An unreadable history file is said once, where the notices go.
		notice: kept.note,
		context: opened.context,
		host,
		readOnly: opened.readOnly,
		readOnlyWhy: opened.readOnlyWhy,
		colour: opened.colour,
		banner: opened.banner,
		thresholds: opened.thresholds,
		canShell: typeof opened.transport.interactive === 'function',
		snapshot: null,
		safety: emptySafety(),
		trends: kept.trends,
		nodeFilter: null,
		jobs: [],
		jobScroll: null,
		modals: [],
		handoff: null,
		cursors: {...NO_CURSORS},
		refresh: {
			running: false,
			inFlight: false,
			intervalMs: opened.intervalMs,
			lastOkAt: null,
			lastAttemptAt: null,
			lastDurationMs: null,
			failures: 0,
			nextAt: null,
			error: null,
		},
		connection: opened.transport.state(),
	} satisfies Partial<AppState>;
}

function initialState(
	options: AppStoreOptions,
	opened: OpenedContext,
	ring: LogRing<RenderedLogLine>,
	set: StoreApi<AppState>['setState'],
	get: () => AppState,
): AppState {
	return {
		...contextState(opened, options.host),
		catalog: options.catalog ?? defaultCatalog(),
		contexts: options.contexts ?? [],
		switching: null,
		fleet: null,
		keyActions: options.keyActions ?? KEY_ACTIONS,
		keymapProblems: options.keymapProblems ?? [],
		consoleMessages: [],
		journal: {status: 'ok', entries: [], error: null},
		paletteHistory: [],
		term: options.term ?? {rows: 24, cols: 80},
		display: options.display ?? {color: true, ascii: false},
		focus: 'guests',
		sidePane: 'zfs',
		zoom: false,
		extents: {},
		guests: {
			selected: null,
			index: 0,
			sort: {key: 'vmid', desc: false},
			filter: '',
			marks: [],
			rangeAnchor: null,
			expanded: {},
		},
		logs: {
			source: {kind: 'host'},
			followSelection: false,
			follow: true,
			wrap: false,
			timestamps: true,
			filter: '',
			revision: 0,
			dropped: 0,
			received: 0,
			status: 'idle',
		},
		networkWarningsOnly: false,
		networkExpanded: {},
		safetySettings: options.safety ?? DEFAULT_SAFETY_SETTINGS,
		quit: false,
		logRing: ring,

		setTerm(rows, cols) {
			const {term} = get();
			if (term.rows !== rows || term.cols !== cols) set({term: {rows, cols}});
		},
		setDisplay(display) {
			set({display: {...get().display, ...display}});
		},
		setExtent(list, extent) {
			const current = get().extents[list];
			if (current?.count === extent.count && current.page === extent.page && current.top === extent.top) return;
			// Only key handlers read extents, when a key arrives; no pane draws them. So they change
			// in place, without a notification that would run every pane's selectors again: the
			// logs pane reports a new extent for each line it shows.
			(get() as {extents: AppState['extents']}).extents = {...get().extents, [list]: extent};
		},
		setSnapshot(snapshot) {
			set({snapshot, trends: withTrends(get().trends, snapshot)});
		},
	};
}

export function createAppStore(options: AppStoreOptions): AppStore {
	const {collector, transport, context, readOnly} = options;
	const opened: OpenedContext = {
		collector,
		transport,
		context,
		readOnly,
		readOnlyWhy: options.readOnlyWhy ?? null,
		colour: options.colour ?? null,
		banner: options.banner ?? null,
		sudo: options.sudo ?? false,
		intervalMs: options.intervalMs ?? 2000,
		thresholds: options.thresholds ?? DEFAULT_THRESHOLDS,
		poolHistory: options.poolHistory ?? null,
	};
	const ring = new LogRing<RenderedLogLine>(options.logBufferLines ?? 5000, {
		weigh: (line) => line.message.length,
		budget: LOG_TEXT_BUDGET,
	});
	const state = createStore<AppState>()((set, get) => initialState(options, opened, ring, set, get));
	const runtime = createRuntime(state, opened, {
		ring,
		journal: options.journal ?? null,
		switcher: options.switchContext ?? null,
	});
	return Object.assign(state, {runtime});
}

function followSelection(store: AppStore): () => void {
	let timer: ReturnType<typeof setTimeout> | null = null;
	const unsubscribe = store.subscribe((state, previous) => {
		if (!state.logs.followSelection) return;
		if (
			state.guests.selected === previous.guests.selected &&
			state.logs.followSelection === previous.logs.followSelection
		)
			return;
		if (timer) clearTimeout(timer);
		timer = setTimeout(() => {
			timer = null;
			const now = store.getState();
			const rows = selectGuestRows(now);
			const source = sourceForRow(rows.rows[selectedIndex(rows, now.guests)]);
			if (source && !sameSource(source, now.logs.source)) setLogSource(store, source);
		}, FOLLOW_SELECTION_DEBOUNCE_MS);
	});
	return () => {
		if (timer) clearTimeout(timer);
		unsubscribe();
	};
}

/** The task list and a task's log are read only while their views are open. */
export function watchSafetyViews(store: AppStore): () => void {
	const update = (): void => {
		const {modals} = store.getState();
		const log = modals.findLast((m) => m.kind === 'tasklog');
		store.runtime.connection.safety.watch({
			tasks: modals.some((m) => m.kind === 'tasks'),
			taskLog: log?.kind === 'tasklog' ? {upid: log.upid, node: log.node} : null,
		});
	};
	update();
	return store.subscribe((state, previous) => {
		if (state.modals !== previous.modals) update();
	});
}

/**
 * Start refreshing, watching the connection, and streaming the current log source. A
 * `--pane` that shows no logs passes `{logs: false}`: no journal stream held open all day.
 */
export function startPoller(store: AppStore, options: {logs?: boolean} = {}): void {
	const {runtime} = store;
	const {poller, transport, logs} = runtime.connection;
	if (poller.running) return;
	runtime.logsWanted = options.logs !== false;
	// A fleet's poller watches each member's connection itself and reports the fleet's state.
	if (!runtime.fleet) runtime.unsubscribers.push(transport.onStateChange((connection) => store.setState({connection})));
	runtime.unsubscribers.push(followSelection(store));
	store.setState({
		refresh: {...store.getState().refresh, running: true},
		...(runtime.fleet ? {} : {connection: transport.state()}),
	});
	poller.start();
	runtime.connection.safety.start();
	runtime.unsubscribers.push(watchSafetyViews(store));
	if (!runtime.logsWanted) return;
	const {source} = store.getState().logs;
	logs.start(source, guestType(store, source));
}

export function stopPoller(store: AppStore): void {
	const {runtime} = store;
	// What this session added to the pool history is kept, not only what the last periodic save had.
	if (runtime.connection.poller.running) runtime.connection.poolHistory?.save(store.getState().trends, {force: true});
	runtime.connection.poller.stop();
	runtime.connection.logs.stop();
	runtime.connection.safety.stop();
	for (const unsubscribe of runtime.unsubscribers.splice(0)) unsubscribe();
	store.setState({refresh: {...store.getState().refresh, running: false, inFlight: false}});
}

/** A refresh now, unless one is running (then its result is the answer). */
export function refreshNow(store: AppStore): void {
	store.runtime.connection.poller.refreshNow();
}

/** The screen registers how it wipes the terminal and draws the frame again (Ctrl-L). */
export function setRedrawHook(store: AppStore, hook: (() => void) | null): void {
	store.runtime.redrawHook = hook;
}

/**
 * The transport of the context in effect (it changes with :ctx), or in a fleet that of the
 * named context: the shell hand-off uses it.
 */
export function currentTransport(store: AppStore, context?: string): Transport {
	return connectionFor(store, context).transport;
}

/** The connection in effect, or in a fleet that of the named context. */
export function connectionFor(store: AppStore, context?: string): Connection {
	const member = context === undefined ? undefined : store.runtime.fleet?.members.get(context);
	return member?.connection ?? store.runtime.connection;
}

/** Resolves when every queued job and health run has finished. */
export function jobsIdle(store: AppStore): Promise<void> {
	return store.runtime.runner.idle();
}
