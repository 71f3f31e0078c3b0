/**
 * One task's log, read every 1.5 s while the task runs and the view is open (it stays at the
 * bottom as lines arrive, unless scrolled up); the last line says how it ended.
 */
import React, {useEffect} from 'react';
import {Text} from './widgets/text.js';
import {StatusLine} from './widgets/status-line.js';
import {useAppState, useAppStore, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {ScrollView} from './widgets/scroll-view.js';

/** A long log is held as its first and newest lines: say so. */
const kept = (dropped: number): string => (dropped > 0 ? ` (${dropped} in the middle not kept)` : '');

export function TaskLogView({upid, width, height}: {upid: string; width: number; height: number}): React.ReactNode {
	const theme = useTheme();
	const store = useAppStore();
	const log = useAppState((s) => s.safety.taskLog);
	const mine = log?.ref.upid === upid ? log : null;
	const lines = mine?.lines ?? [];
	const view = Math.max(1, height - 4);
	// Follow the end while the task runs: the cursor (the top line) moves with new lines unless scrolled up.
	const followTop = Math.max(0, lines.length - view);
	useEffect(() => {
		const state = store.getState();
		if (state.cursors.tasklog >= followTop - 3 || state.cursors.tasklog === 0)
			store.setState({cursors: {...state.cursors, tasklog: followTop}});
	}, [store, followTop]);
	const status = !mine
		? 'reading the log…'
		: mine.error
			? `could not read the log: ${mine.error}`
			: mine.state === 'running'
				? `running · ${mine.read} lines${kept(mine.dropped)} · followed`
				: `ended (${mine.state}) · ${mine.read} lines${kept(mine.dropped)}`;
	return (
		<PaneFrame
			title={<Text color={theme.c('cyan')}>{`Task ${upid}`}</Text>}
			right="q/Esc back"
			focused
			width={width}
			height={height}
		>
			<StatusLine text={status} problem={Boolean(mine?.error)} />
			<ScrollView
				list="tasklog"
				lines={lines.map((text, i) => ({
					key: String(i),
					node: (
						<Text
							color={
								/^(TASK ERROR|ERROR):/.test(text)
									? theme.c('red')
									: /^TASK OK$/.test(text)
										? theme.c('green')
										: /^(WARN|TASK WARNINGS)/.test(text)
											? theme.c('yellow')
											: undefined
							}
						>
							{text}
						</Text>
					),
				}))}
				height={view}
			/>
		</PaneFrame>
	);
}
