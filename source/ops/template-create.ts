/**
 * Make a catalog service's template from nothing (phase 1 of the homelab's workflow), as a
 * step machine like deploy: preflight → os-template → create → start → wait-network →
 * install → stop → template; or, for a service installed by a pinned community script,
 * preflight → download → verify → run-script → stop → template. The container carries a
 * description that names the build, and a tag once its install ran, so running the command
 * again after a dropped link finishes the same container; a failed run names the half-made
 * container, and --rollback removes it.
 */
import type {CatalogService} from '../catalog/types.js';
import {plural} from '../model/format.js';
import type {Snapshot} from '../model/snapshot.js';
import type {Job, JobStep, OpsEnv, Plan, PlanEnv} from './job.js';
import {newJobId} from './job.js';
import type {GuestRef} from './pct-commands.js';
import {preflightStep} from './preflight.js';
import {connectedNode, guestLeftovers, readSnapshot, showCommand} from './shared.js';
import {INSTALLED_TAG, templatePreflight} from './template-preflight.js';
import {
	createStep,
	installStep,
	osTemplateStep,
	scriptDownloadStep,
	scriptRunStep,
	scriptVerifyStep,
	startStep,
	stopStep,
	templateStep,
	waitNetworkStep,
	type TemplateBuild,
} from './template-steps.js';

export interface TemplateOptions {
	/** Make it on this node (`--node`); default: the service's node, else the connected one. */
	node?: string;
	/** Make it under this VMID instead of the catalog's (a re-create builds beside the old one). */
	vmid?: number;
}

function buildSteps(d: TemplateBuild): JobStep[] {
	const {install} = d.recipe;
	if ('script' in install) {
		const vars = {
			vmid: d.vmid,
			hostname: d.service.hostname,
			storage: d.recipe.storage,
			osStorage: d.recipe.osStorage,
			bridge: d.service.bridge,
			memory: d.service.memory,
			cores: d.service.cores,
			diskGb: d.recipe.diskGb,
		};
		return [
			scriptDownloadStep(d, install.script),
			scriptVerifyStep(d, install.script),
			scriptRunStep(d, install.script, vars),
			stopStep(d),
			templateStep(d),
		];
	}
	return [
		osTemplateStep(d),
		createStep(d),
		startStep(d),
		waitNetworkStep(d),
		installStep(d, install.commands),
		stopStep(d),
		templateStep(d),
	];
}

/** Build the template job from one snapshot (pure; planTemplate reads it). */
export function buildTemplateJob(
	service: CatalogService,
	snapshot: Snapshot | null,
	env: PlanEnv,
	options: TemplateOptions = {},
	readError?: string,
): Job {
	const vmid = options.vmid ?? service.templateVmid;
	const wanted = options.node ?? service.node ?? connectedNode(snapshot) ?? 'localhost';
	const pre = templatePreflight(snapshot, service, vmid, wanted, readError);
	const {existing, finished} = pre;
	// A build an earlier run began goes on where its container lives.
	const guest: GuestRef = {vmid, node: existing?.node ?? wanted};
	const preflight = preflightStep(
		{
			title: `Check the recipe, node ${guest.node}, VMID ${vmid}${service.template ? `, storage ${service.template.storage}` : ''}`,
			note: 'reads one snapshot of the host (one batched command)',
		},
		pre.blockers,
		() => `${plural(pre.checks.filter((c) => c.ok).length, 'check')} passed`,
	);
	const steps: JobStep[] = [preflight];
	if (service.template && !finished) {
		const d: TemplateBuild = {
			service,
			recipe: service.template,
			vmid,
			guest,
			existing,
			installed: existing?.tags.includes(INSTALLED_TAG) ?? false,
			running: existing?.status === 'running',
			pollMs: env.pollMs ?? 1000,
			show: (c) => showCommand(env, c),
		};
		steps.push(...buildSteps(d));
	}
	const plan: Plan = {
		action: 'template',
		target: `${service.name} (${vmid})`,
		vmid,
		node: guest.node,
		steps: steps.map((s) => s.plan),
		checks: pre.checks,
		blockers: pre.blockers,
		nothingToDo: pre.blockers.length === 0 && finished,
		dangerous: false,
	};
	return {
		id: newJobId('template'),
		plan,
		steps,
		successSummary: (r) =>
			r.result === 'nothing-to-do'
				? `${service.name}: template ${vmid} already exists on ${guest.node}; nothing changed`
				: `${service.name}: template ${vmid} made on ${guest.node}${service.template ? ` (${service.template.storage})` : ''}`,
		async onFailure(ctx, failure, rollback) {
			// Preflight changed nothing, and a VMID someone else holds is never touched.
			if (failure.step === 'preflight' || failure.kind === 'already-exists') return {leftovers: [], rolledBack: []};
			return guestLeftovers(
				ctx,
				guest,
				`CT ${vmid} (the half-made ${service.name} template)`,
				rollback,
				`proxdeck template create ${service.name}${options.vmid ? ` --vmid ${vmid}` : ''}`,
			);
		},
	};
}

/** Read the host once and build the template job (the plan is what --dry-run prints). */
export async function planTemplate(
	env: OpsEnv,
	service: CatalogService,
	options: TemplateOptions = {},
	signal?: AbortSignal,
): Promise<Job> {
	const read = await readSnapshot(env, signal);
	return buildTemplateJob(service, read.snapshot, env, options, read.error);
}
