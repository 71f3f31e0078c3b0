/**
 * Running and recent tasks of every node (`/cluster/tasks`, read every 5 s while this view is
 * open): start, duration, node, type, guest, user and status; a failed task shows its error
 * line (read from its log once). Enter opens the selected task's log.
 */
import React, {useMemo} from 'react';
import {Text} from './widgets/text.js';
import {StatusLine} from './widgets/status-line.js';
import {taskRows, type TaskRow} from '../source/report/safety-rows.js';
import {useAppState, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {fit} from './widgets/format.js';
import {SelectList} from './widgets/select-list.js';
import type {Theme} from './widgets/theme.js';
import {useNow} from './widgets/clock.js';

function statusColour(row: TaskRow, theme: Theme): string | undefined {
	switch (row.task.state) {
		case 'running':
			return theme.c('cyan');
		case 'ok':
			return theme.c('green');
		case 'warning':
			return theme.c('yellow');
		case 'error':
			return theme.c('red');
		default:
			return undefined;
	}
}

export function TasksView({width, height}: {width: number; height: number}): React.ReactNode {
	const theme = useTheme();
	const tasks = useAppState((s) => s.safety.tasks);
	const snapshot = useAppState((s) => s.snapshot);
	const now = useNow(1_000);
	const names = useMemo(() => new Map(snapshot?.guests.map((g) => [g.vmid, g.name]) ?? []), [snapshot]);
	const list = tasks.runningOnly ? tasks.list.filter((t) => t.state === 'running') : tasks.list;
	const rows = taskRows(list, now, tasks.errorLines, names);
	const running = tasks.list.filter((t) => t.state === 'running').length;
	const status =
		tasks.status === 'loading' || (tasks.status === 'idle' && tasks.list.length === 0)
			? 'reading the task list…'
			: tasks.status === 'error'
				? `could not read the tasks: ${tasks.error}`
				: `${running} running, ${tasks.list.length} in the list${tasks.runningOnly ? ' · showing running only (o)' : ''}`;
	return (
		<PaneFrame
			title={<Text color={theme.c('cyan')}>Tasks</Text>}
			right="Enter log · o running only · q/Esc back"
			focused
			width={width}
			height={height}
		>
			<StatusLine text={status} problem={tasks.status === 'error'} />
			<Text
				bold
				wrap="truncate-end"
			>{`  ${fit('STARTED', 16)} ${fit('TIME', 7, 'right')} ${fit('NODE', 8)} ${fit('TYPE', 13)} ${fit('GUEST', 18)} ${fit('USER', 10)} STATUS`}</Text>
			<SelectList
				list="tasks"
				rows={rows.map((row) => ({
					key: row.task.upid,
					node: (
						<>
							{`${fit(row.started, 16)} ${fit(row.duration, 7, 'right')} ${fit(row.task.node, 8)} ${fit(row.task.type, 13)} ${fit(row.guest, 18, 'left', theme.ascii)} ${fit(row.task.user, 10)} `}
							<Text color={statusColour(row, theme)}>{row.status}</Text>
						</>
					),
				}))}
				height={Math.max(1, height - 5)}
				empty={tasks.runningOnly ? 'no task is running' : 'no recent tasks'}
			/>
		</PaneFrame>
	);
}
