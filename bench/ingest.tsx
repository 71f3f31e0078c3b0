/**
 * Log ingest: the console (200×50, all four panes on screen) receives host journal lines at a
 * fixed offered rate, stepping the rate up. For each rate: the lines per second the logs pane
 * actually took in (split, parsed and stored by the log session), the longest gap between two
 * frames written to the terminal, and the longest event-loop stall. Each rate settles for a
 * moment before its window is measured, and the source falls quiet and the console catches
 * up before the next rate starts, so one rate's backlog is not counted against the next.
 *
 * Two feeds: through a real SSH channel (ingest-ssh.ts, the goal's row), and pushed straight
 * into the log session in this process (below: what the console costs without SSH).
 */
import {monitorEventLoopDelay} from 'node:perf_hooks';
import {createSimTransport} from '../source/sim/transport.js';
import type {StreamHandle, StreamOptions, Transport} from '../source/transport/types.js';
import {mainThreadClock, processCpuUs, stallMeter} from './client-cost-measure.js';
import {median, percentile, round, sleep} from './lib.js';
import {startConsole, waitForData, type ConsoleSetup, type ConsoleUnderTest} from './console-under-test.js';

export interface IngestStep {
	offeredPerSec: number;
	ingestedPerSec: number;
	/** Lines per second the source actually sent over the window, when it counts them. */
	sentPerSec?: number;
	/** Share of the window the source spent waiting for the channel to take lines (%), when it can tell. */
	heldBackPercent?: number;
	maxFrameGapMs: number;
	p95FrameGapMs: number;
	maxLoopStallMs: number;
	/**
	 * The most main-thread CPU time spent between two ticks of a 1 ms timer (ms): the stall that
	 * is proxdeck's own work, where the wall-clock figures also count a busy machine taking the
	 * core away.
	 */
	cpuStallMs: number;
	/** CPU time of the whole process over the step, % of a core (with the in-process feed, its pushing too). */
	cpuPercent: number;
}

export interface IngestResult {
	steps: IngestStep[];
	/** Highest offered rate taken in whole (≥ 98 %) with no frame gap over the limit, every slower rate too. */
	sustainedPerSec: number;
	frameGapLimitMs: number;
	/** Lines the source sent that never reached the log session (known only when the source counts them). */
	lostLines?: number;
}

/** Several sweeps of the same console: the figure is the median sweep's, with the spread beside it. */
export interface IngestRuns {
	over: 'ssh' | 'openssh' | 'in-process';
	runs: IngestResult[];
	sustainedPerSec: number;
	sustainedMinPerSec: number;
	sustainedMaxPerSec: number;
	frameGapLimitMs: number;
	/** Per offered rate, over the sweeps: the median of each figure and the spread of the frame gap. */
	rates: Array<{
		offeredPerSec: number;
		ingestedPerSec: number;
		maxFrameGapMs: number;
		minMaxFrameGapMs: number;
		maxMaxFrameGapMs: number;
		cpuPercent: number;
		cpuStallMs: number;
		/** Lines per second the source sent (median), when it counts them. */
		sentPerSec?: number;
	}>;
	lostLines?: number;
	/** The lines' mean length in bytes, their newline included. */
	lineBytes: number;
}

/** What offers the lines: a rate to hold (0: quiet), and how many it sent in all when it can tell. */
export interface IngestFeed {
	setRate(perSecond: number): void;
	sent(): number | null;
	/** How long the source has waited for the channel to take its lines in all (ms), when it can tell. */
	waitedMs?(): number | null;
}

export const DEFAULT_RATES = [5_000, 20_000, 50_000, 100_000, 200_000];
const SETTLE_MS = 250;

/** A transport that is the simulated homelab for reads, with a log stream this process drives. */
function drivenTransport(pool: readonly string[]): {transport: Transport; feed: IngestFeed; close: () => void} {
	const sim = createSimTransport({realTime: true});
	let listener: StreamOptions | null = null;
	let rate = 0;
	let since = 0;
	let due = 0;
	let sent = 0;
	let cursor = 0;
	// Push every 5 ms, catching up on the wall clock so the offered rate holds.
	const timer = setInterval(() => {
		if (rate === 0) return;
		let count = Math.floor(((performance.now() - since) / 1000) * rate) - due;
		// Lines more than a quarter of a second overdue are skipped, as on the far side of SSH.
		const overdue = count - Math.ceil(rate / 4);
		if (overdue > 0) {
			due += overdue;
			count -= overdue;
		}
		if (count <= 0) return;
		due += count;
		const target = listener;
		if (!target) return;
		for (let i = 0; i < count; i++) target.onLine(pool[cursor++ % pool.length]!, 'stdout');
		sent += count;
	}, 5);
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
	const feed: IngestFeed = {
		setRate(perSecond) {
			rate = perSecond;
			since = performance.now();
			due = 0;
		},
		sent: () => sent,
	};
	return {transport, feed, close: () => clearInterval(timer)};
}

/** The mean length of these lines in bytes, a newline each. */
export function meanBytes(lines: readonly string[]): number {
	return Math.round(lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0) / lines.length);
}

export function journalLines(count: number): string[] {
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

/** What takes the lines in: how many so far, and when each frame was rendered (none for a plain reader). */
export interface IngestSink {
	received(): number;
	renderAt: readonly number[];
}

export function consoleSink(console: ConsoleUnderTest): IngestSink {
	return {received: () => console.store.getState().logs.received, renderAt: console.renderAt};
}

/** Wait until the sink has taken in every line the feed sent (or, when it cannot tell, until lines stop coming). */
async function drained(sink: IngestSink, feed: IngestFeed, timeoutMs = 15_000): Promise<void> {
	const started = performance.now();
	let last = -1;
	let stillSince = performance.now();
	while (performance.now() - started < timeoutMs) {
		await sleep(50);
		const now = sink.received();
		if (now !== last) {
			last = now;
			stillSince = performance.now();
			continue;
		}
		const sent = feed.sent();
		if (performance.now() - stillSince >= 250 && (sent === null || now >= sent)) return;
		// A count from the far side is written every 100 ms: give it time to say the last lines were sent.
		if (performance.now() - stillSince >= 1000) return;
	}
}

/** One sweep of the rates on a console that already shows its data. */
export async function sweepRates(
	sink: IngestSink,
	feed: IngestFeed,
	options: {rates: readonly number[]; seconds: number; frameGapLimitMs: number},
): Promise<IngestResult> {
	const steps: IngestStep[] = [];
	const main = mainThreadClock();
	const receivedAtStart = sink.received();
	const sentAtStart = feed.sent();
	for (const rate of options.rates) {
		feed.setRate(rate);
		await sleep(SETTLE_MS);
		const receivedBefore = sink.received();
		const sentBefore = feed.sent();
		const waitedBefore = feed.waitedMs?.() ?? null;
		const framesFrom = sink.renderAt.length;
		const loop = monitorEventLoopDelay({resolution: 5});
		loop.enable();
		const stalls = stallMeter(main ? main.read : processCpuUs);
		const started = performance.now();
		const cpuBefore = process.cpuUsage();
		await sleep(options.seconds * 1000);
		const elapsed = (performance.now() - started) / 1000;
		const cpu = process.cpuUsage(cpuBefore);
		const ingested = sink.received() - receivedBefore;
		const sentAfter = feed.sent();
		const waitedAfter = feed.waitedMs?.() ?? null;
		loop.disable();
		const cpuStallMs = stalls.stop();
		feed.setRate(0);
		// The window's edges count as frames: a window with one frame or none is one long gap, not none.
		const ended = started + elapsed * 1000;
		const frames = [started, ...sink.renderAt.slice(framesFrom).filter((t) => t > started && t <= ended), ended];
		const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
		steps.push({
			offeredPerSec: rate,
			ingestedPerSec: Math.round(ingested / elapsed),
			...(sentBefore === null || sentAfter === null
				? {}
				: {sentPerSec: Math.round((sentAfter - sentBefore) / elapsed)}),
			...(waitedBefore === null || waitedAfter === null
				? {}
				: {heldBackPercent: round((waitedAfter - waitedBefore) / elapsed / 10)}),
			maxFrameGapMs: round(Math.max(0, ...gaps)),
			p95FrameGapMs: round(percentile(gaps, 95)),
			maxLoopStallMs: round(loop.max / 1e6),
			cpuStallMs: round(cpuStallMs),
			cpuPercent: round((cpu.user + cpu.system) / 1e4 / elapsed),
		});
		await drained(sink, feed);
	}
	main?.close();
	const sentAtEnd = feed.sent();
	const lost =
		sentAtStart === null || sentAtEnd === null
			? undefined
			: Math.max(0, sentAtEnd - sentAtStart - (sink.received() - receivedAtStart));
	return {
		steps,
		sustainedPerSec: sustainedRate(steps, options.frameGapLimitMs),
		frameGapLimitMs: options.frameGapLimitMs,
		...(lost === undefined ? {} : {lostLines: lost}),
	};
}

/** The sweeps of one console, folded into the row's figures. */
export function foldRuns(
	over: IngestRuns['over'],
	runs: IngestResult[],
	frameGapLimitMs: number,
	lineBytes: number,
): IngestRuns {
	const sustained = runs.map((r) => r.sustainedPerSec);
	const rates = runs[0]!.steps.map((step, i) => {
		const gaps = runs.map((r) => r.steps[i]!.maxFrameGapMs);
		const sent = runs.map((r) => r.steps[i]!.sentPerSec).filter((n): n is number => n !== undefined);
		return {
			offeredPerSec: step.offeredPerSec,
			ingestedPerSec: Math.round(median(runs.map((r) => r.steps[i]!.ingestedPerSec))),
			maxFrameGapMs: round(median(gaps)),
			minMaxFrameGapMs: Math.min(...gaps),
			maxMaxFrameGapMs: Math.max(...gaps),
			cpuPercent: round(median(runs.map((r) => r.steps[i]!.cpuPercent))),
			cpuStallMs: round(median(runs.map((r) => r.steps[i]!.cpuStallMs))),
			...(sent.length > 0 ? {sentPerSec: Math.round(median(sent))} : {}),
		};
	});
	const lost = runs.map((r) => r.lostLines).filter((n): n is number => n !== undefined);
	return {
		over,
		runs,
		sustainedPerSec: median(sustained),
		sustainedMinPerSec: Math.min(...sustained),
		sustainedMaxPerSec: Math.max(...sustained),
		frameGapLimitMs,
		lineBytes,
		rates,
		...(lost.length > 0 ? {lostLines: lost.reduce((a, b) => a + b, 0)} : {}),
	};
}

export interface IngestOptions {
	rates?: number[];
	secondsPerRate?: number;
	frameGapLimitMs?: number;
	renderOptions?: ConsoleSetup['renderOptions'];
}

/** Start a console on this transport, wait for its first full frame, run `measure`, stop it. */
export async function withConsole<T>(
	transport: Transport,
	options: IngestOptions,
	measure: (console: ConsoleUnderTest) => Promise<T>,
): Promise<T> {
	const console = await startConsole({
		guests: 0,
		transport,
		...(options.renderOptions ? {renderOptions: options.renderOptions} : {}),
	});
	try {
		await waitForData(console);
		await sleep(500);
		return await measure(console);
	} finally {
		await console.stop();
	}
}

export function sweepOptions(options: IngestOptions): Parameters<typeof sweepRates>[2] {
	return {
		rates: options.rates ?? DEFAULT_RATES,
		seconds: options.secondsPerRate ?? 3,
		frameGapLimitMs: options.frameGapLimitMs ?? 50,
	};
}

/** One sweep with lines pushed straight into the log session in this process (no SSH, no line splitting). */
export async function inProcessSweep(
	options: IngestOptions,
	pool: readonly string[] = journalLines(4096),
): Promise<IngestResult> {
	const {transport, feed, close} = drivenTransport(pool);
	try {
		return await withConsole(transport, options, (console) =>
			sweepRates(consoleSink(console), feed, sweepOptions(options)),
		);
	} finally {
		close();
	}
}

/** One in-process sweep (the A/B comparison's figure). */
export function benchIngest(options: IngestOptions = {}): Promise<IngestResult> {
	return inProcessSweep(options);
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
