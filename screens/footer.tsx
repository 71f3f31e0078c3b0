/**
 * The footer: key hints generated from keymaps/ for what has focus now (so every hint is a
 * key that works), or the filter prompt while one is open.
 */
import React from 'react';
import {Box, Text} from 'ink';
import {activeScopes, hintsFor} from '../keymaps/resolve.js';
import {displayKey, displayKeyAscii} from '../keymaps/keys.js';
import {useAppState, useTheme} from './store-context.js';

export function Footer({width}: {width: number}): React.ReactNode {
	const theme = useTheme();
	const readOnly = useAppState((s) => s.readOnly);
	const focus = useAppState((s) => s.focus);
	const top = useAppState((s) => s.modals.at(-1));
	const guestFilter = useAppState((s) => s.guests.filter);
	const logFilter = useAppState((s) => s.logs.filter);
	// A different trailing space on each Ctrl-L makes Ink write the whole frame again.
	const redrawTick = useAppState((s) => s.redrawTick);
	const notice = useAppState((s) => s.notice);
	const show = theme.ascii ? displayKeyAscii : displayKey;
	const pad = redrawTick % 2 === 1 ? ' ' : '';

	if (top?.kind === 'filter') {
		const text = top.target === 'guests' ? guestFilter : logFilter;
		return (
			<Box width={width} height={1} overflow="hidden">
				<Text wrap="truncate-end">
					<Text bold color={theme.c('yellow')}>{`/${text}`}</Text>
					<Text inverse> </Text>
					<Text dimColor>{`  regex, !inverts · `}</Text>
					{hintsFor(['filter'], {readOnly}).map((hint) => `${show(hint.keys[0]!)} ${hint.label}`).join('  ')}
					{pad}
				</Text>
			</Box>
		);
	}
	const hints = hintsFor(activeScopes({focus, modal: top?.kind}), {readOnly});
	if (notice !== null) {
		return (
			<Box width={width} height={1} overflow="hidden">
				<Text wrap="truncate-end" color={theme.c('yellow')}>{notice}{pad}</Text>
			</Box>
		);
	}
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">
				{hints.map((hint, i) => (
					<Text key={i} dimColor={hint.disabled !== null}>
						{i === 0 ? '' : '  '}
						<Text bold color={theme.c('cyan')}>{hint.hintKeys ?? show(hint.keys[0]!)}</Text>
						{` ${hint.label}`}
					</Text>
				))}
				{pad}
			</Text>
		</Box>
	);
}
