/**
 * Log ingest: the console (demo homelab, 200×50, all four panes on screen) receives host
 * journal lines at a fixed offered rate for a few seconds, stepping the rate up. For each
 * rate: the lines per second the logs pane actually took in, the longest gap between two
 * frames written to the terminal, and the longest event-loop stall. The lines are real
 * `journalctl -o json` records (made by the simulated host once, up front, so generating
 * them costs nothing during the measurement).
 */
import {monitorEventLoopDelay} from 'node:perf_hooks';
import {createSimTransport} from '../source/sim/transport.js';
import type {StreamHandle, StreamOptions, Transport} from '../source/transport/types.js';
import {percentile, round, sleep} from './lib.js';
import {startConsole, waitForData, type ConsoleSetup} from './console-under-test.js';

export interface IngestStep {
	offeredPerSec: number;
	ingestedPerSec: number;
	maxFrameGapMs: number;
	p95FrameGapMs: number;
	maxLoopStallMs: number;
	/** CPU time of the whole process (console and the driver pushing lines) over the step, % of a core. */
	cpuPercent: number;
}

export interface IngestResult {
	steps: IngestStep[];
	/** Highest offered rate taken in whole (≥ 98 %) with no frame gap over the limit, every slower rate too. */
	sustainedPerSec: number;
	frameGapLimitMs: number;
}

/** A transport that is the simulated homelab for reads, with a log stream the benchmark drives. */
function drivenTransport(): {transport: Transport; push: (lines: readonly string[]) => void} {
	const sim = createSimTransport({realTime: true});
	let listener: StreamOptions | null = null;
	const transport: Transport = {
		kind: 'sim',
		label: sim.label,
		exec: (command, options) => sim.exec(command, options),
		stream(_command, options): StreamHandle {
			listener = options;
			return {stop: () => (listener = null), done: new Promise(() => {})};
		},
		state: () => sim.state(),
		onStateChange: (l) => sim.onStateChange(l),
		stats: () => sim.stats(),
		close: () => sim.close(),
	};
	return {
		transport,
		push(lines) {
			const target = listener;
			if (target) for (const line of lines) target.onLine(line, 'stdout');
		},
	};
}

function journalLines(count: number): string[] {
	const units = ['pveproxy', 'pvedaemon', 'pvestatd', 'kernel', 'systemd', 'zed', 'cron'];
	const out: string[] = [];
	const base = Date.now() * 1000;
	for (let i = 0; i < count; i++) {
		const unit = units[i % units.length]!;
		out.push(
			JSON.stringify({
				__REALTIME_TIMESTAMP: String(base + i * 200),
				PRIORITY: String(i % 17 === 0 ? 3 : 6),
				SYSLOG_IDENTIFIER: unit,
				_PID: String(1000 + (i % 300)),
				_SYSTEMD_UNIT: `${unit}.service`,
				_HOSTNAME: 'pve',
				MESSAGE: `worker ${i % 97} finished request ${i} for root@pam in ${(i % 50) / 10}s (status 200, ${i % 4096} bytes)`,
			}),
		);
	}
	return out;
}

export async function benchIngest(
	options: {
		rates?: number[];
		secondsPerRate?: number;
		frameGapLimitMs?: number;
		renderOptions?: ConsoleSetup['renderOptions'];
	} = {},
): Promise<IngestResult> {
	const rates = options.rates ?? [5_000, 20_000, 50_000, 100_000, 200_000];
	const seconds = options.secondsPerRate ?? 3;
	const limit = options.frameGapLimitMs ?? 50;
	const {transport, push} = drivenTransport();
	const console = await startConsole({
		guests: 0,
		transport,
		...(options.renderOptions ? {renderOptions: options.renderOptions} : {}),
	});
	const pool = journalLines(4096);
	const steps: IngestStep[] = [];
	try {
		await waitForData(console);
		await sleep(500);
		for (const rate of rates) {
			const receivedBefore = console.store.getState().logs.received;
			const framesFrom = console.renderAt.length;
			const loop = monitorEventLoopDelay({resolution: 5});
			loop.enable();
			const started = performance.now();
			const cpuBefore = process.cpuUsage();
			let sent = 0;
			let cursor = 0;
			// Push in 5 ms slices, catching up on the wall clock so the offered rate holds.
			while (performance.now() - started < seconds * 1000) {
				const due = Math.floor(((performance.now() - started) / 1000) * rate) - sent;
				if (due > 0) {
					const batch: string[] = [];
					for (let i = 0; i < due; i++) batch.push(pool[cursor++ % pool.length]!);
					push(batch);
					sent += due;
				}
				await sleep(5);
			}
			const elapsed = (performance.now() - started) / 1000;
			const cpu = process.cpuUsage(cpuBefore);
			await sleep(120); // the last flush
			loop.disable();
			const frames = console.renderAt.slice(framesFrom).filter((t) => t <= started + elapsed * 1000 + 100);
			const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
			const received = console.store.getState().logs.received - receivedBefore;
			steps.push({
				offeredPerSec: rate,
				ingestedPerSec: Math.round(received / elapsed),
				maxFrameGapMs: round(Math.max(0, ...gaps)),
				p95FrameGapMs: round(percentile(gaps, 95)),
				maxLoopStallMs: round(loop.max / 1e6),
				cpuPercent: round((cpu.user + cpu.system) / 1e4 / elapsed),
			});
			await sleep(300);
		}
	} finally {
		await console.stop();
	}
	return {steps, sustainedPerSec: sustainedRate(steps, limit), frameGapLimitMs: limit};
}

/**
 * The highest offered rate at which that step and every slower one passed: a rate that
 * passes above one that failed is luck, not a rate the console sustains.
 */
export function sustainedRate(steps: readonly IngestStep[], frameGapLimitMs: number): number {
	let sustained = 0;
	for (const step of [...steps].sort((a, b) => a.offeredPerSec - b.offeredPerSec)) {
		if (step.ingestedPerSec < step.offeredPerSec * 0.98 || step.maxFrameGapMs > frameGapLimitMs) break;
		sustained = step.offeredPerSec;
	}
	return sustained;
}
