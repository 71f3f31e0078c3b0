/**
 * The footer: key hints generated from the keymap in effect for what has focus now (so every
 * hint is a key that works, and one that cannot run now is dimmed), the prompt of the filter
 * or the `:` palette with its completions (or why its command would be refused) while one is
 * open, or a one-line notice.
 */
import React from 'react';
import {Box} from 'ink';
import {useShallow} from 'zustand/react/shallow';
import {modeOf} from '../source/store/actions/context.js';
import {Text} from './widgets/text.js';
import {activeScopes, hintsFor, type KeyContext} from '../keymaps/resolve.js';
import {displayKey, displayKeyAscii} from '../keymaps/keys.js';
import type {KeyAction} from '../keymaps/registry.js';
import {refusals} from '../source/store/actions/index.js';
import {paletteRefusal} from '../source/store/actions/palette.js';
import {candidates} from '../source/store/palette.js';
import {useAppState, useTheme} from './store-context.js';

function HintLine({
	hints,
	show,
	cyan,
}: {
	hints: ReturnType<typeof hintsFor>;
	show: (k: string) => string;
	cyan: string | undefined;
}): React.ReactNode {
	return (
		<>
			{hints.map((hint, i) => (
				<Text key={hint.id} dimColor={hint.disabled !== null}>
					{i === 0 ? '' : '  '}
					<Text bold color={cyan}>
						{hint.hintKeys ?? show(hint.keys[0]!)}
					</Text>
					{` ${hint.label}`}
				</Text>
			))}
		</>
	);
}

export function Footer({width}: {width: number}): React.ReactNode {
	const theme = useTheme();
	// In a fleet, the read-only mode of the contexts the keys would act on.
	const {readOnly, readOnlyWhy} = useAppState(useShallow(modeOf));
	const keyActions: readonly KeyAction[] = useAppState((s) => s.keyActions);
	const focus = useAppState((s) => s.focus);
	const top = useAppState((s) => s.modals.at(-1));
	const guestFilter = useAppState((s) => s.guests.filter);
	const logFilter = useAppState((s) => s.logs.filter);
	const contexts = useAppState((s) => s.contexts);
	// Only the palette reads the snapshot (its candidates): a refresh does not redraw the footer.
	const snapshot = useAppState((s) => (s.modals.at(-1)?.kind === 'palette' ? s.snapshot : null));
	const catalog = useAppState((s) => s.catalog);
	const notice = useAppState((s) => s.notice);
	const show = theme.ascii ? displayKeyAscii : displayKey;
	const scopes = activeScopes({focus, modal: top?.kind});
	// Why hinted actions cannot run now (a template not selected...): they are dimmed before the
	// key is pressed. Selected shallowly, so the footer redraws only when a reason changes.
	const refused = useAppState(useShallow((s) => refusals(s, scopes)));
	const refusedLine = useAppState((s) => (top?.kind === 'palette' ? paletteRefusal(s, top.text) : null));
	const context: KeyContext = {readOnly, readOnlyWhy, refuses: (id) => refused[id] ?? null};
	const line = (children: React.ReactNode): React.ReactNode => (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">{children}</Text>
		</Box>
	);

	if (top?.kind === 'filter') {
		const text = top.target === 'guests' ? guestFilter : logFilter;
		const syntax = top.target === 'guests' ? '  regex, !inverts, node:pve2 · ' : '  regex, !inverts · ';
		return line(
			<>
				<Text bold color={theme.c('yellow')}>{`/${text}`}</Text>
				<Text inverse> </Text>
				<Text dimColor>{syntax}</Text>
				{hintsFor(['filter'], context, keyActions)
					.map((hint) => `${show(hint.keys[0]!)} ${hint.label}`)
					.join('  ')}
			</>,
		);
	}
	if (top?.kind === 'palette') {
		const options = candidates(top.text, {contexts, catalog, snapshot}).slice(0, 12);
		return line(
			<>
				<Text bold color={theme.c('yellow')}>{`:${top.text}`}</Text>
				<Text inverse> </Text>
				{refusedLine ? (
					<Text color={theme.c('yellow')}>{`  refused: ${refusedLine}`}</Text>
				) : (
					<Text dimColor>{options.length > 0 ? `  ${options.join(' ')}` : ''}</Text>
				)}
			</>,
		);
	}
	if (notice !== null) return line(<Text color={theme.c('yellow')}>{notice}</Text>);
	const hints = hintsFor(scopes, context, keyActions);
	return line(<HintLine hints={hints} show={show} cyan={theme.c('cyan')} />);
}
