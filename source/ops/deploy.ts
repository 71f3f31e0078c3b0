/**
 * Deploy a catalog service as a step machine (a homelab's deploy script, made resumable):
 * preflight → clone → [snapshot] → configure → start → wait-running → post-deploy → health.
 * Reconfiguring a guest that already existed takes a snapshot first, and a failed health check
 * (or --rollback) returns the guest to it rather than touching anything else. Each step
 * looks at the state first and is skipped when already done, so deploying again resumes where
 * the last run stopped, and deploying a healthy service changes nothing and says so.
 */
import {serviceAddress} from '../catalog/defaults.js';
import type {CatalogService} from '../catalog/types.js';
import {plural} from '../model/format.js';
import type {Guest, Snapshot} from '../model/snapshot.js';
import type {Job, JobStep, OpsEnv, Plan, PlanEnv, StepContext} from './job.js';
import {newJobId} from './job.js';
import type {GuestRef, HostCommand, SetOptions, StepCommand} from './pct-commands.js';
import {hasSetOptions, pctClone, pctExec, pctSet, pctStart, pctStatus} from './pct-commands.js';
import {cloneStorage, preflightOrUnread, preflightStep} from './preflight.js';
import {probeCommand, runProbe} from './probes.js';
import {StepFailure} from './runner.js';
import {waitForStatus} from './guest-status.js';
import {guestLeftovers, guestRef, readSnapshot, showCommand} from './shared.js';
import {afterFailedChange, changeSnapshot} from './change-snapshot.js';

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
		return {
			net0,
			...(service.mounts.length > 0 ? {mounts: service.mounts} : {}),
			memory: service.memory,
			cores: service.cores,
			onboot: service.onboot,
			tags: [...service.tags],
		};
	}
	const diff: SetOptions = {};
	const nic = existing.nics.find((n) => n.name === 'net0');
	if (!nic || nic.bridge !== service.bridge || nic.ip !== service.ip || nic.gw !== service.gateway) diff.net0 = net0;
	const mounts = service.mounts.filter(
		(m) => !existing.mounts.some((e) => e.key === m.key && e.source === m.source && e.path === m.path),
	);
	if (mounts.length > 0) diff.mounts = mounts;
	if (existing.maxmem !== null && existing.maxmem > 0 && existing.maxmem !== service.memory * MIB)
		diff.memory = service.memory;
	if (existing.maxcpu !== null && existing.maxcpu > 0 && existing.maxcpu !== service.cores) diff.cores = service.cores;
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

/** What every deploy step reads: the service, the guest as the plan saw it, how commands are shown. */
interface DeployPlan {
	service: CatalogService;
	vmid: number;
	/** The guest on the node it lives (or will live) on: every command after the clone runs there. */
	guest: GuestRef;
	/** The service's address without its prefix length (what the probes reach). */
	address: string;
	/** The guest already at the service's VMID (a deploy resumed), if any. */
	existing: Guest | undefined;
	running: boolean;
	/** Poll interval of the waits, ms. */
	pollMs: number;
	show(command: HostCommand): string;
}

const seconds = (ms: number): string => `${ms / 1000}s`;

function cloneStep(d: DeployPlan, clone: StepCommand): JobStep {
	const {service, vmid} = d;
	return {
		plan: {
			name: 'clone',
			title: `Clone template ${service.templateVmid} to ${vmid} (${service.hostname}) on ${service.storage}`,
			commands: [d.show(clone)],
			...(d.existing ? {skip: `guest ${vmid} already exists`} : {}),
		},
		changes: true,
		run: async (ctx) => {
			await ctx.run(clone);
			return `cloned ${service.templateVmid} to ${vmid}`;
		},
	};
}

function configureStep(d: DeployPlan): JobStep {
	const options = configureDiff(d.service, d.existing);
	const set = hasSetOptions(options) ? pctSet(d.guest, options) : null;
	return {
		plan: {
			name: 'configure',
			title: `Configure ${d.vmid}: ${set ? describeSet(options) : 'nothing to change'}`,
			commands: set ? [d.show(set)] : [],
			...(set ? {} : {skip: 'the config already matches the catalog'}),
		},
		changes: true,
		run: async (ctx) => {
			if (set) await ctx.run(set);
			return describeSet(options);
		},
	};
}

function startStep(d: DeployPlan): JobStep {
	const start = pctStart(d.guest);
	return {
		plan: {
			name: 'start',
			title: `Start ${d.vmid}`,
			commands: [d.show(start)],
			...(d.running ? {skip: `guest ${d.vmid} is already running`} : {}),
		},
		changes: true,
		run: async (ctx) => {
			await ctx.run(start);
		},
	};
}

function waitRunningStep(d: DeployPlan): JobStep {
	const timeout = d.service.startTimeoutSec ?? 120;
	return {
		plan: {
			name: 'wait-running',
			title: `Wait until ${d.vmid} is running`,
			commands: [d.show(pctStatus(d.guest))],
			note: `polled every ${seconds(d.pollMs)} until "status: running", at most ${timeout}s`,
			...(d.running ? {skip: 'already running'} : {}),
		},
		changes: false,
		run: (ctx) => waitForStatus(ctx, d.guest, 'running', timeout),
	};
}

/** The catalog's post-deploy commands, then the tag that says they ran (a resume skips them). */
function postDeployStep(d: DeployPlan): JobStep {
	const {service, vmid, existing} = d;
	const commands = service.postDeploy.map((argv) => pctExec(d.guest, argv));
	const mark = pctSet(d.guest, {tags: union(union(existing?.tags ?? [], service.tags), [DEPLOYED_TAG])});
	const done = existing?.tags.includes(DEPLOYED_TAG) ?? false;
	return {
		plan: {
			name: 'post-deploy',
			title:
				commands.length === 0
					? `No post-deploy commands to run in ${vmid}`
					: `Run ${plural(commands.length, 'post-deploy command')} in ${vmid}`,
			commands: commands.length > 0 ? [...commands, mark].map(d.show) : [],
			...(commands.length === 0
				? {skip: 'no post-deploy commands in the catalog'}
				: done
					? {skip: `already done (guest ${vmid} has the ${DEPLOYED_TAG} tag)`}
					: {}),
		},
		changes: true,
		run: async (ctx) => {
			for (const command of commands) await ctx.run(command);
			await ctx.run(mark);
			return `${plural(commands.length, 'command')} ran`;
		},
	};
}

/** Each probe again every poll until all pass, or the service's health timeout. */
async function waitForProbes(ctx: StepContext, d: DeployPlan): Promise<string> {
	const timeout = d.service.healthTimeoutSec ?? 120;
	const pending = new Map(d.service.probes.map((p) => [p.name, p]));
	const passed: string[] = [];
	const started = ctx.now();
	let lastDetail = '';
	for (;;) {
		for (const [name, probe] of [...pending]) {
			const outcome = await runProbe(
				(c) => ctx.run(c, {allowFailure: true, timeoutMs: 15_000}),
				probe,
				d.guest,
				d.address,
			);
			if (outcome.ok) {
				pending.delete(name);
				passed.push(outcome.detail);
			} else lastDetail = outcome.detail;
		}
		if (pending.size === 0) return passed.join('; ');
		ctx.progress(`waiting for ${[...pending.keys()].join(', ')}: ${lastDetail}`);
		if (ctx.now() - started >= timeout * 1000) {
			throw new StepFailure({
				message: `health failed: ${[...pending.keys()].join(', ')} not passing after ${timeout}s: ${lastDetail}`,
				detail: lastDetail,
			});
		}
		await ctx.sleep(d.pollMs);
	}
}

function healthStep(d: DeployPlan): JobStep {
	const {probes} = d.service;
	return {
		plan: {
			name: 'health',
			title: `Probe ${d.service.name}: ${probes.map((p) => p.name).join(', ') || 'no probes'}`,
			commands: probes.map((p) => d.show(probeCommand(p, d.guest, d.address))),
			note: `each probe repeated every ${seconds(d.pollMs)} until it passes, at most ${d.service.healthTimeoutSec ?? 120}s`,
			...(probes.length === 0 ? {skip: 'no probes in the catalog'} : {}),
		},
		changes: false,
		run: (ctx) => waitForProbes(ctx, d),
	};
}

/** Build the deploy plan and job from a snapshot (pure; the snapshot is read by planDeploy). */
export function buildDeployJob(
	asked: CatalogService,
	snapshot: Snapshot | null,
	env: PlanEnv,
	options: DeployOptions = {},
	readError?: string,
): Job {
	const vmid = asked.vmid;
	const address = serviceAddress(asked);
	const target = options.node ?? asked.node;
	// A clone to another node than the template's needs shared storage there: take one when the catalog's cannot.
	const templateNode = snapshot?.guests.find((g) => g.vmid === asked.templateVmid)?.node;
	const chosen = cloneStorage(snapshot, asked.storage, templateNode, target ?? templateNode);
	const service = {...asked, storage: chosen.storage};
	const pre = preflightOrUnread(
		snapshot,
		{
			templateVmid: service.templateVmid,
			vmid,
			hostname: service.hostname,
			storage: service.storage,
			bridge: service.bridge,
			ip: service.ip,
			...(target ? {node: target} : {}),
		},
		readError,
	);
	const existing = pre.existing;
	const template = guestRef(snapshot, service.templateVmid);
	// The clone is made on the template's node and lands on the deploy's node; every later step runs there.
	const guest: GuestRef = {vmid, node: existing?.node ?? pre.node ?? template.node};
	const d: DeployPlan = {
		service,
		vmid,
		guest,
		address,
		existing,
		running: existing?.status === 'running',
		pollMs: env.pollMs ?? 1000,
		show: (c) => showCommand(env, c),
	};
	const clone = pctClone(template, vmid, {
		hostname: service.hostname,
		storage: service.storage,
		...(guest.node !== template.node ? {target: guest.node} : {}),
	});
	const configure = configureStep(d);
	// Reconfiguring a guest that was already there: snapshot it first, where its storage allows.
	const guard =
		existing && snapshot && configure.plan.skip === undefined && pre.blockers.length === 0
			? changeSnapshot(existing, snapshot, env, 'deploy')
			: null;
	const steps: JobStep[] = [
		preflightStep(
			{
				title: `Check template ${service.templateVmid}, VMID ${vmid}, storage ${service.storage}${chosen.instead ? ` (shared, for the clone to ${target}: ${chosen.instead} is not)` : ''}, bridge ${service.bridge}, ${address}, node`,
				note: 'reads one snapshot of the host (one batched command)',
			},
			pre.blockers,
			() => `${plural(pre.checks.filter((c) => c.ok).length, 'check')} passed`,
		),
		cloneStep(d, clone),
		...(guard ? [guard.step] : []),
		configure,
		startStep(d),
		waitRunningStep(d),
		postDeployStep(d),
		healthStep(d),
	];
	const plan: Plan = {
		action: 'deploy',
		target: `${service.name} (${vmid})`,
		vmid,
		node: guest.node,
		steps: steps.map((s) => s.plan),
		checks: pre.checks,
		blockers: pre.blockers,
		nothingToDo: pre.blockers.length === 0 && steps.every((s) => !s.changes || s.plan.skip !== undefined),
		dangerous: false,
	};
	return {
		id: newJobId('deploy'),
		plan,
		steps,
		successSummary: (r) =>
			r.result === 'nothing-to-do'
				? `${service.name} is already deployed: guest ${vmid} running at ${address} on ${service.bridge}, probes passing; nothing changed`
				: `${service.name} deployed: guest ${vmid} running at ${address} on ${service.bridge}, probes passing`,
		async onFailure(ctx, failure, rollback) {
			// A guest that was there before is never destroyed: it goes back to its snapshot
			// (asked with --rollback, or when the change left it unhealthy), or stays and is reported.
			if (existing && guard && failure.step !== 'preflight' && failure.step !== 'snapshot')
				return afterFailedChange(ctx, guard, vmid, rollback || failure.step === 'health');
			// A clone refused because the VMID exists made nothing: that guest is someone else's.
			if (existing || failure.step === 'preflight' || (failure.step === 'clone' && failure.kind === 'already-exists')) {
				return {
					leftovers:
						existing && failure.step !== 'preflight'
							? [`guest ${vmid} existed before this run and is kept; deploy again to finish`]
							: [],
					rolledBack: [],
				};
			}
			return guestLeftovers(
				ctx,
				guest,
				`guest ${vmid} (${service.hostname})`,
				rollback,
				`proxdeck deploy ${service.name}`,
			);
		},
	};
}

/** Read the host once and build the deploy job (the plan is what --dry-run prints). */
export async function planDeploy(
	env: OpsEnv,
	service: CatalogService,
	options: DeployOptions = {},
	signal?: AbortSignal,
): Promise<Job> {
	const read = await readSnapshot(env, signal);
	return buildDeployJob(service, read.snapshot, env, options, read.error);
}
