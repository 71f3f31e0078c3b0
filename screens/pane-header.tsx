/**
 * The one line above a `--pane`: which pane, the context, the connection state and the age
 * of the data, then what the pane's title would have said (counts, filter, log source) and
 * the last key's notice. Parts are kept by priority and dropped whole when the line is
 * narrow, so a 40-column pane still shows the pane, the state and the age, never half a word.
 */
import React from 'react';
import {Box} from 'ink';
import {Text} from './widgets/text.js';
import {staleNote} from '../source/model/format.js';
import {worstCapacity} from '../source/store/zfs-items.js';
import type {AppState, PaneId} from '../source/store/types.js';
import {selectGuestRows} from '../source/store/guest-rows.js';
import {selectNetworkItems} from '../source/store/network-items.js';
import {describeSource} from '../source/store/log-session.js';
import {useAppState, useTheme} from './store-context.js';
import {useHeaderClock} from './header.js';
import {formatAge, formatDuration} from './widgets/format.js';

export interface HeaderPart {
	text: string;
	/** Lower = kept longer when the line is narrow. */
	priority: number;
	color?: string | undefined;
	bold?: boolean;
	dim?: boolean;
}

/** The parts that fit in `width` (one space between parts), in their original order. */
export function fitParts(parts: readonly HeaderPart[], width: number): HeaderPart[] {
	const kept = new Set<HeaderPart>();
	let used = 0;
	for (const part of [...parts].sort((a, b) => a.priority - b.priority)) {
		const cost = part.text.length + (kept.size === 0 ? 0 : 1);
		if (part.text === '' || used + cost > width) continue;
		kept.add(part);
		used += cost;
	}
	return parts.filter((part) => kept.has(part));
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const LABELS: Record<PaneId, string> = {guests: 'Guests', zfs: 'ZFS', network: 'Network', logs: 'Logs'};

/** What the pane's framed title would show: counts, the filter being typed, the log source. */
function paneSummary(state: AppState, pane: PaneId): {text: string; filter: string} {
	const typing = state.modals.at(-1)?.kind === 'filter';
	const filterText = (text: string): string => (text !== '' || typing ? `/${text}${typing ? '_' : ''}/` : '');
	const {snapshot} = state;
	switch (pane) {
		case 'guests': {
			const rows = selectGuestRows(state);
			const running = snapshot?.guests.filter((guest) => guest.status === 'running' && !guest.template).length ?? 0;
			const count = state.guests.filter !== '' ? `${rows.shown} of ${rows.total}` : `${running}/${rows.total} running`;
			const marks = state.guests.marks.length > 0 ? ` · ${state.guests.marks.length} marked` : '';
			return {text: `${count}${marks}`, filter: filterText(state.guests.filter)};
		}
		case 'zfs': {
			const pools = (snapshot?.pools ?? []).filter(
				(pool) => state.nodeFilter === null || pool.node === state.nodeFilter,
			);
			const worst = worstCapacity(pools);
			const unhealthy = pools.filter((pool) => pool.health !== 'ONLINE').length;
			return {
				text: `${plural(pools.length, 'pool')}${worst !== null ? ` · max ${worst}%` : ''}${unhealthy > 0 ? ` · ${unhealthy} not ONLINE` : ''}`,
				filter: '',
			};
		}
		case 'network': {
			const warnings = selectNetworkItems(snapshot, false, state.nodeFilter).filter(
				(item) => item.kind === 'warning',
			).length;
			const here = <T extends {node: string}>(rows: readonly T[] | undefined): number =>
				(rows ?? []).filter((row) => state.nodeFilter === null || row.node === state.nodeFilter).length;
			return {
				text: `${plural(here(snapshot?.bridges), 'bridge')} · ${plural(here(snapshot?.vpn.tunnels), 'tunnel')}${warnings > 0 ? ` · ${plural(warnings, 'warning')}` : ''}`,
				filter: '',
			};
		}
		case 'logs':
			return {
				text: `${describeSource(state.logs.source)} [${state.logs.follow ? 'follow' : 'paused'}]${state.logs.dropped > 0 ? ` dropped ${state.logs.dropped}` : ''}`,
				filter: filterText(state.logs.filter),
			};
	}
}

export function PaneHeader({pane, width}: {pane: PaneId; width: number}): React.ReactNode {
	const theme = useTheme();
	const {refresh, connection, now} = useHeaderClock();
	const context = useAppState((s) => s.context);
	const readOnly = useAppState((s) => s.readOnly);
	const notice = useAppState((s) => s.notice);
	const failed = useAppState((s) => s.snapshot?.errors.length ?? 0);
	const staleGuests = useAppState((s) => (pane === 'guests' ? staleNote(s.snapshot?.stale, 'guests') : null));
	// Derived from several slices: select one string (compared by value; a fresh object would re-render for ever), split after.
	const [summary = '', filter = ''] = useAppState((s) => {
		const derived = paneSummary(s, pane);
		return `${derived.text}\u0000${derived.filter}`;
	}).split('\u0000');

	const countdown = (at: number | null): string => (at === null ? '' : `${Math.max(0, Math.ceil((at - now) / 1000))}s`);
	let state: HeaderPart;
	if (connection.kind === 'reconnecting')
		state = {
			text: `${theme.g.dot} reconnecting ${countdown(connection.retryAt)}`,
			priority: 0,
			color: theme.c('yellow'),
			bold: true,
		};
	else if (connection.kind === 'failed')
		state = {text: `${theme.g.dot} disconnected: ${connection.reason}`, priority: 0, color: theme.c('red'), bold: true};
	else if (connection.kind === 'connecting')
		state = {text: `${theme.g.dot} connecting`, priority: 0, color: theme.c('yellow')};
	else if (refresh.failures > 0)
		state = {
			text: `${theme.g.dot} failing, retry ${countdown(refresh.nextAt)}`,
			priority: 0,
			color: theme.c('yellow'),
			bold: true,
		};
	else state = {text: `${theme.g.dot} connected`, priority: 0, color: theme.c('green')};

	const stale = refresh.failures > 0 || connection.kind === 'reconnecting' || connection.kind === 'failed';
	const age = refresh.lastOkAt === null ? null : Math.max(0, now - refresh.lastOkAt) / 1000;
	const ageText =
		age === null
			? refresh.loading
				? 'loading…'
				: 'no data yet'
			: stale
				? `STALE ${formatDuration(age)}`
				: formatAge(age);

	const parts: HeaderPart[] = [
		{text: LABELS[pane], priority: 0, color: theme.c('cyan'), bold: true},
		{text: context, priority: 2},
		state,
		{text: ageText, priority: 1, color: stale ? theme.c('red') : undefined, bold: stale, dim: !stale},
		{text: filter, priority: 0, color: theme.c('yellow')},
		{
			text: readOnly ? '[RO]' : '[RW]',
			priority: readOnly ? 5 : 1,
			color: readOnly ? theme.c('yellow') : theme.c('green'),
			bold: true,
		},
		{text: failed > 0 ? `${theme.g.warn} ${failed} failed` : '', priority: 3, color: theme.c('yellow')},
		{text: staleGuests ?? '', priority: 1, color: theme.c('red'), bold: true},
		notice === null ? {text: summary, priority: 4, dim: true} : {text: notice, priority: 1, color: theme.c('yellow')},
	];
	const shown = fitParts(parts, Math.max(0, width - 1));
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">
				{shown.map((part, i) => (
					<Text key={i} color={part.color} bold={part.bold} dimColor={part.dim}>
						{(i === 0 ? '' : ' ') + part.text}
					</Text>
				))}
			</Text>
		</Box>
	);
}
