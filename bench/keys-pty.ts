/**
 * Key → frame through a real pseudo-terminal, at cluster scale: the built program
 * (dist/proxdeck.mjs) runs under `script` (which gives it a pty) connected to the sshd test
 * host serving a simulated homelab of 1,000, 10,000 or 30,000 guests from the far side, as a
 * real host would (its work in the host's processes, not proxdeck's), and `j` is written to
 * the terminal while refreshes run. For each press: the time from writing the key until the
 * terminal receives the first frame whose selection cursor (`›`) stands on another row than
 * before. Everything a user would wait for counts: the pty, Ink's input parsing, the store,
 * the render and the write back.
 *
 * Without sshd the demo is measured instead; its simulated host answers inside proxdeck's
 * process, so its own work competes with the keys as it would not on a real host, and the
 * row says so.
 */
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {renderPveTree} from '../source/sim/pve-tree.js';
import {writeState} from '../source/sim/state-file.js';
import {sshdUnavailableReason} from '../test/host/gate.js';
import {startTestHost, type TestHost} from '../test/host/harness.js';
import {demoState} from './console-under-test.js';
import {consoleOver} from './idle-ssh.js';
import {percentile, plain, round, sleep} from './lib.js';
import type {Row} from './report.js';
import {cleanEnv, isFullFrame, nodeArgv} from './tty-runs.js';

export interface PtyKeySize {
	guests: number;
	/** Where the simulated host ran: on the far side of SSH, or inside the demo's process. */
	over: 'ssh' | 'demo';
	presses: number;
	p50Ms: number;
	p99Ms: number;
	maxMs: number;
	/** Presses whose frame never came within the wait (counted as failures, not latencies). */
	missed: number;
}

export interface PtyKeyResult {
	sizes: PtyKeySize[];
}

const BEGIN_SYNC = '\u001B[?2026h';
const END_SYNC = '\u001B[?2026l';

/** The label on the row the cursor stands on, in the first pane that shows a cursor. */
function cursorLabel(frame: string): string | null {
	const match = /›\s*([^\s│]+)/.exec(plain(frame));
	return match ? match[1]! : null;
}

/** A console under `script`: complete frames as they arrive, and a way to type. */
function startInPty(argv: string[], env: NodeJS.ProcessEnv) {
	const command = `stty rows 50 cols 200; exec ${argv.map((a) => `'${a}'`).join(' ')}`;
	const child = spawn('script', ['-qfec', command, '/dev/null'], {
		env,
		detached: true,
		stdio: ['pipe', 'pipe', 'ignore'],
	});
	let pending = '';
	let onFrame: ((frame: string, at: number) => void) | null = null;
	// Ink rewrites only the rows that changed: a frame is the whole screen only at first, so
	// what the screen shows is kept from every frame that says it.
	let sawFullFrame = false;
	let cursor: string | null = null;
	let latest = '';
	child.stdout.on('data', (chunk: Buffer) => {
		const at = performance.now();
		pending += chunk.toString('utf8');
		for (;;) {
			const end = pending.indexOf(END_SYNC);
			if (end === -1) break;
			const begin = pending.lastIndexOf(BEGIN_SYNC, end);
			const frame = begin === -1 ? '' : pending.slice(begin, end);
			pending = pending.slice(end + END_SYNC.length);
			if (frame === '') continue;
			if (!sawFullFrame && isFullFrame(plain(frame))) sawFullFrame = true;
			cursor = cursorLabel(frame) ?? cursor;
			latest = frame;
			onFrame?.(frame, at);
		}
	});
	return {
		sawFullFrame: () => sawFullFrame,
		cursor: () => cursor,
		/** The first lines of the latest frame (the header and status), for a failure's message. */
		latestTop: () => plain(latest).split('\n').slice(0, 3).join(' ').replace(/\s+/g, ' '),
		onFrame(listener: ((frame: string, at: number) => void) | null) {
			onFrame = listener;
		},
		type(key: string) {
			child.stdin.write(key);
		},
		stop() {
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				// already gone
			}
		},
	};
}

async function waitFor(predicate: () => boolean, timeoutMs: number, what: string, shown: () => string): Promise<void> {
	const deadline = performance.now() + timeoutMs;
	while (!predicate()) {
		if (performance.now() > deadline)
			throw new Error(`no ${what} within ${timeoutMs / 1000} s; the screen: ${shown()}`);
		await sleep(20);
	}
}

async function measureSize(dist: string, guests: number, presses: number, host: TestHost | null): Promise<PtyKeySize> {
	const home = mkdtempSync(join(tmpdir(), 'proxdeck-bench-home-'));
	let argv = [...nodeArgv(dist), '--demo', '--demo-scale', String(guests)];
	if (host) {
		const state = demoState(guests);
		writeState(host.sim!.stateFile, state);
		renderPveTree(state, host.sim!.pveDir);
		argv = consoleOver(host, dist, String(guests)).argv;
	}
	const pty = startInPty(argv, cleanEnv(home));
	try {
		// Large demos take a while to generate and answer their first refresh.
		await waitFor(() => pty.sawFullFrame(), 180_000, 'full frame', pty.latestTop);
		await sleep(5000); // past the first refreshes: the steady state, refreshes running
		const latencies: number[] = [];
		let missed = 0;
		for (let i = 0; i < presses; i++) {
			const before = pty.cursor();
			const latency = await new Promise<number>((resolve) => {
				const started = performance.now();
				const timer = setTimeout(() => resolve(Number.NaN), 5000);
				pty.onFrame((frame, at) => {
					const label = cursorLabel(frame);
					if (label !== null && label !== before) {
						clearTimeout(timer);
						resolve(at - started);
					}
				});
				pty.type('j');
			});
			pty.onFrame(null);
			if (Number.isNaN(latency)) missed++;
			else latencies.push(latency);
			// Irregular gaps so presses land anywhere in a refresh, not locked to its cadence.
			await sleep(60 + Math.floor(Math.random() * 140));
		}
		return {
			guests,
			over: host ? 'ssh' : 'demo',
			presses,
			p50Ms: round(percentile(latencies, 50)),
			p99Ms: round(percentile(latencies, 99)),
			maxMs: round(Math.max(...latencies)),
			missed,
		};
	} finally {
		pty.stop();
		rmSync(home, {recursive: true, force: true});
	}
}

export async function benchPtyKeys(
	dist: string,
	options: {sizes?: number[]; presses?: number} = {},
): Promise<PtyKeyResult> {
	const sizes: PtyKeySize[] = [];
	const host = sshdUnavailableReason() ? null : await startTestHost();
	try {
		for (const guests of options.sizes ?? [1000, 10_000, 30_000])
			sizes.push(await measureSize(dist, guests, options.presses ?? 100, host));
	} finally {
		await host?.close();
	}
	return {sizes};
}

export function ptyKeyRows(result: PtyKeyResult | undefined): Row[] {
	if (!result) return [];
	return result.sizes.map((size) => {
		const maxGoal = size.guests > 20_000 ? 100 : 50;
		const p99Goal = size.guests > 20_000 ? null : 16;
		const met = size.missed === 0 && size.maxMs <= maxGoal && (p99Goal === null || size.p99Ms <= p99Goal);
		return {
			figure: `key → frame through a pty, ${size.guests.toLocaleString('en')} guests, refreshes running`,
			measured: `p50 ${size.p50Ms} ms, p99 ${size.p99Ms} ms, max ${size.maxMs} ms${size.missed ? `, ${size.missed} presses never drew` : ''}`,
			goal: p99Goal === null ? `max ≤ ${maxGoal} ms` : `p99 ≤ ${p99Goal} ms, max ≤ ${maxGoal} ms`,
			met: met ? 'yes' : 'NO',
			compare:
				size.over === 'ssh'
					? `${size.presses} presses of j in the built program under \`script\`, connected to the sshd test host serving the simulated homelab from its side`
					: `${size.presses} presses of j in the built program under \`script\` (--demo --demo-scale ${size.guests}; no sshd here): the simulated host answers in the same process, a cost a real host keeps on its side`,
		} satisfies Row;
	});
}
