/**
 * Startup of the paths that print and exit, side by side with `node -e 0` (Node starting and
 * doing nothing: the floor), alternating run by run so the machine's load weighs on all alike:
 *   --version                 answered by the one file's launcher, before any chunk loads
 *   --demo --once --json      the engine and the simulated homelab, no console
 *   --demo --once             the same, written as tables (no Ink)
 * Each is spawn to exit, output to a pipe, the built file run as the installed `proxdeck`
 * runs it (its shebang's node flags). The first start of a build, which writes its chunks to
 * the cache directory, is measured once on its own and kept apart.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {round, timing, type Timing} from './lib.js';
import type {Row} from './report.js';
import {cleanEnv, nodeArgv} from './tty-runs.js';

export interface StartupPath {
	label: string;
	args: string[];
	goalMs: number;
	run: Timing;
	/** This path's median less `node -e 0`'s: proxdeck's own share. */
	overNodeMs: number;
}

export interface StartupResult {
	node: Timing;
	paths: StartupPath[];
	/** A build's first start: `--help` with an empty cache directory (chunks written; `--version` alone writes none). */
	firstStartMs: number;
	loadAverage: number;
}

const PATHS = [
	{label: '--version', args: ['--version'], goalMs: 100},
	{label: '--demo --once --json', args: ['--demo', '--once', '--json'], goalMs: 160},
	{label: '--demo --once (tables)', args: ['--demo', '--once'], goalMs: 250},
];

function timed(argv: readonly string[], env: NodeJS.ProcessEnv): number {
	const started = performance.now();
	const result = spawnSync(argv[0]!, argv.slice(1), {env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20});
	const ms = performance.now() - started;
	if (result.status !== 0) throw new Error(`${argv.slice(1).join(' ')} exited ${result.status}: ${result.stderr}`);
	return ms;
}

export async function benchStartup(dist: string, runs = 11): Promise<StartupResult> {
	const home = mkdtempSync(join(tmpdir(), 'pd-bench-start-'));
	try {
		const env = {...cleanEnv(home), XDG_CACHE_HOME: join(home, '.cache')};
		const program = nodeArgv(dist);
		const firstStartMs = timed([...program, '--help'], env);
		const samples = {node: [] as number[], paths: PATHS.map(() => [] as number[])};
		// One warm-up round: the page cache holds Node and the chunks, as on a user's second start.
		for (let round = -1; round < runs; round++) {
			const node = timed([process.execPath, '-e', '0'], env);
			const paths = PATHS.map((path) => timed([...program, ...path.args], env));
			if (round < 0) continue;
			samples.node.push(node);
			paths.forEach((ms, i) => samples.paths[i]!.push(ms));
		}
		const node = timing(samples.node);
		return {
			node,
			paths: PATHS.map((path, i) => {
				const run = timing(samples.paths[i]!);
				return {...path, run, overNodeMs: run.medianMs - node.medianMs};
			}),
			firstStartMs: round(firstStartMs, 0),
			loadAverage: round(loadavg()[0]!, 2),
		};
	} finally {
		rmSync(home, {recursive: true, force: true});
	}
}

export function startupRows(result: StartupResult | undefined): Row[] {
	if (!result) return [];
	const {node} = result;
	return result.paths.map((path) => ({
		figure: `startup, \`proxdeck ${path.label}\`, spawn to exit`,
		measured: `${path.run.medianMs} ms (${path.run.minMs}–${path.run.maxMs})`,
		compare:
			`\`node -e 0\` ${node.medianMs} ms (${node.minMs}–${node.maxMs}), so proxdeck's own +${path.overNodeMs} ms; ` +
			`median of ${path.run.runsMs.length}, alternating; a build's first start (chunks written) ${result.firstStartMs} ms; load ${result.loadAverage}`,
		goal: `≤ ${path.goalMs} ms`,
		met: path.run.medianMs <= path.goalMs ? 'yes' : 'NO',
	}));
}
