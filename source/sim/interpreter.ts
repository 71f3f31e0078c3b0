/**
 * Runs the scripts proxdeck sends to a host, against the sim: renderBatch() scripts
 * (host/batch.ts: `export LC_ALL=C`, maybe the pd_configs definition, one framed line per
 * section) and single command lines, on the node the connection lands on. `ssh root@<node>`
 * runs its command on that node, as the cluster's node-to-node SSH does. Output is what `sh`
 * would print, framing included; `pd_configs` is emulated to print exactly what its awk
 * program prints, and `pd_spawn`/`pd_reap` (background sections) the way their shell does:
 * the command runs at once here, but its modelled time overlaps with what follows it, and
 * `pd_reap` prints it framed, capped as the temporary files cap it, after waiting for all.
 * `pd_probe` (the privilege probe a session's first batch carries) answers as the login the
 * sim has: root on a Proxmox node, so the root sections' `$pd_sudo` expands to nothing.
 */
import type {SimClock} from './clock.js';
import type {SimTiming} from './command-time.js';
import {isHopError, planHop} from './cmd-ssh.js';
import {runInContext, stripWrappers, type SimContext, type SimResult} from './commands.js';
import {sudoFailure} from './faults.js';
import {renderConfigFile} from './render/guest-config.js';
import {configPath, renderVmlist} from './render/pve-files.js';
import {runShell, runWords, type ShellEnv} from './shell.js';
import {
	BACKGROUND_NO_CODE,
	BACKGROUND_STDERR_CAP,
	BACKGROUND_STDOUT_CAP,
	CONFIGS_FUNCTION,
	REAP_FUNCTION,
	SPAWN_FUNCTION,
} from '../host/scripts.js';
import type {SimState} from './types.js';
import {SUDO_VARIABLE} from '../host/batch.js';
import {PROBE_FUNCTION} from '../host/privilege-fold.js';

/** Same value as host/scripts.ts FILE_MARK (\x1ePDFILE + space). */
const FILE_MARK = '\x1ePDFILE ';

/**
 * The awk in host/scripts.ts: .vmlist behind a header, then each guest config whose version
 * differs from the caller's `vmid:version` list, in .vmlist order, a leading \x1e spelt `^^`.
 */
export function emulateConfigs(state: SimState, known: string, root = '/etc/pve'): string {
	const have = new Map<string, string>();
	for (const pair of known.split(' ')) {
		if (pair === '') continue;
		const [id = '', version = ''] = pair.split(':');
		have.set(id, version);
	}
	let out = `${FILE_MARK}${root}/.vmlist\n${renderVmlist(state)}`;
	for (const guest of state.guests) {
		if (have.get(String(guest.vmid)) === String(guest.version)) continue;
		// Only the configs the caller lacks are rendered: every refresh sends the versions it has.
		out += `${FILE_MARK}${root}/${configPath(guest.node, guest.type, guest.vmid)}\n`;
		const content = renderConfigFile(guest);
		// awk's getline + print: every line ends with exactly one newline.
		const lines = content.split('\n');
		if (lines.at(-1) === '') lines.pop();
		for (const line of lines) out += `${line.startsWith('\x1e') ? `^^${line.slice(1)}` : line}\n`;
	}
	return out;
}

/** Same value as host/batch.ts MARK. */
const MARK = '\x1ePD';

/** A background section: what it printed and when (in the script's modelled time) it ends. */
interface Job {
	result: SimResult;
	endsAt: number;
}

/** `head -c <cap>`: at most `cap` bytes. */
function headBytes(text: string, cap: number): string {
	if (text.length * 3 <= cap || Buffer.byteLength(text) <= cap) return text;
	return Buffer.from(text).subarray(0, cap).toString();
}

/** `pd_reap <id>`: waits for every job, then prints this one between the batch's markers. */
function reap(env: ShellEnv, jobs: Map<string, Job>, id: string): SimResult {
	const now = env.elapsedMs ?? 0;
	const waited = Math.max(0, ...[...jobs.values()].map((j) => j.endsAt - now));
	const mark = env.vars?.get('pd_mark') ?? '';
	const begin = `${MARK}${mark} B ${id}\n`;
	const job = jobs.get(id);
	const stdout = headBytes(job?.result.stdout ?? '', BACKGROUND_STDOUT_CAP);
	const stderr = headBytes(job?.result.stderr ?? '', BACKGROUND_STDERR_CAP);
	return {
		stdout: `${begin}${stdout}\n${MARK}${mark} E ${id} ${job?.result.code ?? BACKGROUND_NO_CODE}\n`,
		stderr: `${begin}${stderr}`,
		code: 0,
		...(waited > 0 ? {elapsedMs: waited} : {}),
	};
}

/** `pd_probe <marker>`: the probe's frame as root on this node prints it, and no sudo for what follows. */
function probe(ctx: SimContext, env: ShellEnv, marker: string): SimResult {
	(env.vars ??= new Map()).set(SUDO_VARIABLE, '');
	const fields = `user=root\nuid=0\nhost=${ctx.node}\npvesh=yes\nsudo=not-needed\n`;
	return {stdout: `${MARK}${marker} P\n${fields}${MARK}${marker} Q\n`, stderr: '', code: 0};
}

function runFunction(ctx: SimContext, definition: string, name: string, args: string[]): SimResult {
	if (name !== CONFIGS_FUNCTION) return {stdout: '', stderr: `sh: 1: ${name}: not found\n`, code: 127};
	if (/\{\s*sudo\b/.test(definition)) {
		const failure = sudoFailure(ctx.state);
		if (failure) return failure;
	}
	const root = /-v root=(\S+)/.exec(definition)?.[1] ?? '/etc/pve';
	return {stdout: emulateConfigs(ctx.state, args[0] ?? '', root), stderr: '', code: 0};
}

/** Run a script (a batch or one command line) on a node of the sim (default: the connected one); state changes stay. */
export function runScript(
	state: SimState,
	clock: SimClock,
	script: string,
	node = state.localNode,
	timing?: SimTiming,
): SimResult {
	return runOnNode({state, now: clock.now(), node, ...(timing ? {timing} : {})}, script);
}

function runOnNode(ctx: SimContext, script: string): SimResult {
	const env: ShellEnv = {cwd: '/root', lastCode: 0, functions: new Map()};
	const jobs = new Map<string, Job>();
	const runCommand = (argv: string[]): SimResult => {
		const bare = stripWrappers(argv);
		if (bare.argv[0] === 'ssh') {
			// `sudo -n ssh …`: sudo's own refusal comes first.
			const refused = bare.sudo ? sudoFailure(ctx.state) : null;
			if (refused) return refused;
			const hop = planHop(ctx, bare.argv);
			return isHopError(hop) ? hop : runOnNode(hop.target, hop.command);
		}
		return runInContext(ctx, argv);
	};
	return runShell(
		script,
		(words, shellEnv) => {
			// An unquoted `$pd_sudo` that holds nothing is no word at all in sh.
			const argv = words[0] === '' ? words.slice(1) : words;
			const name = argv[0] ?? '';
			const definition = shellEnv.functions.get(name);
			if (definition !== undefined && name === SPAWN_FUNCTION) {
				// `"$@"` in a subshell: a builtin stays a builtin (and its words are not run again).
				const result = runWords(argv.slice(2), {...shellEnv, elapsedMs: 0}, '', (words) => runCommand(words));
				jobs.set(argv[1] ?? '', {result, endsAt: (shellEnv.elapsedMs ?? 0) + (result.elapsedMs ?? 0)});
				return {stdout: '', stderr: '', code: 0};
			}
			if (definition !== undefined && name === PROBE_FUNCTION) return probe(ctx, shellEnv, argv[1] ?? '');
			if (definition !== undefined && name === REAP_FUNCTION) return reap(shellEnv, jobs, argv[1] ?? '');
			if (definition !== undefined) return runFunction(ctx, definition, argv[0]!, argv.slice(1));
			return runCommand(argv);
		},
		env,
	);
}
