/**
 * Entry point: argv -> mode (console | pane | once | subcommand). Everything heavy is
 * imported lazily, so `--once --json` never loads Ink and a usage error answers at once.
 */
import './v8-tuning.js';
import process from 'node:process';
import {parseArgs, USAGE, UsageError, type Invocation} from './cli-args.js';
import {EXIT} from './exit-codes.js';
import type {Collector} from './host/collector-types.js';
import type {Transport} from './transport/types.js';
import {writeError, writeJson} from './text/output.js';

async function main(argv: readonly string[]): Promise<number> {
	let invocation: Invocation;
	try {
		invocation = parseArgs(argv);
	} catch (error) {
		if (error instanceof UsageError) {
			writeError(process.stderr, error.message);
			return EXIT.usage;
		}
		throw error;
	}
	const {command, options} = invocation;
	if (command === 'help') {
		process.stdout.write(`${USAGE}\n`);
		return EXIT.ok;
	}
	if (command === 'version') {
		const {VERSION} = await import('./version.js');
		process.stdout.write(`proxdeck ${VERSION}\n`);
		return EXIT.ok;
	}
	// NO_COLOR (https://no-color.org) and --no-color: set before Ink's colour detection loads.
	if (options.noColor || (process.env['NO_COLOR'] ?? '') !== '') process.env['FORCE_COLOR'] = '0';
	// Ink imports react-devtools-core when DEV is set (it warns, and can hang waiting for a devtools server); never in production.
	delete process.env['DEV'];

	if (invocation.subcommand?.name === 'config') {
		const {runConfigCommand} = await import('./subcommands-config.js');
		return runConfigCommand(
			invocation.subcommand.positional,
			options.configPath ? {configPath: options.configPath} : {},
		);
	}
	if (invocation.subcommand?.name === 'demo') {
		// The demo's saved homelab is a local file: resetting it needs no host.
		const {demoCommand} = await import('./subcommands/demo.js');
		return demoCommand(invocation.subcommand, undefined, options.demoCluster === true);
	}
	if (invocation.subcommand?.name === 'journal') {
		// The journal is local: reading it needs no host, so nothing connects.
		const {journalCommand} = await import('./subcommands/journal.js');
		return journalCommand(invocation.subcommand, {options});
	}
	const wantsConsole = !options.once && !invocation.subcommand && process.stdout.isTTY;
	if (options.fleet) return runFleet(invocation, options.fleet, wantsConsole ? loadConsole() : null);
	const {openTarget} = await import('./target.js');
	// The console's modules (Ink, React, Yoga, the screens) load once the connection is under
	// way: over SSH its round trips and their compiling overlap instead of adding up, and the
	// connection's own code is not queued behind them. The console and --once refresh at once:
	// their first refresh starts while the target opens.
	let consoleModules: ReturnType<typeof loadConsole> | null = null;
	const opened = await openTarget(options, {
		firstRefresh: !invocation.subcommand,
		...(wantsConsole ? {onConnecting: () => (consoleModules ??= loadConsole())} : {}),
	});
	if (!opened.ok) {
		writeError(process.stderr, opened.message);
		return opened.exitCode;
	}
	const {transport, collector, nodes, context, settings} = opened;
	try {
		if (invocation.subcommand) {
			const {runSubcommand} = await import('./subcommands/index.js');
			const {watchSignals, interruption, INTERRUPT_EXIT} = await import('./ops/interrupt.js');
			// Ctrl-C or SIGTERM: a job in flight stops at its next command and is journaled as interrupted.
			const signals = watchSignals();
			try {
				const code = await runSubcommand(invocation.subcommand, {
					transport,
					collector,
					nodes,
					context,
					options,
					settings,
					signal: signals.signal,
				});
				const stopped = interruption(signals.signal);
				return stopped ? INTERRUPT_EXIT[stopped.signal] : code;
			} finally {
				signals.dispose();
			}
		}
		if (options.once) return await printOnce(invocation, opened);
		const {runConsoleMode, runConsole} = await (consoleModules ?? loadConsole());
		return await runConsoleMode({collector, transport, context, options, settings, runConsole});
	} finally {
		await nodes.close();
		await transport.close();
	}
}

/** The console's entry and its screens, loaded together. */
function loadConsole(): Promise<{
	runConsoleMode: typeof import('./console-mode.js').runConsoleMode;
	runConsole: typeof import('../screens/run-console.js').runConsole;
}> {
	const loading = Promise.all([import('./console-mode.js'), import('../screens/run-console.js')]).then(
		([mode, screens]) => ({runConsoleMode: mode.runConsoleMode, runConsole: screens.runConsole}),
	);
	// Started early, it may go unused (the target did not open): that failure is not news.
	loading.catch(() => {});
	return loading;
}

async function printOnce(
	invocation: Invocation,
	opened: {collector: Collector; transport: Transport},
): Promise<number> {
	const {options} = invocation;
	const {collectOnce, reportHeading, recentJournalTable} = await import('./once.js');
	const result = await collectOnce(opened.collector, opened.transport);
	if (!result.snapshot) {
		writeError(process.stderr, result.failure ?? 'no snapshot');
		return result.exitCode;
	}
	if (options.json) {
		writeJson(process.stdout, result.snapshot);
	} else {
		const {reportTables} = await import('./report/rows.js');
		const {renderOnceReport} = await import('../screens/once-report.js');
		const tables = reportTables(result.snapshot, Date.now(), options.pane);
		if (options.pane === 'logs') tables.unshift(await recentJournalTable(opened.transport));
		const heading = reportHeading(result.snapshot, opened.transport.label);
		process.stdout.write(
			`${renderOnceReport(heading, tables, reportColumns(process.stdout, process.env), styledOutput(process.stdout, process.env))}\n`,
		);
	}
	return result.exitCode;
}

/** Several contexts: one console over all of them, or `--once` with a section per context. */
async function runFleet(
	invocation: Invocation,
	fleet: NonNullable<Invocation['options']['fleet']>,
	consoleModules: ReturnType<typeof loadConsole> | null,
): Promise<number> {
	const {options} = invocation;
	const {openFleetTargets} = await import('./fleet/open.js');
	const opened = await openFleetTargets(options, fleet);
	try {
		if (options.once) return await printFleetOnce(invocation, opened);
		const [first] = opened.members;
		if (!first) {
			for (const failed of opened.failed) writeError(process.stderr, `${failed.context}: ${failed.message}`);
			return opened.failed[0]?.exitCode ?? EXIT.error;
		}
		const {runConsoleMode, runConsole} = await (consoleModules ?? loadConsole());
		return await runConsoleMode({...first, options, runConsole, fleet: opened});
	} finally {
		await Promise.all(opened.members.map((member) => member.transport.close()));
	}
}

async function printFleetOnce(invocation: Invocation, opened: import('./fleet/open.js').OpenedFleet): Promise<number> {
	const {options} = invocation;
	const {collectFleetOnce, fleetDocument, fleetExitCode} = await import('./fleet/once.js');
	const sections = await collectFleetOnce(opened);
	if (options.json) {
		writeJson(process.stdout, fleetDocument(sections, opened.names));
		return fleetExitCode(sections);
	}
	const {reportHeading, recentJournalTable} = await import('./once.js');
	const {reportTables} = await import('./report/rows.js');
	const {renderOnceReport} = await import('../screens/once-report.js');
	const width = reportColumns(process.stdout, process.env);
	const styled = styledOutput(process.stdout, process.env);
	const byName = new Map(sections.map((s) => [s.context, s]));
	const parts: string[] = [];
	for (const name of opened.names) {
		const section = byName.get(name);
		if (!section) continue;
		if (!section.snapshot) {
			parts.push(renderOnceReport(`proxdeck — ${name} — ERROR: ${section.error}`, [], width, styled));
			continue;
		}
		const tables = reportTables(section.snapshot, Date.now(), options.pane);
		const member = opened.members.find((m) => m.context === name);
		if (options.pane === 'logs' && member) tables.unshift(await recentJournalTable(member.transport));
		parts.push(renderOnceReport(reportHeading(section.snapshot, section.label), tables, width, styled));
	}
	process.stdout.write(`${parts.join('\n\n')}\n`);
	return fleetExitCode(sections);
}

/**
 * How wide the --once tables may be: COLUMNS when it is set (a script may ask for a width),
 * else the terminal's width; in a pipe, unlimited (null), so no cell is cut for grep or awk.
 */
function reportColumns(stdout: NodeJS.WriteStream, env: NodeJS.ProcessEnv): number | null {
	const asked = Number(env['COLUMNS']);
	if (Number.isInteger(asked) && asked >= 20) return asked;
	return stdout.isTTY && stdout.columns > 0 ? stdout.columns : null;
}

/**
 * Whether the --once tables get bold headings: on a terminal, unless NO_COLOR or --no-color
 * (FORCE_COLOR=0) or TERM=dumb says no; FORCE_COLOR asks for it in a pipe too.
 */
function styledOutput(stdout: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
	const force = env['FORCE_COLOR'];
	if (force === '0' || force === 'false') return false;
	if (force !== undefined && force !== '') return true;
	return stdout.isTTY === true && env['TERM'] !== 'dumb';
}

// A reader that stops early (`| head`, `| grep -q`) closes the pipe: that ends the output, quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code !== 'EPIPE') throw error;
	process.exit(process.exitCode ?? EXIT.ok);
});

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		const message = error instanceof Error ? error.message : String(error);
		writeError(process.stderr, message);
		process.exitCode = EXIT.error;
	},
);
