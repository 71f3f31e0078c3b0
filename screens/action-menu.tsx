/**
 * The guests' action menu (`a`): every action on the selected guest (or the marked ones),
 * its key in the keymap in effect, and why it cannot run now, dimmed with its reason, as
 * the same resolver as the keys says. j/k and Enter run one; so does its own key.
 */
import React, {useEffect} from 'react';
import {Text} from './widgets/text.js';
import {useShallow} from 'zustand/react/shallow';
import {displayKey, displayKeyAscii} from '../keymaps/keys.js';
import {refusals} from '../source/store/actions/index.js';
import {menuEntries, menuSubject} from '../source/store/actions/menu.js';
import {useAppState, useAppStore, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {fit} from './widgets/format.js';
import {useWindowStart} from './widgets/windowed.js';

export function ActionMenu({width, height}: {width: number; height: number}): React.ReactNode {
	const theme = useTheme();
	const store = useAppStore();
	const cursor = useAppState((s) => s.cursors.actions);
	const refused = useAppState(useShallow((s) => refusals(s, ['guests'])));
	const keyActions = useAppState((s) => s.keyActions);
	const readOnly = useAppState((s) => s.readOnly);
	const readOnlyWhy = useAppState((s) => s.readOnlyWhy);
	const entries = menuEntries({keyActions, readOnly, readOnlyWhy}, (id) => refused[id] ?? null);
	const subject = useAppState(menuSubject);
	const show = theme.ascii ? displayKeyAscii : displayKey;
	// Sized to its entries (the frame's border and title take 3 rows), never past the screen.
	const frameHeight = Math.min(height, entries.length + 3);
	const listHeight = Math.max(1, frameHeight - 3);
	const start = useWindowStart(cursor, listHeight, entries.length);
	useEffect(
		() => store.getState().setExtent('actions', {count: entries.length, page: listHeight}),
		[store, entries.length, listHeight],
	);
	const keyWidth = Math.max(5, ...entries.map((e) => keysOf(e.keys, show).length));
	const labelWidth = Math.max(...entries.map((e) => e.label.length));
	return (
		<PaneFrame
			title={<Text color={theme.c('cyan')}>{`Actions: ${subject}`}</Text>}
			right={`Enter runs ${theme.g.sep} or its key ${theme.g.sep} Esc back`}
			focused
			width={width}
			height={frameHeight}
		>
			{entries.slice(start, start + listHeight).map((entry, i) => {
				const selected = start + i === cursor;
				const head = `${selected ? theme.g.cursor : ' '} ${fit(keysOf(entry.keys, show), keyWidth, 'left', theme.ascii)} ${fit(entry.label, labelWidth, 'left', theme.ascii)}  `;
				// One that cannot run now says why in place of what it does (the reason is what a
				// narrow screen must not cut); without colour it is also written in parentheses.
				return (
					<Text key={entry.id} inverse={selected} dimColor={entry.disabled !== null} wrap="truncate-end">
						{head}
						{entry.disabled === null ? (
							entry.description
						) : (
							<Text color={theme.c('yellow')}>{`(cannot now: ${entry.disabled})`}</Text>
						)}
					</Text>
				);
			})}
		</PaneFrame>
	);
}

function keysOf(keys: readonly string[], show: (key: string) => string): string {
	return keys.length > 0 ? keys.map(show).join(' ') : '(unbound)';
}
