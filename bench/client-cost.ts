/**
 * Client cost per refresh: the CPU time proxdeck's own process spends on one refresh (split
 * the batch output, parse each section, assemble the snapshot, hand it to the store), per
 * guest, at 1,000 and 10,000 guests.
 *
 * The simulated homelab answers a run of refreshes once, through the real collector, and
 * every answer is recorded. A fresh collector then reads the same run from a replaying
 * transport that hands over the recorded output at once, in 32 KB pieces as an SSH channel
 * does, with the new refresh's batch marker put in: the CPU time measured is proxdeck's
 * alone, with no remote work and no waiting. The recorded refreshes differ as a live host's
 * do (metrics move every refresh, Docker hosts are polled in turn), and the fresh collector
 * asks the very same scripts in the same order.
 */
import {createCollector} from '../source/host/collect.js';
import type {Snapshot} from '../source/model/snapshot.js';
import {createSimTransport} from '../source/sim/transport.js';
import {withTrends} from '../source/store/runtime.js';
import type {AppState} from '../source/store/types.js';
import type {ExecOptions, ExecResult, Transport} from '../source/transport/types.js';
import {demoState} from './console-under-test.js';
import {round, sleep, timing, type Timing} from './lib.js';
import type {Row} from './report.js';

export interface ClientCostSize {
	guests: number;
	/** CPU time per refresh per guest, µs (median and min–max over the measured refreshes). */
	perGuestUs: Timing;
	/** CPU time per refresh, ms (median). */
	perRefreshMs: number;
	/**
	 * The longest stretch of CPU time between two turns of the event loop during the measured
	 * refreshes, ms: how long a key pressed then could wait behind the refresh before the
	 * console saw it. CPU time, not wall time, so a busy machine taking the core away in the
	 * middle does not count as proxdeck's.
	 */
	longestStallMs: number;
	/** Bytes of batch output per measured refresh (all nodes' batches). */
	outputBytes: number;
	refreshes: number;
}

export interface ClientCostResult {
	sizes: ClientCostSize[];
}

/** A batch marker: the only part of a refresh's script that changes from one run to the next. */
const MARKER = /\b[0-9a-f]{32}\b/g;
const CHUNK = 32 * 1024;

interface Answer {
	stdout: Buffer;
	/** Where the recorded batch marker stands in stdout: a replay writes its own there. */
	markerAt: number[];
	stderr: string;
	code: number | null;
}

/** Records what the simulated host answered, by script (markers taken out). */
function recording(inner: Transport): {transport: Transport; answers: Map<string, Answer[]>} {
	const answers = new Map<string, Answer[]>();
	const exec = async (command: string, options?: ExecOptions): Promise<ExecResult> => {
		const marker = command.match(MARKER)?.[0];
		const chunks: Buffer[] = [];
		const result = await inner.exec(command, {
			...options,
			sink: {stdout: (chunk) => chunks.push(chunk), stderr: (chunk) => options?.sink?.stderr(chunk)},
		});
		const stdout = Buffer.concat(chunks);
		for (let at = 0; at < stdout.length; at += CHUNK) options?.sink?.stdout(stdout.subarray(at, at + CHUNK));
		const markerAt: number[] = [];
		for (let at = marker ? stdout.indexOf(marker) : -1; at >= 0; at = stdout.indexOf(marker!, at + 1))
			markerAt.push(at);
		const key = command.replace(MARKER, '');
		answers.set(key, [...(answers.get(key) ?? []), {stdout, markerAt, stderr: result.stderr, code: result.code}]);
		return result;
	};
	return {transport: {...inner, exec} as Transport, answers};
}

/** Answers each script with the recorded answers to it, in the order they were recorded. */
function replaying(inner: Transport, answers: Map<string, Answer[]>): Transport & {bytes: number} {
	const served = new Map<string, number>();
	const replay = {...inner, bytes: 0} as Transport & {bytes: number};
	const exec = async (command: string, options?: ExecOptions): Promise<ExecResult> => {
		const key = command.replace(MARKER, '');
		const list = answers.get(key);
		if (!list) throw new Error('the replay was asked a script the recording never saw');
		const n = served.get(key) ?? 0;
		served.set(key, n + 1);
		const answer = list[n % list.length]!;
		const marker = command.match(MARKER)?.[0] ?? '';
		// In place (a marker has a fixed length): copying the output would be the replay's cost, not proxdeck's.
		const {stdout} = answer;
		for (const at of answer.markerAt) stdout.write(marker, at, 'latin1');
		replay.bytes += stdout.length;
		// Handed over as an SSH channel hands it, a window at a time, each on its own turn.
		for (let at = 0; at < stdout.length; at += CHUNK) {
			options?.sink?.stdout(stdout.subarray(at, at + CHUNK));
			await new Promise((resolve) => setImmediate(resolve));
		}
		return {stdout: '', stderr: answer.stderr, code: answer.code, durationMs: 0};
	};
	return Object.assign(replay, {exec});
}

/** The most CPU time (ms) spent between two ticks of a 1 ms timer: the longest the loop was held. */
function stallMeter(): {stop(): number} {
	let last = process.cpuUsage();
	let longest = 0;
	const tick = (): void => {
		const used = process.cpuUsage(last);
		longest = Math.max(longest, (used.user + used.system) / 1000);
		last = process.cpuUsage();
	};
	const timer = setInterval(tick, 1);
	return {
		stop() {
			clearInterval(timer);
			tick();
			return longest;
		},
	};
}

/** Called around the measured refreshes (a profiler started and stopped there sees only proxdeck's work). */
export interface MeasureHooks {
	before?(): Promise<void>;
	after?(guests: number): Promise<void>;
}

async function measureSize(guests: number, refreshes: number, hooks: MeasureHooks): Promise<ClientCostSize> {
	const WARM = 3;
	const sim = createSimTransport({state: demoState(guests), realTime: true});
	const recorder = recording(sim);
	const first = createCollector(recorder.transport, {context: 'bench'});
	for (let i = 0; i < WARM + refreshes; i++) {
		await first.collect();
		await sleep(20); // the simulated clock moves: the next refresh reads other metrics
	}
	const replay = replaying(sim, recorder.answers);
	const collector = createCollector(replay, {context: 'bench'});
	let trends: AppState['trends'] = {};
	let snapshot: Snapshot | null = null;
	const samples: number[] = [];
	let outputBytes = 0;
	let stalls: {stop(): number} | null = null;
	for (let i = 0; i < WARM + refreshes; i++) {
		if (i === WARM) {
			await hooks.before?.();
			stalls = stallMeter();
		}
		if (i === WARM) outputBytes = -replay.bytes;
		const before = process.cpuUsage();
		snapshot = await collector.collect();
		trends = withTrends(trends, snapshot);
		const used = process.cpuUsage(before);
		if (i >= WARM) samples.push((used.user + used.system) / snapshot.guests.length);
	}
	const longestStallMs = stalls!.stop();
	await hooks.after?.(guests);
	outputBytes = (outputBytes + replay.bytes) / refreshes;
	await sim.close();
	const perGuestUs = timing(samples, 2);
	return {
		guests: snapshot?.guests.length ?? guests,
		perGuestUs,
		perRefreshMs: round((perGuestUs.medianMs * (snapshot?.guests.length ?? guests)) / 1000, 1),
		longestStallMs: round(longestStallMs, 1),
		outputBytes,
		refreshes: samples.length,
	};
}

export async function benchClientCost(
	options: {sizes?: number[]; refreshes?: number; hooks?: MeasureHooks} = {},
): Promise<ClientCostResult> {
	const sizes: ClientCostSize[] = [];
	for (const guests of options.sizes ?? [1000, 10_000])
		sizes.push(await measureSize(guests, options.refreshes ?? 5, options.hooks ?? {}));
	return {sizes};
}

export function clientCostRows(result: ClientCostResult | undefined): Row[] {
	if (!result) return [];
	const limit = (guests: number): number => (guests > 20_000 ? 100 : 50);
	return result.sizes.flatMap((size) => [
		{
			figure: `client cost per refresh, ${size.guests.toLocaleString('en')} guests (split, parse, assemble, store)`,
			measured: `${size.perGuestUs.medianMs} µs/guest (${size.perGuestUs.minMs}–${size.perGuestUs.maxMs})`,
			compare: `CPU time in proxdeck's process, ${size.perRefreshMs} ms a refresh of ${Math.round(size.outputBytes / 1024)} KB output; median of ${size.refreshes} refreshes replayed from the simulated host`,
			goal: '≤ 5 µs/guest',
			met: size.perGuestUs.medianMs <= 5 ? 'yes' : 'NO',
		} satisfies Row,
		{
			figure: `longest event-loop stall during a refresh, ${size.guests.toLocaleString('en')} guests`,
			measured: `${size.longestStallMs} ms`,
			compare: `the longest a key can wait behind a refresh before the console sees it (key → frame adds the render); over ${size.refreshes} replayed refreshes`,
			goal: `≤ ${limit(size.guests)} ms`,
			met: size.longestStallMs <= limit(size.guests) ? 'yes' : 'NO',
		} satisfies Row,
	]);
}
