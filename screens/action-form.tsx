/**
 * The forms in front of a change: clone (from the selected template, with the next free VMID,
 * a hostname from the template's name, its storage and the node in a cluster), snapshot,
 * backup and restore. A field with choices is cycled with Left/Right; Enter checks the form
 * and shows the plan in the confirm dialog.
 */
import React from 'react';
import {Text} from './widgets/text.js';
import type {ActionForm as Form, FormPurpose} from '../source/store/types.js';
import type {Snapshot} from '../source/model/snapshot.js';
import {useAppState, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {fit} from './widgets/format.js';

/** The form's title and the one line under it that says what it becomes. */
function describe(purpose: FormPurpose, snapshot: Snapshot | null): {title: string; line: string} {
	const guest = (vmid: number): string => {
		const g = snapshot?.guests.find((x) => x.vmid === vmid);
		return g ? `${g.name} (${vmid})` : String(vmid);
	};
	switch (purpose.kind) {
		case 'clone': {
			const template = snapshot?.guests.find((g) => g.vmid === purpose.templateVmid);
			return {
				title: `Clone template ${purpose.templateVmid}${template ? ` ${template.name}` : ''}`,
				line: `pct clone ${purpose.templateVmid} <VMID> --full; the clone is left stopped${template ? ` (template on ${template.node})` : ''}`,
			};
		}
		case 'snapshot':
			return {title: `Snapshot ${guest(purpose.vmid)}`, line: 'a snapshot of its disks and config, to roll back to'};
		case 'backup':
			return {
				title: `Back up ${guest(purpose.vmid)}`,
				line: 'vzdump to a storage that holds backups; the task goes on if the connection drops',
			};
		case 'resources':
			return {
				title: `Resources of ${guest(purpose.vmid)}`,
				line: 'pct set: a running container gets the new limits at once, no restart',
			};
		case 'resize':
			return {
				title: `Grow a disk of ${guest(purpose.vmid)}`,
				line: 'pct resize: grow only (Proxmox cannot shrink), online while it runs',
			};
		case 'restore':
			return {
				title: `Restore ${purpose.volid}`,
				line: 'to a free VMID (a copy with new MAC addresses), or over the guest it came from (typed VMID)',
			};
	}
}

export function ActionForm({form, width, height}: {form: Form; width: number; height: number}): React.ReactNode {
	const theme = useTheme();
	const snapshot = useAppState((s) => s.snapshot);
	const nodes = snapshot?.nodes;
	const {title, line} = describe(form.purpose, snapshot);
	return (
		<PaneFrame
			title={
				<Text bold color={theme.c('cyan')}>
					{title}
				</Text>
			}
			right="Esc cancels"
			focused
			width={width}
			height={height}
		>
			<Text dimColor wrap="truncate-end">
				{line}
			</Text>
			<Text> </Text>
			{form.fields.map((field, i) => (
				<Text key={field.id} wrap="truncate-end">
					<Text bold={i === form.focus} color={i === form.focus ? theme.c('cyan') : undefined}>
						{`${i === form.focus ? theme.g.cursor : ' '} ${fit(field.label, 12)} `}
					</Text>
					{field.choices ? <Text dimColor>{i === form.focus ? '‹ ' : '  '}</Text> : null}
					<Text inverse={i === form.focus}>{field.value}</Text>
					{i === form.focus && !field.choices ? <Text inverse> </Text> : null}
					{field.choices && i === form.focus ? <Text dimColor>{' ›'}</Text> : null}
					{field.choices ? <Text dimColor>{`   ${field.choices.join(' / ')}`}</Text> : null}
					{field.hint && !field.choices ? <Text dimColor>{`   ${field.hint}`}</Text> : null}
					{field.id === 'node' && nodes ? (
						<Text dimColor>{`   ${nodes.map((n) => `${n.name}${n.online ? '' : ' (offline)'}`).join(', ')}`}</Text>
					) : null}
				</Text>
			))}
			<Text> </Text>
			{form.error ? (
				<Text color={theme.c('red')} bold wrap="truncate-end">
					{form.error}
				</Text>
			) : (
				<Text dimColor>
					{theme.ascii
						? `Tab/Down next field ${theme.g.sep} Left/Right choose ${theme.g.sep} Enter review the plan ${theme.g.sep} Esc cancel`
						: `Tab/↓ next field ${theme.g.sep} ←/→ choose ${theme.g.sep} Enter review the plan ${theme.g.sep} Esc cancel`}
				</Text>
			)}
		</PaneFrame>
	);
}
