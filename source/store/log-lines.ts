/**
 * Turns raw lines from a log stream into LogLines: `journalctl -o json` records (host or
 * guest) and `docker logs -t` lines. Anything unexpected becomes a plain message, never an
 * exception: a log pane must show what arrived.
 */
import type {LogLine} from '../model/snapshot.js';

/** A LogLine plus a sequence number, so list keys stay stable while the ring turns over. */
export interface RenderedLogLine extends LogLine {
	seq: number;
	/** A stack's merged logs: the colour of the container the line came from (containerColor). */
	lane?: number;
}

function journalMessage(value: unknown): string {
	if (typeof value === 'string') return value;
	// journald sends non-UTF-8 or binary messages as an array of byte values.
	if (Array.isArray(value) && value.every((byte) => typeof byte === 'number')) {
		return Buffer.from(value as number[]).toString('utf8');
	}
	return value === undefined || value === null ? '' : String(value);
}

function toNumber(value: unknown): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const n = Number(value);
	return Number.isFinite(n) ? n : undefined;
}

export function parseJournalLine(raw: string): LogLine {
	const text = raw.trim();
	if (!text.startsWith('{')) return {time: null, message: raw};
	let record: Record<string, unknown>;
	try {
		const parsed: unknown = JSON.parse(text);
		if (!parsed || typeof parsed !== 'object') return {time: null, message: raw};
		record = parsed as Record<string, unknown>;
	} catch {
		return {time: null, message: raw};
	}
	const micros = toNumber(record['__REALTIME_TIMESTAMP']);
	const unit = record['SYSLOG_IDENTIFIER'] ?? record['_SYSTEMD_UNIT'] ?? record['UNIT'] ?? record['_COMM'];
	const line: LogLine = {
		time: micros === undefined ? null : Math.floor(micros / 1000),
		message: journalMessage(record['MESSAGE']),
	};
	const priority = toNumber(record['PRIORITY']);
	if (priority !== undefined) line.priority = priority;
	if (typeof unit === 'string') line.unit = unit;
	const pid = toNumber(record['_PID']);
	if (pid !== undefined) line.pid = pid;
	if (typeof record['_HOSTNAME'] === 'string') line.hostname = record['_HOSTNAME'];
	return line;
}

const DOCKER_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))\s(.*)$/;

/** A `docker logs -t` line: an RFC 3339 timestamp, a space, the message. */
export function parseDockerLine(raw: string, stream: 'stdout' | 'stderr'): LogLine {
	const match = DOCKER_TIMESTAMP.exec(raw);
	const line: LogLine = match
		? {time: Date.parse(match[1]!.replace(/\.(\d{3})\d*/, '.$1')) || null, message: match[2]!}
		: {time: null, message: raw};
	// Many images log everything to stderr, so stderr is a notice, not an error.
	if (stream === 'stderr') line.priority = 5;
	return line;
}

/** `docker compose logs --no-color` puts the container's name, padding and ` | ` before each line. */
const COMPOSE_PREFIX = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,127})\s*\| ?(.*)$/;

/**
 * A line of a stack's merged logs: the container it came from becomes the line's unit (shown
 * first and coloured by container, as `docker compose logs` does), the rest is read as a
 * `docker logs -t` line. A line without the prefix is kept whole.
 */
export function parseComposeLogLine(raw: string, stream: 'stdout' | 'stderr'): LogLine {
	const match = COMPOSE_PREFIX.exec(raw);
	if (!match) return parseDockerLine(raw, stream);
	// Added to the parsed line, not spread into a copy (see numbered() in log-session.ts).
	const line = parseDockerLine(match[2]!, stream);
	line.unit = match[1]!;
	return line;
}

/** How many colours containers of a merged log take turns with. */
export const CONTAINER_COLORS = 6;

/** A container's colour, the same on every line and in every view (a hash of its name). */
export function containerColor(name: string): number {
	let hash = 0;
	for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0;
	return hash % CONTAINER_COLORS;
}
