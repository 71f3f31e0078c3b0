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

const LOGS_NAME = '4 Logs';

/** What the logs pane's title line says, and the count on its right. */
export interface LogsHeadingParts {
	source: string;
	follow: boolean;
	wrap: boolean;
	tracksSelection: boolean;
	/** ` /regex/` while a filter is set or typed, else empty. */
	filter: string;
	/** `205 lines`, `2/3 lines` with a filter. */
	count: string;
	/** `dropped 12` when the buffer overflowed, else empty. */
	dropped: string;
	sep: string;
}

/**
 * The title line for `room` columns. When it does not fit, the least useful words give way
 * first: "tracks selection" becomes "tracks", then the line count goes (a dropped count
 * stays: it is a warning); the source and the follow state are cut last, by the frame.
 */
export function logsHeading(parts: LogsHeadingParts, room: number): {title: string; filter: string; right: string} {
	const state = (tracks: string) =>
		[parts.follow ? 'follow' : 'paused', parts.wrap ? 'wrap' : '', parts.tracksSelection ? tracks : '']
			.filter(Boolean)
			.join(' ');
	const right = (count: boolean) =>
		[count ? parts.count : '', parts.dropped].filter(Boolean).join(count && parts.dropped ? ` ${parts.sep} ` : '');
	const layouts = [
		{tracks: 'tracks selection', count: true},
		{tracks: 'tracks', count: true},
		{tracks: 'tracks', count: false},
	];
	const build = (layout: (typeof layouts)[number]) => ({
		title: ` ${parts.source} [${state(layout.tracks)}]`,
		filter: parts.filter,
		right: right(layout.count),
	});
	const length = (h: ReturnType<typeof build>) =>
		LOGS_NAME.length + h.title.length + h.filter.length + (h.right ? h.right.length + 1 : 0);
	const fitting = layouts.map(build).find((h) => length(h) <= room);
	return fitting ?? build(layouts.at(-1)!);
}

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

/**
 * Each shown line's rows as last cut, and how: the pane renders on every new line and cuts
 * only the line that is new, the rest come back as the same rows (so LogRow skips them too).
 */
const cutRows = new WeakMap<RenderedLogLine, {timestamps: boolean; wrap: boolean; width: number; rows: Row[]}>();

function rowsOf(line: RenderedLogLine, timestamps: boolean, wrap: boolean, width: number): Row[] {
	const cut = cutRows.get(line);
	if (cut?.timestamps === timestamps && cut.wrap === wrap && cut.width === width) return cut.rows;
	const rows = cutLine(line, timestamps, wrap, width);
	cutRows.set(line, {timestamps, wrap, width, rows});
	return rows;
}

/** Cut a line into rows of `width` characters (wrap on) or one truncated row (wrap off). */
function cutLine(line: RenderedLogLine, timestamps: boolean, wrap: boolean, width: number): Row[] {
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
	const heading = logsHeading(
		{
			source: describeSource(logs.source),
			follow: logs.follow,
			wrap: logs.wrap,
			tracksSelection: logs.followSelection,
			filter: filter.active || filtering ? ` /${logs.filter}${filtering ? '_' : ''}/` : '',
			count: `${filter.active ? `${lines.length}/` : ''}${ring.size} lines`,
			dropped: logs.dropped > 0 ? `dropped ${logs.dropped}` : '',
			sep: theme.g.sep,
		},
		width - 2,
	);
	const title = (
		<Text>
			<Text color={theme.c('cyan')}>{LOGS_NAME}</Text>
			{heading.title}
			{heading.filter ? <Text color={theme.c('yellow')}>{heading.filter}</Text> : null}
		</Text>
	);
	const right = heading.right;
	return (
		<PaneFrame
			title={title}
			right={right ? <Text color={logs.dropped > 0 ? theme.c('yellow') : undefined}>{right}</Text> : undefined}
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
