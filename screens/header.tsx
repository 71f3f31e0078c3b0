/**
 * The header line: context, host, nodes, [RO]/[RW], the connection state and the age of the
 * last good refresh, ticking each second; while refreshes fail it says the data is stale,
 * how old it is, and when the next attempt is due.
 */
import React, {useEffect, useState} from 'react';
import {Box, Text} from 'ink';
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

export function Header({width}: {width: number}): React.ReactNode {
	const theme = useTheme();
	// The tick re-renders each second; the clock is read at render so a store change shows exact ages.
	const tick = useNow(1000);
	const now = Math.max(tick, Date.now());
	const context = useAppState((s) => s.context);
	const host = useAppState((s) => s.host);
	const readOnly = useAppState((s) => s.readOnly);
	const refresh = useAppState((s) => s.refresh);
	const connection = useAppState((s) => s.connection);
	const nodes = useAppState((s) => s.snapshot?.nodes);
	const failedSections = useAppState((s) => s.snapshot?.errors.length ?? 0);
	const online = nodes?.filter((node) => node.online).length ?? 0;
	const age = refresh.lastOkAt === null ? null : Math.max(0, now - refresh.lastOkAt) / 1000;
	const countdown = (at: number | null): string => (at === null ? '' : `${Math.max(0, Math.ceil((at - now) / 1000))}s`);

	let state: React.ReactNode;
	if (connection.kind === 'reconnecting') {
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
		? <Text dimColor>{refresh.inFlight ? 'loading…' : 'no data yet'}</Text>
		: stale
			? <Text color={theme.c('red')} bold inverse={!theme.color}>{`STALE ${formatDuration(age)} old`}</Text>
			: <Text dimColor>{`updated ${formatAge(age)}`}</Text>;
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">
				<Text bold color={theme.c('cyan')}>proxdeck</Text>
				{` ${context} `}
				<Text dimColor>{host}</Text>
				{` nodes ${online}/${nodes?.length ?? 0} `}
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
