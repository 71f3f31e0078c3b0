/**
 * Help, generated from the keymap registry: every action by scope with its keys, and the
 * reason an action is disabled (read-only mode, or a reason a later module registers).
 */
import React from 'react';
import {Text} from 'ink';
import {helpSections} from '../keymaps/resolve.js';
import {displayKey, displayKeyAscii} from '../keymaps/keys.js';
import {useAppState, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {ScrollView, type ViewLine} from './widgets/scroll-view.js';
import {fit} from './widgets/format.js';

export function HelpScreen({width, height}: {width: number; height: number}): React.ReactNode {
	const theme = useTheme();
	const readOnly = useAppState((s) => s.readOnly);
	const show = theme.ascii ? displayKeyAscii : displayKey;
	const lines: ViewLine[] = [];
	for (const section of helpSections({readOnly})) {
		if (lines.length > 0) lines.push({key: `gap:${section.scope}`, node: ''});
		lines.push({key: `h:${section.scope}`, node: <Text bold color={theme.c('cyan')}>{section.title}</Text>});
		section.rows.forEach((row, i) => {
			const keys = row.keys.length > 0 ? row.keys.map(show).join(' ') : '(unbound)';
			lines.push({
				key: `${section.scope}:${i}`,
				node: (
					<Text dimColor={row.disabled !== null}>
						{`  ${fit(keys, 18)} ${row.description}`}
						{row.disabled ? <Text color={theme.c('yellow')}>{`  (disabled: ${row.disabled})`}</Text> : null}
					</Text>
				),
			});
		});
	}
	return (
		<PaneFrame title={<Text color={theme.c('cyan')}>Help</Text>} right={`${readOnly ? '[RO] ' : ''}? or q to close`} focused width={width} height={height}>
			<ScrollView list="help" lines={lines} height={Math.max(1, height - 3)} />
		</PaneFrame>
	);
}
