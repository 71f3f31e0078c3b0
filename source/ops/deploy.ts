/**
 * Deploy a catalog service as a step machine (seed 001's deploy-*.sh, made resumable):
 * preflight → clone → configure → start → wait-running → post-deploy → health. Each step
 * looks at the state first and is skipped when already done, so deploying again resumes where
 * the last run stopped, and deploying a healthy service changes nothing and says so.
 */
import {serviceAddress} from '../catalog/defaults.js';
import type {CatalogService} from '../catalog/types.js';
import type {Guest, Snapshot} from '../model/snapshot.js';
import type {Job, JobStep, OpsEnv, Plan, PlanStep} from './job.js';
import {newJobId} from './job.js';
import type {HostCommand, SetOptions} from './pct-commands.js';
import {hasSetOptions, pctClone, pctExec, pctSet, pctStart, pctStatus, renderCommand} from './pct-commands.js';
import {preflight} from './preflight.js';
import {probeCommand, runProbe} from './probes.js';
import {StepFailure} from './runner.js';
import {waitForStatus} from './guest-status.js';
import {guestLeftovers, readSnapshot} from './shared.js';

/** Tag that records that a guest's post-deploy commands have run (so a resume does not rerun them). */
export const DEPLOYED_TAG = 'proxdeck-deployed';

export interface DeployOptions {
	/** Clone to this node (`--target`). */
	node?: string;
}

const MIB = 1024 * 1024;

/** What `pct set` must change so the guest matches the catalog; everything for a fresh clone. */
export function configureDiff(service: CatalogService, existing: Guest | undefined): SetOptions {
	const net0 = {name: 'eth0', bridge: service.bridge, ip: service.ip, gw: service.gateway};
	if (!existing) {
		return {net0, ...(service.mounts.length > 0 ? {mounts: service.mounts} : {}), memory: service.memory, cores: service.cores, onboot: service.onboot, tags: [...service.tags]};
	}
	const diff: SetOptions = {};
	const nic = existing.nics.find((n) => n.name === 'net0');
	if (!nic || nic.bridge !== service.bridge || nic.ip !== service.ip || nic.gw !== service.gateway) diff.net0 = net0;
	const mounts = service.mounts.filter((m) => !existing.mounts.some((e) => e.key === m.key && e.source === m.source && e.path === m.path));
	if (mounts.length > 0) diff.mounts = mounts;
	if (existing.maxmem > 0 && existing.maxmem !== service.memory * MIB) diff.memory = service.memory;
	if (existing.maxcpu > 0 && existing.maxcpu !== service.cores) diff.cores = service.cores;
	if ((existing.onboot ?? false) !== service.onboot) diff.onboot = service.onboot;
	if (service.tags.some((t) => !existing.tags.includes(t))) diff.tags = union(existing.tags, service.tags);
	return diff;
}

function union(a: readonly string[], b: readonly string[]): string[] {
	return [...new Set([...a, ...b])];
}

function describeSet(options: SetOptions): string {
	const parts: string[] = [];
	if (options.net0) parts.push(`net0 ${options.net0.ip} on ${options.net0.bridge}`);
	for (const m of options.mounts ?? []) parts.push(`${m.key} ${m.source}`);
	if (options.memory !== undefined) parts.push(`memory ${options.memory} MiB`);
	if (options.cores !== undefined) parts.push(`cores ${options.cores}`);
	if (options.onboot !== undefined) parts.push(`onboot ${options.onboot ? 1 : 0}`);
	if (options.tags) parts.push(`tags ${options.tags.join(';')}`);
	return parts.join(', ');
}

/** Build the deploy plan and job from a snapshot (pure; the snapshot is read by planDeploy). */
export function buildDeployJob(service: CatalogService, snapshot: Snapshot | null, env: Pick<OpsEnv, 'sudo' | 'pollMs'>, options: DeployOptions = {}, readError?: string): Job {
	const show = (c: HostCommand): string => renderCommand(c, env.sudo);
	const vmid = service.vmid;
	const address = serviceAddress(service);
	const pre = snapshot
		? preflight(snapshot, {templateVmid: service.templateVmid, vmid, hostname: service.hostname, storage: service.storage, bridge: service.bridge, ip: service.ip, ...(options.node ?? service.node ? {node: options.node ?? service.node} : {})})
		: {checks: [{name: 'read', ok: false, detail: readError ?? 'no snapshot'}], blockers: [readError ?? 'could not read the host state']};
	const existing = pre.existing;
	const blocked = pre.blockers.length > 0;
	const running = existing?.status === 'running';
	const cloneTarget = options.node ?? service.node;
	// Clone to another node only when asked and it differs from where the template lives.
	const cloneCmd = pctClone(service.templateVmid, vmid, {hostname: service.hostname, storage: service.storage, ...(cloneTarget && cloneTarget !== pre.template?.node ? {target: cloneTarget} : {})});
	const setOptions = configureDiff(service, existing);
	const setCmd = hasSetOptions(setOptions) ? pctSet(vmid, setOptions) : null;
	const startCmd = pctStart(vmid);
	const postDone = existing?.tags.includes(DEPLOYED_TAG) ?? false;
	const finalTags = union(union(existing?.tags ?? [], service.tags), [DEPLOYED_TAG]);
	const postCmds = service.postDeploy.map((argv) => pctExec(vmid, argv));
	const markCmd = pctSet(vmid, {tags: finalTags});
	const startTimeout = service.startTimeoutSec ?? 120;
	const healthTimeout = service.healthTimeoutSec ?? 120;
	const poll = `${(env.pollMs ?? 1000) / 1000}s`;

	const steps: JobStep[] = [];
	const step = (plan: PlanStep, run?: JobStep['run']): void => {
		steps.push({plan, ...(run ? {run} : {})});
	};

	step({name: 'preflight', title: `Check template ${service.templateVmid}, VMID ${vmid}, storage ${service.storage}, bridge ${service.bridge}, ${address}, node`, commands: [], note: 'reads one snapshot of the host (one batched command)'}, async () =>
		pre.checks.filter((c) => c.ok).length + ' checks passed');
	step(
		{name: 'clone', title: `Clone template ${service.templateVmid} to ${vmid} (${service.hostname}) on ${service.storage}`, commands: [show(cloneCmd)], ...(existing ? {skip: `guest ${vmid} already exists`} : {})},
		async (ctx) => {
			await ctx.run(cloneCmd, {timeoutMs: 30 * 60_000});
			return `cloned ${service.templateVmid} to ${vmid}`;
		},
	);
	step(
		{name: 'configure', title: `Configure ${vmid}: ${setCmd ? describeSet(setOptions) : 'nothing to change'}`, commands: setCmd ? [show(setCmd)] : [], ...(setCmd ? {} : {skip: 'the config already matches the catalog'})},
		async (ctx) => {
			if (setCmd) await ctx.run(setCmd);
			return describeSet(setOptions);
		},
	);
	step({name: 'start', title: `Start ${vmid}`, commands: [show(startCmd)], ...(running ? {skip: `guest ${vmid} is already running`} : {})}, async (ctx) => {
		await ctx.run(startCmd, {timeoutMs: 5 * 60_000});
	});
	step(
		{name: 'wait-running', title: `Wait until ${vmid} is running`, commands: [show(pctStatus(vmid))], note: `polled every ${poll} until "status: running", at most ${startTimeout}s`, ...(running ? {skip: 'already running'} : {})},
		(ctx) => waitForStatus(ctx, vmid, 'running', startTimeout),
	);
	step(
		{
			name: 'post-deploy',
			title: `Run ${postCmds.length} post-deploy command${postCmds.length === 1 ? '' : 's'} in ${vmid}`,
			commands: postCmds.length > 0 ? [...postCmds, markCmd].map(show) : [],
			...(postCmds.length === 0 ? {skip: 'no post-deploy commands in the catalog'} : postDone ? {skip: `already done (guest ${vmid} has the ${DEPLOYED_TAG} tag)`} : {}),
		},
		async (ctx) => {
			for (const c of postCmds) await ctx.run(c, {timeoutMs: 30 * 60_000});
			await ctx.run(markCmd);
			return `${postCmds.length} command${postCmds.length === 1 ? '' : 's'} ran`;
		},
	);
	step(
		{
			name: 'health',
			title: `Probe ${service.name}: ${service.probes.map((p) => p.name).join(', ') || 'no probes'}`,
			commands: service.probes.map((p) => show(probeCommand(p, vmid, address))),
			note: `each probe repeated every ${poll} until it passes, at most ${healthTimeout}s`,
			...(service.probes.length === 0 ? {skip: 'no probes in the catalog'} : {}),
		},
		async (ctx) => {
			const pending = new Map(service.probes.map((p) => [p.name, p]));
			const passed: string[] = [];
			const started = ctx.now();
			let lastDetail = '';
			for (;;) {
				for (const [name, probe] of [...pending]) {
					const outcome = await runProbe((c) => ctx.run(c, {allowFailure: true, timeoutMs: 15_000}), probe, vmid, address);
					if (outcome.ok) {
						pending.delete(name);
						passed.push(outcome.detail);
					} else lastDetail = outcome.detail;
				}
				if (pending.size === 0) return passed.join('; ');
				ctx.progress(`waiting for ${[...pending.keys()].join(', ')}: ${lastDetail}`);
				if (ctx.now() - started >= healthTimeout * 1000) {
					throw new StepFailure({message: `health failed: ${[...pending.keys()].join(', ')} not passing after ${healthTimeout}s: ${lastDetail}`, detail: lastDetail});
				}
				await ctx.sleep(env.pollMs ?? 1000);
			}
		},
	);

	const mutating = steps.filter((s) => ['clone', 'configure', 'start', 'post-deploy'].includes(s.plan.name));
	const plan: Plan = {
		action: 'deploy',
		target: `${service.name} (${vmid})`,
		vmid,
		steps: steps.map((s) => s.plan),
		checks: pre.checks,
		blockers: pre.blockers,
		nothingToDo: !blocked && mutating.every((s) => s.plan.skip !== undefined),
		dangerous: false,
	};

	const createdHere = !existing;
	return {
		id: newJobId('deploy'),
		plan,
		steps,
		successSummary: (r) =>
			r.result === 'nothing-to-do'
				? `${service.name} is already deployed: guest ${vmid} running at ${address} on ${service.bridge}, probes passing; nothing changed`
				: `${service.name} deployed: guest ${vmid} running at ${address} on ${service.bridge}, probes passing`,
		async onFailure(ctx, failure, rollback) {
			// A clone refused because the VMID exists made nothing: that guest is someone else's.
			if (!createdHere || failure.step === 'preflight' || (failure.step === 'clone' && failure.kind === 'already-exists')) {
				return {leftovers: existing && failure.step !== 'preflight' ? [`guest ${vmid} existed before this run and is kept; deploy again to finish`] : [], rolledBack: []};
			}
			return guestLeftovers(ctx, vmid, `guest ${vmid} (${service.hostname})`, rollback, `proxdeck deploy ${service.name}`);
		},
	};
}

/** Read the host once and build the deploy job (the plan is what --dry-run prints). */
export async function planDeploy(env: OpsEnv, service: CatalogService, options: DeployOptions = {}, signal?: AbortSignal): Promise<Job> {
	const read = await readSnapshot(env, signal);
	return buildDeployJob(service, read.snapshot, env, options, read.error);
}
