/**
 * One live log stream at a time (latest wins, like lazydocker's tasks): starting a source
 * stops the previous stream, and lines from a stopped stream are ignored. Each source lives on
 * a node (a node's own journal, a guest's on the guest's node): the node router streams it
 * from there. Lines are parsed,
 * batched and flushed into the ring every FLUSH_MS (25 ms), so a chatty stream causes at most
 * 40 store updates a second; the pending batch is bounded too, and what it drops is counted.
 */
import type {LogLine} from '../model/snapshot.js';
import type {StreamHandle} from '../transport/types.js';
import {containerLogs, guestJournal, hostJournal} from '../host/commands.js';
import type {HostCommand} from '../host/host-command.js';
import type {NodeRouter} from '../host/node-router.js';
import {stackLogStream} from '../ops/docker-commands.js';
import {
	containerColor,
	parseComposeLogLine,
	parseDockerLine,
	parseJournalLine,
	type RenderedLogLine,
} from './log-lines.js';
import type {LogRing} from './ring.js';

/**
 * What the logs pane streams: a node's journal (absent node: the connected one), a guest's
 * journal, or a container's logs; guests' sources carry the node the guest lives on.
 */
export type LogSource =
	| {kind: 'host'; node?: string; context?: string}
	| {kind: 'guest'; vmid: number; name: string; node: string; context?: string}
	| {kind: 'container'; vmid: number; container: string; node: string; context?: string}
	| {kind: 'stack'; vmid: number; stack: string; node: string; context?: string};

/**
 * Under the 50 ms frame-gap budget (README: Performance): a flush is scheduled by the first
 * line after the previous one, so the gap between frames is this, plus the wait for that
 * line, plus one render (measured 48 ms at 5,000 lines/s with 25; 68 ms with 40).
 */
export const FLUSH_MS = 25;
/** Lines asked for when a stream starts (the backlog). */
export const BACKLOG_LINES = 200;
/**
 * Characters of log text the ring holds at most, whatever the line count: lines are capped
 * at 64K characters by the transports, and 5,000 of those would be 640 MB.
 */
export const LOG_TEXT_BUDGET = 16 * 1024 * 1024;

export interface LogFlush {
	received: number;
	/** Lines no longer held: pushed out of the ring or dropped before a flush. */
	dropped: number;
	status: string;
}

export interface LogSession {
	start(source: LogSource, guestType?: 'lxc' | 'qemu'): void;
	stop(): void;
	clear(): void;
}

export function logCommand(source: LogSource): HostCommand {
	switch (source.kind) {
		case 'host':
			return {argv: hostJournal(BACKLOG_LINES), root: false, ...(source.node ? {node: source.node} : {})};
		case 'guest':
			return {argv: guestJournal(source.vmid, BACKLOG_LINES), root: true, node: source.node};
		case 'container':
			return {argv: containerLogs(source.vmid, source.container, BACKLOG_LINES), root: true, node: source.node};
		case 'stack':
			// compose's --tail counts per container: a stack starts with about the backlog in all.
			return stackLogStream(source, source.stack, Math.ceil(BACKLOG_LINES / 4), true);
	}
}

export function describeSource(source: LogSource): string {
	const on = source.context === undefined ? '' : `${source.context}: `;
	switch (source.kind) {
		case 'host':
			return `${on}${source.node ? `journal of node ${source.node}` : 'host journal'}`;
		case 'guest':
			return `${on}journal of ${source.vmid} ${source.name}`;
		case 'container':
			return `${on}docker logs ${source.container} (in ${source.vmid})`;
		case 'stack':
			return `${on}docker compose logs ${source.stack} (in ${source.vmid})`;
	}
}

/**
 * The parsed line itself, numbered: not a copy made by spreading it (`{...line, seq}`), which
 * V8 gives a hidden class of its own per object (a copy's shape is not shared, so adding `seq`
 * makes a new one each time): 420 bytes a line instead of 155, for every line the ring holds.
 */
function numbered(line: LogLine, seq: number): RenderedLogLine {
	return Object.assign(line, {seq});
}

export function createLogSession(
	nodes: NodeRouter,
	ring: LogRing<RenderedLogLine>,
	onFlush: (flush: LogFlush) => void,
	flushMs = FLUSH_MS,
): LogSession {
	let handle: StreamHandle | null = null;
	let generation = 0;
	let pending: RenderedLogLine[] = [];
	let timer: ReturnType<typeof setTimeout> | null = null;
	let seq = 0;
	let received = 0;
	let droppedPending = 0;
	let status = 'idle';

	const report = (): void => onFlush({received, dropped: ring.evicted + droppedPending, status});

	const flush = (): void => {
		timer = null;
		if (pending.length > 0) {
			ring.pushAll(pending);
			pending = [];
		}
		report();
	};

	const enqueue = (line: RenderedLogLine): void => {
		received++;
		pending.push(line);
		// A stream faster than the screen can drain: keep only what the ring could hold.
		if (pending.length > ring.capacity) {
			pending.shift();
			droppedPending++;
		}
		timer ??= setTimeout(flush, flushMs);
	};

	const stop = (): void => {
		generation++;
		handle?.stop();
		handle = null;
		if (timer) clearTimeout(timer);
		timer = null;
		pending = [];
	};

	return {
		start(source, guestType) {
			stop();
			ring.clear();
			received = 0;
			droppedPending = 0;
			if (source.kind !== 'host' && guestType === 'qemu') {
				status = 'no journal for a VM: pct exec reaches containers only';
				report();
				return;
			}
			const mine = ++generation;
			status = `streaming ${describeSource(source)}`;
			report();
			const isDocker = source.kind === 'container';
			const isStack = source.kind === 'stack';
			try {
				handle = nodes.stream(logCommand(source), {
					onLine: (raw, stream) => {
						if (mine !== generation) return;
						if (isStack) {
							const line = numbered(parseComposeLogLine(raw, stream), seq++);
							if (line.unit !== undefined) line.lane = containerColor(line.unit);
							return enqueue(line);
						}
						const parsed = isDocker
							? parseDockerLine(raw, stream)
							: stream === 'stderr'
								? {time: null, priority: 3, message: raw}
								: parseJournalLine(raw);
						enqueue(numbered(parsed, seq++));
					},
					onEnd: (result) => {
						if (mine !== generation) return;
						status = `stream ended${result.code === null ? '' : ` (exit ${result.code})`}${result.reason ? `: ${result.reason}` : ''}`;
						flush();
					},
				});
			} catch (error) {
				status = `cannot stream: ${error instanceof Error ? error.message : String(error)}`;
				report();
			}
		},
		stop() {
			stop();
			status = 'stopped';
		},
		clear() {
			ring.clear();
			pending = [];
			droppedPending = 0;
			report();
		},
	};
}
