/**
 * The logs pane: the current source's lines from the ring buffer, following the end or
 * scrolled, wrapped or truncated, with timestamps, priority colours and a `/` filter whose
 * matches are highlighted. The title shows the source, toggles and the dropped-lines count.
 */
import React, {useEffect, useMemo} from 'react';
import {Text} from './widgets/text.js';
import {compileFilter, type CompiledFilter} from '../source/store/filter.js';
import {describeSource} from '../source/store/log-session.js';
import type {RenderedLogLine} from '../source/store/log-lines.js';
import {useAppState, useAppStore, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {priorityColor, type Theme} from './widgets/theme.js';

function clock(ms: number | null): string {
	if (ms === null) return '--:--:--';
	const d = new Date(ms);
	return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}`;
}

export function logLineText(line: RenderedLogLine, timestamps: boolean): {prefix: string; message: string} {
	const time = timestamps ? `${clock(line.time)} ` : '';
	const unit = line.unit ? `${line.unit}${line.pid === undefined ? '' : `[${line.pid}]`}: ` : '';
	return {prefix: time + unit, message: line.message.replace(/\t/g, '    ').replace(/[\r\n]+/g, ' ')};
}

/** Message split into plain and matching parts (matches shown inverse). */
function highlight(text: string, filter: CompiledFilter): {text: string; match: boolean}[] {
	if (!filter.regex || filter.inverted) return [{text, match: false}];
	const global = new RegExp(filter.regex.source, 'gi');
	const parts: {text: string; match: boolean}[] = [];
	let last = 0;
	for (const m of text.matchAll(global)) {
		if (m[0] === '') break;
		if (m.index > last) parts.push({text: text.slice(last, m.index), match: false});
		parts.push({text: m[0], match: true});
		last = m.index + m[0].length;
	}
	if (last < text.length) parts.push({text: text.slice(last), match: false});
	return parts;
}

interface Row {
	key: string;
	line: RenderedLogLine;
	prefix: string;
	text: string;
}

/** Cut a line into rows of `width` characters (wrap on) or one truncated row (wrap off). */
function rowsOf(line: RenderedLogLine, timestamps: boolean, wrap: boolean, width: number): Row[] {
	const {prefix, message} = logLineText(line, timestamps);
	if (!wrap || width <= prefix.length + 4) return [{key: `${line.seq}`, line, prefix, text: message}];
	const room = width - prefix.length;
	const rows: Row[] = [];
	for (let at = 0; at < message.length || at === 0; at += room) {
		rows.push({
			key: `${line.seq}:${at}`,
			line,
			prefix: at === 0 ? prefix : ' '.repeat(prefix.length),
			text: message.slice(at, at + room),
		});
		if (message.length === 0) break;
	}
	return rows;
}

interface LogRowProps {
	row: Row;
	theme: Theme;
	filter: CompiledFilter;
}

/** Rows are rebuilt on every flush; a row showing the same line the same way is not redrawn. */
function sameLogRow(a: LogRowProps, b: LogRowProps): boolean {
	return (
		a.row.line === b.row.line &&
		a.row.prefix === b.row.prefix &&
		a.row.text === b.row.text &&
		a.theme === b.theme &&
		a.filter === b.filter
	);
}

/** A stack's containers' colours, in containerColor's order (as the CLI's `stack logs` colours them). */
const LANES = ['cyan', 'yellow', 'green', 'magenta', 'blue', 'red'] as const;

const LogRow = React.memo(function LogRow({row, theme, filter}: LogRowProps): React.ReactNode {
	const color = priorityColor(theme, row.line.priority);
	const lane = row.line.lane === undefined ? undefined : LANES[row.line.lane];
	return (
		<Text wrap="truncate-end" color={color} bold={row.line.priority !== undefined && row.line.priority <= 2}>
			{lane ? <Text color={theme.c(lane)}>{row.prefix}</Text> : <Text dimColor>{row.prefix}</Text>}
			{highlight(row.text, filter).map((part, i) => (
				<Text key={i} inverse={part.match} color={part.match ? theme.c('yellow') : undefined}>
					{part.text}
				</Text>
			))}
		</Text>
	);
}, sameLogRow);

/** The lines the pane shows, read by index (a live ring, or a filtered copy of it). */
interface LineView {
	length: number;
	at(index: number): RenderedLogLine | undefined;
}

export function LogsPane({width, height, focused}: {width: number; height: number; focused: boolean}): React.ReactNode {
	const theme = useTheme();
	const store = useAppStore();
	const logs = useAppState((s) => s.logs);
	const ring = useAppState((s) => s.logRing);
	const cursor = useAppState((s) => s.cursors.logs);
	const filtering = useAppState((s) => {
		const top = s.modals.at(-1);
		return top?.kind === 'filter' && top.target === 'logs';
	});
	const filter = useMemo(() => compileFilter(logs.filter), [logs.filter]);
	// The ring is mutable; its revision says when to read it again. Unfiltered, the pane reads
	// the few rows it shows straight from the ring instead of copying 5,000 lines per flush.
	const lines = useMemo<LineView>(() => {
		if (!filter.active) return {length: ring.size, at: (i) => ring.at(i)};
		const kept = ring.toArray().filter((line) => filter.test(`${line.unit ?? ''} ${line.message}`));
		return {length: kept.length, at: (i) => kept[i]};
		// eslint-disable-next-line react-hooks/exhaustive-deps -- the ring mutates in place; its revision is what changes
	}, [ring, logs.revision, filter]);
	const listHeight = Math.max(1, height - 3);
	const innerWidth = width - 2;
	const rows: Row[] = [];
	// While following: the first line shown whole, reported so that pausing keeps this view.
	let followTop: number | undefined;
	if (logs.follow) {
		// Fill from the end backwards until the pane is full.
		let first = lines.length;
		for (let i = lines.length - 1; i >= 0 && rows.length < listHeight; i--) {
			const lineRows = rowsOf(lines.at(i)!, logs.timestamps, logs.wrap, innerWidth);
			rows.unshift(...lineRows);
			first = i;
		}
		followTop = rows.length > listHeight ? first + 1 : first;
		rows.splice(0, Math.max(0, rows.length - listHeight));
	} else {
		// A pause may start past the last page (wrapped lines take several rows): only the end bounds it.
		const top = Math.max(0, Math.min(cursor, lines.length - 1));
		for (let i = top; i < lines.length && rows.length < listHeight; i++)
			rows.push(...rowsOf(lines.at(i)!, logs.timestamps, logs.wrap, innerWidth));
		rows.splice(listHeight);
	}
	useEffect(
		() =>
			store.getState().setExtent('logs', {
				count: lines.length,
				page: listHeight,
				...(followTop === undefined ? {} : {top: followTop}),
			}),
		[store, lines.length, listHeight, followTop],
	);
	const flags = [
		logs.follow ? 'follow' : 'paused',
		logs.wrap ? 'wrap' : '',
		logs.followSelection ? 'tracks selection' : '',
	]
		.filter(Boolean)
		.join(' ');
	const title = (
		<Text>
			<Text color={theme.c('cyan')}>4 Logs</Text>
			{` ${describeSource(logs.source)} [${flags}]`}
			{filter.active || filtering ? (
				<Text color={theme.c('yellow')}>{` /${logs.filter}${filtering ? '_' : ''}/`}</Text>
			) : null}
		</Text>
	);
	const right = `${filter.active ? `${lines.length}/` : ''}${ring.size} lines${logs.dropped > 0 ? ` ${theme.g.sep} dropped ${logs.dropped}` : ''}`;
	return (
		<PaneFrame
			title={title}
			right={<Text color={logs.dropped > 0 ? theme.c('yellow') : undefined}>{right}</Text>}
			focused={focused}
			width={width}
			height={height}
		>
			{lines.length === 0 ? (
				<Text dimColor wrap="truncate-end">
					{logs.status === 'idle' ? 'no log stream yet' : filter.active ? 'no line matches the filter' : logs.status}
				</Text>
			) : null}
			{rows.map((row) => (
				<LogRow key={row.key} row={row} theme={theme} filter={filter} />
			))}
		</PaneFrame>
	);
}
