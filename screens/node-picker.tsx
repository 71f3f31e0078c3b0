/** Picks the node every pane is narrowed to (or all of them), each with its state. */
import React, {useEffect} from 'react';
import {Text} from './widgets/text.js';
import {nodeChoices} from '../source/store/actions/nodes.js';
import {useAppState, useAppStore, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {SegmentLine} from './widgets/segment-line.js';
import {nodeHeaderSegments} from './widgets/node-header.js';
import {useWindowStart} from './widgets/windowed.js';

export function NodePicker({width, height}: {width: number; height: number}): React.ReactNode {
	const theme = useTheme();
	const store = useAppStore();
	const snapshot = useAppState((s) => s.snapshot);
	const current = useAppState((s) => s.nodeFilter);
	const cursor = useAppState((s) => s.cursors.nodes);
	const choices = nodeChoices(snapshot);
	const listHeight = Math.max(1, height - 3);
	const start = useWindowStart(cursor, listHeight, choices.length);
	useEffect(
		() => store.getState().setExtent('nodes', {count: choices.length, page: listHeight}),
		[store, choices.length, listHeight],
	);
	const now = snapshot ? Date.parse(snapshot.takenAt) || 0 : 0;
	return (
		<PaneFrame
			title={<Text color={theme.c('cyan')}>Nodes</Text>}
			right="Enter choose · Esc back"
			focused
			width={width}
			height={height}
		>
			{choices.slice(start, start + listHeight).map((choice, i) => {
				const node = snapshot?.nodes.find((n) => n.name === choice);
				const chosen = choice === current ? theme.g.dot : ' ';
				const selected = start + i === cursor;
				if (!node)
					return <Text key="all" inverse={selected}>{`${chosen} every node (${snapshot?.nodes.length ?? 0})`}</Text>;
				return (
					<SegmentLine
						key={node.name}
						segments={[{text: `${chosen} `}, ...nodeHeaderSegments(node, theme, now)]}
						inverse={selected}
					/>
				);
			})}
		</PaneFrame>
	);
}
