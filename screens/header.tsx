/**
 * The header line: the context's banner in its colour (a red PROD), context, host, nodes
 * online (and, in a cluster, quorum and which nodes are down), [RO]/[RW], the connection
 * state and the age of the last good refresh, ticking each second; while refreshes fail it
 * says the data is stale, how old it is, and when the next attempt is due.
 */
import React, {useEffect, useState} from 'react';
import {Box, Text} from 'ink';
import {useShallow} from 'zustand/react/shallow';
import type {RefreshState} from '../source/store/types.js';
import {useAppState, useTheme} from './store-context.js';
import {formatAge, formatDuration} from './widgets/format.js';

export function useNow(intervalMs: number): number {
	const [now, setNow] = useState(() => Date.now());
	useEffect(() => {
		const timer = setInterval(() => setNow(Date.now()), intervalMs);
		return () => clearInterval(timer);
	}, [intervalMs]);
	return now;
}

/** How often the header redraws on its own: every second while it counts, else rarely. */
export function headerTickMs(failing: boolean, connection: string): number {
	return failing || connection !== 'connected' ? 1000 : 10_000;
}

type HeaderRefresh = Pick<RefreshState, 'lastOkAt' | 'failures' | 'nextAt' | 'error'> & {loading: boolean};

/**
 * The refresh and connection state with the time to show them against. Each refresh
 * re-renders a header anyway; a one-second tick (a whole-frame redraw) is needed only while
 * something counts: stale data's age, a retry or reconnect countdown.
 */
export function useHeaderClock() {
	// Only what a header shows: a refresh starting (inFlight, lastAttemptAt) changes nothing on
	// screen once data has loaded, and selecting the whole object cost a frame per refresh.
	const refresh = useAppState(useShallow((s): HeaderRefresh => ({
		lastOkAt: s.refresh.lastOkAt,
		failures: s.refresh.failures,
		nextAt: s.refresh.nextAt,
		error: s.refresh.error,
		loading: s.refresh.inFlight && s.refresh.lastOkAt === null,
	})));
	const connection = useAppState((s) => s.connection);
	const tick = useNow(headerTickMs(refresh.failures > 0, connection.kind));
	return {refresh, connection, now: Math.max(tick, Date.now())};
}

export function Header({width}: {width: number}): React.ReactNode {
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
	const online = nodes?.filter((node) => node.online).length ?? 0;
	const age = refresh.lastOkAt === null ? null : Math.max(0, now - refresh.lastOkAt) / 1000;
	const countdown = (at: number | null): string => (at === null ? '' : `${Math.max(0, Math.ceil((at - now) / 1000))}s`);

	let state: React.ReactNode;
	if (switching !== null) {
		state = <Text color={theme.c('yellow')}>{`${theme.g.dot} switching to ${switching}`}</Text>;
	} else if (connection.kind === 'reconnecting') {
		state = <Text color={theme.c('yellow')} bold>{`${theme.g.dot} reconnecting in ${countdown(connection.retryAt)} (attempt ${connection.attempt})`}</Text>;
	} else if (connection.kind === 'failed') {
		state = <Text color={theme.c('red')} bold>{`${theme.g.dot} disconnected: ${connection.reason}`}</Text>;
	} else if (connection.kind === 'connecting') {
		state = <Text color={theme.c('yellow')}>{`${theme.g.dot} connecting`}</Text>;
	} else if (refresh.failures > 0) {
		state = <Text color={theme.c('yellow')} bold>{`${theme.g.dot} refresh failing, retry in ${countdown(refresh.nextAt)}`}</Text>;
	} else {
		state = <Text color={theme.c('green')}>{`${theme.g.dot} connected`}</Text>;
	}
	const stale = refresh.failures > 0 || connection.kind === 'reconnecting' || connection.kind === 'failed';
	const freshness = age === null
		? <Text dimColor>{refresh.loading ? 'loading…' : 'no data yet'}</Text>
		: stale
			? <Text color={theme.c('red')} bold inverse={!theme.color}>{`STALE ${formatDuration(age)} old`}</Text>
			: <Text dimColor>{`updated ${formatAge(age)}`}</Text>;
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">
				<Text bold color={theme.c('cyan')}>proxdeck</Text>
				{' '}
				{banner ? <><Text bold inverse color={colour ? theme.c(colour) : undefined}>{banner}</Text>{' '}</> : null}
				<Text bold={colour !== null} color={colour ? theme.c(colour) : undefined}>{context}</Text>
				{' '}
				<Text dimColor>{host}</Text>
				{` nodes ${online}/${nodes?.length ?? 0}`}
				{cluster && (nodes?.length ?? 0) > 1 ? <ClusterState quorate={cluster.quorate} down={nodes?.filter((n) => !n.online).map((n) => n.name) ?? []} /> : null}
				{' '}
				<Text bold color={readOnly ? theme.c('yellow') : theme.c('green')}>{readOnly ? '[RO]' : '[RW]'}</Text>
				{' '}
				{state}
				{'  '}
				{freshness}
				{failedSections > 0 ? <Text color={theme.c('yellow')}>{`  ${theme.g.warn} ${failedSections} section${failedSections === 1 ? '' : 's'} failed`}</Text> : null}
				{refresh.error && stale ? <Text color={theme.c('red')}>{`  ${refresh.error}`}</Text> : null}
			</Text>
		</Box>
	);
}

/** Quorum and the nodes that are down, in a cluster (pvesh get /cluster/status). */
function ClusterState({quorate, down}: {quorate: boolean; down: readonly string[]}): React.ReactNode {
	const theme = useTheme();
	return (
		<>
			{quorate ? <Text color={theme.c('green')}>{' quorate'}</Text> : <Text bold color={theme.c('red')}>{' NO QUORUM'}</Text>}
			{down.length > 0 ? <Text color={theme.c('red')}>{` (${down.join(',')} down)`}</Text> : null}
		</>
	);
}
