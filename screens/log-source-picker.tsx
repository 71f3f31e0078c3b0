/** Picks the logs pane's source: host journal, a container guest's journal, a container's logs. */
import React, {useEffect} from 'react';
import {Text} from './widgets/text.js';
import {selectLogSourceChoices, sameSource} from '../source/store/log-sources.js';
import {describeSource} from '../source/store/log-session.js';
import {useAppState, useAppStore, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {useWindowStart} from './widgets/windowed.js';

export function LogSourcePicker({width, height}: {width: number; height: number}): React.ReactNode {
	const theme = useTheme();
	const store = useAppStore();
	const snapshot = useAppState((s) => s.snapshot);
	const current = useAppState((s) => s.logs.source);
	const cursor = useAppState((s) => s.cursors.picker);
	const nodeFilter = useAppState((s) => s.nodeFilter);
	const choices = selectLogSourceChoices(snapshot, nodeFilter);
	const listHeight = Math.max(1, height - 3);
	const start = useWindowStart(cursor, listHeight, choices.length);
	useEffect(
		() => store.getState().setExtent('picker', {count: choices.length, page: listHeight}),
		[store, choices.length, listHeight],
	);
	return (
		<PaneFrame
			title={<Text color={theme.c('cyan')}>Log source</Text>}
			right={`Enter choose ${theme.g.sep} Esc back`}
			focused
			width={width}
			height={height}
		>
			{choices.slice(start, start + listHeight).map((choice, i) => (
				<Text key={`${choice.kind}:${describeSource(choice)}`} inverse={start + i === cursor} wrap="truncate-end">
					{`${start + i === cursor ? theme.g.cursor : ' '}${sameSource(choice, current) ? theme.g.dot : ' '} ${choice.kind === 'container' ? '    ' : choice.kind === 'stack' ? '  ' : ''}${describeSource(choice)}`}
				</Text>
			))}
		</PaneFrame>
	);
}
