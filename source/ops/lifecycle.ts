/**
 * Lifecycle actions on one guest, each built as a plan + job from one snapshot: start,
 * stop, shutdown (then stop after the timeout), reboot, destroy (typed confirmation, refused
 * while running), convert to template. Snapshots are snapshot.ts's; memory, cores, swap and
 * disk sizes scale.ts's; Docker inside a guest docker.ts's and stack-update.ts's.
 */
import type {Guest, Snapshot} from '../model/snapshot.js';
import type {Job, JobStep, OpsEnv, Plan, PlanEnv, PlanStep, StepContext} from './job.js';
import {newJobId} from './job.js';
import type {HostCommand, StepCommand} from './pct-commands.js';
import {pctDestroy, pctReboot, pctShutdown, pctStart, pctStatus, pctStop, pctTemplate} from './pct-commands.js';
import {readStatus, waitForStatus} from './guest-status.js';
import {offlineNodeBlocker, preflightStep} from './preflight.js';
import {guestRef, readSnapshot, showCommand} from './shared.js';

export type LifecycleRequest =
	| {action: 'start'; vmid: number}
	| {action: 'stop'; vmid: number}
	| {action: 'shutdown'; vmid: number; timeoutSec?: number}
	| {action: 'reboot'; vmid: number}
	| {action: 'destroy'; vmid: number}
	| {action: 'template'; vmid: number};

export type LifecycleAction = LifecycleRequest['action'];

const DANGEROUS = new Set<LifecycleAction>(['stop', 'destroy', 'reboot', 'template', 'shutdown']);
const WAIT_SEC = 120;

export function buildLifecycleJob(
	request: LifecycleRequest,
	snapshot: Snapshot | null,
	env: PlanEnv,
	readError?: string,
): Job {
	const show = (c: HostCommand): string => showCommand(env, c);
	const {vmid} = request;
	const guest = snapshot?.guests.find((g) => g.vmid === vmid);
	// Every command goes to the node the guest lives on.
	const ref = guestRef(snapshot, vmid);
	const blockers: string[] = [];
	const offline = snapshot && guest ? offlineNodeBlocker(snapshot, guest.node, `guest ${vmid} (${guest.name})`) : null;
	if (!snapshot) blockers.push(readError ?? 'could not read the host state');
	else if (!guest) blockers.push(`guest ${vmid} does not exist`);
	else if (offline) blockers.push(offline);
	else if (guest.type !== 'lxc')
		blockers.push(`guest ${vmid} (${guest.name}) is a VM; proxdeck manages containers (pct) only`);
	else if (guest.lock && request.action !== 'stop')
		blockers.push(`guest ${vmid} is locked (${guest.lock}): wait for its task, or \`pct unlock ${vmid}\``);
	const status = guest?.status;
	const running = status === 'running';
	const label = guest ? `${guest.name} (${vmid})` : `guest ${vmid}`;
	const steps: JobStep[] = [];
	const step = (plan: PlanStep, changes: boolean, run: (ctx: StepContext) => Promise<string | void>): void => {
		steps.push({plan, changes, run});
	};
	const once = (name: string, title: string, command: StepCommand, skip?: string): void =>
		step({name, title, commands: [show(command)], ...(skip ? {skip} : {})}, true, async (ctx) => {
			await ctx.run(command);
		});
	const waitRunning = (skip?: string): void =>
		step(
			{
				name: 'wait-running',
				title: `Wait until ${vmid} is running`,
				commands: [show(pctStatus(ref))],
				note: `polled every ${(env.pollMs ?? 1000) / 1000}s, at most ${WAIT_SEC}s`,
				...(skip ? {skip} : {}),
			},
			false,
			(ctx) => waitForStatus(ctx, ref, 'running', WAIT_SEC),
		);
	const r = request;
	switch (r.action) {
		case 'start':
			once('start', `Start ${label}`, pctStart(ref), running ? 'already running' : undefined);
			waitRunning(running ? 'already running' : undefined);
			break;
		case 'stop':
			once(
				'stop',
				`Stop ${label} now (no clean shutdown)`,
				pctStop(ref),
				!running ? `already ${status ?? 'stopped'}` : undefined,
			);
			break;
		case 'shutdown': {
			const timeout = r.timeoutSec ?? 60;
			const skip = !running ? `already ${status ?? 'stopped'}` : undefined;
			step(
				{
					name: 'shutdown',
					title: `Shut ${label} down cleanly (at most ${timeout}s)`,
					commands: [show(pctShutdown(ref, timeout))],
					...(skip ? {skip} : {}),
				},
				true,
				async (ctx) => {
					const result = await ctx.run(pctShutdown(ref, timeout), {allowFailure: true});
					return result.code === 0 ? 'shut down' : 'did not shut down in time';
				},
			);
			step(
				{
					name: 'stop',
					title: `Stop ${vmid} if it is still running after the timeout`,
					commands: [show(pctStatus(ref)), show(pctStop(ref))],
					note: 'pct stop runs only when pct status still says running',
					...(skip ? {skip} : {}),
				},
				true,
				async (ctx) => {
					const now = await readStatus(ctx, ref);
					if (now.status !== 'running') return `stopped (${now.status ?? now.error})`;
					await ctx.run(pctStop(ref));
					return 'stopped after the shutdown timeout';
				},
			);
			break;
		}
		case 'reboot':
			if (guest && !running) blockers.push(`guest ${vmid} is not running: start it instead`);
			once('reboot', `Reboot ${label}`, pctReboot(ref));
			waitRunning();
			break;
		case 'destroy':
			if (guest && running)
				blockers.push(`guest ${vmid} (${guest.name}) is running: stop it first (proxdeck stop ${vmid})`);
			once('destroy', `Destroy ${label} and all its volumes`, pctDestroy(ref));
			break;
		case 'template':
			if (guest && running) blockers.push(`guest ${vmid} is running: stop it first`);
			once(
				'template',
				`Convert ${label} to a template (it can no longer start)`,
				pctTemplate(ref),
				guest?.template ? 'already a template' : undefined,
			);
			break;
	}

	const plan: Plan = {
		action: r.action,
		target: label,
		vmid,
		...(guest ? {node: guest.node} : {}),
		steps: steps.map((s) => s.plan),
		checks: [],
		blockers,
		nothingToDo: blockers.length === 0 && steps.every((s) => !s.changes || s.plan.skip !== undefined),
		dangerous: DANGEROUS.has(r.action),
		...(r.action === 'destroy' ? {typedConfirmation: String(vmid)} : {}),
	};
	// Blockers stop the run at a preflight step, like deploy's.
	if (blockers.length > 0) {
		steps.unshift(preflightStep({title: `Check ${label}`}, blockers));
		plan.steps = steps.map((s) => s.plan);
	}
	return {id: newJobId(r.action), plan, steps};
}

export async function planLifecycle(env: OpsEnv, request: LifecycleRequest, signal?: AbortSignal): Promise<Job> {
	const read = await readSnapshot(env, signal);
	return buildLifecycleJob(request, read.snapshot, env, read.error);
}

/** The guest a request acts on, from a snapshot (for dialogs that show its name and state). */
export function requestGuest(snapshot: Snapshot, request: LifecycleRequest): Guest | undefined {
	return snapshot.guests.find((g) => g.vmid === request.vmid);
}
