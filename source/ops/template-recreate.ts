/**
 * Re-create a catalog template (after it went bad) without a moment where a good one is
 * missing: the new one is built beside the old under a spare VMID (9NN + 9000), and only then
 * swapped in: the old destroyed, the new cloned back to 9NN and made a template there, the
 * spare removed. Proxmox cannot renumber a container; a full clone back is its supported way
 * to the catalog's VMID. Full clones of the old template never depended on it; a linked clone
 * would, and Proxmox refuses to destroy a template one is based on, so the swap stops there
 * with both templates kept. Each step is skipped when the snapshot shows it done, so running
 * it again after a dropped link goes on with the swap.
 */
import type {CatalogService} from '../catalog/types.js';
import type {Snapshot} from '../model/snapshot.js';
import type {Job, JobStep, OpsEnv, PlanEnv} from './job.js';
import {newJobId} from './job.js';
import {pctClone, pctDestroy, pctTemplate} from './pct-commands.js';
import {preflightStep} from './preflight.js';
import {guestRef, readSnapshot, showCommand} from './shared.js';
import {buildTemplateJob} from './template-create.js';

/** Where the new template is built while the old one still serves. */
export const spareVmid = (service: CatalogService): number => service.templateVmid + 9000;

export function buildRecreateJob(
	service: CatalogService,
	snapshot: Snapshot | null,
	env: PlanEnv,
	readError?: string,
): Job {
	const vmid = service.templateVmid;
	const spare = spareVmid(service);
	const old = snapshot?.guests.find((g) => g.vmid === vmid);
	const made = snapshot?.guests.find((g) => g.vmid === spare);
	const spareDone = made?.template === true;
	// The clone back ran (9NN exists, not yet a template) while the spare is a finished template.
	const clonedBack = old !== undefined && !old.template && spareDone;
	const build = buildTemplateJob(service, snapshot, env, {vmid: spare}, readError);
	const blockers = [...build.plan.blockers];
	if (!old && !spareDone)
		blockers.push(`no template ${vmid} to re-create: make it with \`proxdeck template create ${service.name}\``);
	if (old && !old.template && !clonedBack)
		blockers.push(`guest ${vmid} is not a template (${old.name}, ${old.status}): nothing to re-create`);
	const node = made?.node ?? build.plan.node ?? old?.node ?? 'localhost';
	const spareRef = {vmid: spare, node};
	const target = {vmid, node};
	const storage = service.template?.storage ?? 'local-hdd';
	const show = (c: Parameters<typeof showCommand>[1]): string => showCommand(env, c);
	const destroyOld = pctDestroy(old ? guestRef(snapshot, vmid) : target);
	const cloneBack = pctClone(spareRef, vmid, {hostname: service.hostname, storage});
	const convert = pctTemplate(target);
	const removeSpare = pctDestroy(spareRef);
	const swap: JobStep[] = [
		{
			plan: {
				name: 'replace-old',
				title: `Destroy the old template ${vmid} (the new one is ready as ${spare})`,
				commands: [show(destroyOld)],
				note: 'Proxmox refuses while a linked clone is based on it: both templates are then kept',
				...(!old || clonedBack ? {skip: `template ${vmid} is already gone`} : {}),
			},
			changes: true,
			run: async (ctx) => {
				await ctx.run(destroyOld);
			},
		},
		{
			plan: {
				name: 'clone-back',
				title: `Clone ${spare} back to ${vmid} on ${storage}`,
				commands: [show(cloneBack)],
				...(clonedBack ? {skip: `${vmid} is already cloned from ${spare}`} : {}),
			},
			changes: true,
			run: async (ctx) => {
				await ctx.run(cloneBack);
			},
		},
		{
			plan: {name: 'retemplate', title: `Make ${vmid} a template`, commands: [show(convert)]},
			changes: true,
			run: async (ctx) => {
				await ctx.run(convert);
			},
		},
		{
			plan: {name: 'remove-spare', title: `Destroy the spare ${spare}`, commands: [show(removeSpare)]},
			changes: true,
			run: async (ctx) => {
				await ctx.run(removeSpare);
				return `template ${vmid} re-created`;
			},
		},
	];
	// The build's steps without its own last word: preflight first, then the build, then the swap.
	const steps = [...build.steps, ...swap];
	return {
		id: newJobId('template'),
		plan: {
			...build.plan,
			action: 'recreate',
			target: `${service.name} (${vmid})`,
			vmid,
			node,
			steps: steps.map((s) => s.plan),
			blockers,
			nothingToDo: false,
		},
		steps: [
			preflightStep(
				{title: build.plan.steps[0]!.title, note: 'reads one snapshot of the host (one batched command)'},
				blockers,
			),
			...steps.slice(1),
		],
		successSummary: () => `${service.name}: template ${vmid} re-created on ${node} (built as ${spare}, swapped in)`,
		async onFailure(ctx, failure, rollback) {
			// A failed build is the build's to clean up (a half-made spare; --rollback removes it).
			if (!swap.some((step) => step.plan.name === failure.step))
				return build.onFailure ? build.onFailure(ctx, failure, rollback) : {leftovers: [], rolledBack: []};
			return {
				leftovers: [
					`the new template is kept as ${spare} until the swap finishes; run \`proxdeck template create ${service.name} --recreate\` again to go on`,
				],
				rolledBack: [],
			};
		},
	};
}

export async function planRecreate(env: OpsEnv, service: CatalogService, signal?: AbortSignal): Promise<Job> {
	const read = await readSnapshot(env, signal);
	return buildRecreateJob(service, read.snapshot, env, read.error);
}
