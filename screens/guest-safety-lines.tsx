/**
 * The guest detail's safety net: its snapshot tree (`current` marked) and its backups (the
 * audit's verdicts, then the newest backups), with the keys that open the full views.
 */
import React from 'react';
import {Text} from './widgets/text.js';
import type {Guest} from '../source/model/snapshot.js';
import type {AuditState, GuestSnapshots} from '../source/store/safety-state.js';
import {backupRows, snapshotRows} from '../source/report/safety-rows.js';
import type {ViewLine} from './widgets/scroll-view.js';
import type {Theme} from './widgets/theme.js';
import {backupCells, backupHeader} from './backups-view.js';
import {snapshotCells, snapshotHeader, treeWidth} from './snapshots-view.js';
import {fit} from './widgets/format.js';

/** Newest backups shown in the detail (the backups view, b, lists them all). */
const SHOWN = 3;

function heading(text: string, theme: Theme, hint: string): ViewLine {
	return {
		node: (
			<Text>
				<Text bold color={theme.c('cyan')}>
					{text}
				</Text>
				<Text dimColor>{`  ${hint}`}</Text>
			</Text>
		),
	};
}

export function guestSafetyLines(
	guest: Guest,
	snapshots: GuestSnapshots | undefined,
	audit: AuditState,
	pbs: ReadonlySet<string>,
	theme: Theme,
): ViewLine[] {
	const lines: ViewLine[] = [{node: ''}];
	const rows = snapshotRows(snapshots?.list ?? []);
	const count = rows.filter((r) => !r.snapshot.current).length;
	const vm = guest.type === 'qemu';
	lines.push(heading(`SNAPSHOTS (${snapshots?.status === 'ok' ? count : '…'})`, theme, 'p: snapshots view'));
	if (!snapshots || (snapshots.status === 'loading' && rows.length === 0))
		lines.push({node: <Text dimColor> reading the snapshots…</Text>});
	else if (snapshots.status === 'error')
		lines.push({
			node: <Text color={theme.c('yellow')}>{`  could not read the snapshots: ${snapshots.error}`}</Text>,
		});
	else {
		lines.push({node: <Text dimColor>{snapshotHeader(vm, treeWidth(rows))}</Text>});
		for (const row of rows)
			lines.push({
				node: (
					<Text>
						{'  '}
						{snapshotCells(row, vm, theme, treeWidth(rows))}
					</Text>
				),
			});
	}
	lines.push({node: ''});
	const mine = audit.data?.backups.filter((b) => b.vmid === guest.vmid) ?? [];
	lines.push(heading(`BACKUPS (${audit.data ? mine.length : '…'})`, theme, 'b: backups view'));
	if (!audit.data) {
		lines.push({
			node: (
				<Text dimColor={audit.status !== 'error'} color={audit.status === 'error' ? theme.c('yellow') : undefined}>
					{audit.status === 'error' ? `  could not read the backups: ${audit.error}` : '  reading the backup storages…'}
				</Text>
			),
		});
		return lines;
	}
	for (const r of (audit.report?.results ?? []).filter((x) => x.target === `guest:${guest.vmid}`)) {
		const colour = r.state === 'pass' ? theme.c('green') : r.state === 'warn' ? theme.c('yellow') : theme.c('red');
		lines.push({
			node: (
				<Text>
					{'  '}
					<Text bold color={colour}>
						{fit(r.state.toUpperCase(), 5)}
					</Text>
					{` ${r.detail}`}
				</Text>
			),
		});
	}
	if (mine.length > 0) {
		lines.push({node: <Text dimColor>{backupHeader()}</Text>});
		for (const row of backupRows(mine, pbs).slice(0, SHOWN))
			lines.push({
				node: (
					<Text>
						{'  '}
						{backupCells(row, theme)}
					</Text>
				),
			});
		if (mine.length > SHOWN) lines.push({node: <Text dimColor>{`  … ${mine.length - SHOWN} older (b)`}</Text>});
	}
	return lines;
}
