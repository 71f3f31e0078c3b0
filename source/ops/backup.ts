/**
 * Backups as plans and jobs: back a guest up now (vzdump, mode snapshot, suspend or stop, to a
 * storage that holds backups), restore an archive to a new VMID or over the guest it came from
 * (a typed VMID for the overwrite, refused while that guest runs), and protect or unprotect an
 * archive. A storage that is missing, offline or too full is said in the plan.
 */
import type {BackupVolume} from '../model/safety.js';
import type {Guest, GuestType, Snapshot, Storage} from '../model/snapshot.js';
import {formatBytes} from '../model/format.js';
import {storageFree} from '../model/usage.js';
import {parseBackupName} from '../host/parse/backups.js';
import {assertBackupVolid, assertOneLine, assertStorage, assertVmid} from '../host/validate.js';
import type {Job, JobStep, Plan, PlanEnv} from './job.js';
import {newJobId} from './job.js';
import {showCommand} from './shared.js';
import {preflightStep} from './preflight.js';
import {assertBackupMode, restore, setProtected, vzdump, type BackupMode} from './safety-commands.js';
import {guestTaskType, taskStep} from './task-run.js';
import {apiNode, apiStart, waitRunningStep} from './guest-api.js';
import {guestName} from './snapshot.js';

const TASK_MS = 6 * 3_600_000;

const usable = (s: Storage): boolean => s.status === 'available' || s.status === 'active';

/** Storages the guest's node can back up to, shared ones once. */
export function backupStorages(snapshot: Snapshot, node: string): Storage[] {
	return snapshot.storages.filter((s) => s.node === node && s.content.includes('backup'));
}

/** Where a backup of the guest goes by default: its job's storage, else the first usable one. */
export function defaultBackupStorage(snapshot: Snapshot, guest: Guest, jobStorage?: string | null): string | null {
	const candidates = backupStorages(snapshot, guest.node).filter(usable);
	return candidates.find((s) => s.storage === jobStorage)?.storage ?? candidates[0]?.storage ?? null;
}

function storageProblem(
	storage: Storage | undefined,
	id: string,
	node: string,
	content: string,
	need: number | null,
): string | null {
	if (!storage) return `storage ${id} is not on node ${node}`;
	if (!storage.content.includes(content))
		return `storage ${id} does not hold ${content === 'backup' ? 'backups' : content === 'rootdir' ? 'containers' : 'VM disks'} (content: ${storage.content.join(',') || 'none'})`;
	if (!usable(storage)) return `storage ${id} is ${storage.status} on ${node}: mount it or bring its server back first`;
	// A Proxmox Backup Server deduplicates: what it has free says little about what a backup takes.
	const free = storageFree(storage);
	if (need !== null && storage.type !== 'pbs' && free !== null && free < need) {
		return `storage ${id} has ${formatBytes(free)} free, not enough for about ${formatBytes(need)}: free space or prune old backups there first`;
	}
	return null;
}

function finish(
	action: string,
	target: string,
	vmid: number | undefined,
	steps: JobStep[],
	blockers: string[],
	dangerous: boolean,
	extra: Partial<Plan> = {},
	summary?: Job['successSummary'],
): Job {
	if (blockers.length > 0) steps.unshift(preflightStep({title: `Check ${target}`}, blockers));
	const plan: Plan = {
		action,
		target,
		...(vmid !== undefined ? {vmid} : {}),
		steps: steps.map((s) => s.plan),
		checks: [],
		blockers,
		nothingToDo: false,
		dangerous,
		...extra,
	};
	return {id: newJobId(action), plan, steps, ...(summary ? {successSummary: summary} : {})};
}

export interface BackupRequest {
	vmid: number;
	storage: string;
	mode: BackupMode;
	notes?: string;
}

/** The archive vzdump wrote, from its log (`creating vzdump archive '…'` or a backup server's snapshot). */
function archiveFrom(lines: readonly string[], storage: string): string | null {
	for (const line of lines) {
		const file = /creating vzdump archive '[^']*\/([^/']+)'/.exec(line);
		if (file) return `${storage}:backup/${file[1]}`;
		const pbs = /creating Proxmox Backup Server archive '([^']+)'/.exec(line);
		if (pbs) return `${storage}:backup/${pbs[1]}`;
	}
	return null;
}

export function buildBackupJob(
	request: BackupRequest,
	snapshot: Snapshot | null,
	env: PlanEnv,
	readError?: string,
): Job {
	const vmid = assertVmid(request.vmid);
	const storageId = assertStorage(request.storage);
	const mode = assertBackupMode(request.mode);
	const notes = request.notes ? assertOneLine(request.notes, 'backup notes') : undefined;
	const guest = snapshot?.guests.find((g) => g.vmid === vmid);
	const label = guestName(guest, vmid);
	const blockers: string[] = [];
	if (!snapshot) blockers.push(readError ?? 'could not read the host state');
	else if (!guest) blockers.push(`guest ${vmid} does not exist`);
	else {
		if (guest.lock) blockers.push(`guest ${vmid} is locked (${guest.lock}): wait for its task first`);
		// About what the archive takes uncompressed: a container's used space, half a VM's disk.
		const need =
			guest.type === 'lxc'
				? guest.disk !== null && guest.disk > 0
					? guest.disk
					: null
				: guest.maxdisk !== null && guest.maxdisk > 0
					? Math.round(guest.maxdisk / 2)
					: null;
		const storage = snapshot.storages.find((s) => s.storage === storageId && s.node === guest.node);
		const problem = storageProblem(storage, storageId, guest.node, 'backup', need);
		if (problem) blockers.push(problem);
	}
	const node = apiNode(snapshot, guest?.node);
	const command = vzdump({node, vmid, storage: storageId, mode, ...(notes ? {notes} : {})});
	const how =
		mode === 'stop' && guest?.status === 'running'
			? ': it is shut down for the backup and started again after'
			: mode === 'suspend' && guest?.status === 'running'
				? ': it is frozen while its files are copied'
				: '';
	let written: string | null = null;
	const steps: JobStep[] = [
		taskStep(
			{name: 'backup', title: `Back up ${label} to ${storageId} (mode ${mode})${how}`},
			{command, node, type: 'vzdump', vmid, timeoutMs: TASK_MS},
			env,
			(outcome) => {
				written = archiveFrom(outcome.lines, storageId);
				return `${written ?? 'backup written'} (${outcome.upid})`;
			},
		),
	];
	return finish(
		'backup',
		label,
		vmid,
		steps,
		blockers,
		false,
		{},
		() => `${label} backed up${written ? `: ${written}` : ''}`,
	);
}

export interface RestoreRequest {
	volid: string;
	/** The guest it becomes; the archive's own guest when unset. */
	vmid?: number;
	storage: string;
	/** Start the restored guest and wait until it runs. */
	start?: boolean;
}

/** Static addresses of a guest's NICs (what a copy started beside it would clash with). */
function staticAddresses(guest: Guest): string[] {
	return guest.nics.flatMap((n) => (n.ip && n.ip !== 'dhcp' && n.ip !== 'manual' ? [n.ip.split('/')[0]!] : []));
}

export function buildRestoreJob(
	request: RestoreRequest,
	snapshot: Snapshot | null,
	env: PlanEnv,
	known?: BackupVolume,
	readError?: string,
): Job {
	const volid = assertBackupVolid(request.volid);
	const storageId = assertStorage(request.storage);
	const name = parseBackupName(volid);
	const sourceVmid = known?.vmid ?? name?.vmid ?? null;
	const type: GuestType = known?.subtype ?? name?.subtype ?? 'lxc';
	const vmid = assertVmid(request.vmid ?? sourceVmid ?? 0);
	const target = snapshot?.guests.find((g) => g.vmid === vmid);
	const source = snapshot?.guests.find((g) => g.vmid === sourceVmid);
	const node = apiNode(snapshot, target?.node, source?.node);
	const overwrite = target !== undefined;
	const blockers: string[] = [];
	if (!snapshot) blockers.push(readError ?? 'could not read the host state');
	else {
		if (target?.type !== undefined && target.type !== type)
			blockers.push(
				`guest ${vmid} is a ${target.type === 'qemu' ? 'VM' : 'container'}; this archive holds a ${type === 'qemu' ? 'VM' : 'container'}`,
			);
		if (target?.status === 'running')
			blockers.push(
				`guest ${vmid} (${target.name}) is running: restoring over it is refused; stop it first (proxdeck stop ${vmid}) or restore to a new VMID`,
			);
		if (target?.lock) blockers.push(`guest ${vmid} is locked (${target.lock})`);
		if (target?.template) blockers.push(`guest ${vmid} is a template: restore to a new VMID`);
		const storage = snapshot.storages.find((s) => s.storage === storageId && s.node === node);
		const need = known?.size ? known.size * 3 : null;
		const problem = storageProblem(storage, storageId, node, type === 'qemu' ? 'images' : 'rootdir', need);
		if (problem) blockers.push(problem);
		if (request.start && !overwrite && source && source.status === 'running') {
			const clash = staticAddresses(source);
			if (clash.length > 0)
				blockers.push(
					`the copy keeps ${source.name}'s address ${clash.join(', ')} while guest ${source.vmid} runs: starting both makes an address conflict; restore without starting it, or stop ${source.vmid} first`,
				);
		}
	}
	const command = restore({node, type, vmid, volid, storage: storageId, force: overwrite});
	const from = known?.ctime
		? ` (${new Date(known.ctime * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC)`
		: '';
	const label = overwrite ? `${target.name} (${vmid})` : `new guest ${vmid}`;
	const steps: JobStep[] = [
		taskStep(
			{
				name: 'restore',
				title: overwrite
					? `Restore ${volid}${from} over ${label}: its disks and config are replaced, its snapshots are lost`
					: `Restore ${volid}${from} as ${label} on ${storageId} (new MAC addresses)`,
			},
			{command, node, type: guestTaskType(type, 'restore'), vmid, timeoutMs: TASK_MS},
			env,
			(outcome) => `restored to ${vmid} (${outcome.upid})`,
		),
	];
	if (request.start) {
		steps.push(
			taskStep(
				{name: 'start', title: `Start ${vmid}`, note: 'a Proxmox task: its log is followed until it ends'},
				{command: apiStart(node, type, vmid), node, type: guestTaskType(type, 'start'), vmid, timeoutMs: 10 * 60_000},
				env,
				() => undefined,
			),
			waitRunningStep({vmid, node, type}, `Wait until ${vmid} runs`),
		);
	}
	return finish(
		'restore',
		`${volid} to ${label}`,
		vmid,
		steps,
		blockers,
		overwrite,
		overwrite ? {typedConfirmation: String(vmid)} : {},
		() => `${volid} restored as ${label}${request.start ? ', running' : ' (stopped)'}`,
	);
}

export function buildProtectJob(
	request: {volid: string; protect: boolean},
	snapshot: Snapshot | null,
	env: PlanEnv,
	known?: BackupVolume,
): Job {
	const volid = assertBackupVolid(request.volid);
	const node = apiNode(snapshot, known?.node);
	const blockers: string[] = [];
	const command = setProtected(node, volid, request.protect);
	const already = known && known.protected === request.protect;
	const steps: JobStep[] = [
		{
			plan: {
				name: request.protect ? 'protect' : 'unprotect',
				title: request.protect
					? `Protect ${volid}: pruning and removal leave it alone`
					: `Unprotect ${volid}: the job's pruning may remove it`,
				commands: [showCommand(env, command)],
				...(already ? {skip: `already ${request.protect ? 'protected' : 'unprotected'}`} : {}),
			},
			changes: true,
			run: async (ctx) => {
				await ctx.run(command, {timeoutMs: 60_000});
			},
		},
	];
	const job = finish(
		request.protect ? 'protect' : 'unprotect',
		volid,
		known?.vmid ?? undefined,
		steps,
		blockers,
		!request.protect,
	);
	job.plan.nothingToDo = already === true;
	return job;
}
