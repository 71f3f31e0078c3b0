/**
 * Runs the scripts proxdeck sends to a host, against the sim: renderBatch() scripts
 * (host/batch.ts: `export LC_ALL=C`, maybe the pd_configs definition, one framed line per
 * section) and single command lines, on the node the connection lands on. `ssh root@<node>`
 * runs its command on that node, as the cluster's node-to-node SSH does. Output is what `sh`
 * would print, framing included; `pd_configs` is emulated to print exactly what its awk
 * program prints.
 */
import type {SimClock} from './clock.js';
import {isHopError, planHop} from './cmd-ssh.js';
import {runInContext, stripWrappers, type SimContext, type SimResult} from './commands.js';
import {sudoFailure} from './faults.js';
import {renderConfigFile} from './render/guest-config.js';
import {configPath, renderVmlist} from './render/pve-files.js';
import {runShell, type ShellEnv} from './shell.js';
import type {SimState} from './types.js';

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

function runFunction(ctx: SimContext, definition: string, name: string, args: string[]): SimResult {
	if (name !== 'pd_configs') return {stdout: '', stderr: `sh: 1: ${name}: not found\n`, code: 127};
	if (/\{\s*sudo\b/.test(definition)) {
		const failure = sudoFailure(ctx.state);
		if (failure) return failure;
	}
	const root = /-v root=(\S+)/.exec(definition)?.[1] ?? '/etc/pve';
	return {stdout: emulateConfigs(ctx.state, args[0] ?? '', root), stderr: '', code: 0};
}

/** Run a script (a batch or one command line) on a node of the sim (default: the connected one); state changes stay. */
export function runScript(state: SimState, clock: SimClock, script: string, node = state.localNode): SimResult {
	return runOnNode({state, now: clock.now(), node}, script);
}

function runOnNode(ctx: SimContext, script: string): SimResult {
	const env: ShellEnv = {cwd: '/root', lastCode: 0, functions: new Map()};
	return runShell(
		script,
		(argv, shellEnv) => {
			const definition = shellEnv.functions.get(argv[0] ?? '');
			if (definition !== undefined) return runFunction(ctx, definition, argv[0]!, argv.slice(1));
			const bare = stripWrappers(argv);
			if (bare.argv[0] === 'ssh') {
				// `sudo -n ssh …`: sudo's own refusal comes first.
				const refused = bare.sudo ? sudoFailure(ctx.state) : null;
				if (refused) return refused;
				const hop = planHop(ctx, bare.argv);
				return isHopError(hop) ? hop : runOnNode(hop.target, hop.command);
			}
			return runInContext(ctx, argv);
		},
		env,
	);
}
