/**
 * The safety net as the console holds it: the backup audit (read at a slow cadence, it costs
 * a few `pvesh` runs and a look at every backup storage), each guest's snapshots (read when
 * its views open and after a snapshot job), the cluster's task list (read every few seconds
 * while the tasks view is open) and one task's log (followed while its view is open).
 */
import type {GuestSnapshot, SafetyData, TaskEntry, TaskState} from '../model/safety.js';
import type {AuditReport} from '../ops/backup-audit.js';
import type {TaskRef} from '../ops/job.js';
import type {KeptLog} from '../ops/task-log-keep.js';

export type LoadStatus = 'idle' | 'loading' | 'ok' | 'error';

export interface AuditState {
	status: LoadStatus;
	data: SafetyData | null;
	report: AuditReport | null;
	error: string | null;
	/** When the last read finished (ms). */
	at: number | null;
}

export interface GuestSnapshots {
	status: LoadStatus;
	list: readonly GuestSnapshot[];
	error: string | null;
}

export interface TasksState {
	status: LoadStatus;
	list: readonly TaskEntry[];
	/** A failed task's error line (from its log), by UPID. */
	errorLines: Readonly<Record<string, string>>;
	error: string | null;
	runningOnly: boolean;
}

/** The log as held: its first and newest lines (task-log-keep.ts), and how many were read. */
export interface TaskLogState extends KeptLog {
	ref: TaskRef;
	state: TaskState;
	error: string | null;
}

export interface SafetyState {
	audit: AuditState;
	snapshots: Readonly<Record<number, GuestSnapshots>>;
	tasks: TasksState;
	taskLog: TaskLogState | null;
}

export function emptySafety(): SafetyState {
	return {
		audit: {status: 'idle', data: null, report: null, error: null, at: null},
		snapshots: {},
		tasks: {status: 'idle', list: [], errorLines: {}, error: null, runningOnly: false},
		taskLog: null,
	};
}

/** What the console's settings say about the safety net (the config's `safety` section). */
export interface SafetySettings {
	snapshotBeforeChange: boolean;
	auditIntervalMs: number;
	skipBackupTags: readonly string[];
}

export const DEFAULT_SAFETY_SETTINGS: SafetySettings = {
	snapshotBeforeChange: true,
	auditIntervalMs: 300_000,
	skipBackupTags: ['nobackup', 'no-backup'],
};
