/**
 * The guests pane: one line per guest, windowed to the rows that fit, with templates grouped
 * and dimmed at the end and each Docker host's stacks and containers under it when expanded.
 */
import React, {useEffect, useMemo} from 'react';
import {Text} from './widgets/text.js';
import {selectGuestRows, selectedIndex, type GuestRow} from '../source/store/guest-rows.js';
import {compileFilter} from '../source/store/filter.js';
import {useAppState, useAppStore, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {columnsFor, guestCell, headerCells, type Column} from './widgets/guest-columns.js';
import {fit} from './widgets/format.js';
import {stateColor, statusColor, type Theme} from './widgets/theme.js';
import {rootfsState} from '../source/ops/health/verdicts.js';
import {useWindowStart} from './widgets/windowed.js';
import {SegmentLine, type Segment} from './widgets/segment-line.js';
import {containerSegments, stackSegments} from './widgets/docker-rows.js';
import type {Thresholds} from '../source/model/thresholds.js';
import {fleetStaleNote, staleNote} from '../source/model/format.js';
import {useShallow} from 'zustand/react/shallow';
import type {Coverage} from '../source/ops/backup-audit.js';

interface RowProps {
	row: GuestRow;
	columns: readonly Column[];
	selected: boolean;
	marked: boolean;
	/** The row's context is not refreshing (a fleet member down): its values are the last ones read. */
	stale: boolean;
	theme: Theme;
	thresholds: Thresholds;
	width: number;
	/** The backup audit's verdict for the guest (undefined until the first audit). */
	coverage?: Coverage | undefined;
}

function cpuColor(theme: Theme, percent: number, thresholds: Thresholds): string | undefined {
	if (percent >= thresholds.crit) return theme.c('red');
	if (percent >= thresholds.warn) return theme.c('yellow');
	return undefined;
}

/** What one guests-table row shows, as styled runs (a row reading the same is not redrawn). */
function guestLine({row, columns, selected, marked, stale, theme, thresholds, width, coverage}: RowProps): {
	segments: Segment[];
	dimColor?: boolean;
} {
	if (row.kind === 'group') {
		const rule = theme.ascii ? '-' : '─';
		return {dimColor: true, segments: [{text: fit(`   ${rule}${rule} ${row.label} ${rule.repeat(width)}`, width)}]};
	}
	const cursor = selected ? theme.g.cursor : ' ';
	if (row.kind === 'stack') return {segments: stackSegments(row.stack, row.last, columns, theme, cursor)};
	if (row.kind === 'container')
		return {segments: containerSegments(row.container, row.last, row.stackLast, columns, theme, cursor)};
	const {guest} = row;
	const expander = row.hasContainers ? (row.expanded ? theme.g.expanded : theme.g.collapsed) : ' ';
	const segments: Segment[] = [
		{text: cursor},
		{text: marked ? theme.g.mark : ' ', color: marked ? theme.c('cyan') : undefined, bold: marked},
		{text: expander},
	];
	columns.forEach((col, i) => {
		const gap = i === 0 ? '' : ' ';
		if (col.id === 'context' && stale) {
			segments.push({text: gap + fit(`${guest.context ?? ''} ${theme.g.warn}`, col.width), color: theme.c('red')});
			return;
		}
		const text = gap + fit(guestCell(guest, col.id, coverage), col.width, col.align, theme.ascii);
		const color =
			col.id === 'backup'
				? coverageColor(theme, coverage)
				: col.id === 'status'
					? statusColor(theme, guest.status)
					: col.id === 'cpu' && guest.status === 'running' && guest.cpu !== null
						? cpuColor(theme, guest.cpu * 100, thresholds)
						: col.id === 'disk'
							? stateColor(theme, rootfsState(guest))
							: undefined;
		segments.push({text, color: guest.template ? undefined : color});
	});
	return {dimColor: guest.template || stale, segments};
}

function coverageColor(theme: Theme, coverage: Coverage | undefined): string | undefined {
	if (!coverage) return undefined;
	return coverage.state === 'fail' ? theme.c('red') : coverage.state === 'warn' ? theme.c('yellow') : theme.c('green');
}

const GuestTableRow = React.memo(function GuestTableRow(props: RowProps): React.ReactNode {
	const line = guestLine(props);
	return <SegmentLine segments={line.segments} inverse={props.selected} dimColor={line.dimColor} />;
});

export function GuestsPane({
	width,
	height,
	focused,
}: {
	width: number;
	height: number;
	focused: boolean;
}): React.ReactNode {
	const theme = useTheme();
	const snapshot = useAppState((s) => s.snapshot);
	// The host's guest list could not be read: these are the last ones it gave, and say so.
	const staleGuests = staleNote(snapshot?.stale, 'guests') ?? fleetStaleNote(snapshot?.stale);
	const staleContexts = useAppState(useShallow((s) => s.fleet?.filter((m) => m.stale).map((m) => m.name) ?? []));
	const ui = useAppState((s) => s.guests);
	const thresholds = useAppState((s) => s.thresholds);
	const filtering = useAppState((s) => s.modals.at(-1)?.kind === 'filter');
	const coverage = useAppState((s) => s.safety.audit.report?.coverage);
	// In a fleet the audit is the first context's: other contexts' guests show no verdict.
	const auditContext = useAppState((s) => s.fleet?.[0]?.name);
	const store = useAppStore();
	const nodeFilter = useAppState((s) => s.nodeFilter);
	const rows = selectGuestRows({snapshot, guests: ui, nodeFilter});
	const cursor = selectedIndex(rows, ui);
	const innerWidth = width - 2;
	const cluster = useAppState((s) => (s.snapshot?.nodes.length ?? 0) > 1);
	const fleet = useAppState((s) => s.fleet !== null);
	const columns = useMemo(() => columnsFor(innerWidth, cluster, fleet), [innerWidth, cluster, fleet]);
	const listHeight = Math.max(1, height - 4);
	const start = useWindowStart(cursor, listHeight, rows.rows.length);
	const visible = rows.rows.slice(start, start + listHeight);

	// Keep the store's idea of the selection valid (first row on the first snapshot).
	useEffect(() => {
		const first = rows.rows.find((row) => row.kind !== 'group');
		if (ui.selected === null && first)
			store.setState({
				guests: {...store.getState().guests, selected: first.key, index: rows.indexOf.get(first.key) ?? 0},
			});
	}, [rows, ui.selected, store]);

	const marks = new Set(ui.marks);
	let rangeFrom = -1;
	let rangeTo = -1;
	if (ui.rangeAnchor !== null) {
		rangeFrom = Math.min(ui.rangeAnchor, cursor);
		rangeTo = Math.max(ui.rangeAnchor, cursor);
	}
	const filter = compileFilter(ui.filter);
	const title = (
		<Text>
			<Text color={theme.c('cyan')}>1 Guests</Text>
			{filter.active || filtering ? (
				<Text color={theme.c('yellow')}>
					{` /${ui.filter}${filtering ? '_' : ''}/`}
					{filter.literal ? ' (literal)' : ''}
				</Text>
			) : null}
			{staleGuests ? <Text color={theme.c('red')} bold>{` ${staleGuests}`}</Text> : null}
		</Text>
	);
	const right = `${filter.active ? `${rows.shown} of ${rows.total}` : `${rows.total}`}${ui.marks.length > 0 ? ` ${theme.g.sep} ${ui.marks.length} marked` : ''}${ui.rangeAnchor !== null ? ` ${theme.g.sep} range` : ''}`;
	return (
		<PaneFrame title={title} right={right} focused={focused} width={width} height={height}>
			<Text bold wrap="truncate-end">
				{fit(headerCells(columns, ui.sort, theme.g), innerWidth)}
			</Text>
			{snapshot === null ? <Text dimColor>{`waiting for the first refresh${theme.g.dots}`}</Text> : null}
			{snapshot !== null && rows.rows.length === 0 ? (
				<Text dimColor>{filter.active ? 'no guest matches the filter' : 'no guests'}</Text>
			) : null}
			{visible.map((row, i) => {
				const index = start + i;
				const inRange = index >= rangeFrom && index <= rangeTo && row.kind === 'guest';
				return (
					<GuestTableRow
						key={row.key}
						row={row}
						columns={columns}
						selected={index === cursor && focused}
						marked={(row.kind === 'guest' && marks.has(row.key)) || inRange}
						stale={row.kind !== 'group' && staleContexts.includes(row.guest.context ?? '')}
						theme={theme}
						thresholds={thresholds}
						width={innerWidth}
						coverage={
							row.kind === 'guest' && (row.guest.context === undefined || row.guest.context === auditContext)
								? coverage?.[row.guest.vmid]
								: undefined
						}
					/>
				);
			})}
		</PaneFrame>
	);
}
