/**
 * A job's whole output, full screen (`p`): every step with its full message, the summary,
 * and for a health run every result and hint, wrapped, never cut. Scrolls with the motion
 * keys; q, Esc or Enter close it.
 */
import React from 'react';
import {Text} from './widgets/text.js';
import {displayKey, displayKeyAscii} from '../keymaps/keys.js';
import {focusJob} from '../source/store/jobs.js';
import {useAppState, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {ScrollView} from './widgets/scroll-view.js';
import {jobLines} from './widgets/job-lines.js';

export function JobOutput({width, height}: {width: number; height: number}): React.ReactNode {
	const theme = useTheme();
	const jobs = useAppState((s) => s.jobs);
	const keyActions = useAppState((s) => s.keyActions);
	const job = focusJob(jobs);
	const show = theme.ascii ? displayKeyAscii : displayKey;
	const lines = job
		? jobLines(job, {theme, now: Date.now(), width: width - 2, wrapAll: true, keyActions, show})
		: [{node: <Text dimColor>no job yet</Text>}];
	return (
		<PaneFrame
			title={<Text color={theme.c('cyan')}>{job ? `Job output: ${job.action} ${job.target}` : 'Job output'}</Text>}
			right={`${lines.length} lines ${theme.g.sep} q/Esc back`}
			focused
			width={width}
			height={height}
		>
			<ScrollView list="jobOutput" lines={lines} height={Math.max(1, height - 3)} />
		</PaneFrame>
	);
}
