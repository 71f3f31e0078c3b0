/**
 * Rows of the safety net's lists as plain strings, shared by the CLI's tables and the
 * console's views: a snapshot tree, a guest's backups, the task list. A value the host did not
 * give is `-`, never 0.
 */
import type {BackupVolume, GuestSnapshot, TaskEntry} from '../model/safety.js';
import {formatBytes, formatDuration} from '../model/format.js';
import {snapshotTree} from '../host/parse/snapshots.js';

const two = (n: number): string => String(n).padStart(2, '0');

/** `2026-11-22 02:00`, in the local time of the machine proxdeck runs on. */
export function stamp(unixSeconds: number | null): string {
	if (!unixSeconds) return '-';
	const d = new Date(unixSeconds * 1000);
	return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

export interface SnapshotRow {
	snapshot: GuestSnapshot;
	depth: number;
	/** `` `-> name ``, indented one space per level, as `pct listsnapshot` draws it. */
	tree: string;
	time: string;
	/** VMs: `yes` when the RAM was saved; containers: empty. */
	ram: string;
	description: string;
}

export function snapshotRows(list: readonly GuestSnapshot[]): SnapshotRow[] {
	return snapshotTree(list).map(({snapshot, depth}) => ({
		snapshot,
		depth,
		tree: `${' '.repeat(depth)}\`-> ${snapshot.current ? `current${snapshot.running ? ' (running)' : ''}` : snapshot.name}`,
		time: snapshot.current ? '' : stamp(snapshot.snaptime),
		ram: snapshot.vmstate === undefined ? '' : snapshot.vmstate ? 'yes' : 'no',
		description: (snapshot.current ? 'you are here' : snapshot.description.split('\n')[0]) ?? '',
	}));
}

export interface BackupRow {
	backup: BackupVolume;
	time: string;
	size: string;
	protected: string;
	verified: string;
	notes: string;
}

/** A PBS backup's verification, `-` elsewhere (only a backup server verifies). */
export function verifiedText(backup: BackupVolume, pbs: boolean): string {
	if (!pbs) return '-';
	return backup.verification ? backup.verification.state : 'never';
}

/** Newest first. */
export function backupRows(backups: readonly BackupVolume[], pbsStorages: ReadonlySet<string>): BackupRow[] {
	return [...backups]
		.sort((a, b) => (b.ctime ?? 0) - (a.ctime ?? 0))
		.map((backup) => ({
			backup,
			time: stamp(backup.ctime),
			size: backup.size === null ? '-' : formatBytes(backup.size),
			protected: backup.protected ? 'yes' : '',
			verified: verifiedText(backup, pbsStorages.has(backup.storage)),
			notes: backup.notes ?? '',
		}));
}

export interface TaskRow {
	task: TaskEntry;
	started: string;
	duration: string;
	/** The guest (or object) the task worked on. */
	guest: string;
	/** `running`, `OK`, `WARNINGS: 1`, or the error line. */
	status: string;
}

export function taskRows(
	tasks: readonly TaskEntry[],
	nowMs: number,
	errorLines: Readonly<Record<string, string>> = {},
	names: ReadonlyMap<number, string> = new Map(),
): TaskRow[] {
	return tasks.map((task) => {
		const end = task.endtime ?? (task.state === 'running' ? nowMs / 1000 : null);
		const vmid = /^\d+$/.test(task.id) ? Number(task.id) : null;
		const name = vmid !== null ? names.get(vmid) : undefined;
		return {
			task,
			started: stamp(task.starttime),
			duration: end === null ? '-' : formatDuration(Math.max(0, end - task.starttime)),
			guest: task.id === '' ? '-' : name ? `${task.id} ${name}` : task.id,
			status: task.state === 'running' ? 'running' : (errorLines[task.upid] ?? task.status ?? '-'),
		};
	});
}
