/**
 * Running proxdeck against the test host from a test: as its own process (`npx tsx
 * source/cli.tsx --host <alias> …`, with the test host's HOME for its ssh config and
 * known_hosts), or a subcommand in this process over a connected transport.
 */
import {execFile} from 'node:child_process';
import {PassThrough} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import type {Catalog} from '../../source/catalog/types.js';
import {parseArgs, type SubcommandArgs} from '../../source/cli-args.js';
import {createCollector} from '../../source/host/collect.js';
import type {Journal} from '../../source/journal/journal.js';
import {runSubcommand} from '../../source/subcommands/index.js';
import type {Transport} from '../../source/transport/types.js';
import type {TestHost} from './harness.js';

/** The checkout, where `npx tsx source/cli.tsx` runs. */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const execFileAsync = promisify(execFile);

export interface CliRun {
	code: number;
	stdout: string;
	stderr: string;
}

/** `proxdeck --host <test host> <args>` as a process; never throws for a non-zero exit. */
export async function proxdeckOnHost(
	host: TestHost,
	args: readonly string[],
	env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
	const options = {
		env: {...process.env, HOME: host.home, USER: 'root', ...env},
		cwd: projectRoot,
		maxBuffer: 64 * 1024 * 1024,
	};
	try {
		const {stdout, stderr} = await execFileAsync(
			'npx',
			['tsx', 'source/cli.tsx', '--host', host.alias, ...args],
			options,
		);
		return {code: 0, stdout, stderr};
	} catch (error) {
		const failed = error as {code?: number; stdout?: string; stderr?: string};
		return {
			code: typeof failed.code === 'number' ? failed.code : 1,
			stdout: failed.stdout ?? '',
			stderr: failed.stderr ?? '',
		};
	}
}

/**
 * The shell command that runs the live console against the test host in a terminal (tmux),
 * then says how it exited and keeps the pane open.
 */
export function consoleCommand(host: TestHost): string {
	return `env -u CI -u FORCE_COLOR LANG=C.UTF-8 HOME='${host.home}' USER=root npx tsx source/cli.tsx --host ${host.alias}; echo "[proxdeck exited $?]"; sleep 600`;
}

/** What a subcommand printed: `out` both streams as they came, `stdout` and `stderr` apart. */
export interface SubcommandRun {
	code: number;
	out: string;
	stdout: string;
	stderr: string;
}

/**
 * A subcommand (`deploy postgresql --yes`) in this process over `transport`; output collected.
 * `onOutput` sees each piece as it is printed, for a test that acts while the command runs.
 */
export async function subcommandOn(
	transport: Transport,
	argv: string[],
	deps: {
		journal: Journal;
		catalog?: Catalog;
		timeoutCapMs?: number;
		onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
	},
): Promise<SubcommandRun> {
	const {onOutput, ...rest} = deps;
	const invocation = parseArgs(argv);
	const run = {out: '', stdout: '', stderr: ''};
	const writer = (stream: 'stdout' | 'stderr') => ({
		write: (text: string) => {
			run.out += text;
			run[stream] += text;
			onOutput?.(text, stream);
		},
	});
	const code = await runSubcommand(invocation.subcommand as SubcommandArgs, {
		transport,
		collector: createCollector(transport, {context: 'test-host'}),
		context: 'test-host',
		options: invocation.options,
		stdin: new PassThrough(),
		stdout: writer('stdout'),
		stderr: writer('stderr'),
		pollMs: 250,
		...rest,
	});
	return {code, ...run};
}
