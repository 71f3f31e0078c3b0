/**
 * runSimCommand: one host command (argv) against the simulated homelab, answered in Proxmox's
 * real output formats and error texts, mutating the state for writes. `timeout -k N S` and
 * `sudo -n` prefixes are peeled off the way the real binaries would run them.
 */
import type {SimClock} from './clock.js';
import {runPct} from './cmd-pct.js';
import {runPvesh} from './cmd-pvesh.js';
import {runQm} from './cmd-qm.js';
import {runHostTool} from './cmd-host.js';
import {runPveam} from './cmd-pveam.js';
import {hostDownload, hostRemove, hostRunScript, hostSha256} from './template-build.js';
import {failureFor, garble, sudoFailure, type SimResult} from './faults.js';
import type {SimState} from './types.js';
import {ok, type SimContext} from './cmd-util.js';
import {pruneBackups, runDueJobs, seedBackups} from './backups.js';
import {settleTasks} from './tasks.js';
import {timed} from './command-time.js';
import {hostCommandReads, markChanged} from './changes.js';

export type {SimResult} from './faults.js';
export type {SimContext} from './cmd-util.js';

/** Peel `timeout [-k N] [-s SIG] DURATION` and `sudo [-n]` off the front, in any order. */
export function stripWrappers(argv: readonly string[]): {argv: string[]; sudo: boolean; timeoutSec?: number} {
	let rest = [...argv];
	let sudo = false;
	let timeoutSec: number | undefined;
	for (;;) {
		if (rest[0] === 'timeout') {
			let i = 1;
			while (rest[i] === '-k' || rest[i] === '-s' || rest[i] === '--kill-after' || rest[i] === '--signal') i += 2;
			while (rest[i]?.startsWith('-')) i += 1;
			timeoutSec = Number.parseFloat(rest[i] ?? '0');
			rest = rest.slice(i + 1);
		} else if (rest[0] === 'setsid') {
			// `setsid -f cmd`: the command runs in its own session, detached; here it just runs.
			let i = 1;
			while (rest[i]?.startsWith('-')) i += 1;
			rest = rest.slice(i);
		} else if (rest[0] === 'sudo') {
			sudo = true;
			let i = 1;
			while (rest[i]?.startsWith('-')) i += 1;
			rest = rest.slice(i);
		} else return {argv: rest, sudo, timeoutSec};
	}
}

/** One command on a node of the sim (default: the node the connection lands on). */
export function runSimCommand(
	state: SimState,
	clock: SimClock,
	argv: readonly string[],
	node = state.localNode,
): SimResult {
	return runInContext({state, now: clock.now(), node}, argv);
}

export function runInContext(ctx: SimContext, rawArgv: readonly string[]): SimResult {
	const {argv, sudo} = stripWrappers(rawArgv);
	if (sudo) {
		const failure = sudoFailure(ctx.state);
		if (failure) return failure;
	}
	if (argv.length === 0) return ok();
	if (settle(ctx) || !hostCommandReads(argv)) markChanged(ctx.state);
	const failure = failureFor(ctx.state, argv);
	if (failure) return failure;
	return timed(ctx.timing, argv, garble(ctx.state, argv, dispatch(ctx, argv)));
}

/**
 * Time moved: tasks that ended let go of their guests, and backup jobs that came due run.
 * Returns whether that changed the state.
 */
function settle(ctx: SimContext): boolean {
	// A homelab saved before backups were simulated gets its jobs and their history now.
	const seeded = !ctx.state.backupJobs;
	if (seeded) seedBackups(ctx.state, ctx.now);
	const settled = settleTasks(ctx, pruneBackups);
	return runDueJobs(ctx) || settled || seeded;
}

function dispatch(ctx: SimContext, argv: string[]): SimResult {
	const [command, ...args] = argv;
	switch (command) {
		case 'pvesh':
			return runPvesh(ctx, args);
		case 'pct':
			return runPct(ctx, args);
		case 'qm':
			return runQm(ctx, args);
		case 'pveam':
			return runPveam(ctx, args);
		case 'sha256sum':
			return hostSha256(ctx, args);
		case 'rm':
			return hostRemove(ctx, args);
		case 'curl':
			return hostDownload(ctx, args) ?? runHostTool(ctx, argv);
		case 'env':
			return hostRunScript(ctx, argv) ?? runHostTool(ctx, argv);
		default:
			return runHostTool(ctx, argv);
	}
}
