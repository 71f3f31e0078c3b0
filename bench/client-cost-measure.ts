/**
 * The measuring half of the client cost benchmark (client-cost.ts says what it measures). It
 * is bundled with the product's own build settings before it runs, so the code measured is
 * the code users run, not the same sources through a TypeScript loader (which wraps every
 * function it defines in a naming helper, a cost the shipped bundle does not have).
 */
import {closeSync, openSync, readSync} from 'node:fs';
import {createCollector} from '../source/host/collect.js';
import type {Snapshot} from '../source/model/snapshot.js';
import {createSimTransport} from '../source/sim/transport.js';
import {withTrends} from '../source/store/runtime.js';
import type {AppState} from '../source/store/types.js';
import type {ExecOptions, ExecResult, Transport} from '../source/transport/types.js';
import {demoState} from './demo-state.js';

/** One measured size: CPU microseconds per refresh (whole process and main thread) and the longest stall. */
export interface ClientCostSample {
	guests: number;
	/** CPU time of the whole process per refresh (µs): the main thread and V8's helper threads. */
	processUs: number[];
	/** CPU time of the main thread alone per refresh (µs), when the system says (Linux); else empty. */
	mainUs: number[];
	/** The longest stretch of main-thread CPU time between two turns of the event loop (ms). */
	longestStallMs: number;
	outputBytes: number;
}

/** Called around the measured refreshes (a profiler started and stopped there sees only proxdeck's work). */
export interface MeasureHooks {
	before?(): Promise<void>;
	after?(guests: number): Promise<void>;
}

/** A batch marker: the only part of a refresh's script that changes from one run to the next. */
const MARKER = /\b[0-9a-f]{32}\b/g;
const MARKER_SET = 'pd_mark=';

/**
 * The script without its marker, and the marker. The script sets its marker once, near its
 * start: found there, the replay costs one short search instead of a regular expression run
 * over the whole script, work that would be counted as proxdeck's.
 */
function unmarked(command: string): {key: string; marker: string} {
	const at = command.indexOf(MARKER_SET);
	if (at >= 0) {
		const from = at + MARKER_SET.length;
		const end = command.indexOf('\n', from);
		const to = end < 0 ? command.length : end;
		const marker = command.slice(from, to);
		if (/^[0-9a-f]{32}$/.test(marker)) return {key: command.slice(0, from) + command.slice(to), marker};
	}
	return {key: command.replace(MARKER, ''), marker: command.match(MARKER)?.[0] ?? ''};
}
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
		const {key, marker} = unmarked(command);
		const chunks: Buffer[] = [];
		const result = await inner.exec(command, {
			...options,
			sink: {stdout: (chunk) => chunks.push(chunk), stderr: (chunk) => options?.sink?.stderr(chunk)},
		});
		const stdout = Buffer.concat(chunks);
		for (let at = 0; at < stdout.length; at += CHUNK) options?.sink?.stdout(stdout.subarray(at, at + CHUNK));
		const markerAt: number[] = [];
		for (let at = marker ? stdout.indexOf(marker) : -1; at >= 0; at = stdout.indexOf(marker, at + 1)) markerAt.push(at);
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
		const {key, marker} = unmarked(command);
		const list = answers.get(key);
		if (!list) throw new Error('the replay was asked a script the recording never saw');
		const n = served.get(key) ?? 0;
		served.set(key, n + 1);
		const answer = list[n % list.length]!;
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

/**
 * The main thread's CPU time (µs), from the scheduler's own account of it: V8 marks and
 * sweeps on helper threads while the main thread runs on, and that work holds no key back.
 * Null where the system does not say (then the whole process's time stands in).
 */
export function mainThreadClock(): {read(): number; close(): void} | null {
	let fd: number;
	try {
		fd = openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
	} catch {
		return null;
	}
	const buffer = Buffer.alloc(128);
	return {
		read() {
			const length = readSync(fd, buffer, 0, buffer.length, 0);
			return Number(buffer.toString('latin1', 0, length).split(' ')[0]) / 1000;
		},
		close: () => closeSync(fd),
	};
}

export function processCpuUs(): number {
	const used = process.cpuUsage();
	return used.user + used.system;
}

/**
 * The most main-thread CPU time (ms) spent between two ticks of a 1 ms timer: the longest
 * the loop was held. CPU time, not wall time, so a busy machine taking the core away in the
 * middle does not count as proxdeck's.
 */
export function stallMeter(clock: () => number): {stop(): number} {
	let last = clock();
	let longest = 0;
	const tick = (): void => {
		const at = clock();
		longest = Math.max(longest, (at - last) / 1000);
		last = at;
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

export async function measureClientCost(
	guests: number,
	refreshes: number,
	hooks: MeasureHooks = {},
): Promise<ClientCostSample> {
	const WARM = 3;
	const sim = createSimTransport({state: demoState(guests), realTime: true});
	const recorder = recording(sim);
	// The replay runs on the recording's clock: a probe's answer holds while the guest's start,
	// reckoned from its uptime and the clock, stays the same, and a large recording takes minutes.
	let offset = 0;
	const now = (): number => Date.now() + offset;
	const startedAt: number[] = [];
	const first = createCollector(recorder.transport, {context: 'bench', now});
	for (let i = 0; i < WARM + refreshes; i++) {
		startedAt.push(Date.now());
		await first.collect();
		await new Promise((resolve) => setTimeout(resolve, 20)); // the simulated clock moves: the next refresh reads other metrics
	}
	const replay = replaying(sim, recorder.answers);
	const collector = createCollector(replay, {context: 'bench', now});
	const main = mainThreadClock();
	let trends: AppState['trends'] = {};
	let snapshot: Snapshot | null = null;
	const processUs: number[] = [];
	const mainUs: number[] = [];
	let outputBytes = 0;
	let stalls: {stop(): number} | null = null;
	for (let i = 0; i < WARM + refreshes; i++) {
		if (i === WARM) {
			await hooks.before?.();
			stalls = stallMeter(main ? main.read : processCpuUs);
			outputBytes = -replay.bytes;
		}
		offset = startedAt[i]! - Date.now();
		const beforeProcess = processCpuUs();
		const beforeMain = main?.read() ?? 0;
		snapshot = await collector.collect();
		trends = withTrends(trends, snapshot);
		if (i < WARM) continue;
		processUs.push(processCpuUs() - beforeProcess);
		if (main) mainUs.push(main.read() - beforeMain);
	}
	const longestStallMs = stalls!.stop();
	await hooks.after?.(guests);
	main?.close();
	await sim.close();
	return {
		guests: snapshot?.guests.length ?? guests,
		processUs,
		mainUs,
		longestStallMs,
		outputBytes: (outputBytes + replay.bytes) / refreshes,
	};
}
