/**
 * The console's state, kept in one zustand vanilla store: the latest snapshot, the refresh
 * loop's health, UI state (focus, modals, cursors, filters) and the log stream's counters.
 * Screens read it through narrow selectors; the action handlers (store/actions/) change it,
 * running on the store's runtime (declared here too, built by store/runtime.ts).
 */
import type {StoreApi} from 'zustand/vanilla';
import type {ActionId, KeyAction} from '../../keymaps/registry.js';
import type {Catalog} from '../catalog/types.js';
import type {SessionSettings} from '../config/types.js';
import type {Collector} from '../host/collector-types.js';
import type {NodeRouter} from '../host/node-router.js';
import type {HostCommand} from '../host/host-command.js';
import type {Journal, JournalEntry} from '../journal/journal.js';
import type {Job, Plan} from '../ops/job.js';
import type {Snapshot} from '../model/snapshot.js';
import type {Thresholds} from '../model/thresholds.js';
import type {ConnectionState, Transport} from '../transport/types.js';
import type {HostKeyQuestion} from '../transport/prompt.js';
import type {LogSession, LogSource} from './log-session.js';
import type {JobView} from './jobs.js';
import type {OpsRunner} from './ops-runner.js';
import type {Poller} from './poller.js';
import type {LogRing} from './ring.js';
import type {RenderedLogLine} from './log-lines.js';
import type {PoolSample} from './trends.js';
import type {PoolHistory} from './pool-history.js';
import type {SafetySession} from './safety-session.js';
import type {SafetySettings, SafetyState} from './safety-state.js';

export type PaneId = 'guests' | 'zfs' | 'network' | 'logs';
export const PANES: readonly PaneId[] = ['guests', 'zfs', 'network', 'logs'];

/** Views stacked over the dashboard; the top one receives keys first. */
export type Modal =
	| {kind: 'detail'; vmid: number; context?: string}
	| {kind: 'pool'; name: string; node: string; context?: string}
	| {kind: 'nodes'}
	| {kind: 'help'}
	| {kind: 'picker'}
	| {kind: 'filter'; target: 'guests' | 'logs'; previous: string}
	| {kind: 'confirm'; dialog: ConfirmDialog}
	| {kind: 'catalog'; node: string | null; /** How many instances to deploy (absent: one). */ instances?: number}
	| {kind: 'journal'}
	| {kind: 'jobOutput'}
	| {kind: 'actions'}
	| {kind: 'form'; form: ActionForm}
	| {kind: 'palette'; text: string; historyAt: number | null}
	/** A reconnect met a host key it does not know: asked here, never on the terminal under the console. */
	| {kind: 'hostkey'; id: number; question: HostKeyQuestion}
	| {kind: 'snapshots'; vmid: number}
	| {kind: 'backups'; vmid: number}
	| {kind: 'tasks'}
	| {kind: 'templates'}
	| {kind: 'tasklog'; upid: string; node: string};

/**
 * A confirm dialog. Its jobs are built when it opens, from the snapshot of that moment: the
 * targets are pinned (a refresh cannot retarget it) and the commands shown are the ones run.
 */
export interface ConfirmDialog {
	/** The action it runs as: confirming asks read-only mode about it again. */
	actionId: ActionId;
	/** `Stop 3 guests?` */
	title: string;
	/** The action button's label: `Stop`, `Destroy`, `Deploy`. */
	verb: string;
	/** Marked guests the filter hides (they are acted on too). */
	hiddenByFilter: number;
	plans: readonly Plan[];
	jobs: readonly Job[];
	/** Text the user must type before the action button works (destroy: the VMID). */
	typed: string | null;
	typedText: string;
	focus: 'cancel' | 'ok';
	/** The context the dialog was opened in (a switch closes it). */
	context: string;
	/** In a fleet, the context each job runs on (same order as `jobs`). */
	jobContexts?: readonly (string | undefined)[];
}

/** What a form becomes when submitted (each purpose's fields are checked by its commands' own rules). */
export type FormPurpose =
	| {kind: 'clone'; templateVmid: number}
	| {kind: 'snapshot'; vmid: number}
	| {kind: 'backup'; vmid: number}
	| {kind: 'restore'; volid: string}
	| {kind: 'resources'; vmid: number}
	| {kind: 'resize'; vmid: number};

export interface FormField {
	id: string;
	label: string;
	value: string;
	/** A field that takes one of these (Left/Right cycle them). */
	choices?: readonly string[];
	/** A dimmed word after the field (the choices, what an empty value means). */
	hint?: string;
}

export interface ActionForm {
	purpose: FormPurpose;
	/** In a fleet, the context the form acts in (a clone is made in its template's). */
	context?: string;
	fields: readonly FormField[];
	focus: number;
	error: string | null;
}

export interface JournalView {
	status: 'loading' | 'ok' | 'error';
	/** Newest first. */
	entries: readonly JournalEntry[];
	error: string | null;
}

/** A request for the screen to hand the terminal to an interactive command and come back. */
export interface Handoff {
	/** The command, for the node router to run on its node's terminal. */
	command: HostCommand;
	/** The line as it is sent (shown while the shell runs). */
	shown: string;
	label: string;
	/** In a fleet, the context whose connection runs it. */
	context?: string;
}

/** Lists whose cursor the store moves; screens report each list's extent. */
export type ListId =
	| 'zfs'
	| 'network'
	| 'logs'
	| 'detail'
	| 'pool'
	| 'help'
	| 'picker'
	| 'confirm'
	| 'catalog'
	| 'journal'
	| 'jobs'
	| 'jobOutput'
	| 'nodes'
	| 'actions'
	| 'snapshots'
	| 'backups'
	| 'tasks'
	| 'templates'
	| 'tasklog';

export interface ListExtent {
	count: number;
	/** Rows visible at once. */
	page: number;
	/** The logs pane while it follows: the first line it shows whole (pausing keeps the view from there). */
	top?: number;
}

export type SortKey = 'vmid' | 'name' | 'type' | 'node' | 'context' | 'status' | 'cpu' | 'mem' | 'disk' | 'uptime';

export interface GuestsUi {
	/** Row key of the selected row (`g:101`, `c:105:nginx`), stable across refreshes. */
	selected: string | null;
	/** Index of the selection when last seen: where the cursor lands if that row vanishes. */
	index: number;
	sort: {key: SortKey; desc: boolean};
	filter: string;
	/** Row keys of the marked guests (`g:101`, in a fleet `g:lab/101`). */
	marks: readonly string[];
	/** Index where a `v` range started, or null. */
	rangeAnchor: number | null;
	/** Row keys of the Docker hosts shown opened. */
	expanded: Readonly<Record<string, true>>;
}

export interface LogsUi {
	source: LogSource;
	/** When true the source tracks the guest selected in the guests pane. */
	followSelection: boolean;
	follow: boolean;
	wrap: boolean;
	timestamps: boolean;
	filter: string;
	/** Bumped at every flush; screens select it to re-render. */
	revision: number;
	dropped: number;
	received: number;
	status: string;
}

export interface RefreshState {
	running: boolean;
	inFlight: boolean;
	intervalMs: number;
	lastOkAt: number | null;
	lastAttemptAt: number | null;
	lastDurationMs: number | null;
	failures: number;
	/** When the next refresh is due (the countdown shown while failing). */
	nextAt: number | null;
	error: string | null;
}

export interface Display {
	color: boolean;
	ascii: boolean;
}

/** The context in effect as the console holds it: the config's settings, and why read-only is on. */
export interface ContextSettings extends SessionSettings {
	context: string;
	/** Why read-only is on (`--readonly`, `context "prod" is read-only`), for the disabled reason. */
	readOnlyWhy: string | null;
}

/** A context connected: its settings and its connection (what `:ctx` switches to). */
export interface OpenedContext extends ContextSettings {
	transport: Transport;
	collector: Collector;
	/** How commands reach each node (the collector's router when it has one). */
	nodes?: NodeRouter;
	/** Where this context's pool history is kept across restarts (none for the demo). */
	poolHistory?: PoolHistory | null;
}

export type ContextSwitcher = (
	name: string,
) => Promise<{ok: true; opened: OpenedContext} | {ok: false; message: string}>;

/**
 * One context of a fleet as the console shows it: its settings, how its connection and its
 * refresh loop are doing, and whether its rows on screen are stale.
 */
export interface FleetMemberView {
	name: string;
	host: string;
	readOnly: boolean;
	readOnlyWhy: string | null;
	connection: ConnectionState;
	lastOkAt: number | null;
	failures: number;
	error: string | null;
	/** Its rows are kept from an earlier refresh (its refresh is failing or its link is down). */
	stale: boolean;
	guests: number;
}

/** A context of the fleet as the runtime holds it: its settings, connection and latest snapshot. */
export interface FleetMember {
	opened: OpenedContext;
	connection: Connection;
	snapshot: Snapshot | null;
}

/** What a fleet adds to the runtime: its members by name, in the order given. */
export interface FleetRuntime {
	members: ReadonlyMap<string, FleetMember>;
}

/** The context's share of the runtime: replaced whole by a context switch. */
export interface Connection {
	transport: Transport;
	collector: Collector;
	/** Every command for a node or a guest goes through it (sudo, the hop, a node's own connection). */
	nodes: NodeRouter;
	poller: Poller;
	logs: LogSession;
	safety: SafetySession;
	poolHistory: PoolHistory | null;
}

/**
 * What the store runs on besides its state: the connection (refresh loop, log stream), the job
 * queue and the journal. Created with the store and handed to whatever needs it, the action
 * handlers first (source/store/actions/).
 */
export interface StoreRuntime {
	connection: Connection;
	/** Several contexts on one screen (`--context a --context b`, `:fleet`), or null for one. */
	fleet: FleetRuntime | null;
	runner: OpsRunner;
	journal: Journal | null;
	/** Connects another context of the config (`:ctx`), when the session has a config. */
	switcher: ContextSwitcher | null;
	/** Whether this process streams logs at all (a --pane that shows none does not). */
	logsWanted: boolean;
	/** What startPoller subscribed, for stopPoller to undo. */
	unsubscribers: (() => void)[];
	/** How the screen wipes the terminal and draws the frame again (Ctrl-L). */
	redrawHook: (() => void) | null;
}

export interface AppState {
	context: string;
	host: string;
	readOnly: boolean;
	/** Why read-only is on (`--readonly`, `context "prod" is read-only`). */
	readOnlyWhy: string | null;
	/** The context's header colour and banner (`PROD` in red). */
	colour: string | null;
	banner: string | null;
	/** The connection can hand a terminal to the user (ssh, local); the simulated homelab cannot. */
	canShell: boolean;
	/** The service catalog deploy and health use (defaults plus the config's overrides). */
	catalog: Catalog;
	/** Context names from the config (`:ctx` completes them). */
	contexts: readonly string[];
	/** A context switch in progress: its name. */
	switching: string | null;
	/** The fleet's contexts when the console shows several at once, else null. */
	fleet: readonly FleetMemberView[] | null;
	/** The keymap in effect: the registry with the config's remapping applied. */
	keyActions: readonly KeyAction[];
	/** Keymap problems found at startup (conflicts), shown in help. */
	keymapProblems: readonly string[];
	/** What was written to the console while the screen was drawn (newest last, bounded), shown in help. */
	consoleMessages: readonly string[];
	jobs: readonly JobView[];
	/** Where the job panel was scrolled to, for the job it showed then (a new job starts at its top). */
	jobScroll: {id: string; top: number} | null;
	journal: JournalView;
	paletteHistory: readonly string[];
	handoff: Handoff | null;
	thresholds: Thresholds;
	snapshot: Snapshot | null;
	refresh: RefreshState;
	connection: ConnectionState;
	trends: Readonly<Record<string, readonly PoolSample[]>>;
	term: {rows: number; cols: number};
	display: Display;
	focus: PaneId;
	/** The non-guest pane shown beside the guests in the two-column layout. */
	sidePane: PaneId;
	zoom: boolean;
	modals: readonly Modal[];
	cursors: Readonly<Record<ListId, number>>;
	extents: Readonly<Partial<Record<ListId, ListExtent>>>;
	guests: GuestsUi;
	logs: LogsUi;
	networkWarningsOnly: boolean;
	/** Network bridges whose guests are unfolded, by their row's key. */
	networkExpanded: Readonly<Record<string, true>>;
	/** The node every pane is narrowed to (the node picker), or null for all of them. */
	nodeFilter: string | null;
	/** Snapshots, backups, the audit and tasks (safety-state.ts); `safetySettings` from the config. */
	safety: SafetyState;
	safetySettings: SafetySettings;
	/** One-line message for the footer (why a key did nothing); cleared by the next key. */
	notice: string | null;
	quit: boolean;
	/** The log ring (mutable, identity stable); `logs.revision` says when it changed. */
	logRing: LogRing<RenderedLogLine>;

	// setters the screens call with what they measured or received
	setTerm(rows: number, cols: number): void;
	setDisplay(display: Partial<Display>): void;
	setExtent(list: ListId, extent: ListExtent): void;
	setSnapshot(snapshot: Snapshot): void;
}

/** The console's store: its state, and the runtime its actions run on. */
export interface AppStore extends StoreApi<AppState> {
	readonly runtime: StoreRuntime;
}
