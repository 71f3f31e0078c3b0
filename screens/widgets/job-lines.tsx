/**
 * A job as lines, for the job panel under the panes and for its full-screen output: each
 * step with its mark, elapsed time and result; the Proxmox task it follows and the newest
 * lines of that task's log; the summary; then, for a health run, the
 * results with problems first, each problem and its hint wrapped whole (never cut: they are
 * what the user came for). The full view wraps every line; the panel keeps a pass to one.
 */
import React from 'react';
import {Text} from './text.js';
import Spinner from 'ink-spinner';
import type {KeyAction} from '../../keymaps/registry.js';
import {LOG_SHOWN, type JobStepView, type JobView} from '../../source/store/jobs.js';
import {consoleHint} from './fix-hint.js';
import {fit, wrapWords} from './format.js';
import type {Theme} from './theme.js';

export interface JobLine {
	node: React.ReactNode;
	/** The running step: the panel keeps it in view while the job runs. */
	anchor?: boolean;
}

export interface JobLineOptions {
	theme: Theme;
	now: number;
	width: number;
	/** Wrap every line (the full view), not only the problems. */
	wrapAll: boolean;
	keyActions: readonly KeyAction[];
	show: (key: string) => string;
}

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
			return <Text dimColor>{theme.ascii ? '.' : '·'}</Text>;
	}
}

/** `text` over as many lines as it takes, the first after `lead`, the rest indented to match. */
function wrapped(lead: string, text: string, width: number): string[] {
	const room = Math.max(10, width - lead.length);
	return wrapWords(text, room, Number.MAX_SAFE_INTEGER).map(
		(part, i) => (i === 0 ? lead : ' '.repeat(lead.length)) + part,
	);
}

function stepLines(job: JobView, o: JobLineOptions): JobLine[] {
	return job.steps.flatMap((step) => {
		const elapsed = step.state === 'running' && step.startedAt !== null ? o.now - step.startedAt : step.elapsedMs;
		const lead = ` ${fit(step.name, 13)} ${step.state === 'pending' ? '     ' : seconds(elapsed).padStart(6)}  `;
		const message = step.message ?? (step.state === 'pending' || step.state === 'running' ? step.title : '');
		const dim = step.state === 'pending' || step.state === 'skipped';
		const parts = o.wrapAll || step.state === 'failed' ? wrapped(lead, message, o.width - 1) : [lead + message];
		return parts.map((part, i) => ({
			anchor: i === 0 && step.state === 'running',
			node: (
				<Text wrap="truncate-end" dimColor={dim}>
					{i === 0 ? <StepMark step={step} theme={o.theme} /> : ' '}
					<Text color={step.state === 'failed' ? o.theme.c('red') : undefined}>{part}</Text>
				</Text>
			),
		}));
	});
}

/** The Proxmox task under the running step: its UPID, then the newest lines of its log. */
function taskLines(job: JobView, o: JobLineOptions): JobLine[] {
	if (!job.task) return [];
	const lines: JobLine[] = [
		{
			node: (
				<Text
					wrap="truncate-end"
					dimColor
				>{`  task ${job.task.upid}${job.state === 'running' ? '' : ` (${o.show('A')}: tasks view)`}`}</Text>
			),
		},
	];
	for (const text of (job.log ?? []).slice(-LOG_SHOWN))
		lines.push({
			node: (
				<Text
					wrap="truncate-end"
					dimColor
					color={/^(TASK ERROR|ERROR):/.test(text) ? o.theme.c('red') : undefined}
				>{`  ${o.theme.ascii ? '|' : '│'} ${text}`}</Text>
			),
		});
	return lines;
}

function resultLines(job: JobView, o: JobLineOptions): JobLine[] {
	const lines: JobLine[] = [];
	for (const result of job.results ?? []) {
		const problem = result.state !== 'pass';
		const colour =
			result.state === 'pass' ? o.theme.c('green') : result.state === 'warn' ? o.theme.c('yellow') : o.theme.c('red');
		const text = `${result.target} ${result.check}: ${result.detail}`;
		const lead = fit(result.state.toUpperCase(), 5);
		const parts = problem || o.wrapAll ? wrapped(`${lead} `, text, o.width) : [`${lead} ${text}`];
		parts.forEach((part) =>
			lines.push({
				node: (
					<Text wrap="truncate-end">
						<Text bold color={colour}>
							{part.slice(0, 5)}
						</Text>
						{part.slice(5)}
					</Text>
				),
			}),
		);
		const hint = problem ? consoleHint(result, o.keyActions, o.show) : undefined;
		if (hint)
			for (const part of wrapped('      hint: ', hint, o.width))
				lines.push({node: <Text dimColor={false}>{part}</Text>});
	}
	return lines;
}

export function jobLines(job: JobView, o: JobLineOptions): JobLine[] {
	const lines = [...stepLines(job, o), ...taskLines(job, o)];
	if (job.summary) {
		const colour =
			job.state === 'failed'
				? o.theme.c('red')
				: job.state === 'cancelled' || job.state === 'interrupted'
					? o.theme.c('yellow')
					: o.theme.c('green');
		// The summary before the results: the counts, then the problems they count.
		lines.push({
			node: (
				<Text wrap="truncate-end" bold color={colour}>
					{job.summary}
				</Text>
			),
		});
	}
	return [...lines, ...resultLines(job, o)];
}
