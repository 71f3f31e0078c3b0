/**
 * A guest's snapshots as the tree Proxmox keeps: each snapshot under the one it was taken on,
 * with its time, whether a VM snapshot holds the RAM, its description, and `current` (where
 * the guest is now) marked. The selected snapshot is what R rolls back to and X deletes.
 */
import React, {useMemo} from 'react';
import {Text} from './widgets/text.js';
import {StatusLine} from './widgets/status-line.js';
import {snapshotSupport} from '../source/ops/snapshot.js';
import {snapshotRows, type SnapshotRow} from '../source/report/safety-rows.js';
import {useAppState, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {fit} from './widgets/format.js';
import {SelectList} from './widgets/select-list.js';
import type {Theme} from './widgets/theme.js';

/** The tree column: as wide as its longest row, within reason. */
export function treeWidth(rows: readonly SnapshotRow[]): number {
	return Math.min(44, Math.max(12, ...rows.map((r) => r.tree.length)));
}

/** One row of the tree: `current` in the accent colour, the RAM column for VMs. */
export function snapshotCells(row: SnapshotRow, vm: boolean, theme: Theme, tree: number): React.ReactNode {
	const current = row.snapshot.current;
	return (
		<>
			<Text bold={current} color={current ? theme.c('cyan') : undefined}>
				{fit(row.tree, tree, 'left', theme.ascii)}
			</Text>
			{` ${fit(row.time, 16)} `}
			{vm ? `${fit(row.ram, 3)} ` : ''}
			<Text dimColor={current}>{row.description}</Text>
		</>
	);
}

export function snapshotHeader(vm: boolean, tree: number): string {
	return `  ${fit('NAME', tree)} ${fit('TIME', 16)} ${vm ? 'RAM ' : ''}DESCRIPTION`;
}

export function SnapshotsView({vmid, width, height}: {vmid: number; width: number; height: number}): React.ReactNode {
	const theme = useTheme();
	const snapshot = useAppState((s) => s.snapshot);
	const entry = useAppState((s) => s.safety.snapshots[vmid]);
	const rows = useMemo(() => snapshotRows(entry?.list ?? []), [entry]);
	const guest = snapshot?.guests.find((g) => g.vmid === vmid);
	const vm = guest?.type === 'qemu';
	const support = guest && snapshot ? snapshotSupport(guest, snapshot) : null;
	const status =
		entry?.status === 'loading' && rows.length === 0
			? 'reading the snapshots…'
			: entry?.status === 'error'
				? `could not read the snapshots: ${entry.error}`
				: support && !support.ok
					? `no new snapshots: ${support.reason}`
					: `${rows.filter((r) => !r.snapshot.current).length} snapshots`;
	return (
		<PaneFrame
			title={<Text color={theme.c('cyan')}>{`Snapshots of ${guest ? `${guest.name} (${vmid})` : vmid}`}</Text>}
			right={
				guest ? `${guest.type === 'qemu' ? 'VM' : 'CT'} on ${guest.node} · ${guest.status} · q/Esc back` : 'q/Esc back'
			}
			focused
			width={width}
			height={height}
		>
			<StatusLine text={status} problem={entry?.status === 'error' || support?.ok === false} />
			<Text bold wrap="truncate-end">
				{snapshotHeader(vm, treeWidth(rows))}
			</Text>
			<SelectList
				list="snapshots"
				rows={rows.map((row) => ({key: row.snapshot.name, node: snapshotCells(row, vm, theme, treeWidth(rows))}))}
				height={Math.max(1, height - 5)}
			/>
		</PaneFrame>
	);
}
