/**
 * Pieces every ops module shares: reading the host once through the collector, and reporting
 * (or, when asked, removing) a guest a failed run created.
 */
import type {Snapshot} from '../model/snapshot.js';
import type {OpsEnv, StepContext} from './job.js';
import {readStatus} from './guest-status.js';
import {pctDestroy, pctStop} from './pct-commands.js';

/** One collector refresh (one exec). A transport failure comes back as text, never thrown. */
export async function readSnapshot(
	env: OpsEnv,
	signal?: AbortSignal,
): Promise<{snapshot: Snapshot | null; error?: string}> {
	try {
		return {snapshot: await env.collector.collect(signal)};
	} catch (error) {
		return {
			snapshot: null,
			error: `could not read the host: ${error instanceof Error ? error.message : String(error)}`,
		};
	}
}

/**
 * After a failed run that created `vmid`: say what is left, or destroy it when rollback was
 * asked for. Only called for guests this run created (preflight saw the VMID free).
 */
export async function guestLeftovers(
	ctx: StepContext,
	vmid: number,
	label: string,
	rollback: boolean,
	resume: string,
): Promise<{leftovers: string[]; rolledBack: string[]}> {
	const {status, error} = await readStatus(ctx, vmid);
	if (status === 'missing') return {leftovers: [], rolledBack: []};
	if (status === null)
		return {leftovers: [`${label} may exist (could not read its status: ${error ?? 'no answer'})`], rolledBack: []};
	if (!rollback) {
		return {
			leftovers: [
				`${label}, created by this run, exists and is ${status}: run \`${resume}\` to finish, or remove it with \`proxdeck destroy ${vmid} --confirm ${vmid}\` (or rerun with --rollback)`,
			],
			rolledBack: [],
		};
	}
	if (status === 'running') {
		const stop = await ctx.run(pctStop(vmid), {allowFailure: true});
		if (stop.code !== 0)
			return {
				leftovers: [
					`${label} could not be stopped for rollback: ${(stop.stderr || stop.stdout).trim().split('\n')[0] ?? ''}`,
				],
				rolledBack: [],
			};
	}
	const destroy = await ctx.run(pctDestroy(vmid), {allowFailure: true});
	if (destroy.code !== 0)
		return {
			leftovers: [
				`${label} could not be destroyed for rollback: ${(destroy.stderr || destroy.stdout).trim().split('\n')[0] ?? ''}`,
			],
			rolledBack: [],
		};
	return {leftovers: [], rolledBack: [label]};
}
