/**
 * The safety net's host commands, as argv from validated values (quoted once, by
 * host/quote.ts through renderCommand). Everything goes through the API with `pvesh`:
 * `/nodes/<node>/…` paths reach the guest's own node without a hop (pvesh forwards them), and
 * every write is a Proxmox task with a UPID and a log proxdeck can follow. Writes that start a
 * task are detached (renderCommand's `setsid -f`), so the task goes on if the link drops.
 */
import type {GuestType} from '../model/snapshot.js';
import {
	assertBackupVolid,
	assertNode,
	assertOneLine,
	assertSnapshotName,
	assertStorage,
	assertUpid,
	assertVmid,
	InvalidValueError,
} from '../host/validate.js';
import type {StepCommand} from '../host/host-command.js';

const json = ['--output-format', 'json'];
/** A read through the API: a backup server's datastore listing is the slowest of them. */
export const API_READ_MS = 2 * 60_000;
/** Starting a detached task returns at once; the task's own time is its follower's. */
const TASK_START_MS = 30_000;
const read = (path: string, ...params: string[]): StepCommand => ({
	argv: ['pvesh', 'get', path, ...params, ...json],
	root: true,
	timeoutMs: API_READ_MS,
});
/** A write that starts a task: detached, so only its task log tells how it went. */
export const task = (verb: 'create' | 'delete', path: string, ...params: string[]): StepCommand => ({
	argv: ['pvesh', verb, path, ...params],
	root: true,
	detach: true,
	timeoutMs: TASK_START_MS,
});

function guestPath(node: string, type: GuestType, vmid: number): string {
	return `/nodes/${assertNode(node)}/${type === 'qemu' ? 'qemu' : 'lxc'}/${assertVmid(vmid)}`;
}

/** `pvesh get /nodes/<node>/<type>/<vmid>/snapshot`: the snapshots and `current`. */
export function snapshotList(node: string, type: GuestType, vmid: number): StepCommand {
	return read(`${guestPath(node, type, vmid)}/snapshot`);
}

export interface SnapshotRequest {
	node: string;
	type: GuestType;
	vmid: number;
	name: string;
	description?: string;
	/** VMs: save the RAM too (the VM resumes where it was on rollback). */
	vmstate?: boolean;
}

/** `pvesh create …/snapshot --snapname N [--description D] [--vmstate 1]` (task vzsnapshot/qmsnapshot). */
export function snapshotCreate(r: SnapshotRequest): StepCommand {
	const params = ['--snapname', assertSnapshotName(r.name)];
	if (r.description) params.push('--description', assertOneLine(r.description, 'snapshot description'));
	if (r.vmstate) {
		if (r.type !== 'qemu')
			throw new InvalidValueError('vmstate', 'yes', 'RAM in a snapshot only for VMs (a container has none to save)');
		params.push('--vmstate', '1');
	}
	return task('create', `${guestPath(r.node, r.type, r.vmid)}/snapshot`, ...params);
}

/** `pvesh create …/snapshot/<name>/rollback [--start 1]` (task vzrollback/qmrollback): a running CT is stopped first. */
export function snapshotRollback(
	node: string,
	type: GuestType,
	vmid: number,
	name: string,
	start: boolean,
): StepCommand {
	return task(
		'create',
		`${guestPath(node, type, vmid)}/snapshot/${assertSnapshotName(name)}/rollback`,
		...(start ? ['--start', '1'] : []),
	);
}

/** `pvesh set …/snapshot/<name>/config --description D`: a snapshot's note (no task: one config write). */
export function snapshotDescribe(
	node: string,
	type: GuestType,
	vmid: number,
	name: string,
	description: string,
): StepCommand {
	return {
		argv: [
			'pvesh',
			'set',
			`${guestPath(node, type, vmid)}/snapshot/${assertSnapshotName(name)}/config`,
			'--description',
			assertOneLine(description, 'snapshot description'),
		],
		root: true,
		timeoutMs: API_READ_MS,
	};
}

/** `pvesh delete …/snapshot/<name>` (task vzdelsnapshot/qmdelsnapshot). */
export function snapshotDelete(node: string, type: GuestType, vmid: number, name: string): StepCommand {
	return task('delete', `${guestPath(node, type, vmid)}/snapshot/${assertSnapshotName(name)}`);
}

export const BACKUP_MODES = ['snapshot', 'suspend', 'stop'] as const;
export type BackupMode = (typeof BACKUP_MODES)[number];

export function assertBackupMode(value: string): BackupMode {
	if (!(BACKUP_MODES as readonly string[]).includes(value))
		throw new InvalidValueError('backup mode', value, BACKUP_MODES.join(', '));
	return value as BackupMode;
}

export interface BackupRequest {
	node: string;
	vmid: number;
	storage: string;
	mode: BackupMode;
	notes?: string;
}

/** `pvesh create /nodes/<node>/vzdump --vmid N --storage S --mode M --compress zstd [--notes-template T]` (task vzdump). */
export function vzdump(r: BackupRequest): StepCommand {
	const params = [
		'--vmid',
		String(assertVmid(r.vmid)),
		'--storage',
		assertStorage(r.storage),
		'--mode',
		assertBackupMode(r.mode),
		'--compress',
		'zstd',
	];
	// vzdump reads {{guestname}}-style variables in the notes; a plain sentence is kept as it is.
	if (r.notes) params.push('--notes-template', assertOneLine(r.notes, 'backup notes'));
	return task('create', `/nodes/${assertNode(r.node)}/vzdump`, ...params);
}

export interface RestoreRequest {
	node: string;
	type: GuestType;
	/** The guest it becomes: a free VMID, or the guest it replaces (`force`). */
	vmid: number;
	volid: string;
	storage: string;
	/** Replace the existing guest at `vmid`. */
	force: boolean;
}

/**
 * A restore is a create from the archive: `pvesh create /nodes/<node>/lxc --vmid N --ostemplate
 * <volid> --restore 1 --storage S` (task vzrestore), or for a VM `…/qemu --vmid N --archive
 * <volid> --storage S` (task qmrestore). A copy beside the original gets new MAC addresses
 * (`--unique 1`); a replacement keeps them (`--force 1`).
 */
export function restore(r: RestoreRequest): StepCommand {
	const archive = assertBackupVolid(r.volid);
	const common = [
		'--vmid',
		String(assertVmid(r.vmid)),
		'--storage',
		assertStorage(r.storage),
		...(r.force ? ['--force', '1'] : ['--unique', '1']),
	];
	const node = assertNode(r.node);
	return r.type === 'qemu'
		? task('create', `/nodes/${node}/qemu`, '--archive', archive, ...common)
		: task('create', `/nodes/${node}/lxc`, '--ostemplate', archive, '--restore', '1', ...common);
}

/** `pvesh set /nodes/<node>/storage/<storage>/content/<volid> --protected 0|1` (no task: it is one config write). */
export function setProtected(node: string, volid: string, on: boolean): StepCommand {
	const id = assertBackupVolid(volid);
	const storage = id.slice(0, id.indexOf(':'));
	return {
		argv: [
			'pvesh',
			'set',
			`/nodes/${assertNode(node)}/storage/${storage}/content/${id}`,
			'--protected',
			on ? '1' : '0',
		],
		root: true,
		timeoutMs: API_READ_MS,
	};
}

/** `pvesh get /cluster/tasks`: running and recent tasks of every node. */
export const clusterTasks = (): StepCommand => read('/cluster/tasks');

export interface NodeTasksFilter {
	vmid?: number;
	type?: string;
	limit: number;
}

/** `pvesh get /nodes/<node>/tasks --source all …`: a node's running and archived tasks, newest first. */
export function nodeTasks(node: string, filter: NodeTasksFilter): StepCommand {
	const params = ['--source', 'all', '--limit', String(filter.limit)];
	if (filter.vmid !== undefined) params.push('--vmid', String(assertVmid(filter.vmid)));
	if (filter.type !== undefined) {
		if (!/^[a-z][a-z0-9]{1,31}$/.test(filter.type))
			throw new InvalidValueError('task type', filter.type, 'a task type like vzdump');
		params.push('--typefilter', filter.type);
	}
	return read(`/nodes/${assertNode(node)}/tasks`, ...params);
}

/** `pvesh get /nodes/<node>/tasks/<upid>/log --start N --limit M`: lines from N (0-based). */
export function taskLog(upid: string, node: string, start: number, limit = 1000): StepCommand {
	if (!Number.isInteger(start) || start < 0)
		throw new InvalidValueError('log start', String(start), 'a line number from 0');
	return read(
		`/nodes/${assertNode(node)}/tasks/${assertUpid(upid)}/log`,
		'--start',
		String(start),
		'--limit',
		String(limit),
	);
}

export function taskStatus(upid: string, node: string): StepCommand {
	return read(`/nodes/${assertNode(node)}/tasks/${assertUpid(upid)}/status`);
}

/** `pvesh get /cluster/backup`: the scheduled backup jobs. */
export const backupJobs = (): StepCommand => read('/cluster/backup');

/** `pvesh get /nodes/<node>/storage/<storage>/content --content backup`. */
export function backupContent(node: string, storage: string): StepCommand {
	return read(`/nodes/${assertNode(node)}/storage/${assertStorage(storage)}/content`, '--content', 'backup');
}
