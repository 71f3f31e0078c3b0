/**
 * The interactive console: a store fed by the poller, handed to the screens. The screens'
 * entry is passed in by source/cli.tsx so the engine never imports screens/. Here the
 * config's keymap is checked and applied (a conflict becomes a notice naming both actions
 * and the key), the catalog and journal are set up, and `:ctx <name>` gets the capability
 * to connect another context through openTarget.
 */
import type {GlobalOptions} from './cli-args.js';
import type {Collector} from './host/collector-types.js';
import type {Transport} from './transport/types.js';
import {KEY_ACTIONS} from '../keymaps/registry.js';
import {findConflicts} from '../keymaps/resolve.js';
import {applyCatalogOverrides, applyKeymapOverrides, DISABLED_KEY, validateKeymapOverrides} from './config/index.js';
import {defaultCatalog} from './catalog/defaults.js';
import {createJournal} from './journal/journal.js';
import {openPoolHistory, poolHistoryPath} from './store/pool-history.js';
import {createAppStore, jobsIdle, currentTransport} from './store/app-store.js';
import type {AppStore, ContextSwitcher, OpenedContext} from './store/types.js';
import {EXIT} from './exit-codes.js';
import {writeError} from './text/output.js';
import {INTERRUPT_EXIT, interruption, watchSignals} from './ops/interrupt.js';
import {consolePrompter} from './store/host-key-prompt.js';
import {openTarget, type TargetSettings} from './target.js';
import {createFleetStore} from './fleet/store.js';
import type {OpenedFleet} from './fleet/open.js';

export interface RunConsole {
	(options: {store: AppStore; transport: Transport; noColor?: boolean; pane?: GlobalOptions['pane']}): Promise<void>;
}

/** Why actions are refused here, in words the disabled reason shows (null: they are not). */
export function readOnlyWhy(
	options: Pick<GlobalOptions, 'readOnly' | 'pane'>,
	settings: Pick<TargetSettings, 'readOnly'>,
	context: string,
): {readOnly: boolean; why: string | null} {
	if (options.pane) {
		const readOnly = options.readOnly !== false;
		return {readOnly, why: readOnly ? '--pane watches; start it with --write to act' : null};
	}
	if (options.readOnly === true) return {readOnly: true, why: '--readonly'};
	if (settings.readOnly)
		return {readOnly: true, why: `context "${context}" is readOnly in the config (--write overrides)`};
	return {readOnly: false, why: null};
}

/** The config's keymap applied to the registry, and its conflicts as messages. */
export function effectiveKeymap(
	settings: Pick<TargetSettings, 'config' | 'configFile'>,
): {ok: true; actions: typeof KEY_ACTIONS; problems: string[]} | {ok: false; message: string} {
	// The loaded config keeps `<disabled>` as []; the check wants the file's own spelling back.
	const written = Object.fromEntries(
		Object.entries(settings.config.keymap).map(([id, keys]) => [id, keys.length === 0 ? DISABLED_KEY : keys]),
	);
	const check = validateKeymapOverrides(
		written,
		KEY_ACTIONS.map((a) => a.id),
		settings.configFile,
	);
	if (!check.ok) return {ok: false, message: check.error.message};
	const actions = applyKeymapOverrides(KEY_ACTIONS, check.keymap);
	return {ok: true, actions, problems: findConflicts(actions, Object.keys(check.keymap)).map((c) => c.message)};
}

/** A connected target as the console holds its context; the flags win over its settings. */
function openedContext(
	target: {transport: Transport; collector: Collector; context: string; settings: TargetSettings},
	options: GlobalOptions,
): OpenedContext {
	const {config: _config, configFile: _file, ...session} = target.settings;
	// A --pane watches: navigation keys only, unless --write was given (readOnly === false).
	const mode = readOnlyWhy(options, session, target.context);
	return {
		...session,
		transport: target.transport,
		collector: target.collector,
		context: target.context,
		readOnly: mode.readOnly,
		readOnlyWhy: mode.why,
		// The demo's pools are simulated: their history is never written where a real host's is.
		poolHistory: target.transport.kind === 'sim' ? null : openPoolHistory(poolHistoryPath(target.context)),
	};
}

export async function runConsoleMode(input: {
	collector: Collector;
	transport: Transport;
	context: string;
	options: GlobalOptions;
	settings: TargetSettings;
	runConsole: RunConsole;
	/** Several contexts on one screen: every member (the first is the one above), and those left out. */
	fleet?: OpenedFleet;
}): Promise<number> {
	const {collector, transport, context, options, settings, fleet} = input;
	if (process.stdout.isTTY !== true) {
		writeError(process.stderr, 'the console needs a terminal; use --once or --once --json in pipes and cron');
		return EXIT.usage;
	}
	const keymap = effectiveKeymap(settings);
	if (!keymap.ok) {
		writeError(process.stderr, keymap.message);
		return EXIT.usage;
	}
	const catalog =
		settings.config.catalog.services.length === 0
			? {ok: true as const, catalog: defaultCatalog()}
			: applyCatalogOverrides(defaultCatalog(), settings.config.catalog.services, settings.configFile);
	if (!catalog.ok) {
		writeError(process.stderr, catalog.error.message);
		return EXIT.usage;
	}
	const switchContext: ContextSwitcher = async (name) => {
		// The console owns the terminal now: an unknown host key is asked in a modal.
		const target = await openTarget({...options, target: {kind: 'context', name}}, {prompt: consolePrompter(store)});
		return target.ok ? {ok: true, opened: openedContext(target, options)} : {ok: false, message: target.message};
	};
	const session = {
		catalog: catalog.catalog,
		journal: createJournal(),
		keyActions: keymap.actions,
		keymapProblems: keymap.problems,
		contexts: settings.config.contexts.map((c) => c.name),
		safety: {
			snapshotBeforeChange: settings.config.safety.snapshotBeforeChange,
			auditIntervalMs: settings.config.safety.auditIntervalSeconds * 1000,
			skipBackupTags: settings.config.safety.skipBackupTags,
		},
		switchContext,
	};
	const store = fleet
		? createFleetStore({...session, members: fleet.members.map((member) => openedContext(member, options))})
		: createAppStore({...openedContext({transport, collector, context, settings}, options), ...session});
	if (keymap.problems.length > 0)
		store.setState({
			notice: `${keymap.problems[0]}${keymap.problems.length > 1 ? ` (+${keymap.problems.length - 1} more in ? help)` : ''}`,
		});
	if (fleet && fleet.failed.length > 0)
		store.setState({
			notice: `left out of the fleet: ${fleet.failed.map((f) => `${f.context}: ${f.message}`).join('; ')}`,
		});
	// From now on the console draws on the terminal: a reconnect that meets an unknown host key
	// asks in a modal, never on /dev/tty under the screen.
	for (const member of fleet?.members ?? [{transport}]) member.transport.usePrompter?.(consolePrompter(store));
	// SIGTERM (or SIGINT from outside: in the console Ctrl-C is a key): the running job stops at
	// its next command and journals itself as interrupted, then the console closes.
	const signals = watchSignals({
		onFirst: (reason) => {
			store.runtime.runner.interrupt(reason);
			store.setState({quit: true});
		},
	});
	try {
		await input.runConsole({store, transport, noColor: options.noColor, ...(options.pane ? {pane: options.pane} : {})});
		// A job still running when the user quit finishes and is journaled, rather than stopping halfway unrecorded.
		const running = store.getState().jobs.filter((j) => j.state === 'running' || j.state === 'queued');
		if (running.length > 0) {
			if (!signals.signal.aborted)
				writeError(
					process.stderr,
					`waiting for ${running.map((j) => `${j.action} ${j.target}`).join(', ')} to finish (Ctrl-C stops it at its next step)`,
				);
			await jobsIdle(store);
		}
	} finally {
		signals.dispose();
		// After :ctx or :fleet the connections in use are not the ones the CLI opened (those are closed already).
		const opened = new Set((fleet?.members ?? [{transport}]).map((m) => m.transport));
		const current = store.runtime.fleet
			? [...store.runtime.fleet.members.values()].map((m) => m.connection.transport)
			: [currentTransport(store)];
		await Promise.all(current.filter((t) => !opened.has(t)).map((t) => t.close()));
	}
	const stopped = interruption(signals.signal);
	return stopped ? INTERRUPT_EXIT[stopped.signal] : EXIT.ok;
}
