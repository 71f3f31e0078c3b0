/**
 * The header line: the context's banner in its colour (a red PROD), context, host, nodes
 * read fresh (and, in a cluster, which nodes are offline or stale, quorum, and the node the
 * panes are narrowed to), [RO]/[RW], the connection
 * state and the age of the last good refresh, ticking each second; while refreshes fail it
 * says the data is stale, how old it is, and when the next attempt is due.
 */
import React from 'react';
import {Box} from 'ink';
import {useShallow} from 'zustand/react/shallow';
import type {RefreshState} from '../source/store/types.js';
import {useAppState, useTheme} from './store-context.js';
import {formatAge, formatDuration} from './widgets/format.js';
import {SegmentLine, type Segment} from './widgets/segment-line.js';
import {FleetHeader} from './fleet-header.js';
import {headerTickMs, useNow} from './widgets/clock.js';

type HeaderRefresh = Pick<RefreshState, 'lastOkAt' | 'failures' | 'nextAt' | 'error'> & {loading: boolean};

/**
 * The refresh and connection state with the time to show them against. Each refresh
 * re-renders a header anyway; a one-second tick (a whole-frame redraw) is needed only while
 * something counts: stale data's age, a retry or reconnect countdown.
 */
export function useHeaderClock() {
	// Only what a header shows: a refresh starting (inFlight, lastAttemptAt) changes nothing on
	// screen once data has loaded, and selecting the whole object cost a frame per refresh.
	const refresh = useAppState(
		useShallow((s): HeaderRefresh => ({
			lastOkAt: s.refresh.lastOkAt,
			failures: s.refresh.failures,
			nextAt: s.refresh.nextAt,
			error: s.refresh.error,
			loading: s.refresh.inFlight && s.refresh.lastOkAt === null,
		})),
	);
	const connection = useAppState((s) => s.connection);
	const tick = useNow(headerTickMs(refresh.failures > 0, connection.kind));
	return {refresh, connection, now: Math.max(tick, Date.now())};
}

export function Header({width}: {width: number}): React.ReactNode {
	const fleet = useAppState((s) => s.fleet !== null);
	return fleet ? <FleetHeader width={width} /> : <ContextHeader width={width} />;
}

function ContextHeader({width}: {width: number}): React.ReactNode {
	const theme = useTheme();
	const {refresh, connection, now} = useHeaderClock();
	const context = useAppState((s) => s.context);
	const host = useAppState((s) => s.host);
	const readOnly = useAppState((s) => s.readOnly);
	const nodes = useAppState((s) => s.snapshot?.nodes);
	const cluster = useAppState((s) => s.snapshot?.cluster);
	const colour = useAppState((s) => s.colour);
	const banner = useAppState((s) => s.banner);
	const switching = useAppState((s) => s.switching);
	const failedSections = useAppState((s) => s.snapshot?.errors.length ?? 0);
	const nodeFilter = useAppState((s) => s.nodeFilter);
	const online = nodes?.filter((node) => node.state === 'online').length ?? 0;
	const age = refresh.lastOkAt === null ? null : Math.max(0, now - refresh.lastOkAt) / 1000;
	const countdown = (at: number | null): string => (at === null ? '' : `${Math.max(0, Math.ceil((at - now) / 1000))}s`);

	let state: Segment;
	if (switching !== null) {
		state = {text: `${theme.g.dot} switching to ${switching}`, color: theme.c('yellow')};
	} else if (connection.kind === 'reconnecting') {
		state = {
			text: `${theme.g.dot} reconnecting in ${countdown(connection.retryAt)} (attempt ${connection.attempt})`,
			color: theme.c('yellow'),
			bold: true,
		};
	} else if (connection.kind === 'failed') {
		state = {text: `${theme.g.dot} disconnected: ${connection.reason}`, color: theme.c('red'), bold: true};
	} else if (connection.kind === 'connecting') {
		state = {text: `${theme.g.dot} connecting`, color: theme.c('yellow')};
	} else if (refresh.failures > 0) {
		state = {
			text: `${theme.g.dot} refresh failing, retry in ${countdown(refresh.nextAt)}`,
			color: theme.c('yellow'),
			bold: true,
		};
	} else {
		state = {text: `${theme.g.dot} connected`, color: theme.c('green')};
	}
	const stale = refresh.failures > 0 || connection.kind === 'reconnecting' || connection.kind === 'failed';
	const freshness: Segment =
		age === null
			? {text: refresh.loading ? 'loading…' : 'no data yet', dimColor: true}
			: stale
				? {text: `STALE ${formatDuration(age)} old`, color: theme.c('red'), bold: true, inverse: !theme.color}
				: {text: `updated ${formatAge(age)}`, dimColor: true};
	// Each node that is not read fresh, and why not: offline (cluster status) or stale (unreachable).
	const notFresh = (nodes ?? []).filter((n) => n.state !== 'online');
	const segments: Segment[] = [
		{text: 'proxdeck', bold: true, color: theme.c('cyan')},
		{text: ' '},
		...(banner
			? [{text: banner, bold: true, inverse: true, color: colour ? theme.c(colour) : undefined}, {text: ' '}]
			: []),
		{text: context, bold: colour !== null, color: colour ? theme.c(colour) : undefined},
		{text: ' '},
		{text: host, dimColor: true},
		{text: ` nodes ${online}/${nodes?.length ?? 0}`},
		...notFresh.flatMap((n, i): Segment[] => [
			{text: i === 0 ? ' (' : ', '},
			{text: `${n.name} ${n.state}`, color: theme.c(n.state === 'offline' ? 'red' : 'yellow'), bold: true},
			{text: i === notFresh.length - 1 ? ')' : ''},
		]),
		// Quorum, in a cluster (pvesh get /cluster/status).
		...(cluster && (nodes?.length ?? 0) > 1
			? [
					cluster.quorate
						? {text: ' quorate', color: theme.c('green')}
						: {text: ' NO QUORUM', bold: true, color: theme.c('red')},
				]
			: []),
		...(nodeFilter !== null ? [{text: ` [node ${nodeFilter}]`, bold: true, color: theme.c('cyan')}] : []),
		{text: ' '},
		{text: readOnly ? '[RO]' : '[RW]', bold: true, color: readOnly ? theme.c('yellow') : theme.c('green')},
		{text: ' '},
		state,
		{text: '  '},
		freshness,
		{
			text:
				failedSections > 0
					? `  ${theme.g.warn} ${failedSections} section${failedSections === 1 ? '' : 's'} failed`
					: '',
			color: theme.c('yellow'),
		},
		{text: refresh.error && stale ? `  ${refresh.error}` : '', color: theme.c('red')},
	];
	// A refresh changes the header's inputs but rarely what it reads ("updated 0s ago" again):
	// the segments are compared and an unchanged line is not redrawn.
	return (
		<Box width={width} height={1} overflow="hidden">
			<SegmentLine segments={segments} />
		</Box>
	);
}
