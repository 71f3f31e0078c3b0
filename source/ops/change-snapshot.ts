/**
 * Snapshot before change: a job that changes an existing guest (deploy's configure step on a
 * guest that was already there, an update, a config change) first takes a snapshot when the
 * guest's storage can, so a failure can return to it instead of leaving a half-changed guest.
 * Whether it can is decided when the plan is made and said in it (a skipped step with the
 * reason), never found out halfway.
 */
import type {Guest, Snapshot} from '../model/snapshot.js';
import type {JobStep, PlanEnv, StepContext} from './job.js';
import {snapshotCreate, snapshotRollback} from './safety-commands.js';
import {snapshotSupport} from './snapshot.js';
import {guestTaskType, runTask, taskStep} from './task-run.js';
import {StepFailure} from './runner.js';
import {waitGuest} from './guest-api.js';

const TASK_MS = 30 * 60_000;

/**
 * A snapshot name Proxmox accepts, unique to the second: `pd_compose_20250131140509`. To the
 * minute was not enough: a second resize a few seconds after the first, or a rerun of a
 * change cut off right after its snapshot, asked Proxmox for a name the guest already had.
 */
export function changeSnapshotName(what: string, nowMs: number): string {
	const d = new Date(nowMs);
	const two = (n: number): string => String(n).padStart(2, '0');
	return `pd_${what}_${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
}

export interface ChangeSnapshot {
	/** The plan's step: the snapshot, or a skipped step saying why there is none. */
	step: JobStep;
	/** Set once the snapshot exists (the step ran, or an interrupted run's snapshot was adopted). */
	taken(): string | null;
	/** Take over the snapshot an interrupted run of the same change took: the way back is that one. */
	adopt(name: string): void;
	/** Return the guest to the snapshot (a running guest is started again); what to report. */
	rollback(ctx: StepContext): Promise<string>;
}

/**
 * The step that snapshots `guest` before `what` changes it. `enabled` is the config's
 * `snapshotBeforeChange` (default on); off, or on a storage without snapshots, the step is
 * skipped with the reason in the plan.
 */
export function changeSnapshot(
	guest: Guest,
	snapshot: Snapshot,
	env: PlanEnv,
	what: string,
	/** The snapshot's note (default `before <what> (proxdeck)`): what a rerun recognises it by. */
	note = `before ${what} (proxdeck)`,
): ChangeSnapshot {
	const name = changeSnapshotName(what, (env.now ?? Date.now)());
	const support = snapshotSupport(guest, snapshot);
	const command = snapshotCreate({
		node: guest.node,
		type: guest.type,
		vmid: guest.vmid,
		name,
		description: note,
	});
	const skip =
		env.snapshotBeforeChange === false
			? 'snapshotBeforeChange is off in the config'
			: support.ok
				? undefined
				: `no snapshot to return to: ${support.reason}`;
	let taken: string | null = null;
	const step = taskStep(
		{
			name: 'snapshot',
			title: `Snapshot ${guest.vmid} as ${name} first, to return to if the ${what} fails`,
			...(skip ? {skip} : {}),
		},
		{command, node: guest.node, type: guestTaskType(guest.type, 'snapshot'), vmid: guest.vmid, timeoutMs: TASK_MS},
		env,
		(outcome) => {
			taken = name;
			return `snapshot ${name} taken (${outcome.upid})`;
		},
	);
	return {
		step,
		taken: () => taken,
		adopt: (name) => {
			taken = name;
		},
		async rollback(ctx) {
			if (!taken) return '';
			const start = guest.status === 'running';
			const back = snapshotRollback(guest.node, guest.type, guest.vmid, taken, start);
			try {
				await runTask(ctx, {
					command: back,
					node: guest.node,
					type: guestTaskType(guest.type, 'rollback'),
					vmid: guest.vmid,
					timeoutMs: TASK_MS,
				});
				if (start) await waitGuest(ctx, guest, 'running', 120);
			} catch (error) {
				const why =
					error instanceof StepFailure ? error.message : error instanceof Error ? error.message : String(error);
				throw new StepFailure({
					message: `could not roll ${guest.vmid} back to ${taken}: ${why}`,
					hint: `proxdeck snapshot rollback ${guest.vmid} ${taken}`,
				});
			}
			return `guest ${guest.vmid} rolled back to ${taken}${start ? ' and running again' : ''}`;
		},
	};
}

/** After a failure: roll back when asked (or when `always`), else say how to. */
export async function afterFailedChange(
	ctx: StepContext,
	guard: ChangeSnapshot,
	vmid: number,
	rollback: boolean,
): Promise<{leftovers: string[]; rolledBack: string[]}> {
	const name = guard.taken();
	if (!name) return {leftovers: [`guest ${vmid} existed before this run and is kept as it is now`], rolledBack: []};
	if (!rollback)
		return {
			leftovers: [
				`guest ${vmid} was changed; snapshot ${name} holds it as it was: proxdeck snapshot rollback ${vmid} ${name} (or rerun with --rollback)`,
			],
			rolledBack: [],
		};
	try {
		return {leftovers: [], rolledBack: [await guard.rollback(ctx)]};
	} catch (error) {
		const failure = error instanceof StepFailure ? error : null;
		return {
			leftovers: [`${failure?.message ?? String(error)}${failure?.info.hint ? ` (${failure.info.hint})` : ''}`],
			rolledBack: [],
		};
	}
}
