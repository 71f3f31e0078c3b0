/**
 * The job panel, under the panes while jobs exist (the panes keep refreshing above it): the
 * job in progress (or the last one) step by step with a spinner, the elapsed time and each
 * step's result, then its summary; health runs list their results, problems first. Other
 * queued or finished jobs are counted on the title line. Esc puts it away once all are done.
 */
import React from 'react';
import {Box} from 'ink';
import {Text} from './widgets/text.js';
import Spinner from 'ink-spinner';
import {focusJob, isActive, LOG_SHOWN} from '../source/store/jobs.js';
import type {JobStepView, JobView} from '../source/store/jobs.js';
import {useAppState, useTheme} from './store-context.js';
import {useNow} from './widgets/clock.js';
import {fit} from './widgets/format.js';
import type {Theme} from './widgets/theme.js';

function seconds(ms: number): string {
	return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
}

function StepMark({step, theme}: {step: JobStepView; theme: Theme}): React.ReactNode {
	switch (step.state) {
		case 'running':
			return (
				<Text color={theme.c('cyan')}>
					<Spinner type={theme.ascii ? 'line' : 'dots'} />
				</Text>
			);
		case 'done':
			return <Text color={theme.c('green')}>{theme.ascii ? '+' : '✓'}</Text>;
		case 'failed':
			return <Text color={theme.c('red')}>{theme.ascii ? 'x' : '✗'}</Text>;
		case 'skipped':
			return <Text dimColor>-</Text>;
		default:
			return <Text dimColor>·</Text>;
	}
}

const STATE_WORD: Record<JobView['state'], string> = {
	queued: 'queued',
	running: 'running',
	ok: 'done',
	'nothing-to-do': 'nothing to do',
	failed: 'FAILED',
	cancelled: 'cancelled',
	interrupted: 'interrupted',
};

function jobLines(job: JobView, theme: Theme, now: number): {key: string; node: React.ReactNode; anchor?: boolean}[] {
	const lines: {key: string; node: React.ReactNode; anchor?: boolean}[] = [];
	for (const step of job.steps) {
		const elapsed = step.state === 'running' && step.startedAt !== null ? now - step.startedAt : step.elapsedMs;
		lines.push({
			key: `s:${step.name}`,
			anchor: step.state === 'running',
			node: (
				<Text wrap="truncate-end" dimColor={step.state === 'pending' || step.state === 'skipped'}>
					<StepMark step={step} theme={theme} />
					{` ${fit(step.name, 13)} ${step.state === 'pending' ? '     ' : seconds(elapsed).padStart(6)}  `}
					<Text color={step.state === 'failed' ? theme.c('red') : undefined}>
						{step.message ?? (step.state === 'pending' || step.state === 'running' ? step.title : '')}
					</Text>
				</Text>
			),
		});
	}
	if (job.task) {
		// The Proxmox task under the running step: its UPID, then the newest lines of its log.
		lines.push({
			key: 'task',
			node: (
				<Text
					wrap="truncate-end"
					dimColor
				>{`  task ${job.task.upid}${job.state === 'running' ? '' : ' (a: tasks view)'}`}</Text>
			),
		});
		for (const [i, text] of (job.log ?? []).slice(-LOG_SHOWN).entries()) {
			lines.push({
				key: `log:${i}`,
				node: (
					<Text
						wrap="truncate-end"
						dimColor
						color={/^(TASK ERROR|ERROR):/.test(text) ? theme.c('red') : undefined}
					>{`  ${theme.ascii ? '|' : '│'} ${text}`}</Text>
				),
			});
		}
	}
	for (const [i, result] of (job.results ?? []).entries()) {
		const colour =
			result.state === 'pass' ? theme.c('green') : result.state === 'warn' ? theme.c('yellow') : theme.c('red');
		lines.push({
			key: `r:${i}`,
			node: (
				<Text wrap="truncate-end">
					<Text bold color={colour}>
						{fit(result.state.toUpperCase(), 5)}
					</Text>
					{` ${result.text}`}
				</Text>
			),
		});
	}
	if (job.summary) {
		const colour =
			job.state === 'failed'
				? theme.c('red')
				: job.state === 'cancelled' || job.state === 'interrupted'
					? theme.c('yellow')
					: theme.c('green');
		lines.push({
			key: 'summary',
			node: (
				<Text wrap="truncate-end" bold color={colour}>
					{job.summary}
				</Text>
			),
		});
	}
	return lines;
}

export function JobPanel({width, rows}: {width: number; rows: number}): React.ReactNode {
	const theme = useTheme();
	const jobs = useAppState((s) => s.jobs);
	const cluster = useAppState((s) => (s.snapshot?.nodes.length ?? 0) > 1);
	const active = jobs.some(isActive);
	// Ticks only while something runs, so an idle panel costs nothing.
	const tick = useNow(active ? 500 : 60_000);
	const now = Math.max(tick, Date.now());
	const job = focusJob(jobs);
	if (!job || rows < 3) return null;
	const queued = jobs.filter((j) => j.state === 'queued').length;
	const finished = jobs.filter((j) => !isActive(j)).length;
	const failed = jobs.filter((j) => j.state === 'failed').length;
	const elapsed = (job.finishedAt ?? now) - (job.startedAt ?? now);
	const position =
		jobs.length > 1
			? ` (${jobs.indexOf(job) + 1} of ${jobs.length}${queued > 0 ? `, ${queued} queued` : ''}${failed > 0 ? `, ${failed} failed` : ''})`
			: '';
	const lines = jobLines(job, theme, now);
	const room = rows - 3;
	const anchor = lines.findIndex((l) => l.anchor === true);
	const start =
		lines.length <= room
			? 0
			: anchor >= 0
				? Math.max(0, Math.min(anchor - 1, lines.length - room))
				: lines.length - room;
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
				<Text dimColor>{active ? '' : `  ${finished > 1 ? 'all done · ' : ''}Esc puts this away`}</Text>
			</Text>
			{lines.slice(start, start + room).map((line) => (
				<Box key={line.key} height={1} overflow="hidden">
					{line.node}
				</Box>
			))}
		</Box>
	);
}
