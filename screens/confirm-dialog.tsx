/**
 * The confirm dialog, as k9s and btop do it: the exact targets, pinned when it opened (a refresh
 * that reorders rows cannot change them); how many
 * marked guests the filter hides; each plan's checks, blockers and the exact commands it will
 * run; a typed VMID for destroy; and Cancel focused first. The plan scrolls with the motion
 * keys; the buttons stay at the bottom.
 */
import React from 'react';
import {Box} from 'ink';
import {Text} from './widgets/text.js';
import type {Plan} from '../source/ops/job.js';
import {confirmBlocked, runnableJobs} from '../source/store/actions/dialogs.js';
import type {ConfirmDialog as Dialog} from '../source/store/types.js';
import {useAppState, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {ScrollView, type ViewLine} from './widgets/scroll-view.js';
import type {Theme} from './widgets/theme.js';

/** A long command split over lines at spaces (never cut: the dialog shows the exact command). */
export function wrapCommand(text: string, width: number): string[] {
	const w = Math.max(10, width);
	const out: string[] = [];
	let rest = text;
	while (rest.length > w) {
		// Break at a space, else after a comma of an option list (net0=a,b,c), else anywhere.
		const space = rest.lastIndexOf(' ', w);
		const comma = rest.lastIndexOf(',', w - 1);
		const cut = space > w / 3 ? space : comma > w / 3 ? comma + 1 : w;
		out.push(rest.slice(0, cut));
		rest = rest.slice(cut).trimStart();
	}
	out.push(rest);
	return out;
}

export function planLines(plan: Plan, theme: Theme, many: boolean, width = 80): ViewLine[] {
	const lines: ViewLine[] = [];
	if (many) lines.push({node: <Text bold>{`${plan.action} ${plan.target}`}</Text>});
	for (const check of plan.checks) {
		if (check.ok && !check.warning && many) continue;
		const mark = check.ok ? (check.warning ? 'warn' : 'ok  ') : 'FAIL';
		lines.push({
			node: (
				<Text
					color={check.ok ? (check.warning ? theme.c('yellow') : undefined) : theme.c('red')}
					dimColor={check.ok && !check.warning}
				>{`  ${mark} ${check.name}: ${check.detail}`}</Text>
			),
		});
	}
	if (plan.blockers.length > 0)
		lines.push({
			node: <Text color={theme.c('red')} bold>{`  cannot run: ${plan.blockers.join('; ')}`}</Text>,
		});
	else if (plan.nothingToDo) lines.push({node: <Text dimColor>{'  nothing to do: it is already so'}</Text>});
	let n = 0;
	for (const step of plan.steps) {
		if (step.name === 'preflight') continue;
		if (step.skip !== undefined) {
			lines.push({node: <Text dimColor>{`  -  ${step.name}: skip (${step.skip})`}</Text>});
			continue;
		}
		n += 1;
		lines.push({node: `  ${n}. ${step.title}`});
		step.commands.forEach((command) => {
			wrapCommand(command, width - 9).forEach((part, p) => {
				lines.push({
					node: <Text color={theme.c('cyan')}>{`${p === 0 ? '     $ ' : '       '}${part}`}</Text>,
				});
			});
		});
		if (step.note) lines.push({node: <Text dimColor>{`     (${step.note})`}</Text>});
	}
	return lines;
}

function Buttons({dialog, theme}: {dialog: Dialog; theme: Theme}): React.ReactNode {
	const blocked = confirmBlocked(dialog);
	const count = runnableJobs(dialog).length;
	const ok = `${dialog.verb}${count > 1 ? ` ${count}` : ''}`;
	const button = (text: string, focused: boolean, dim: boolean): React.ReactNode => (
		<Text inverse={focused} bold={focused} dimColor={dim && !focused}>
			{focused ? `> ${text} <` : `[ ${text} ]`}
		</Text>
	);
	return (
		<Text wrap="truncate-end">
			{button('Cancel', dialog.focus === 'cancel', false)}
			{'  '}
			{button(ok, dialog.focus === 'ok', blocked !== null)}
			{blocked ? (
				<Text color={theme.c('yellow')}>{`  ${blocked}`}</Text>
			) : (
				<Text dimColor>{'  Tab switches, Enter presses'}</Text>
			)}
		</Text>
	);
}

export function ConfirmDialog({
	dialog,
	width,
	height,
}: {
	dialog: Dialog;
	width: number;
	height: number;
}): React.ReactNode {
	const theme = useTheme();
	const context = useAppState((s) => s.context);
	const many = dialog.plans.length > 1;
	const lines: ViewLine[] = [];
	const targets = dialog.plans.map((p) => p.target).join(', ');
	lines.push({
		node: (
			<Text>
				{`${many ? `${dialog.plans.length} guests: ` : ''}${targets}`}
				<Text dimColor>{`  (context ${context}; pinned when this opened)`}</Text>
			</Text>
		),
	});
	if (dialog.hiddenByFilter > 0) {
		lines.push({
			node: <Text color={theme.c('yellow')} bold>{`  ${dialog.hiddenByFilter} of them hidden by the filter`}</Text>,
		});
	}
	dialog.plans.forEach((plan) => lines.push(...planLines(plan, theme, many, width - 2)));
	const footerRows = dialog.typed === null ? 1 : 2;
	const more = lines.length > height - 3 - footerRows;
	return (
		<PaneFrame
			title={
				<Text bold color={theme.c('yellow')}>
					{dialog.title}
				</Text>
			}
			right={more ? `j/k scroll ${theme.g.sep} Esc cancels` : 'Esc cancels'}
			focused
			width={width}
			height={height}
		>
			<Box flexDirection="column" height={Math.max(1, height - 3 - footerRows)} overflow="hidden">
				<ScrollView list="confirm" lines={lines} height={Math.max(1, height - 3 - footerRows)} />
			</Box>
			{dialog.typed === null ? null : (
				<Text wrap="truncate-end">
					{`Type ${dialog.typed} to confirm: `}
					<Text bold color={dialog.typedText === dialog.typed ? theme.c('green') : theme.c('yellow')}>
						{dialog.typedText}
					</Text>
					<Text inverse> </Text>
				</Text>
			)}
			<Buttons dialog={dialog} theme={theme} />
		</PaneFrame>
	);
}
