/**
 * The journal: what proxdeck changed, newest first (the same file `proxdeck journal` reads):
 * time, result, action, target, context and user, then the summary.
 */
import React from 'react';
import {Text} from './widgets/text.js';
import {useAppState, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {ScrollView, type ViewLine} from './widgets/scroll-view.js';
import {fit} from './widgets/format.js';

function when(iso: string): string {
	return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function JournalView({width, height}: {width: number; height: number}): React.ReactNode {
	const theme = useTheme();
	const journal = useAppState((s) => s.journal);
	const lines: ViewLine[] = [];
	if (journal.status === 'loading') lines.push({key: 'loading', node: <Text dimColor>reading the journal…</Text>});
	if (journal.error) lines.push({key: 'error', node: <Text color={theme.c('red')}>{journal.error}</Text>});
	if (journal.status === 'ok' && journal.entries.length === 0)
		lines.push({key: 'empty', node: <Text dimColor>nothing yet: proxdeck has changed nothing from this machine</Text>});
	journal.entries.forEach((entry, i) => {
		const colour =
			entry.result === 'ok' ? theme.c('green') : entry.result === 'failed' ? theme.c('red') : theme.c('yellow');
		lines.push({
			key: `e:${i}`,
			node: (
				<Text>
					{`${when(entry.time)} `}
					<Text bold color={colour}>
						{fit(entry.result, 13)}
					</Text>
					{` ${fit(entry.action, 8)} ${entry.target}${entry.node ? ` on ${entry.node}` : ''}`}
					<Text dimColor>{`  ${entry.context} ${entry.user} ${(entry.durationMs / 1000).toFixed(1)}s`}</Text>
				</Text>
			),
		});
		lines.push({key: `s:${i}`, node: <Text dimColor>{`    ${entry.summary}`}</Text>});
	});
	return (
		<PaneFrame
			title={<Text color={theme.c('cyan')}>Journal</Text>}
			right={`${journal.entries.length} entries · q/Esc back`}
			focused
			width={width}
			height={height}
		>
			<ScrollView list="journal" lines={lines} height={Math.max(1, height - 3)} />
		</PaneFrame>
	);
}
