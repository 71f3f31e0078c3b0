/**
 * The safety net's data: a guest's snapshots, Proxmox tasks, backup jobs and the backups on
 * the storages. Field names follow the Proxmox API where there is one. A value the host did
 * not give is null or absent, never 0: an unknown size or time stays unknown on screen.
 */
import type {GuestType, SectionError} from './snapshot.js';

/** One entry of a guest's snapshot list; `current` is where the guest is now ("You are here!"). */
export interface GuestSnapshot {
	name: string;
	description: string;
	/** Unix seconds; null when the host gave none (`current` has none). */
	snaptime: number | null;
	/** The snapshot this one was taken on top of. */
	parent?: string;
	/** A VM snapshot that saved the RAM (VMs only; absent for containers). */
	vmstate?: boolean;
	current: boolean;
	/** `current` only: whether the guest runs now. */
	running?: boolean;
	/** `prepare` or `delete` when a snapshot task did not finish. */
	snapstate?: string;
}

/** A task id as pvedaemon writes it: `UPID:node:pid:pstart:starttime:type:id:user:`. */
export interface Upid {
	upid: string;
	node: string;
	pid: number;
	pstart: number;
	/** Unix seconds. */
	starttime: number;
	type: string;
	/** The guest or object the task works on (`105`, `sda`); empty when none. */
	id: string;
	user: string;
}

/** How a task ended, from its status word: `OK`, `WARNINGS: n`, or the error text itself. */
export type TaskState = 'running' | 'ok' | 'warning' | 'error' | 'unknown';

export interface TaskEntry extends Upid {
	/** Unix seconds; null while it runs (or when the host gave none). */
	endtime: number | null;
	/** `RUNNING`, `OK`, `WARNINGS: 2` or the error line; null when the host gave none. */
	status: string | null;
	state: TaskState;
}

/** `…/tasks/<upid>/status`. */
export interface TaskStatus {
	upid: string;
	node: string;
	running: boolean;
	/** Set once it stopped: `OK`, `WARNINGS: n` or the error line. */
	exitstatus?: string;
	state: TaskState;
}

/** One line of `…/tasks/<upid>/log`: its number (from 1) and text. */
export interface TaskLogLine {
	n: number;
	t: string;
}

/** A scheduled backup job (`/cluster/backup`). */
export interface BackupJob {
	id: string;
	enabled: boolean;
	/** A Proxmox calendar event (`daily 02:00`, `sat 03:30`); null when the job has none. */
	schedule: string | null;
	storage: string | null;
	/** The job runs on this node only; null: every node. */
	node: string | null;
	mode: string | null;
	/** Every guest (minus `exclude`). */
	all: boolean;
	vmids: number[];
	exclude: number[];
	pool: string | null;
	/** Unix seconds of the next run, when the host says. */
	nextRun: number | null;
	comment?: string;
}

/** A backup archive on a storage (`…/storage/<storage>/content --content backup`). */
export interface BackupVolume {
	volid: string;
	storage: string;
	/** The node whose storage listing found it (a shared storage lists the same volumes everywhere). */
	node: string;
	vmid: number | null;
	/** lxc or qemu, from the API's `subtype` or the archive's name. */
	subtype: GuestType | null;
	format: string;
	/** Bytes; null when the storage did not say. */
	size: number | null;
	/** Unix seconds; null when the storage did not say. */
	ctime: number | null;
	notes?: string;
	protected: boolean;
	/** Proxmox Backup Server only: the last verification; absent when never verified. */
	verification?: {state: string; upid?: string};
	encrypted?: string;
}

/** What one vzdump task log says about each guest it backed up. */
export interface VzdumpOutcome {
	vmid: number;
	ok: boolean;
	/** The `ERROR: Backup of VM … failed - …` line, for a failed one. */
	error?: string;
	/** The storage the run wrote to (from its `starting new backup job: vzdump … --storage S` line). */
	storage?: string;
}

/** One slow read of everything the backup audit and the tasks view need. */
export interface SafetyData {
	/** Milliseconds since the epoch. */
	takenAt: number;
	jobs: BackupJob[] | null;
	backups: BackupVolume[];
	/** Storages whose backups were listed (a storage that failed is in `errors`). */
	storagesRead: string[];
	/** Recent vzdump tasks of every online node, newest first. */
	backupTasks: TaskEntry[];
	/** Per failed vzdump task (by UPID): the outcome of each guest in it. */
	failedRuns: Record<string, VzdumpOutcome[]>;
	/** The host's offset from UTC (`date +%z`), for reading schedules; null when unknown. */
	utcOffsetMinutes: number | null;
	errors: SectionError[];
}
