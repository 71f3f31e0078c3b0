/**
 * The views an action on the host goes through: the confirm dialog (Cancel focused, the
 * targets and commands pinned when it opened, a typed VMID for destroy), the forms (clone
 * here; snapshot, backup and restore in safety-forms.ts) and the deploy catalog picker.
 * Confirming asks read-only mode once more, then queues the jobs.
 */
import type {ActionId} from '../../../keymaps/registry.js';
import {readOnlyReason} from '../../../keymaps/resolve.js';
import {assertHostname, assertStorage, assertVmid, validated} from '../../host/validate.js';
import {buildCloneJob} from '../../ops/clone.js';
import {buildDeployJob} from '../../ops/deploy.js';
import {maxInstances, serviceInstances} from '../../catalog/instances.js';
import type {Job} from '../../ops/job.js';
import type {ActionForm, AppState, ConfirmDialog, Modal} from '../types.js';
import {
	actingContext,
	fleetMode,
	isCluster,
	modeOf,
	notice,
	popModal,
	pushModal,
	replaceModal,
	runnerEnv,
	scopeOf,
	type ActionContext,
	type Handler,
} from './context.js';
import {submitSafetyForm} from './safety-forms.js';
import {isScaleForm, submitScaleForm} from './scale-forms.js';

/** A confirm dialog over jobs built now, from the snapshot on screen. */
export function confirmDialog(
	state: AppState,
	actionId: ActionId,
	title: string,
	verb: string,
	jobs: Job[],
	hidden = 0,
	/** In a fleet, the context each job runs on. */
	contexts?: readonly (string | undefined)[],
): Modal {
	const typed = jobs.find((j) => j.plan.typedConfirmation !== undefined)?.plan.typedConfirmation ?? null;
	const dialog: ConfirmDialog = {
		actionId,
		title,
		verb,
		hiddenByFilter: hidden,
		plans: jobs.map((j) => j.plan),
		jobs,
		typed,
		typedText: '',
		focus: 'cancel',
		context: state.context,
		...(state.fleet && contexts ? {jobContexts: contexts} : {}),
	};
	return {kind: 'confirm', dialog};
}

/** The jobs a dialog will run: those with something to do and nothing in the way. */
export function runnableJobs(d: ConfirmDialog): Job[] {
	return d.jobs.filter((j) => j.plan.blockers.length === 0 && !j.plan.nothingToDo);
}

/** Why the action button does nothing yet, or null when it runs. */
export function confirmBlocked(d: ConfirmDialog): string | null {
	if (runnableJobs(d).length === 0) {
		const blockers = d.plans.flatMap((p) => p.blockers);
		return blockers.length > 0 ? `cannot run: ${blockers.join('; ')}` : 'nothing to do: it is already so';
	}
	if (d.typed !== null && d.typedText !== d.typed) return `type ${d.typed} to confirm`;
	return null;
}

function topDialog(state: AppState): ConfirmDialog | null {
	const top = state.modals.at(-1);
	return top?.kind === 'confirm' ? top.dialog : null;
}

function activateConfirm(ctx: ActionContext): void {
	const state = ctx.get();
	const d = topDialog(state);
	if (!d) return;
	if (d.focus === 'cancel') {
		popModal(ctx);
		return notice(ctx, `${d.verb.toLowerCase()}: cancelled, nothing changed`);
	}
	const blocked = confirmBlocked(d);
	if (blocked) return notice(ctx, blocked);
	// The mode may have changed since the dialog opened (the targets were pinned then).
	const action = state.keyActions.find((a) => a.id === d.actionId);
	const refused = action ? readOnlyReason(action, dialogMode(state, d)) : null;
	popModal(ctx);
	// The form the dialog was opened from is done with too.
	if (ctx.get().modals.at(-1)?.kind === 'form') popModal(ctx);
	if (refused || d.context !== state.context)
		return notice(ctx, `${d.verb.toLowerCase()}: refused (${refused ?? `the context changed from ${d.context}`})`);
	// Each context's jobs go to its own connection (one context in the console: all of them).
	const runnable = new Set(runnableJobs(d));
	for (const context of new Set(d.jobContexts ?? [undefined])) {
		const jobs = d.jobs.filter((job, i) => runnable.has(job) && d.jobContexts?.[i] === context);
		ctx.runtime.runner.enqueue(jobs, runnerEnv(ctx, context));
	}
}

/** Read-only mode for a dialog's jobs: in a fleet, any of their contexts read-only refuses them. */
function dialogMode(state: AppState, d: ConfirmDialog): {readOnly: boolean; readOnlyWhy: string | null} {
	return state.fleet && d.jobContexts ? fleetMode(state.fleet, d.jobContexts) : modeOf(state);
}

/** Digits (and Backspace) typed into a dialog's confirmation field. */
export function typeConfirm(ctx: ActionContext, text: string): void {
	const d = topDialog(ctx.get());
	if (d && d.typed !== null) replaceModal(ctx, {kind: 'confirm', dialog: {...d, typedText: text.slice(0, 12)}});
}

export function updateForm(ctx: ActionContext, change: (form: ActionForm) => ActionForm): void {
	const top = ctx.get().modals.at(-1);
	if (top?.kind === 'form') replaceModal(ctx, {kind: 'form', form: change(top.form)});
}

/** The focused field's new text, as long as the longest value a field takes (a full DNS name). */
export function typeForm(ctx: ActionContext, text: string): void {
	updateForm(ctx, (form) => ({
		...form,
		error: null,
		fields: form.fields.map((f, i) => (i === form.focus ? {...f, value: text.slice(0, 253)} : f)),
	}));
}

/** Left/Right step a choice field through its choices. */
function cycleChoice(ctx: ActionContext, delta: number): void {
	updateForm(ctx, (form) => {
		const field = form.fields[form.focus];
		if (!field?.choices || field.choices.length === 0) return form;
		const at = field.choices.indexOf(field.value);
		const value = field.choices[(at + delta + field.choices.length) % field.choices.length]!;
		return {...form, error: null, fields: form.fields.map((f, i) => (i === form.focus ? {...f, value} : f))};
	});
}

function noChoices(state: AppState): string | null {
	const top = state.modals.at(-1);
	return top?.kind === 'form' && top.form.fields[top.form.focus]?.choices ? null : 'this field is typed, not chosen';
}

const moveFormFocus = (delta: number): Handler => ({
	run: (ctx) =>
		updateForm(ctx, (form) => ({...form, focus: (form.focus + delta + form.fields.length) % form.fields.length})),
});

/**
 * Check the form with the validators of the commands it becomes (host/validate.ts), so it
 * takes exactly what they take; a good one becomes the clone's confirm dialog.
 */
/** A form field's text, trimmed ('' when the form has no such field). */
export function fieldText(form: ActionForm, id: string): string {
	return form.fields.find((f) => f.id === id)?.value.trim() ?? '';
}

/** Show what is wrong under the form; nothing is run. */
export function formError(ctx: ActionContext, error: string): void {
	updateForm(ctx, (form) => ({...form, error}));
}

function submitCloneForm(ctx: ActionContext, form: ActionForm, templateVmid: number): void {
	const state = ctx.get();
	const text = (id: string): string => fieldText(form, id);
	const fail = (error: string): void => formError(ctx, error);
	const vmid = validated(() => assertVmid(text('vmid')));
	if (!vmid.ok) return fail(`New VMID: ${vmid.error.expected}`);
	const hostname = validated(() => assertHostname(text('hostname')));
	if (!hostname.ok) return fail(`Hostname: ${hostname.error.expected}`);
	const storage = validated(() => assertStorage(text('storage')));
	if (!storage.ok) return fail(`Storage: ${storage.error.expected}`);
	const node = text('node');
	const scope = scopeOf(ctx, form.context);
	const nodes = scope.snapshot?.nodes.map((n) => n.name) ?? [];
	if (node && !nodes.includes(node)) return fail(`Node: one of ${nodes.join(', ')}`);
	let job: Job;
	try {
		job = buildCloneJob(
			{
				templateVmid,
				vmid: vmid.value,
				hostname: hostname.value,
				storage: storage.value,
				...(node ? {node} : {}),
			},
			scope.snapshot,
			{nodes: scope.connection.nodes},
		);
	} catch (error) {
		return fail(error instanceof Error ? error.message : String(error));
	}
	const where = `${form.context === undefined ? '' : ` on ${form.context}`}${node && isCluster(scope.snapshot) ? ` on ${node}` : ''}`;
	// Over the form, not instead of it: Esc in the dialog goes back to the form as it was filled.
	pushModal(
		ctx,
		confirmDialog(
			state,
			'guests.clone',
			`Clone template ${templateVmid} to ${vmid.value} (${hostname.value})${where}?`,
			'Clone',
			[job],
			0,
			[form.context],
		),
		'confirm',
	);
}

/** The deploy of one catalog service (and its replicas) as a confirm dialog (from the picker or `:deploy`). */
export function openDeploy(
	ctx: ActionContext,
	name: string,
	node: string | null,
	replace: boolean,
	instances = 1,
): void {
	const state = ctx.get();
	const {services} = state.catalog;
	const service = services.find((s) => s.name === name);
	if (!service)
		return notice(ctx, `deploy: no service "${name}" in the catalog (${services.map((s) => s.name).join(', ')})`);
	// In a fleet the service goes to the selected guest's context (the first one when none is).
	const context = actingContext(state);
	const scope = scopeOf(ctx, context);
	const jobs = serviceInstances(service, Math.min(instances, maxInstances(service))).map((instance) =>
		buildDeployJob(
			instance,
			scope.snapshot,
			{nodes: scope.connection.nodes, snapshotBeforeChange: state.safetySettings.snapshotBeforeChange},
			node ? {node} : {},
		),
	);
	const where = [context, node].filter((w) => w).join('/');
	const what =
		jobs.length > 1
			? `${jobs.length} instances of ${service.name} (${jobs.map((j) => j.plan.vmid).join(', ')})`
			: `${service.name} (${service.vmid})`;
	const modal = confirmDialog(
		state,
		'guests.deploy',
		`Deploy ${what}${where ? ` on ${where}` : ''}?`,
		'Deploy',
		jobs,
		0,
		jobs.map(() => context),
	);
	if (replace) replaceModal(ctx, modal, 'confirm');
	else pushModal(ctx, modal, 'confirm');
}

/** The deploy's target nodes in turn: the template's own node (null), then each online node. */
function nextCatalogNode(ctx: ActionContext): void {
	const state = ctx.get();
	const top = state.modals.at(-1);
	if (top?.kind !== 'catalog') return;
	const nodes = onlineNodes(state);
	const at = top.node === null ? -1 : nodes.indexOf(top.node);
	replaceModal(ctx, {...top, node: at + 1 < nodes.length ? nodes[at + 1]! : null});
}

/** The online nodes a deploy can go to (in a fleet, those of the context it goes to). */
const onlineNodes = (state: AppState): string[] => {
	const context = actingContext(state);
	return state.snapshot?.nodes.filter((n) => n.online && n.context === context).map((n) => n.name) ?? [];
};

export const DIALOG_HANDLERS = {
	'confirm.toggle': {
		run: (ctx) => {
			const d = topDialog(ctx.get());
			if (d) replaceModal(ctx, {kind: 'confirm', dialog: {...d, focus: d.focus === 'cancel' ? 'ok' : 'cancel'}});
		},
	},
	'confirm.activate': {run: activateConfirm},
	'catalog.choose': {
		run: (ctx) => {
			const state = ctx.get();
			const top = state.modals.at(-1);
			const service = state.catalog.services[state.cursors.catalog];
			if (top?.kind === 'catalog' && service) openDeploy(ctx, service.name, top.node, true, top.instances);
		},
	},
	'catalog.instances': {
		run: (ctx) => {
			const state = ctx.get();
			const top = state.modals.at(-1);
			const service = state.catalog.services[state.cursors.catalog];
			if (top?.kind !== 'catalog' || !service) return;
			const next = (top.instances ?? 1) + 1;
			replaceModal(ctx, {...top, instances: next > maxInstances(service) ? 1 : next});
		},
	},
	'catalog.node': {
		run: nextCatalogNode,
		disabled: (state) => (onlineNodes(state).length < 2 ? 'one node only, nothing to choose' : null),
	},
	'form.next': moveFormFocus(1),
	'form.prev': moveFormFocus(-1),
	'form.submit': {
		run: (ctx) => {
			const top = ctx.get().modals.at(-1);
			if (top?.kind !== 'form') return;
			const {purpose} = top.form;
			if (purpose.kind === 'clone') submitCloneForm(ctx, top.form, purpose.templateVmid);
			else if (isScaleForm(top.form)) submitScaleForm(ctx, top.form);
			else submitSafetyForm(ctx, top.form);
		},
	},
	'form.choiceNext': {run: (ctx) => cycleChoice(ctx, 1), disabled: noChoices},
	'form.choicePrev': {run: (ctx) => cycleChoice(ctx, -1), disabled: noChoices},
	'form.cancel': {run: popModal},
} satisfies Partial<Record<ActionId, Handler>>;
