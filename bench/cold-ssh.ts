/**
 * Cold start over SSH, against the sshd test host, at the demo's size and at 1,040 guests,
 * two ways side by side in the same run, alternating:
 *   proxdeck  the built file, `proxdeck --host <test host> --once --json`: a new process, a new
 *             connection (key exchange, host key check, login), the first refresh with the
 *             privilege probe in its prelude, the snapshot printed, the connection closed, the
 *             process gone.
 *   OpenSSH   `ssh` on a fresh connection (no ControlMaster) running the very scripts that
 *             proxdeck's first refresh sends (recorded from proxdeck's own transport), one
 *             after the other in one session, output thrown away: no parsing at all.
 * Both are timed from spawn to exit. Beside them, the live console (`proxdeck --host <test host>`)
 * from spawn to its first full frame in a real terminal, against the same OpenSSH time.
 * The 1,040 guests are on the test host's one node (see ssh-homelab.ts).
 */
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {loadavg} from 'node:os';
import {join} from 'node:path';
import {MAX_REFRESH_DEADLINE_MS} from '../source/store/poller.js';
import {createCollector} from '../source/host/collect.js';
import {startFirstRefresh} from '../source/host/first-refresh.js';
import {createNodeRouter} from '../source/host/node-router.js';
import type {Transport} from '../source/transport/types.js';
import {shebangFlags} from '../scripts/shebang-flags.mjs';
import {connectTestHost} from '../test/host/connect.js';
import {sshdUnavailableReason} from '../test/host/gate.js';
import {startTestHost, type TestHost} from '../test/host/harness.js';
import {serveGuests} from './ssh-homelab.js';
import {cleanEnv, isFullFrame, nodeArgv} from './tty-runs.js';
import {sleep} from './lib.js';
import {median, round, timing, type Timing} from './lib.js';
import {sshArgs} from './refresh.js';
import type {Row} from './report.js';

export interface ColdSshSize {
	guests: number;
	proxdeck: Timing;
	/** The live console, spawn to its first full frame over SSH. */
	firstFrame: Timing;
	openssh: Timing;
	/** proxdeck.medianMs / openssh.medianMs */
	ratio: number;
	/** firstFrame.medianMs / openssh.medianMs */
	frameRatio: number;
	/** Execs of proxdeck's first refresh (the probe rides in the first): what OpenSSH runs in one session. */
	scripts: number;
	/** 1-minute load average when the size was measured. */
	loadAverage: number;
}

export type ColdSshResult = {skipped: string} | {sizes: ColdSshSize[]};

/** Spawn to exit, in ms; fails unless `check` accepts the exit code and the output. */
function timed(
	argv: readonly string[],
	env: NodeJS.ProcessEnv,
	check: (stdout: string, code: number | null) => boolean,
): Promise<number> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(argv[0]!, argv.slice(1), {env, stdio: ['ignore', 'pipe', 'pipe']});
		const out: Buffer[] = [];
		let err = '';
		child.stdout.on('data', (d: Buffer) => out.push(d));
		child.stderr.on('data', (d: Buffer) => (err += d.toString()));
		child.once('error', reject);
		child.once('exit', (code) => {
			const ms = performance.now() - started;
			child.once('close', () => {
				if (check(Buffer.concat(out).toString(), code)) resolve(ms);
				else reject(new Error(`${argv[0]} exited ${code}: ${err.trim().slice(0, 400)}`));
			});
		});
	});
}

let tmuxRuns = 0;

/**
 * Spawn to the first full frame of the live console, in ms, in tmux at 200×50: its screen is
 * read every 25 ms. (Under `script`, as the demo's cold start, only the first frame is whole:
 * Ink then rewrites just the rows that changed, and over SSH the data comes after the first.)
 */
async function firstFrameInTmux(argv: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<number> {
	const socket = `proxdeck-bench-${process.pid}-cold-${++tmuxRuns}`;
	const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8', env});
	try {
		const started = performance.now();
		tmux('new-session', '-d', '-s', 'cold', '-x', '200', '-y', '50', `exec ${argv.map((a) => `'${a}'`).join(' ')}`);
		for (;;) {
			const screen = tmux('capture-pane', '-p', '-t', 'cold');
			if (isFullFrame(screen)) return performance.now() - started;
			if (performance.now() - started > timeoutMs)
				throw new Error(`no full frame within ${timeoutMs / 1000} s:\n${screen}`);
			await sleep(25);
		}
	} finally {
		spawnSync('tmux', ['-L', socket, 'kill-server']);
	}
}

/** What proxdeck sends on a cold start: the first refresh's batches (the first with the probe), in order. */
async function firstRefreshScripts(host: TestHost): Promise<string[]> {
	const ssh = await connectTestHost(host);
	try {
		const scripts: string[] = [];
		// The connection itself with exec noted: the router and the collector call nothing else on it.
		const recording: Transport = Object.create(ssh) as Transport;
		recording.exec = (command, options) => {
			scripts.push(command);
			return ssh.exec(command, options);
		};
		// As a cold start opens it: the privilege not known yet, found out by the first batch.
		const nodes = createNodeRouter(recording, {sudo: 'probe'});
		const collector = createCollector(nodes, {context: host.alias, timeoutMs: MAX_REFRESH_DEADLINE_MS});
		await startFirstRefresh(collector, nodes);
		await collector.collect();
		return scripts;
	} finally {
		await ssh.close();
	}
}

async function measureSize(host: TestHost, dist: string, runs: number): Promise<ColdSshSize> {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		HOME: host.home,
		USER: 'root',
		XDG_CONFIG_HOME: join(host.dir, 'xdg-config'),
		XDG_STATE_HOME: join(host.dir, 'xdg-state'),
	};
	const scripts = await firstRefreshScripts(host);
	let guests = 0;
	const proxdeckArgv = [process.execPath, ...shebangFlags(dist), dist, '--host', host.alias, '--once', '--json'];
	const proxdeckRun = (): Promise<number> =>
		timed(proxdeckArgv, env, (stdout, code) => {
			guests = code === 0 ? (JSON.parse(stdout) as {guests: unknown[]}).guests.length : 0;
			return guests > 0;
		});
	// The session's exit code is its last section's; done means every section that began also
	// ended (a background section's begin and end are printed by a shell function, so the
	// script's text does not tell how many there are), none of them cut off by a dropped link.
	const everySectionEnded = (stdout: string): boolean => {
		const ids = (kind: 'B' | 'E'): Set<string> =>
			new Set([...stdout.matchAll(new RegExp(`PD[0-9a-f]{32} ${kind} ([a-z0-9-]+)`, 'g'))].map((m) => m[1]!));
		const begun = ids('B');
		const ended = ids('E');
		return begun.size > 0 && [...begun].every((id) => ended.has(id));
	};
	const opensshRun = (): Promise<number> =>
		timed(
			['ssh', ...sshArgs(host), scripts.join('\n')],
			env,
			(stdout, code) => code !== 255 && everySectionEnded(stdout),
		);
	const consoleArgv = [...nodeArgv(dist), '--host', host.alias];
	const consoleEnv = {...cleanEnv(join(host.dir, 'console-home')), HOME: host.home, USER: 'root'};
	// A busy test host is slow to answer: the frame is waited for as long as the console would.
	const frameRun = (): Promise<number> => firstFrameInTmux(consoleArgv, consoleEnv, 120_000);
	// One of each first: the page cache, sshd and the sim's files warm for all alike.
	await proxdeckRun();
	await opensshRun();
	await frameRun();
	const ours: number[] = [];
	const frames: number[] = [];
	const theirs: number[] = [];
	const ways: Array<() => Promise<void>> = [
		async () => void ours.push(await proxdeckRun()),
		async () => void theirs.push(await opensshRun()),
		async () => void frames.push(await frameRun()),
	];
	for (let i = 0; i < runs; i++) {
		// Rotate which goes first, so none always runs right after the same other.
		for (let k = 0; k < ways.length; k++) await ways[(i + k) % ways.length]!();
	}
	return {
		guests,
		proxdeck: timing(ours),
		firstFrame: timing(frames),
		openssh: timing(theirs),
		ratio: round(median(ours) / median(theirs), 2),
		frameRatio: round(median(frames) / median(theirs), 2),
		scripts: scripts.length,
		loadAverage: round(loadavg()[0]!, 2),
	};
}

export async function benchColdSsh(dist: string, options: {runs?: number} = {}): Promise<ColdSshResult> {
	const reason = sshdUnavailableReason();
	if (reason) return {skipped: reason};
	const host = await startTestHost();
	try {
		const runs = options.runs ?? 7;
		const small = await measureSize(host, dist, runs);
		// The same host, now serving 1,000 more guests (50 Docker hosts) on its one node.
		serveGuests(host, 1000);
		const large = await measureSize(host, dist, runs);
		return {sizes: [small, large]};
	} finally {
		await host.close();
	}
}

/** The table's rows for this benchmark. */
export function coldSshRows(result: ColdSshResult | undefined): Row[] {
	if (!result) return [];
	if ('skipped' in result)
		return [{figure: 'cold start over SSH', measured: `skipped: ${result.skipped}`, compare: '', goal: '', met: '—'}];
	return result.sizes.flatMap((size) => {
		const openssh = `OpenSSH, fresh connection, same ${size.scripts} scripts in one session, ${size.openssh.medianMs} ms (${size.openssh.minMs}–${size.openssh.maxMs})`;
		const rest = `median of ${size.proxdeck.runsMs.length}, alternating; the privilege probe rides in the first batch; load ${size.loadAverage}`;
		return [
			{
				figure: `cold start over SSH, ${size.guests} guests: --once --json`,
				measured: `${size.proxdeck.medianMs} ms (${size.proxdeck.minMs}–${size.proxdeck.maxMs})`,
				compare: `${openssh}, ×${size.ratio}; ${rest}`,
				goal: '≤ 1.15× OpenSSH',
				met: size.ratio <= 1.15 ? 'yes' : 'NO',
			},
			{
				figure: `cold start over SSH, ${size.guests} guests: first full frame`,
				measured: `${size.firstFrame.medianMs} ms (${size.firstFrame.minMs}–${size.firstFrame.maxMs})`,
				compare: `${openssh}, ×${size.frameRatio}; the live console in tmux at 200×50, its screen read every 25 ms; ${rest}`,
				goal: '≤ 1.25× OpenSSH',
				met: size.frameRatio <= 1.25 ? 'yes' : 'NO',
			},
		];
	});
}
