/**
 * The job panel, under the panes while jobs exist (the panes keep refreshing above it): the
 * job in progress (or the last one) step by step with a spinner, the elapsed time and each
 * step's result, then its summary; a health run lists its results, problems first and
 * whole, each with its hint. It follows the running step; `[` and `]` scroll it, `P` shows
 * the whole output full screen. Other queued or finished jobs are counted on the title line.
 * Esc puts it away once all are done.
 */
import React, {useEffect} from 'react';
import {Box} from 'ink';
import {Text} from './widgets/text.js';
import {displayKey, displayKeyAscii} from '../keymaps/keys.js';
import {focusJob, isActive} from '../source/store/jobs.js';
import type {JobView} from '../source/store/jobs.js';
import {useAppState, useAppStore, useTheme} from './store-context.js';
import {useNow} from './widgets/clock.js';
import {jobLines} from './widgets/job-lines.js';

const STATE_WORD: Record<JobView['state'], string> = {
	queued: 'queued',
	running: 'running',
	ok: 'done',
	'nothing-to-do': 'nothing to do',
	failed: 'FAILED',
	cancelled: 'cancelled',
	interrupted: 'interrupted',
};

function seconds(ms: number): string {
	return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
}

/** Where the panel starts by itself: at the top once a job is done (problems first), else on its running step. */
function autoStart(lines: readonly {anchor?: boolean}[], room: number, done: boolean): number {
	if (lines.length <= room || done) return 0;
	const anchor = lines.findIndex((l) => l.anchor === true);
	return anchor >= 0 ? Math.max(0, Math.min(anchor - 1, lines.length - room)) : lines.length - room;
}

export function JobPanel({width, rows}: {width: number; rows: number}): React.ReactNode {
	const theme = useTheme();
	const store = useAppStore();
	const jobs = useAppState((s) => s.jobs);
	const cluster = useAppState((s) => (s.snapshot?.nodes.length ?? 0) > 1);
	const scroll = useAppState((s) => s.jobScroll);
	const keyActions = useAppState((s) => s.keyActions);
	const active = jobs.some(isActive);
	// Ticks only while something runs, so an idle panel costs nothing.
	const tick = useNow(active ? 500 : 60_000);
	const now = Math.max(tick, Date.now());
	const job = focusJob(jobs);
	const show = theme.ascii ? displayKeyAscii : displayKey;
	const lines = job ? jobLines(job, {theme, now, width: width - 2, wrapAll: false, keyActions, show}) : [];
	const room = Math.max(0, rows - 3);
	const last = Math.max(0, lines.length - room);
	const start =
		job && scroll?.id === job.id
			? Math.min(scroll.top, last)
			: autoStart(lines, room, job !== undefined && !isActive(job));
	useEffect(
		() => store.getState().setExtent('jobs', {count: lines.length, page: room, top: start}),
		[store, lines.length, room, start],
	);
	if (!job || rows < 3) return null;
	const queued = jobs.filter((j) => j.state === 'queued').length;
	const finished = jobs.filter((j) => !isActive(j)).length;
	const failed = jobs.filter((j) => j.state === 'failed').length;
	const elapsed = (job.finishedAt ?? now) - (job.startedAt ?? now);
	const position =
		jobs.length > 1
			? ` (${jobs.indexOf(job) + 1} of ${jobs.length}${queued > 0 ? `, ${queued} queued` : ''}${failed > 0 ? `, ${failed} failed` : ''})`
			: '';
	const sep = ` ${theme.g.sep} `;
	// The full-screen output's key as the keymap in effect has it.
	const outputKey = keyActions.find((a) => a.id === 'jobs.output')?.keys[0];
	const more =
		lines.length > room
			? `  lines ${start + 1}-${Math.min(lines.length, start + room)} of ${lines.length}${sep}[ ] scroll${outputKey ? `${sep}${show(outputKey)} all` : ''}`
			: '';
	return (
		<Box
			flexDirection="column"
			width={width}
			height={rows}
			borderStyle={theme.border}
			borderColor={theme.c(active ? 'cyan' : job.state === 'failed' ? 'red' : 'gray')}
			overflow="hidden"
		>
			<Text wrap="truncate-end">
				<Text bold>{`${job.action} ${job.target}${cluster && job.node ? ` on ${job.node}` : ''}`}</Text>
				{` ${STATE_WORD[job.state]} ${seconds(elapsed)}${position}`}
				<Text dimColor>{`${more}${active ? '' : `  ${finished > 1 ? `all done${sep}` : ''}Esc puts this away`}`}</Text>
			</Text>
			{lines.slice(start, start + room).map((line, i) => (
				<Box key={start + i} height={1} overflow="hidden">
					{line.node}
				</Box>
			))}
		</Box>
	);
}
