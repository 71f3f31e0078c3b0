/**
 * `--once` without `--json`: the snapshot as compact tables (a header line, then one line per
 * row, columns two spaces apart, as kubectl and `docker ps` print them), rendered to a string
 * once. Fitted to the width it is given: a terminal's, or unlimited in a pipe, so `grep` and
 * `awk` see whole cells. When a table is too wide its long columns give up characters first,
 * then its rightmost columns are left out (and the title says which), so the short columns
 * and the names that tell rows apart stay whole.
 * No colour when stdout is not a terminal (the caller decides), no raw mode, no input, no Ink.
 */
import type {ReportTable, Row} from '../source/report/rows.js';
import {visibleText} from '../source/text/visible.js';
import {fit} from './widgets/format.js';

const GAP = 2;

function visibleRow(row: Row): Row {
	return Object.fromEntries(
		Object.entries(row).map(([key, cell]) => [visibleText(key, {tabWidth: 4}), visibleText(cell, {tabWidth: 4})]),
	);
}

/** What a table keeps at a width: each column's width, and the columns left out (rightmost first). */
export interface TableFit {
	widths: number[];
	hidden: string[];
}

/**
 * Fit columns in `width`: short columns (10 or less) stay whole, long ones give up characters
 * widest first down to their heading (8 at least), the first two (the id and name that tell
 * rows apart) down to 16. When even that is too wide the rightmost columns are left out.
 */
export function fitColumns(headers: readonly string[], natural: readonly number[], width: number): TableFit {
	const floors = natural.map((n, i) =>
		i < 2 ? Math.min(n, 16) : n <= 10 ? n : Math.min(n, Math.max(headers[i]!.length, 8)),
	);
	const lineWidth = (widths: readonly number[]): number =>
		widths.reduce((sum, w) => sum + w, 0) + GAP * Math.max(0, widths.length - 1);
	let keep = natural.length;
	while (keep > 2 && lineWidth(floors.slice(0, keep)) > width) keep--;
	const widths = natural.slice(0, keep);
	while (lineWidth(widths) > width) {
		let widest = -1;
		for (const [i, w] of widths.entries()) if (w > floors[i]! && (widest < 0 || w > widths[widest]!)) widest = i;
		if (widest < 0) break;
		widths[widest]!--;
	}
	return {widths, hidden: headers.slice(keep)};
}

/** A table's lines: the heading, then its rows, each cell padded or cut to its column. */
export function tableLines(rows: readonly Row[], width: number): {lines: string[]; hidden: string[]} {
	const clean = rows.map(visibleRow);
	const headers = Object.keys(clean[0] ?? {});
	const natural = headers.map((h) => Math.max(h.length, ...clean.map((row) => (row[h] ?? '').length)));
	const {widths, hidden} = fitColumns(headers, natural, width);
	const line = (cells: readonly string[]): string =>
		widths
			.map((w, i) => fit(cells[i] ?? '', w))
			.join(' '.repeat(GAP))
			.trimEnd();
	return {lines: [line(headers), ...clean.map((row) => line(headers.map((h) => row[h] ?? '')))], hidden};
}

/** Bold and dim as SGR sequences, or nothing when the output takes no styling. */
function styles(styled: boolean): {bold: (text: string) => string; dim: (text: string) => string} {
	if (!styled) return {bold: (text) => text, dim: (text) => text};
	return {bold: (text) => `\u001B[1m${text}\u001B[22m`, dim: (text) => `\u001B[2m${text}\u001B[22m`};
}

/**
 * The report for a terminal `columns` wide; null is a pipe: lines as long as their cells.
 * Plain text written line by line: a one-shot print needs no layout engine, and the path
 * that prints it never loads Ink. `styled` adds bold headings and dim notes for a terminal.
 */
export function renderOnceReport(
	heading: string,
	tables: ReportTable[],
	columns: number | null,
	styled = false,
): string {
	const width = columns ?? Number.MAX_SAFE_INTEGER;
	const {bold, dim} = styles(styled);
	// Headings and notes hold remote text too (a node's name, a context's label).
	const cut = (text: string): string => fit(text, Math.min(text.length, width));
	const out = [bold(cut(visibleText(heading, {tabWidth: 4})))];
	for (const t of tables) {
		const {lines, hidden} = tableLines(t.rows, width);
		const title = visibleText(`${t.title} (${t.rows.length})`, {tabWidth: 4});
		// A column left out is said, never silently missing.
		const note =
			hidden.length > 0 ? `  ${hidden.join(', ')} left out at ${width} columns (wider, or piped, shows them)` : '';
		const titleLine = cut(title + note);
		out.push(
			'',
			bold(titleLine.slice(0, title.length)) +
				(titleLine.length > title.length ? dim(titleLine.slice(title.length)) : ''),
		);
		if (t.rows.length === 0) out.push(dim('none'));
		else out.push(...lines.map((line, i) => (i === 0 ? bold(cut(line)) : cut(line))));
	}
	return out.join('\n');
}
