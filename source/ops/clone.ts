/**
 * `proxdeck clone <template> <new>`: preflight, `pct clone … --full` on the template's node
 * (with `--target` when the clone goes to another node), and when an address is given,
 * `pct set --net0` on the clone's node. The guest is left stopped (deploy starts it).
 */
import type {Snapshot} from '../model/snapshot.js';
import {assertVmid} from '../host/validate.js';
import type {Job, JobStep, OpsEnv, Plan, PlanEnv} from './job.js';
import {newJobId} from './job.js';
import {pctClone, pctSet, type HostCommand} from './pct-commands.js';
import {preflightOrUnread, preflightStep} from './preflight.js';
import {guestLeftovers, guestRef, readSnapshot, showCommand} from './shared.js';

export interface CloneRequest {
	templateVmid: number;
	vmid: number;
	hostname?: string;
	storage?: string;
	/** CIDR or dhcp; with a bridge, the clone gets `--net0 name=eth0,bridge=…,ip=…[,gw=…]`. */
	ip?: string;
	gw?: string;
	bridge?: string;
	node?: string;
}

export function buildCloneJob(request: CloneRequest, snapshot: Snapshot | null, env: PlanEnv, readError?: string): Job {
	const show = (c: HostCommand): string => showCommand(env, c);
	const vmid = assertVmid(request.vmid);
	const template = guestRef(snapshot, request.templateVmid);
	// The clone lands on the node asked for, else beside its template.
	const clone = {vmid, node: request.node ?? template.node};
	const hostname = request.hostname;
	const pre = preflightOrUnread(
		snapshot,
		{
			templateVmid: request.templateVmid,
			vmid,
			// A clone never resumes: any guest at the VMID is in the way, whatever its name.
			hostname: '\u0000',
			...(request.storage ? {storage: request.storage} : {}),
			...(request.bridge ? {bridge: request.bridge} : {}),
			...(request.ip ? {ip: request.ip} : {}),
			...(request.node ? {node: request.node} : {}),
		},
		readError,
	);
	const cloneCommand = pctClone(template, vmid, {
		...(hostname ? {hostname} : {}),
		...(request.storage ? {storage: request.storage} : {}),
		...(clone.node !== template.node ? {target: clone.node} : {}),
	});
	const steps: JobStep[] = [
		preflightStep(
			{title: `Check template ${request.templateVmid} and VMID ${vmid}`, note: 'reads one snapshot of the host'},
			pre.blockers,
		),
		{
			plan: {
				name: 'clone',
				title: `Clone template ${request.templateVmid} to ${vmid}${hostname ? ` (${hostname})` : ''}${request.storage ? ` on ${request.storage}` : ''}${clone.node !== template.node ? `, from ${template.node} to node ${clone.node}` : ''}`,
				commands: [show(cloneCommand)],
			},
			changes: true,
			run: async (ctx) => {
				await ctx.run(cloneCommand);
				return `cloned to ${vmid}`;
			},
		},
	];
	if (request.bridge && request.ip) {
		const set = pctSet(clone, {
			net0: {name: 'eth0', bridge: request.bridge, ip: request.ip, ...(request.gw ? {gw: request.gw} : {})},
		});
		steps.push({
			plan: {
				name: 'configure',
				title: `Set net0 of ${vmid}: ${request.ip} on ${request.bridge}`,
				commands: [show(set)],
			},
			changes: true,
			run: async (ctx) => {
				await ctx.run(set);
			},
		});
	}
	const plan: Plan = {
		action: 'clone',
		target: `${request.templateVmid} → ${vmid}`,
		vmid,
		node: clone.node,
		steps: steps.map((s) => s.plan),
		checks: pre.checks,
		blockers: pre.blockers,
		nothingToDo: false,
		dangerous: false,
	};
	return {
		id: newJobId('clone'),
		plan,
		steps,
		successSummary: () =>
			`cloned template ${request.templateVmid} to guest ${vmid} (stopped): start it with proxdeck start ${vmid}`,
		async onFailure(ctx, failure, rollback) {
			if (failure.step === 'preflight' || (failure.step === 'clone' && failure.kind === 'already-exists'))
				return {leftovers: [], rolledBack: []};
			return guestLeftovers(ctx, clone, `guest ${vmid}`, rollback, `pct set ${vmid} …`);
		},
	};
}

export async function planClone(env: OpsEnv, request: CloneRequest, signal?: AbortSignal): Promise<Job> {
	const read = await readSnapshot(env, signal);
	return buildCloneJob(request, read.snapshot, env, read.error);
}
