/**
 * Log lines: `journalctl -o json` (one object per line, streamed with `-f`), `journalctl -o
 * short-iso`, and `docker logs -t`. Streams are parsed a line at a time (parseJournalLine,
 * parseDockerLogLine), so nothing here throws or needs the whole text.
 */
import type {LogLine} from '../../model/snapshot.js';
import {isRecord} from './json.js';
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {toInteger} from './units.js';

export const JOURNAL_JSON_COMMAND = 'journalctl -o json';
export const JOURNAL_SHORT_ISO_COMMAND = 'journalctl -o short-iso';

const utf8 = new TextDecoder('utf-8');

/**
 * A journal field: a string; an array of bytes when the value is not valid UTF-8 or has control
 * characters (journalctl's JSON encoding); null when too large; an array of values when the field
 * was given several times (the first is used).
 */
function fieldText(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (Array.isArray(value)) {
		if (
			value.length > 0 &&
			value.every((byte) => typeof byte === 'number' && Number.isInteger(byte) && byte >= 0 && byte <= 255)
		) {
			return utf8.decode(Uint8Array.from(value as number[]));
		}
		return value.length > 0 ? fieldText(value[0]) : undefined;
	}
	return undefined;
}

/** One `journalctl -o json` line, or null when it is not a journal entry (no throw). */
export function parseJournalLine(line: string): LogLine | null {
	const trimmed = line.trim();
	if (!trimmed.startsWith('{')) return null;
	let entry: unknown;
	try {
		entry = JSON.parse(trimmed);
	} catch {
		return null;
	}
	if (!isRecord(entry) || (!('MESSAGE' in entry) && !('__REALTIME_TIMESTAMP' in entry))) return null;
	const micros = toInteger(fieldText(entry['__REALTIME_TIMESTAMP']));
	const priority = toInteger(fieldText(entry['PRIORITY']));
	// PID 1 logs about other units with UNIT=<that unit>; everything else has _SYSTEMD_UNIT.
	const unit =
		fieldText(entry['UNIT']) ??
		fieldText(entry['_SYSTEMD_UNIT']) ??
		fieldText(entry['SYSLOG_IDENTIFIER']) ??
		fieldText(entry['_COMM']);
	const pid = toInteger(fieldText(entry['_PID']) ?? fieldText(entry['SYSLOG_PID']));
	const hostname = fieldText(entry['_HOSTNAME']);
	return {
		time: micros === null ? null : Math.floor(micros / 1000),
		...(priority !== null && priority <= 7 ? {priority} : {}),
		...(unit === undefined ? {} : {unit}),
		...(pid === null ? {} : {pid}),
		...(hostname === undefined ? {} : {hostname}),
		message: fieldText(entry['MESSAGE']) ?? '',
	};
}

/** journalctl's own marker lines (`-- No entries --`, `-- Boot 1a2b... --`). */
function isMarker(line: string): boolean {
	return /^-- .* --$/.test(line.trim()) || /^-- (?:Logs|Journal) begin/.test(line.trim());
}

/**
 * Bad lines are skipped with a warning; the text fails only when no line was usable. Empty output
 * is an empty list: journalctl prints nothing at all when no entry matches.
 */
export function parseJournalJson(text: string): ParseResult<LogLine[]> {
	return parseLines(JOURNAL_JSON_COMMAND, text, parseJournalLine);
}

function parseLines(
	command: string,
	text: string,
	parseLine: (line: string) => LogLine | null,
): ParseResult<LogLine[]> {
	return guardParse(command, () => {
		const lines: LogLine[] = [];
		const warnings: string[] = [];
		let bad = 0;
		for (const [index, rawLine] of text.split('\n').entries()) {
			if (rawLine.trim() === '' || isMarker(rawLine)) continue;
			const line = parseLine(rawLine);
			if (line === null) {
				bad += 1;
				if (warnings.length < 20) warnings.push(`line ${index + 1} is not a log entry`);
			} else lines.push(line);
		}
		if (lines.length === 0 && bad > 0) return parseFailure(command, 'no line of the output is a log entry');
		if (bad > 20) warnings.push(`${bad - 20} more unreadable lines`);
		return parsed(lines, warnings);
	});
}

/** ISO time as journalctl and docker print it -> epoch ms. `+0200` (systemd < 255) becomes `+02:00`. */
function isoToMillis(text: string): number | null {
	const normalised = text
		.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
		// Date.parse accepts milliseconds; docker prints nanoseconds.
		.replace(/(\.\d{3})\d+/, '$1');
	const millis = Date.parse(normalised);
	return Number.isNaN(millis) ? null : millis;
}

const SHORT_ISO_LINE =
	/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s+(\S+)\s+([^\s[]+?)(?:\[(\d+)\])?:\s?(.*)$/;

function parseShortIsoLine(line: string): LogLine | null {
	const match = SHORT_ISO_LINE.exec(line.replace(/\r$/, ''));
	if (!match) return null;
	const [, time = '', hostname = '', identifier = '', pidText, message = ''] = match;
	const pid = toInteger(pidText);
	return {
		time: isoToMillis(time.replace(',', '.')),
		unit: identifier,
		...(pid === null ? {} : {pid}),
		hostname,
		message,
	};
}

/** `journalctl -o short-iso`: `2023-09-08T17:20:30+0200 host ident[pid]: message`. */
export function parseJournalShortIso(text: string): ParseResult<LogLine[]> {
	return parseLines(JOURNAL_SHORT_ISO_COMMAND, text, parseShortIsoLine);
}

/**
 * One `docker logs -t` line: an RFC3339Nano timestamp, a space, the message. A line without the
 * prefix (logs read without `-t`) is kept whole with no time.
 */
export function parseDockerLogLine(line: string): LogLine {
	const clean = line.replace(/\r?\n$/, '').replace(/\r$/, '');
	const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) ?(.*)$/s.exec(clean);
	if (!match) return {time: null, message: clean};
	const time = isoToMillis(match[1] ?? '');
	return time === null ? {time: null, message: clean} : {time, message: match[2] ?? ''};
}
