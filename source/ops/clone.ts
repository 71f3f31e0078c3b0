/**
 * `proxdeck clone <template> <new>`: preflight, `pct clone … --full`, and when an address is
 * given, `pct set --net0`. The guest is left stopped (deploy is the path that starts it).
 */
import type {Snapshot} from '../model/snapshot.js';
import {assertVmid} from '../host/validate.js';
import type {Job, JobStep, OpsEnv, Plan} from './job.js';
import {newJobId} from './job.js';
import {pctClone, pctSet, renderCommand} from './pct-commands.js';
import {preflightOrUnread, preflightStep} from './preflight.js';
import {guestLeftovers, readSnapshot} from './shared.js';

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

export function buildCloneJob(
	request: CloneRequest,
	snapshot: Snapshot | null,
	env: Pick<OpsEnv, 'sudo'>,
	readError?: string,
): Job {
	const show = (c: Parameters<typeof renderCommand>[0]): string => renderCommand(c, env.sudo);
	const vmid = assertVmid(request.vmid);
	const tplGuest = snapshot?.guests.find((g) => g.vmid === request.templateVmid);
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
	const clone = pctClone(request.templateVmid, vmid, {
		...(hostname ? {hostname} : {}),
		...(request.storage ? {storage: request.storage} : {}),
		...(request.node && request.node !== tplGuest?.node ? {target: request.node} : {}),
	});
	const steps: JobStep[] = [
		preflightStep(
			{title: `Check template ${request.templateVmid} and VMID ${vmid}`, note: 'reads one snapshot of the host'},
			pre.blockers,
		),
		{
			plan: {
				name: 'clone',
				title: `Clone template ${request.templateVmid} to ${vmid}${hostname ? ` (${hostname})` : ''}${request.storage ? ` on ${request.storage}` : ''}`,
				commands: [show(clone)],
			},
			changes: true,
			run: async (ctx) => {
				await ctx.run(clone);
				return `cloned to ${vmid}`;
			},
		},
	];
	if (request.bridge && request.ip) {
		const set = pctSet(vmid, {
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
			return guestLeftovers(ctx, vmid, `guest ${vmid}`, rollback, `pct set ${vmid} …`);
		},
	};
}

export async function planClone(env: OpsEnv, request: CloneRequest, signal?: AbortSignal): Promise<Job> {
	const read = await readSnapshot(env, signal);
	return buildCloneJob(request, read.snapshot, env, read.error);
}
