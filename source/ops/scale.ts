/**
 * Vertical scaling of a container: `pct set <vmid> --memory --cores --swap` and
 * `pct resize <vmid> <disk> +SIZE`, each a plan + job from one snapshot. The preflight
 * (scale-preflight.ts) refuses what Proxmox would refuse or what would hurt (a shrink, a disk
 * that does not fit its storage, more memory or cores than the node has) with the numbers, and
 * warns about what passes but should be known (the node's memory promised twice over). A
 * snapshot is taken first where the guest's storage allows (change-snapshot.ts). Memory, cores
 * and swap apply live to a running container, and a disk grows online: the plan says which.
 */
import {InvalidValueError} from '../host/validate.js';
import {formatBytes} from '../model/format.js';
import type {Guest, Snapshot} from '../model/snapshot.js';
import {afterFailedChange, changeSnapshot} from './change-snapshot.js';
import type {Job, JobStep, OpsEnv, Plan, PlanEnv, PreflightCheck} from './job.js';
import {newJobId} from './job.js';
import {pctResize, pctSet, type StepCommand} from './pct-commands.js';
import {preflightStep} from './preflight.js';
import {guestBlocker, resizeChecks, setChecks, type SetValues} from './scale-preflight.js';
import {readSnapshot, showCommand} from './shared.js';

export interface SetRequest extends SetValues {
	vmid: number;
	/** Snapshot first (default: the config's snapshotBeforeChange). */
	snapshotFirst?: boolean;
}

export interface ResizeRequest {
	vmid: number;
	/** rootfs or mpN. */
	disk: string;
	/** `+10G` grows by; `32G` is the new total. */
	size: string;
	snapshotFirst?: boolean;
}

/** What one scaling change contributes to the common job shape. */
interface Change {
	checks: PreflightCheck[];
	/** Null when a value is refused (a check says which). */
	command: StepCommand | null;
	title: string;
	/** Set when nothing would change. */
	same?: string;
	note: string;
}

const MIB = 1024 * 1024;

function scaleJob(
	action: 'set' | 'resize',
	vmid: number,
	snapshot: Snapshot | null,
	env: PlanEnv,
	readError: string | undefined,
	snapshotFirst: boolean | undefined,
	describe: (guest: Guest, snapshot: Snapshot) => Change,
): Job {
	const blocked = guestBlocker(snapshot, vmid, readError);
	const guest = snapshot?.guests.find((g) => g.vmid === vmid);
	const label = guest ? `${guest.name} (${vmid})` : `guest ${vmid}`;
	const change = !blocked && guest && snapshot ? describe(guest, snapshot) : null;
	const checks = change?.checks ?? [];
	const blockers = blocked ? [blocked] : checks.filter((c) => !c.ok).map((c) => c.detail);
	const steps: JobStep[] = [];
	const guard =
		change && blockers.length === 0 && !change.same && guest && snapshot
			? changeSnapshot(
					guest,
					snapshot,
					{...env, snapshotBeforeChange: snapshotFirst ?? env.snapshotBeforeChange},
					action === 'set' ? 'config' : 'resize',
				)
			: null;
	if (guard) steps.push(guard.step);
	const command = change?.command ?? null;
	steps.push({
		plan: {
			name: action,
			title: change?.title ?? `${action === 'set' ? 'Change' : 'Grow a disk of'} ${label}`,
			commands: command ? [showCommand(env, command)] : [],
			...(change?.same ? {skip: change.same} : {}),
			...(change ? {note: change.note} : {}),
		},
		changes: true,
		run: async (ctx) => {
			if (command) await ctx.run(command);
			return change?.title;
		},
	});
	if (blockers.length > 0) steps.unshift(preflightStep({title: `Check ${label}`}, blockers));
	const plan: Plan = {
		action,
		target: label,
		vmid,
		...(guest ? {node: guest.node} : {}),
		steps: steps.map((s) => s.plan),
		checks,
		blockers,
		nothingToDo: blockers.length === 0 && change?.same !== undefined,
		dangerous: true,
	};
	return {
		id: newJobId(action),
		plan,
		steps,
		...(guard
			? {
					onFailure: (ctx, failure, rollback) =>
						failure.step === 'snapshot'
							? Promise.resolve({leftovers: [], rolledBack: []})
							: afterFailedChange(ctx, guard, vmid, rollback),
				}
			: {}),
	};
}

/** `pct set` with memory, cores and swap: only the values that differ from what the guest has. */
export function buildSetJob(request: SetRequest, snapshot: Snapshot | null, env: PlanEnv, readError?: string): Job {
	return scaleJob('set', request.vmid, snapshot, env, readError, request.snapshotFirst, (guest, snap) => {
		const checks = setChecks(snap, guest, request);
		const values: SetValues = {};
		if (request.memory !== undefined && guest.maxmem !== request.memory * MIB) values.memory = request.memory;
		if (request.cores !== undefined && guest.maxcpu !== request.cores) values.cores = request.cores;
		if (request.swap !== undefined && guest.swap !== request.swap) values.swap = request.swap;
		const parts = [
			values.memory !== undefined
				? `memory ${guest.maxmem === null ? '?' : Math.round(guest.maxmem / MIB)} → ${values.memory} MiB`
				: '',
			values.cores !== undefined ? `cores ${guest.maxcpu ?? '?'} → ${values.cores}` : '',
			values.swap !== undefined ? `swap ${guest.swap ?? '?'} → ${values.swap} MiB` : '',
		].filter((p) => p !== '');
		let command: StepCommand | null = null;
		try {
			command = parts.length > 0 ? pctSet(guest, values) : null;
		} catch (error) {
			if (!(error instanceof InvalidValueError)) throw error;
			checks.push({name: error.field, ok: false, detail: `${error.field} ${error.value}: give ${error.expected}`});
		}
		const running = guest.status === 'running';
		return {
			checks,
			command,
			title: `Set ${guest.name} (${guest.vmid}): ${parts.join(', ') || 'nothing to change'}`,
			...(parts.length === 0 ? {same: 'already set: the guest has these values'} : {}),
			note: running
				? 'applies live: the running container gets the new limits at once, no restart'
				: `takes effect at the next start (guest ${guest.vmid} is ${guest.status})`,
		};
	});
}

/** `pct resize <vmid> <disk> <size>`: grow only, with room on the disk's storage. */
export function buildResizeJob(
	request: ResizeRequest,
	snapshot: Snapshot | null,
	env: PlanEnv,
	readError?: string,
): Job {
	const {disk, size} = request;
	return scaleJob('resize', request.vmid, snapshot, env, readError, request.snapshotFirst, (guest, snap) => {
		const facts = resizeChecks(snap, guest, disk, size);
		let command: StepCommand | null = null;
		try {
			command = pctResize(guest, disk, size);
		} catch (error) {
			if (!(error instanceof InvalidValueError)) throw error;
			facts.checks.push({
				name: error.field,
				ok: false,
				detail: `${error.field} ${error.value}: give ${error.expected}`,
			});
		}
		const to =
			facts.current !== null && facts.growth !== null ? ` to ${formatBytes(facts.current + facts.growth)}` : '';
		return {
			checks: facts.checks,
			command,
			title: `Grow ${disk} of ${guest.name} (${guest.vmid}) by ${facts.growth !== null ? formatBytes(facts.growth) : size}${to}`,
			...(facts.same ? {same: `${disk} is already that size`} : {}),
			note:
				guest.status === 'running'
					? 'grows online: the volume and its filesystem grow while the container runs'
					: 'the volume and its filesystem grow; the container stays stopped',
		};
	});
}

export async function planSet(env: OpsEnv, request: SetRequest, signal?: AbortSignal): Promise<Job> {
	const read = await readSnapshot(env, signal);
	return buildSetJob(request, read.snapshot, env, read.error);
}

export async function planResize(env: OpsEnv, request: ResizeRequest, signal?: AbortSignal): Promise<Job> {
	const read = await readSnapshot(env, signal);
	return buildResizeJob(request, read.snapshot, env, read.error);
}
