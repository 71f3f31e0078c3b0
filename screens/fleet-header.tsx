/**
 * The header line of a fleet (several contexts on one screen): for each context its name,
 * [RO] when it is read-only, how many guests it has, and its connection: connected,
 * reconnecting (with the countdown), down (with the reason) or refresh failing, and while its
 * rows are kept from an earlier refresh how old they are. Contexts that do not fit are
 * counted at the end rather than cut in the middle.
 */
import React from 'react';
import {Box} from 'ink';
import {useShallow} from 'zustand/react/shallow';
import type {FleetMemberView} from '../source/store/types.js';
import {useAppState, useTheme} from './store-context.js';
import {headerTickMs, useNow} from './widgets/clock.js';
import {formatDuration} from './widgets/format.js';
import {SegmentLine, type Segment} from './widgets/segment-line.js';
import type {Theme} from './widgets/theme.js';

function memberSegments(member: FleetMemberView, theme: Theme, now: number): Segment[] {
	const {connection} = member;
	let state: Segment;
	if (connection.kind === 'reconnecting')
		state = {
			text: `${theme.g.dot} reconnecting in ${Math.max(0, Math.ceil((connection.retryAt - now) / 1000))}s`,
			color: theme.c('yellow'),
			bold: true,
		};
	else if (connection.kind === 'failed')
		state = {text: `${theme.g.dot} down: ${connection.reason}`, color: theme.c('red'), bold: true};
	else if (connection.kind === 'connecting') state = {text: `${theme.g.dot} connecting`, color: theme.c('yellow')};
	else if (member.failures > 0) state = {text: `${theme.g.dot} refresh failing`, color: theme.c('yellow'), bold: true};
	else state = {text: theme.g.dot, color: theme.c('green')};
	const age = member.lastOkAt === null ? null : Math.max(0, now - member.lastOkAt) / 1000;
	return [
		{text: member.name, bold: true},
		{text: member.readOnly ? ' [RO]' : '', color: theme.c('yellow'), bold: true},
		{text: ' '},
		state,
		{text: ` ${member.guests} guests`, dimColor: true},
		member.stale
			? {
					text: ` STALE ${age === null ? '' : formatDuration(age)}`,
					color: theme.c('red'),
					bold: true,
					inverse: !theme.color,
				}
			: {text: ''},
	];
}

const segmentsWidth = (segments: readonly Segment[]): number => segments.reduce((sum, s) => sum + s.text.length, 0);

export function FleetHeader({width}: {width: number}): React.ReactNode {
	const theme = useTheme();
	const members = useAppState((s) => s.fleet) ?? [];
	const counting = useAppState(
		useShallow((s) => (s.fleet ?? []).some((m) => m.stale || m.connection.kind !== 'connected')),
	);
	const now = Math.max(useNow(headerTickMs(counting, 'connected')), Date.now());
	const segments: Segment[] = [
		{text: 'proxdeck', bold: true, color: theme.c('cyan')},
		{text: ` fleet of ${members.length}:`},
	];
	let used = segmentsWidth(segments);
	for (const [i, member] of members.entries()) {
		const mine = [{text: '  '}, ...memberSegments(member, theme, now)];
		const rest = members.length - i;
		// Keep room to say how many did not fit.
		if (used + segmentsWidth(mine) > width - (rest > 1 ? 10 : 0)) {
			segments.push({text: `  +${rest} more`, dimColor: true});
			break;
		}
		segments.push(...mine);
		used += segmentsWidth(mine);
	}
	return (
		<Box width={width} height={1} overflow="hidden">
			<SegmentLine segments={segments} />
		</Box>
	);
}
