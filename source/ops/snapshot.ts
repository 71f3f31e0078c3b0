/**
 * Snapshots of a guest, container or VM, as plans and jobs: take one (the name checked by
 * Proxmox's own rule before anything runs), roll back to one (a running container is stopped
 * and started again, as `pct rollback --start` does; a VM snapshot with RAM resumes by itself),
 * and delete one. Each is a Proxmox task through the API, followed in the job panel.
 */
import type {GuestSnapshot} from '../model/safety.js';
import type {Guest, Snapshot} from '../model/snapshot.js';
import {assertOneLine, assertSnapshotName, InvalidValueError} from '../host/validate.js';
import type {Job, JobStep, Plan, PlanEnv} from './job.js';
import {newJobId} from './job.js';
import {preflightStep} from './preflight.js';
import {snapshotCreate, snapshotDelete, snapshotRollback} from './safety-commands.js';
import {guestTaskType, taskStep} from './task-run.js';
import {apiNode, waitRunningStep} from './guest-api.js';

/** Storage types whose volumes take snapshots (pve-storage volume_has_feature 'snapshot'). */
const SNAPSHOT_TYPES = new Set(['lvmthin', 'zfspool', 'zfs', 'rbd', 'btrfs']);
/** Types that snapshot qcow2 images only. */
const QCOW2_TYPES = new Set(['dir', 'nfs', 'cifs', 'glusterfs', 'cephfs', 'lvm']);

/**
 * Whether Proxmox can snapshot this guest, and if not, why in words: a bind mount (a host
 * path) or a volume on a storage that cannot. A storage the snapshot does not list is not
 * judged (the snapshot is tried).
 */
export function snapshotSupport(guest: Guest, snapshot: Snapshot): {ok: true} | {ok: false; reason: string} {
	for (const mount of guest.mounts) {
		if (mount.source.startsWith('/'))
			return {
				ok: false,
				reason: `${mount.key} is a bind mount of ${mount.source}: Proxmox cannot snapshot a container with bind mounts`,
			};
		const id = mount.source.includes(':') ? mount.source.slice(0, mount.source.indexOf(':')) : null;
		if (!id) continue;
		const storage =
			snapshot.storages.find((s) => s.storage === id && s.node === guest.node) ??
			snapshot.storages.find((s) => s.storage === id);
		if (!storage?.type) continue;
		const qcow2 = mount.source.endsWith('.qcow2');
		if (SNAPSHOT_TYPES.has(storage.type) || (qcow2 && QCOW2_TYPES.has(storage.type))) continue;
		return {
			ok: false,
			reason: `${mount.key} is on ${id} (${storage.type}), which cannot snapshot ${qcow2 ? 'it' : `${guest.type === 'qemu' ? 'raw disks' : 'container volumes'}`}`,
		};
	}
	return {ok: true};
}

/** What every snapshot plan checks first: the guest is there, not a template, not busy. */
function guestBlockers(
	guest: Guest | undefined,
	vmid: number,
	snapshot: Snapshot | null,
	readError?: string,
): string[] {
	if (!snapshot) return [readError ?? 'could not read the host state'];
	if (!guest) return [`guest ${vmid} does not exist`];
	if (guest.template) return [`guest ${vmid} (${guest.name}) is a template: templates have no snapshots`];
	if (guest.lock)
		return [
			`guest ${vmid} is locked (${guest.lock}): wait for its task, or unlock it (${guest.type === 'qemu' ? 'qm' : 'pct'} unlock ${vmid})`,
		];
	return [];
}

/** The guest a snapshot job is for, where its commands go, and what stops the job before it starts. */
function guestTarget(vmid: number, snapshot: Snapshot | null, readError?: string) {
	const guest = snapshot?.guests.find((g) => g.vmid === vmid);
	return {
		guest,
		label: guestName(guest, vmid),
		blockers: guestBlockers(guest, vmid, snapshot, readError),
		node: apiNode(snapshot, guest?.node),
		type: guest?.type ?? ('lxc' as const),
	};
}

export const guestName = (guest: Guest | undefined, vmid: number): string =>
	guest ? `${guest.name} (${vmid})` : `guest ${vmid}`;

function plan(
	action: string,
	target: string,
	vmid: number,
	steps: JobStep[],
	blockers: string[],
	dangerous: boolean,
): Plan {
	return {action, target, vmid, steps: steps.map((s) => s.plan), checks: [], blockers, nothingToDo: false, dangerous};
}

function finish(
	action: string,
	target: string,
	vmid: number,
	steps: JobStep[],
	blockers: string[],
	dangerous: boolean,
	summary?: () => string,
): Job {
	if (blockers.length > 0) steps.unshift(preflightStep({title: `Check ${target}`}, blockers));
	return {
		id: newJobId(action),
		plan: plan(action, target, vmid, steps, blockers, dangerous),
		steps,
		...(summary ? {successSummary: summary} : {}),
	};
}

const TASK_MS = 30 * 60_000;

export interface SnapshotCreateRequest {
	vmid: number;
	name: string;
	description?: string;
	/** VMs: include the RAM. */
	vmstate?: boolean;
}

export function buildSnapshotCreateJob(
	request: SnapshotCreateRequest,
	snapshot: Snapshot | null,
	env: PlanEnv,
	existing?: readonly GuestSnapshot[],
	readError?: string,
): Job {
	const {vmid} = request;
	const {guest, label, blockers, node, type} = guestTarget(vmid, snapshot, readError);
	const name = assertSnapshotName(request.name);
	const description = request.description ? assertOneLine(request.description, 'snapshot description') : undefined;
	if (request.vmstate && guest && guest.type !== 'qemu')
		throw new InvalidValueError('--vmstate', 'yes', 'RAM in a snapshot only for VMs (a container has none to save)');
	if (guest && blockers.length === 0) {
		const support = snapshotSupport(guest, snapshot!);
		if (!support.ok) blockers.push(`cannot snapshot ${label}: ${support.reason}`);
		if (existing?.some((s) => s.name === name)) blockers.push(`${label} already has a snapshot named ${name}`);
	}
	const command = snapshotCreate({
		node,
		type,
		vmid,
		name,
		...(description ? {description} : {}),
		...(request.vmstate ? {vmstate: true} : {}),
	});
	const ram = request.vmstate && guest?.status === 'running' ? ' with its RAM' : '';
	const steps: JobStep[] = [
		taskStep(
			{name: 'snapshot', title: `Snapshot ${label} as ${name}${ram}`},
			{command, node, type: guestTaskType(type, 'snapshot'), vmid, timeoutMs: TASK_MS},
			env,
			(outcome) => `snapshot ${name} taken (${outcome.upid})`,
		),
	];
	return finish(
		'snapshot',
		label,
		vmid,
		steps,
		blockers,
		false,
		() => `${label}: snapshot ${name} taken; roll back to it with proxdeck snapshot rollback ${vmid} ${name}`,
	);
}

export interface RollbackRequest {
	vmid: number;
	name: string;
	/** Start the guest afterwards; default: when it runs now (`pct rollback --start`). */
	start?: boolean;
}

function snapshotBlockers(existing: readonly GuestSnapshot[] | undefined, name: string, label: string): string[] {
	if (!existing) return [`could not read the snapshots of ${label}`];
	return existing.some((s) => s.name === name && !s.current)
		? []
		: [
				`${label} has no snapshot named ${name} (it has ${
					existing
						.filter((s) => !s.current)
						.map((s) => s.name)
						.join(', ') || 'none'
				})`,
			];
}

export function buildRollbackJob(
	request: RollbackRequest,
	snapshot: Snapshot | null,
	env: PlanEnv,
	existing: readonly GuestSnapshot[] | undefined,
	readError?: string,
): Job {
	const {vmid} = request;
	const name = assertSnapshotName(request.name);
	const {guest, label, blockers, node, type} = guestTarget(vmid, snapshot, readError);
	if (blockers.length === 0) blockers.push(...snapshotBlockers(existing, name, label));
	const running = guest?.status === 'running';
	const target = existing?.find((s) => s.name === name);
	const resumes = guest?.type === 'qemu' && target?.vmstate === true;
	const start = request.start ?? running;
	const command = snapshotRollback(node, type, vmid, name, start && !resumes);
	const when = target?.snaptime
		? ` (taken ${new Date(target.snaptime * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC)`
		: '';
	const how = resumes
		? 'the VM resumes from the saved RAM'
		: running
			? start
				? `${type === 'qemu' ? 'the VM' : 'the container'} is stopped, rolled back and started again`
				: 'it is stopped and stays stopped'
			: start
				? 'then started'
				: 'it stays stopped';
	const steps: JobStep[] = [
		taskStep(
			{name: 'rollback', title: `Roll back to ${name}: ${how}; what changed since is lost${when}`},
			{command, node, type: guestTaskType(type, 'rollback'), vmid, timeoutMs: TASK_MS},
			env,
			(outcome) => `rolled back to ${name} (${outcome.upid})`,
		),
	];
	if (start || resumes) {
		steps.push(waitRunningStep({vmid, node, type}, `Wait until ${vmid} runs again`));
	}
	return finish(
		'rollback',
		`${label} to ${name}`,
		vmid,
		steps,
		blockers,
		true,
		() => `${label} is back at snapshot ${name}${start || resumes ? ' and running' : ''}`,
	);
}

export function buildSnapshotDeleteJob(
	request: {vmid: number; name: string},
	snapshot: Snapshot | null,
	env: PlanEnv,
	existing: readonly GuestSnapshot[] | undefined,
	readError?: string,
): Job {
	const {vmid} = request;
	const name = assertSnapshotName(request.name);
	const {label, blockers, node, type} = guestTarget(vmid, snapshot, readError);
	if (blockers.length === 0) blockers.push(...snapshotBlockers(existing, name, label));
	const command = snapshotDelete(node, type, vmid, name);
	const children = existing?.filter((s) => s.parent === name && !s.current).map((s) => s.name) ?? [];
	const steps: JobStep[] = [
		taskStep(
			{
				name: 'delete',
				title: `Delete snapshot ${name} of ${label}${children.length > 0 ? ` (${children.join(', ')} will hang from its parent)` : ''}`,
			},
			{command, node, type: guestTaskType(type, 'delsnapshot'), vmid, timeoutMs: TASK_MS},
			env,
			(outcome) => `snapshot ${name} deleted (${outcome.upid})`,
		),
	];
	return finish('delete-snapshot', `${name} of ${label}`, vmid, steps, blockers, true);
}
