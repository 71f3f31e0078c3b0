/**
 * The guests pane: one line per guest, windowed to the rows that fit, with templates grouped
 * and dimmed at the end and each Docker host's containers under it when expanded.
 */
import React, {useEffect, useMemo} from 'react';
import {Box, Text} from 'ink';
import {selectGuestRows, selectedIndex, type GuestRow} from '../source/store/guest-rows.js';
import {compileFilter} from '../source/store/filter.js';
import {useAppState, useAppStore, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {columnsFor, guestCell, headerCells, type Column} from './widgets/guest-columns.js';
import {fit} from './widgets/format.js';
import {statusColor, type Theme} from './widgets/theme.js';
import {useWindowStart} from './widgets/windowed.js';

interface RowProps {
	row: GuestRow;
	columns: readonly Column[];
	selected: boolean;
	marked: boolean;
	theme: Theme;
	thresholds: {warn: number; crit: number};
	width: number;
}

function cpuColor(theme: Theme, percent: number, thresholds: {warn: number; crit: number}): string | undefined {
	if (percent >= thresholds.crit) return theme.c('red');
	if (percent >= thresholds.warn) return theme.c('yellow');
	return undefined;
}

const GuestTableRow = React.memo(function GuestTableRow({row, columns, selected, marked, theme, thresholds, width}: RowProps): React.ReactNode {
	if (row.kind === 'group') {
		const label = ` ${row.label} `;
		const rule = theme.ascii ? '-' : '─';
		return <Text dimColor inverse={selected} wrap="truncate-end">{fit(`   ${rule}${rule}${label}${rule.repeat(width)}`, width)}</Text>;
	}
	const gutterMark = marked ? theme.g.mark : ' ';
	if (row.kind === 'container') {
		const {container} = row;
		const cells = columns.map((col) => {
			switch (col.id) {
				case 'name': return {text: fit(` ${row.last ? theme.g.lastBranch : theme.g.branch} ${container.name}`, col.width, 'left', theme.ascii)};
				case 'type': return {text: fit(container.runtime === 'podman' ? 'pod' : 'ctr', col.width)};
				case 'node': return {text: fit(container.project ?? '', col.width, 'left', theme.ascii)};
				case 'status': return {text: fit(container.state, col.width), color: statusColor(theme, container.state)};
				case 'uptime': return {text: fit('', col.width)};
				case 'ip': return {text: fit(container.ports, col.width, 'left', theme.ascii)};
				case 'tags': return {text: fit(container.image, col.width, 'left', theme.ascii)};
				default: return {text: fit('', col.width)};
			}
		});
		return (
			<Text inverse={selected} wrap="truncate-end">
				{selected ? theme.g.cursor : ' '}
				{'  '}
				{cells.map((cell, i) => (
					<Text key={i} color={cell.color}>{(i === 0 ? '' : ' ') + cell.text}</Text>
				))}
			</Text>
		);
	}
	const {guest} = row;
	const expander = row.hasContainers ? (row.expanded ? theme.g.expanded : theme.g.collapsed) : ' ';
	return (
		<Text inverse={selected} dimColor={guest.template} wrap="truncate-end">
			{selected ? theme.g.cursor : ' '}
			<Text color={marked ? theme.c('cyan') : undefined} bold={marked}>{gutterMark}</Text>
			{expander}
			{columns.map((col, i) => {
				const text = (i === 0 ? '' : ' ') + fit(guestCell(guest, col.id), col.width, col.align, theme.ascii);
				const color = col.id === 'status' ? statusColor(theme, guest.status)
					: col.id === 'cpu' && guest.status === 'running' ? cpuColor(theme, guest.cpu * 100, thresholds)
					: col.id === 'disk' && guest.maxdisk > 0 ? cpuColor(theme, (guest.disk / guest.maxdisk) * 100, thresholds)
					: undefined;
				return <Text key={col.id} color={guest.template ? undefined : color}>{text}</Text>;
			})}
		</Text>
	);
});

export function GuestsPane({width, height, focused}: {width: number; height: number; focused: boolean}): React.ReactNode {
	const theme = useTheme();
	const snapshot = useAppState((s) => s.snapshot);
	const ui = useAppState((s) => s.guests);
	const thresholds = useAppState((s) => s.thresholds);
	const filtering = useAppState((s) => s.modals.at(-1)?.kind === 'filter');
	const store = useAppStore();
	const rows = selectGuestRows({snapshot, guests: ui});
	const cursor = selectedIndex(rows, ui);
	const innerWidth = width - 2;
	const cluster = useAppState((s) => (s.snapshot?.nodes.length ?? 0) > 1);
	const columns = useMemo(() => columnsFor(innerWidth, cluster), [innerWidth, cluster]);
	const listHeight = Math.max(1, height - 4);
	const start = useWindowStart(cursor, listHeight, rows.rows.length);
	const visible = rows.rows.slice(start, start + listHeight);

	// Keep the store's idea of the selection valid (first row on the first snapshot).
	useEffect(() => {
		const first = rows.rows.find((row) => row.kind !== 'group');
		if (ui.selected === null && first) store.setState({guests: {...store.getState().guests, selected: first.key, index: rows.indexOf.get(first.key) ?? 0}});
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
			{filter.active || filtering ? <Text color={theme.c('yellow')}>{` /${ui.filter}${filtering ? '_' : ''}/`}{filter.literal ? ' (literal)' : ''}</Text> : null}
		</Text>
	);
	const right = `${filter.active ? `${rows.shown} of ${rows.total}` : `${rows.total}`}${ui.marks.length > 0 ? ` · ${ui.marks.length} marked` : ''}${ui.rangeAnchor !== null ? ' · range' : ''}`;
	return (
		<PaneFrame title={title} right={right} focused={focused} width={width} height={height}>
			<Text bold wrap="truncate-end">{fit(headerCells(columns, ui.sort, theme.g), innerWidth)}</Text>
			{snapshot === null ? <Text dimColor>waiting for the first refresh…</Text> : null}
			{snapshot !== null && rows.rows.length === 0 ? <Text dimColor>{filter.active ? 'no guest matches the filter' : 'no guests'}</Text> : null}
			{visible.map((row, i) => {
				const index = start + i;
				const inRange = index >= rangeFrom && index <= rangeTo && row.kind === 'guest';
				return (
					<GuestTableRow
						key={row.key}
						row={row}
						columns={columns}
						selected={index === cursor && focused}
						marked={(row.kind === 'guest' && marks.has(row.guest.vmid)) || inRange}
						theme={theme}
						thresholds={thresholds}
						width={innerWidth}
					/>
				);
			})}
		</PaneFrame>
	);
}
