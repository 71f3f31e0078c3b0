/**
 * A guest's backups on every storage that holds them (local dirs, NFS, a Proxmox Backup
 * Server), newest first: time, storage, size, protection, a backup server's verification and
 * the notes; above them the audit's verdict for the guest. The selected backup is what R
 * restores and p protects.
 */
import React, {useMemo} from 'react';
import {Text} from './widgets/text.js';
import {StatusLine} from './widgets/status-line.js';
import {backupRows, type BackupRow} from '../source/report/safety-rows.js';
import {formatDuration} from '../source/model/format.js';
import {useAppState, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {fit} from './widgets/format.js';
import {SelectList} from './widgets/select-list.js';
import type {Theme} from './widgets/theme.js';

export function backupHeader(): string {
	return `  ${fit('TIME', 16)} ${fit('STORAGE', 12)} ${fit('SIZE', 6, 'right')} ${fit('PROT', 4)} ${fit('VERIFIED', 8)} NOTES`;
}

export function backupCells(row: BackupRow, theme: Theme): React.ReactNode {
	const verify =
		row.verified === 'ok'
			? theme.c('green')
			: row.verified === 'never'
				? theme.c('yellow')
				: row.verified === '-'
					? undefined
					: theme.c('red');
	return (
		<>
			{`${fit(row.time, 16)} ${fit(row.backup.storage, 12, 'left', theme.ascii)} ${fit(row.size, 6, 'right')} ${fit(row.protected, 4)} `}
			<Text color={verify} dimColor={row.verified === '-'}>
				{fit(row.verified, 8)}
			</Text>
			{` ${row.notes}`}
		</>
	);
}

export function BackupsView({vmid, width, height}: {vmid: number; width: number; height: number}): React.ReactNode {
	const theme = useTheme();
	const guest = useAppState((s) => s.snapshot?.guests.find((g) => g.vmid === vmid));
	const audit = useAppState((s) => s.safety.audit);
	const pbs = useAppState(
		(s) =>
			s.snapshot?.storages
				.filter((x) => x.type === 'pbs')
				.map((x) => x.storage)
				.join(',') ?? '',
	);
	const rows = useMemo(
		() => backupRows(audit.data?.backups.filter((b) => b.vmid === vmid) ?? [], new Set(pbs.split(','))),
		[audit.data, pbs, vmid],
	);
	const verdicts = (audit.report?.results ?? []).filter((r) => r.target === `guest:${vmid}` && r.state !== 'pass');
	const age = audit.at === null ? null : formatDuration((Date.now() - audit.at) / 1000);
	const status =
		audit.status === 'loading' && !audit.data
			? 'reading the backup storages…'
			: audit.status === 'error'
				? `could not read the backups: ${audit.error}`
				: `${rows.length} backups on ${audit.data?.storagesRead.join(', ') || 'no storage'}${age ? ` · read ${age} ago` : ''}${audit.status === 'loading' ? ' · reading again…' : ''}`;
	const listHeight = Math.max(1, height - 5 - verdicts.length);
	return (
		<PaneFrame
			title={<Text color={theme.c('cyan')}>{`Backups of ${guest ? `${guest.name} (${vmid})` : vmid}`}</Text>}
			right="b back up · R restore · p protect · q/Esc back"
			focused
			width={width}
			height={height}
		>
			<StatusLine text={status} problem={audit.status === 'error'} />
			{verdicts.map((v) => (
				<Text key={`${v.check}:${v.detail}`} wrap="truncate-end">
					<Text bold color={v.state === 'fail' ? theme.c('red') : theme.c('yellow')}>
						{fit(v.state.toUpperCase(), 5)}
					</Text>
					{` ${v.detail}`}
				</Text>
			))}
			<Text bold wrap="truncate-end">
				{backupHeader()}
			</Text>
			<SelectList
				list="backups"
				rows={rows.map((row) => ({key: row.backup.volid, node: backupCells(row, theme)}))}
				height={listHeight}
				empty="no backups of this guest on the storages read (b backs it up now)"
			/>
		</PaneFrame>
	);
}
