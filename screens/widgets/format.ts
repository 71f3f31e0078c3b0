/**
 * Pure formatting helpers for the screens: sizes, percentages, ages, fixed-width cells,
 * capacity bars and sparklines, each with an ASCII fallback. No React, no side effects.
 */

// One formatter for sizes, percentages and durations across the console, the tables and the CLI.
export {
	formatBytes,
	formatCapacity,
	formatDedup,
	formatDuration,
	formatPercent,
	plural,
} from '../../source/model/format.js';

/** An age for people: "12s ago", "3m ago", "never". */
export function formatAge(seconds: number | null): string {
	if (seconds === null || !Number.isFinite(seconds)) return 'never';
	if (seconds < 1) return 'just now';
	if (seconds < 60) return `${Math.floor(seconds)}s ago`;
	if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
	if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ago`;
	return `${Math.floor(seconds / 86_400)}d ago`;
}

/** Cut or pad to exactly `width` characters (an ellipsis marks a cut). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left', ascii = false): string {
	if (width <= 0) return '';
	if (text.length > width) {
		if (width === 1) return text.slice(0, 1);
		return text.slice(0, width - 1) + (ascii ? '~' : '…');
	}
	return align === 'right' ? text.padStart(width) : text.padEnd(width);
}

/** A capacity bar of `width` cells: "█████░░░░░" or "#####....." in ASCII. */
export function bar(fraction: number, width: number, ascii = false): string {
	const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
	const filled = Math.round(f * width);
	return (ascii ? '#' : '█').repeat(filled) + (ascii ? '.' : '░').repeat(Math.max(0, width - filled));
}

const SPARK = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const SPARK_ASCII = ['_', '.', '-', '-', '=', '=', '+', '#'];

/** The last `width` values as a sparkline scaled between their min and max. */
export function sparkline(values: readonly number[], width: number, ascii = false): string {
	const glyphs = ascii ? SPARK_ASCII : SPARK;
	const tail = values.slice(-width);
	if (tail.length === 0) return '';
	const min = Math.min(...tail);
	const max = Math.max(...tail);
	const span = max - min;
	return tail.map((v) => glyphs[span === 0 ? 0 : Math.min(7, Math.floor(((v - min) / span) * 8))]).join('');
}

/**
 * The first visible index of a windowed list: keeps the previous window while the cursor
 * stays inside it (no jumping), scrolls just enough when it leaves, never past the end.
 */
export function windowStart(previous: number, cursor: number, height: number, count: number): number {
	const maxStart = Math.max(0, count - height);
	let start = Math.min(previous, maxStart);
	if (cursor < start) start = cursor;
	else if (cursor >= start + height) start = cursor - height + 1;
	return Math.max(0, Math.min(start, maxStart));
}

/** "×" or "x" between dimensions. */
export function times(ascii: boolean): string {
	return ascii ? 'x' : '×';
}

/**
 * Text broken at spaces into lines of at most `width` characters (a word longer than a line
 * is cut across lines), at most `maxLines` of them: when it needs more, the last line ends
 * with `ellipsis`, so a cut is never silent.
 */
export function wrapWords(text: string, width: number, maxLines: number, ellipsis = '…'): string[] {
	const w = Math.max(1, width);
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		let rest = word;
		if (line !== '' && line.length + 1 + rest.length <= w) {
			line += ` ${rest}`;
			continue;
		}
		if (line !== '') lines.push(line);
		while (rest.length > w) {
			lines.push(rest.slice(0, w));
			rest = rest.slice(w);
		}
		line = rest;
	}
	if (line !== '') lines.push(line);
	if (lines.length <= maxLines) return lines;
	const kept = lines.slice(0, Math.max(1, maxLines));
	const last = kept.length - 1;
	kept[last] = `${kept[last]!.slice(0, w - ellipsis.length)}${ellipsis}`;
	return kept;
}

/** A piece of a line kept or dropped whole when the line is narrow. */
export interface FitPart {
	text: string;
	/** Lower = kept longer when the line is narrow. */
	priority: number;
}

/** The parts that fit in `width` (`gap` spaces between parts), chosen by priority, in their original order. */
export function fitParts<P extends FitPart>(parts: readonly P[], width: number, gap = 1): P[] {
	const kept = new Set<P>();
	let used = 0;
	for (const part of [...parts].sort((a, b) => a.priority - b.priority)) {
		const cost = part.text.length + (kept.size === 0 ? 0 : gap);
		if (part.text === '' || used + cost > width) continue;
		kept.add(part);
		used += cost;
	}
	return parts.filter((part) => kept.has(part));
}
