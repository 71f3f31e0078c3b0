/**
 * The clone form: from the selected template, with defaults filled in (the next free VMID, a
 * hostname from the template's name, the catalog's or the template's storage, and the node in
 * a cluster). Enter checks it and shows the plan in the confirm dialog.
 */
import React from 'react';
import {Text} from './widgets/text.js';
import type {CloneForm as Form} from '../source/store/types.js';
import {useAppState, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {fit} from './widgets/format.js';

export function CloneForm({form, width, height}: {form: Form; width: number; height: number}): React.ReactNode {
	const theme = useTheme();
	const template = useAppState((s) => s.snapshot?.guests.find((g) => g.vmid === form.templateVmid));
	const nodes = useAppState((s) => s.snapshot?.nodes);
	return (
		<PaneFrame
			title={
				<Text
					bold
					color={theme.c('cyan')}
				>{`Clone template ${form.templateVmid}${template ? ` ${template.name}` : ''}`}</Text>
			}
			right="Esc cancels"
			focused
			width={width}
			height={height}
		>
			<Text
				dimColor
				wrap="truncate-end"
			>{`pct clone ${form.templateVmid} <VMID> --full; the clone is left stopped${template ? ` (template on ${template.node})` : ''}`}</Text>
			<Text> </Text>
			{form.fields.map((field, i) => (
				<Text key={field.id} wrap="truncate-end">
					<Text
						bold={i === form.focus}
						color={i === form.focus ? theme.c('cyan') : undefined}
					>{`${i === form.focus ? theme.g.cursor : ' '} ${fit(field.label, 10)} `}</Text>
					<Text inverse={i === form.focus}>{field.value}</Text>
					{i === form.focus ? <Text inverse> </Text> : null}
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
				<Text
					dimColor
				>{`Tab/${theme.ascii ? 'Down' : '↓'} next field ${theme.g.sep} Enter review the plan ${theme.g.sep} Esc cancel`}</Text>
			)}
		</PaneFrame>
	);
}
