/**
 * Help, generated from the keymap in effect (the registry with the config's remapping): every
 * action by scope with its keys, `(unbound)` for one the config disabled, and the reason an
 * action cannot run now (read-only mode and why, or what it needs: a template selected...). Keymap conflicts found at startup come
 * first; the palette's commands and the filter's syntax follow the keys.
 */
import React from 'react';
import {useShallow} from 'zustand/react/shallow';
import {modeOf} from '../source/store/actions/context.js';
import {Text} from './widgets/text.js';
import {helpSections, HELP_ORDER} from '../keymaps/resolve.js';
import {refusals} from '../source/store/actions/index.js';
import {displayKey, displayKeyAscii} from '../keymaps/keys.js';
import {PALETTE_COMMANDS} from '../source/store/palette.js';
import {useAppState, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {ScrollView, type ViewLine} from './widgets/scroll-view.js';
import {fit} from './widgets/format.js';

const FILTER_SYNTAX = [
	'/text        a case-insensitive regex over VMID, name, type, node, status, IPs, bridges and tags',
	'/!text       everything that does not match',
	'/node:pve2   only one column: node:, status:, type: or tag: (the rest is a regex on that column)',
];

export function HelpScreen({width, height}: {width: number; height: number}): React.ReactNode {
	const theme = useTheme();
	// In a fleet, the read-only mode of the contexts the keys would act on.
	const {readOnly, readOnlyWhy} = useAppState(useShallow(modeOf));
	const keyActions = useAppState((s) => s.keyActions);
	const problems = useAppState((s) => s.keymapProblems);
	const refused = useAppState(useShallow((s) => refusals(s, HELP_ORDER)));
	const show = theme.ascii ? displayKeyAscii : displayKey;
	const lines: ViewLine[] = [];
	const heading = (key: string, text: string): void => {
		if (lines.length > 0) lines.push({key: `gap:${key}`, node: ''});
		lines.push({
			key: `h:${key}`,
			node: (
				<Text bold color={theme.c('cyan')}>
					{text}
				</Text>
			),
		});
	};
	if (problems.length > 0) {
		heading('problems', 'Keymap problems (from the config file)');
		problems.forEach((problem, i) =>
			lines.push({key: `p:${i}`, node: <Text color={theme.c('yellow')}>{`  ${problem}`}</Text>}),
		);
	}
	for (const section of helpSections({readOnly, readOnlyWhy, refuses: (id) => refused[id] ?? null}, keyActions)) {
		heading(section.scope, section.title);
		section.rows.forEach((row, i) => {
			const keys = row.keys.length > 0 ? row.keys.map(show).join(' ') : '(unbound)';
			lines.push({
				key: `${section.scope}:${i}`,
				node: (
					<Text dimColor={row.disabled !== null || row.keys.length === 0}>
						{`  ${fit(keys, 18)} ${row.description}`}
						{row.disabled ? <Text color={theme.c('yellow')}>{`  (disabled: ${row.disabled})`}</Text> : null}
						<Text dimColor>{`  ${row.id}`}</Text>
					</Text>
				),
			});
		});
	}
	heading('palette', 'Command palette (:)');
	for (const command of PALETTE_COMMANDS) {
		lines.push({
			key: `cmd:${command.name}`,
			node: `  ${fit(`:${command.name} ${command.args}`, 18)} ${command.description}`,
		});
	}
	heading('filter', 'Guest filter (/)');
	FILTER_SYNTAX.forEach((text, i) => lines.push({key: `f:${i}`, node: `  ${text}`}));
	return (
		<PaneFrame
			title={<Text color={theme.c('cyan')}>Help</Text>}
			right={`${readOnly ? '[RO] ' : ''}? or q to close`}
			focused
			width={width}
			height={height}
		>
			<ScrollView list="help" lines={lines} height={Math.max(1, height - 3)} />
		</PaneFrame>
	);
}
