/**
 * Log sources: the host journal, a guest's journal, a container's logs. Line k of a source has
 * a fixed time and text (log-messages.ts), so `-n N` is "the last N lines due by now" and a
 * follow is "the lines that became due since the cursor". Lines for things the sim did
 * (starts, clones, restarts) come from state.events and are merged in.
 */
import {hash01} from './prng.js';
import {containerLine, guestLine, hostLine, LSIO_CRASH} from './log-messages.js';
import {isRootfsFull, scanNow} from './metrics.js';
import {nodePools} from './nodes.js';
import type {LogText, SimContainer, SimGuest, SimState} from './types.js';

export interface SimLogLine extends LogText {
	/** Milliseconds since the epoch (fractional: journald keeps microseconds). */
	time: number;
	/** Journal sequence number (for cursors). */
	seq: number;
	hostname: string;
}

export interface LogCursor {
	k: number;
	eventSeq: number;
}

export interface LogSource {
	target: string;
	hostname: string;
	timeOf(k: number): number;
	lineOf(k: number): LogText;
	/** Largest k due at `now` (-1: none yet). */
	kAt(now: number): number;
}

/** Most lines one poll delivers; a stream that fell far behind skips ahead like journald's rate limit would. */
const MAX_BATCH = 20_000;

function evenSource(
	target: string,
	hostname: string,
	epoch: number,
	perSecond: number,
	line: (k: number) => LogText,
): LogSource {
	const interval = 1000 / perSecond;
	const timeOf = (k: number): number => epoch + (k + 0.9 * hash01(target, k)) * interval;
	return {
		target,
		hostname,
		timeOf,
		lineOf: line,
		kAt(now) {
			let k = Math.floor((now - epoch) / interval);
			while (k >= 0 && timeOf(k) > now) k -= 1;
			return k;
		},
	};
}

/**
 * Where a node's own journal lines are kept among the sim's events: `host` for the first node
 * (a standalone host's only one), `host:<node>` for each other node of a cluster.
 */
export function hostTarget(state: SimState, node: string): string {
	return node === state.nodes[0]?.name ? 'host' : `host:${node}`;
}

/** A node's journal: what its pools are doing (scrubs, a degraded disk) and what ran there. */
export function hostJournalSource(state: SimState, now: number, node = state.localNode): LogSource {
	const pools = nodePools(state, node);
	const scrubbing = pools.find((p) => scanNow(p, now)?.inProgress)?.name;
	const degraded = state.faults.degradedPool?.pool;
	const faults = {degradedPool: pools.some((p) => p.name === degraded) ? degraded : undefined, scrubbing};
	return evenSource(hostTarget(state, node), node, state.createdAt - 86_400_000, state.logRate ?? 0.5, (k) =>
		hostLine(k, node, faults),
	);
}

export function guestJournalSource(state: SimState, guest: SimGuest): LogSource {
	const epoch = Math.min(guest.bootAt ?? state.createdAt, state.createdAt - 3_600_000);
	const service = guest.services[0]?.name ?? guest.name;
	const full = isRootfsFull(state, guest.vmid);
	return evenSource(`guest:${guest.vmid}`, guest.name, epoch, state.logRate ?? (full ? 1 : 0.3), (k) =>
		guestLine(k, guest.vmid, service, full),
	);
}

export function containerLogSource(state: SimState, guest: SimGuest, ctr: SimContainer): LogSource {
	const target = `ctr:${guest.vmid}:${ctr.name}`;
	if (ctr.state === 'restarting' && ctr.logKind === 'lsio-s6' && state.logRate === undefined) {
		const period = (ctr.restartPeriodSec ?? 60) * 1000;
		const step = 150;
		const size = LSIO_CRASH.length;
		// Sub-millisecond jitter: real timestamps are never round.
		const timeOf = (k: number): number =>
			ctr.startedAt + Math.floor(k / size) * period + (k % size) * step + hash01(target, k) * 0.9;
		return {
			target,
			hostname: guest.name,
			timeOf,
			lineOf: (k) => ({...LSIO_CRASH[k % size]!, ident: ctr.name}),
			kAt(now) {
				if (now < ctr.startedAt) return -1;
				const cycle = Math.floor((now - ctr.startedAt) / period);
				const within = now - ctr.startedAt - cycle * period;
				let k = cycle * size + Math.min(size - 1, Math.floor(within / step));
				while (k >= 0 && timeOf(k) > now) k -= 1;
				return k;
			},
		};
	}
	const perSecond = state.logRate ?? 0.5;
	return evenSource(target, guest.name, ctr.startedAt, perSecond, (k) =>
		ctr.state === 'restarting'
			? {...LSIO_CRASH[k % LSIO_CRASH.length]!, ident: ctr.name}
			: containerLine(k, ctr.name, ctr.logKind),
	);
}

function generated(source: LogSource, from: number, to: number): SimLogLine[] {
	const lines: SimLogLine[] = [];
	for (let k = Math.max(0, from); k <= to; k++)
		lines.push({...source.lineOf(k), time: source.timeOf(k), seq: 1_000_000 + k, hostname: source.hostname});
	return lines;
}

function eventLines(state: SimState, source: LogSource, after: number, now: number): SimLogLine[] {
	return state.events
		.filter((e) => e.target === source.target && e.seq > after && e.time <= now)
		.map((e) => ({
			ident: e.ident,
			unit: e.unit,
			pid: e.pid,
			priority: e.priority,
			message: e.message,
			stderr: e.stderr,
			time: e.time,
			seq: 900_000_000 + e.seq,
			hostname: source.hostname,
		}));
}

/** The last `n` lines due at `now`, and a cursor to follow from. */
export function tailLines(
	state: SimState,
	source: LogSource,
	now: number,
	n: number,
): {lines: SimLogLine[]; cursor: LogCursor} {
	const kNow = source.kAt(now);
	const lines = [...generated(source, kNow - n + 1, kNow), ...eventLines(state, source, 0, now)].sort(
		(a, b) => a.time - b.time,
	);
	const eventSeq = state.events.filter((e) => e.time <= now).reduce((max, e) => Math.max(max, e.seq), 0);
	return {lines: n === 0 ? [] : lines.slice(-n), cursor: {k: kNow, eventSeq}};
}

/** Lines that became due after the cursor. */
export function linesSince(
	state: SimState,
	source: LogSource,
	now: number,
	cursor: LogCursor,
): {lines: SimLogLine[]; cursor: LogCursor} {
	const kNow = source.kAt(now);
	const from = Math.max(cursor.k + 1, kNow - MAX_BATCH + 1);
	const events = eventLines(state, source, cursor.eventSeq, now);
	const lines = [...generated(source, from, kNow), ...events].sort((a, b) => a.time - b.time);
	const eventSeq = Math.max(cursor.eventSeq, ...state.events.filter((e) => e.time <= now).map((e) => e.seq));
	return {lines, cursor: {k: Math.max(cursor.k, kNow), eventSeq}};
}
