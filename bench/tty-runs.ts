/**
 * The built program (dist/proxdeck.mjs) in a real pseudo-terminal: cold start to the first
 * full frame (under `script`), and idle CPU and memory over a quiet stretch (in tmux).
 */
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {cpuSeconds, median, plain, round, sleep, statusMb} from './lib.js';
import {shebangFlags} from '../scripts/shebang-flags.mjs';

export {shebangFlags};

export const TITLES = ['1 Guests', '2 ZFS & storage', '3 Network / VPN', '4 Logs'];

/** A clean environment: no CI (Ink would print only the last frame), no user config. */
export function cleanEnv(home: string): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		LANG: 'C.UTF-8',
		HOME: home,
		XDG_CONFIG_HOME: join(home, '.config'),
		XDG_STATE_HOME: join(home, '.state'),
		TERM: 'xterm-256color',
	};
	delete env['CI'];
	delete env['NO_COLOR'];
	return env;
}

/** How the installed `proxdeck` runs a file, so the benchmarks measure what users start. */
export function nodeArgv(file: string): string[] {
	return [process.execPath, ...shebangFlags(file), file];
}

/** The first full frame: every pane title, and each pane showing data (not a placeholder). */
export function isFullFrame(screen: string): boolean {
	return (
		TITLES.every((t) => screen.includes(t)) &&
		/-pool/.test(screen) &&
		/vmbr0/.test(screen) &&
		/›/.test(screen) &&
		!screen.includes('waiting for the first refresh') &&
		!screen.includes('no log stream yet')
	);
}

const BEGIN_SYNC = '\u001B[?2026h';
const END_SYNC = '\u001B[?2026l';

/** Ink wraps each frame it writes to a terminal in synchronized-output markers: the last complete one. */
function lastFrame(screen: string): string | null {
	const end = screen.lastIndexOf(END_SYNC);
	if (end === -1) return null;
	const begin = screen.lastIndexOf(BEGIN_SYNC, end);
	return begin === -1 ? null : screen.slice(begin, end);
}

/** Spawn to the first full frame, in ms: one run of the program under `script` at 200×50. */
export function coldStartOnce(entry: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const command = `stty rows 50 cols 200; exec ${entry.map((a) => `'${a}'`).join(' ')}`;
		const started = performance.now();
		const child = spawn('script', ['-qfec', command, '/dev/null'], {
			env,
			cwd,
			detached: true,
			stdio: ['pipe', 'pipe', 'ignore'],
		});
		let screen = '';
		const timer = setTimeout(
			() => finish(new Error(`no full frame within 20 s; saw:\n${plain(screen).slice(-3000)}`)),
			20_000,
		);
		const finish = (result: number | Error): void => {
			clearTimeout(timer);
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				// already gone
			}
			if (result instanceof Error) reject(result);
			else resolve(result);
		};
		child.stdout.on('data', (chunk: Buffer) => {
			screen += chunk.toString('utf8');
			const frame = lastFrame(screen);
			if (frame !== null && isFullFrame(plain(frame))) finish(performance.now() - started);
		});
		child.once('error', (error) => finish(error));
	});
}

export async function benchColdStart(dist: string, runs = 5): Promise<{medianMs: number; runsMs: number[]}> {
	const home = mkdtempSync(join(tmpdir(), 'proxdeck-bench-home-'));
	try {
		const env = cleanEnv(home);
		const argv = [...nodeArgv(dist), '--demo'];
		await coldStartOnce(argv, env); // warm the page cache
		const times: number[] = [];
		for (let i = 0; i < runs; i++) times.push(await coldStartOnce(argv, env));
		return {medianMs: round(median(times), 0), runsMs: times.map((t) => round(t, 0))};
	} finally {
		rmSync(home, {recursive: true, force: true});
	}
}

/**
 * The README's start command, `npm start` in the checkout, to the first full frame: npm, the
 * launcher's freshness check and the bundle, as a newcomer runs it after `npm ci` (which
 * leaves the bundle built). Alternated run by run with `npm run dev`, the same console from
 * the TypeScript sources through tsx (what `npm start` ran before). One run of each first to
 * warm the page cache.
 */
export async function benchReadmeStart(
	root: string,
	runs = 5,
): Promise<{medianMs: number; runsMs: number[]; devMedianMs: number; devRunsMs: number[]}> {
	const home = mkdtempSync(join(tmpdir(), 'proxdeck-bench-home-'));
	try {
		const env = cleanEnv(home);
		const start = ['npm', 'start'];
		const dev = ['npm', 'run', 'dev'];
		await coldStartOnce(start, env, root);
		await coldStartOnce(dev, env, root);
		const times: number[] = [];
		const devTimes: number[] = [];
		for (let i = 0; i < runs; i++) {
			times.push(await coldStartOnce(start, env, root));
			devTimes.push(await coldStartOnce(dev, env, root));
		}
		return {
			medianMs: round(median(times), 0),
			runsMs: times.map((t) => round(t, 0)),
			devMedianMs: round(median(devTimes), 0),
			devRunsMs: devTimes.map((t) => round(t, 0)),
		};
	} finally {
		rmSync(home, {recursive: true, force: true});
	}
}

export interface IdleResult {
	guests: string;
	seconds: number;
	/** How long the console ran after its first full frame before the measured window. */
	warmupSeconds: number;
	/** The median of `runsPercent`. */
	cpuPercent: number;
	/** Each copy's CPU over the window, % of one core. */
	runsPercent: number[];
	/** The largest peak RSS of the copies. */
	peakRssMb: number;
	/** The median of the copies' RSS at the end of the window (what the console holds once running). */
	rssMb: number;
	/** Each copy's RSS at the end of the window. */
	rssRunsMb: number[];
}

export function tmuxAvailable(): boolean {
	return spawnSync('tmux', ['-V']).status === 0;
}

/**
 * Idle CPU and memory of one program, `copies` of it started side by side in tmux (one
 * reading of a shared machine is noisy: the figure is the median of the copies).
 */
export async function benchIdle(
	run: IdleProgram,
	seconds: number,
	warmupSeconds: number,
	copies = 3,
): Promise<IdleResult> {
	const [result] = await benchIdleSideBySide([run], seconds, warmupSeconds, copies);
	return result!;
}

let idleRuns = 0;
let tmuxRuns = 0;

export interface IdleProgram {
	/** Names its tmux sessions: letters, digits and dashes. */
	label: string;
	argv: string[];
}

/**
 * Idle CPU of several programs measured over the same window, their copies started
 * interleaved (A, B, A, B…), so the machine's load weighs on each the same (the A/B runs).
 */
export async function benchIdleSideBySide(
	runs: readonly IdleProgram[],
	seconds: number,
	warmupSeconds: number,
	copies = 3,
): Promise<IdleResult[]> {
	// A tmux server of its own each time: the last one may still be shutting down.
	const socket = `proxdeck-bench-${process.pid}-idle-${++idleRuns}`;
	const home = mkdtempSync(join(tmpdir(), 'proxdeck-bench-home-'));
	const tmux = (...args: string[]): string =>
		execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8', env: cleanEnv(home)});
	const sessions = Array.from({length: copies}, (_, copy) =>
		runs.map((run) => ({run, name: `idle-${run.label}-${copy}`})),
	).flat();
	const pids: number[] = [];
	try {
		for (const {run, name} of sessions) {
			tmux('new-session', '-d', '-s', name, '-x', '200', '-y', '50', `exec ${run.argv.map((a) => `'${a}'`).join(' ')}`);
			pids.push(Number(tmux('display', '-p', '-t', name, '#{pane_pid}').trim()));
		}
		const deadline = Date.now() + 60_000 * runs.length;
		for (const {run, name} of sessions) {
			while (!isFullFrame(tmux('capture-pane', '-p', '-t', name))) {
				if (Date.now() > deadline)
					throw new Error(
						`${run.label}: no full frame in tmux within 60 s:\n${tmux('capture-pane', '-p', '-t', name)}`,
					);
				await sleep(200);
			}
		}
		// Idle is the steady state of a console left open: past start-up, including the first
		// minute in which V8 still compiles the code each refresh runs (see README, Performance).
		await sleep(warmupSeconds * 1000);
		const before = pids.map(cpuSeconds);
		const windowStart = performance.now();
		await sleep(seconds * 1000);
		const elapsed = (performance.now() - windowStart) / 1000;
		const percent = pids.map((pid, i) => round(((cpuSeconds(pid) - before[i]!) / elapsed) * 100, 2));
		const rss = pids.map((pid) => round(statusMb(pid, 'VmRSS'), 1));
		return runs.map((run) => {
			const mine = sessions.map((session, i) => (session.run === run ? i : -1)).filter((i) => i >= 0);
			const runsPercent = mine.map((i) => percent[i]!);
			return {
				guests: run.label,
				seconds: round(elapsed, 1),
				warmupSeconds,
				cpuPercent: round(median(runsPercent), 2),
				runsPercent,
				peakRssMb: round(Math.max(...mine.map((i) => statusMb(pids[i]!, 'VmHWM'))), 1),
				rssMb: round(median(mine.map((i) => rss[i]!)), 1),
				rssRunsMb: mine.map((i) => rss[i]!),
			};
		});
	} finally {
		spawnSync('tmux', ['-L', socket, 'kill-server']);
		await removeHomeOf(pids, home);
	}
}

/**
 * Removes a temporary HOME once the programs that used it are gone: a demo console saves its
 * homelab to the state directory as it exits, and would write into a directory being removed.
 */
async function removeHomeOf(pids: readonly number[], home: string): Promise<void> {
	const alive = (pid: number): boolean => {
		try {
			process.kill(pid, 0);
			return true;
		} catch {
			return false;
		}
	};
	const deadline = Date.now() + 10_000;
	while (pids.some(alive) && Date.now() < deadline) await sleep(100);
	rmSync(home, {recursive: true, force: true, maxRetries: 5, retryDelay: 200});
}

/** Run a program in tmux until it exits by itself; returns what it printed to a file. */
export async function runInTmux(argv: string[], env: Record<string, string>, timeoutMs: number): Promise<void> {
	const socket = `proxdeck-bench-${process.pid}-run-${++tmuxRuns}`;
	const home = mkdtempSync(join(tmpdir(), 'proxdeck-bench-home-'));
	const tmux = (...args: string[]): string =>
		execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8', env: {...cleanEnv(home), ...env}});
	try {
		const exports = Object.entries(env)
			.map(([k, v]) => `${k}='${v}'`)
			.join(' ');
		tmux(
			'new-session',
			'-d',
			'-s',
			'rss',
			'-x',
			'200',
			'-y',
			'50',
			`env ${exports} ${argv.map((a) => `'${a}'`).join(' ')}; tmux -L ${socket} wait-for -S done`,
		);
		const waited = spawn('tmux', ['-L', socket, 'wait-for', 'done'], {stdio: 'ignore'});
		const timer = new Promise<void>((_, reject) =>
			setTimeout(() => reject(new Error(`${argv.join(' ')} did not finish within ${timeoutMs} ms`)), timeoutMs).unref(),
		);
		await Promise.race([new Promise<void>((resolve) => waited.once('exit', () => resolve())), timer]);
	} finally {
		spawnSync('tmux', ['-L', socket, 'kill-server']);
		rmSync(home, {recursive: true, force: true});
	}
}
