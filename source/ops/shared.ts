/**
 * Pieces every ops module shares: reading the host once through the collector, and reporting
 * (or, when asked, removing) a guest a failed run created.
 */
import type {Snapshot} from '../model/snapshot.js';
import {renderCommand, type HostCommand} from '../host/host-command.js';
import type {OpsEnv, PlanEnv, StepContext} from './job.js';
import {readStatus} from './guest-status.js';
import {pctDestroy, pctStop, type GuestRef} from './pct-commands.js';

/**
 * Where a guest's commands go: the node the snapshot has it on. A guest the snapshot does
 * not have (the plan is blocked anyway) is looked for on the connected node.
 */
export function guestRef(snapshot: Snapshot | null, vmid: number): GuestRef {
	const guest = snapshot?.guests.find((g) => g.vmid === vmid);
	return {vmid, node: guest?.node ?? connectedNode(snapshot) ?? 'localhost'};
}

/** The node proxdeck's connection lands on, as the snapshot says. */
export function connectedNode(snapshot: Snapshot | null): string | undefined {
	return (
		snapshot?.nodes.find((n) => n.local)?.name ?? (snapshot?.nodes.length === 1 ? snapshot.nodes[0]!.name : undefined)
	);
}

/**
 * A command as a plan shows it: the exact line the router will send. A node the router
 * cannot reach still shows its command, with why (the plan's preflight blocks it).
 */
export function showCommand(env: PlanEnv, command: HostCommand): string {
	try {
		return env.nodes.render(command);
	} catch (error) {
		return `${renderCommand(command, false)}  (${error instanceof Error ? error.message : String(error)})`;
	}
}

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
	guest: GuestRef,
	label: string,
	rollback: boolean,
	resume: string,
): Promise<{leftovers: string[]; rolledBack: string[]}> {
	const {vmid} = guest;
	const {status, error} = await readStatus(ctx, guest);
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
		const stop = await ctx.run(pctStop(guest), {allowFailure: true});
		if (stop.code !== 0)
			return {
				leftovers: [
					`${label} could not be stopped for rollback: ${(stop.stderr || stop.stdout).trim().split('\n')[0] ?? ''}`,
				],
				rolledBack: [],
			};
	}
	const destroy = await ctx.run(pctDestroy(guest), {allowFailure: true});
	if (destroy.code !== 0)
		return {
			leftovers: [
				`${label} could not be destroyed for rollback: ${(destroy.stderr || destroy.stdout).trim().split('\n')[0] ?? ''}`,
			],
			rolledBack: [],
		};
	return {leftovers: [], rolledBack: [label]};
}
