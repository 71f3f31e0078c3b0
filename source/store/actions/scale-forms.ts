/**
 * Vertical scaling from the guests pane: `e` opens a form with the container's memory, cores
 * and swap filled in, `E` one with its disks and a growth of +1G. Enter checks the values with
 * the CLI's rules and shows the plan (preflight numbers, what applies live, the snapshot
 * first) in the confirm dialog; in a fleet the job runs on the guest's own context.
 */
import type {ActionId} from '../../../keymaps/registry.js';
import {assertDiskSize, validated} from '../../host/validate.js';
import type {Guest} from '../../model/snapshot.js';
import {buildResizeJob, buildSetJob} from '../../ops/scale.js';
import type {ActionForm, AppState, FormField} from '../types.js';
import {guestLabel, pushModal, scopeOf, selectedGuest, type ActionContext, type Handler} from './context.js';
import {confirmDialog, fieldText, formError} from './dialogs.js';

const MIB = 1024 * 1024;

/** Why the selected guest cannot be scaled from here, or null. */
function scaleRefusal(state: AppState): string | null {
	if (!state.snapshot) return 'no data yet: waiting for the first refresh';
	if (state.guests.marks.length > 0) return 'one guest at a time: clear the marks (Esc) and select it';
	const guest = selectedGuest(state);
	if (!guest) return 'select a guest first';
	if (guest.type !== 'lxc') return `${guestLabel(guest)} is a VM; proxdeck scales containers (pct)`;
	if (guest.template) return `${guestLabel(guest)} is a template: scale the guests cloned from it`;
	if (guest.lock) return `${guestLabel(guest)} is locked (${guest.lock})`;
	return null;
}

function openForm(ctx: ActionContext, guest: Guest, purpose: ActionForm['purpose'], fields: FormField[]): void {
	const on = guest.context === undefined ? {} : {context: guest.context};
	pushModal(ctx, {kind: 'form', form: {purpose, ...on, fields, focus: 0, error: null}});
}

function openResources(ctx: ActionContext): void {
	const guest = selectedGuest(ctx.get());
	if (!guest) return;
	openForm(ctx, guest, {kind: 'resources', vmid: guest.vmid}, [
		{
			id: 'memory',
			label: 'Memory MiB',
			value: guest.maxmem === null ? '' : String(Math.round(guest.maxmem / MIB)),
			hint: 'at least 16',
		},
		{
			id: 'cores',
			label: 'Cores',
			value: guest.maxcpu === null ? '' : String(guest.maxcpu),
			hint: 'at most the node has',
		},
		{id: 'swap', label: 'Swap MiB', value: guest.swap === undefined ? '' : String(guest.swap), hint: 'empty: leave it'},
	]);
}

/** The guest's disks that have a volume (a bind mount has nothing to grow). */
function growableDisks(guest: Guest): string[] {
	const disks = guest.mounts.filter((m) => m.key === 'rootfs' || !m.source.startsWith('/')).map((m) => m.key);
	return disks.length > 0 ? disks : ['rootfs'];
}

function openResize(ctx: ActionContext): void {
	const guest = selectedGuest(ctx.get());
	if (!guest) return;
	openForm(ctx, guest, {kind: 'resize', vmid: guest.vmid}, [
		{id: 'disk', label: 'Disk', value: 'rootfs', choices: growableDisks(guest)},
		{id: 'size', label: 'Grow by', value: '+1G', hint: '+N with K, M, G or T; or the new total (32G)'},
	]);
}

/** A whole number from a field ('' when left empty: unchanged). */
function wholeField(form: ActionForm, id: string): number | null | undefined {
	const text = fieldText(form, id);
	if (text === '') return undefined;
	return /^\d+$/.test(text) ? Number(text) : null;
}

/** Check a scaling form; a good one becomes its job's confirm dialog, over the form. */
export function submitScaleForm(ctx: ActionContext, form: ActionForm): void {
	const state = ctx.get();
	const {purpose} = form;
	if (purpose.kind !== 'resources' && purpose.kind !== 'resize') return;
	const scope = scopeOf(ctx, form.context);
	const env = {nodes: scope.connection.nodes, snapshotBeforeChange: state.safetySettings.snapshotBeforeChange};
	const guest = scope.snapshot?.guests.find((g) => g.vmid === purpose.vmid);
	const label = guest ? guestLabel(guest) : String(purpose.vmid);
	const fail = (error: string): void => formError(ctx, error);
	try {
		if (purpose.kind === 'resources') {
			const memory = wholeField(form, 'memory');
			const cores = wholeField(form, 'cores');
			const swap = wholeField(form, 'swap');
			if (memory === null || (memory !== undefined && memory < 16))
				return fail('Memory MiB: a whole number of at least 16 (4096 for 4 GiB)');
			if (cores === null || cores === 0) return fail('Cores: a whole number from 1');
			if (swap === null) return fail('Swap MiB: a whole number from 0, or empty to leave it');
			const job = buildSetJob(
				{
					vmid: purpose.vmid,
					...(memory !== undefined ? {memory} : {}),
					...(cores !== undefined ? {cores} : {}),
					...(swap !== undefined ? {swap} : {}),
				},
				scope.snapshot,
				env,
			);
			return pushConfirm(ctx, 'guests.resources', `Change the resources of ${label}?`, 'Apply', job, form);
		}
		const size = validated(() => assertDiskSize(fieldText(form, 'size')));
		if (!size.ok) return fail(`Grow by: ${size.error.expected}`);
		const disk = fieldText(form, 'disk');
		const job = buildResizeJob({vmid: purpose.vmid, disk, size: size.value}, scope.snapshot, env);
		return pushConfirm(ctx, 'guests.resize', `Grow ${disk} of ${label} (${size.value})?`, 'Grow', job, form);
	} catch (error) {
		return fail(error instanceof Error ? error.message : String(error));
	}
}

function pushConfirm(
	ctx: ActionContext,
	id: ActionId,
	title: string,
	verb: string,
	job: ReturnType<typeof buildSetJob>,
	form: ActionForm,
): void {
	// Over the form, not instead of it: Esc in the dialog goes back to the form as it was filled.
	pushModal(ctx, confirmDialog(ctx.get(), id, title, verb, [job], 0, [form.context]), 'confirm');
}

export const SCALE_HANDLERS = {
	'guests.resources': {run: openResources, disabled: scaleRefusal},
	'guests.resize': {run: openResize, disabled: scaleRefusal},
} satisfies Partial<Record<ActionId, Handler>>;

/** The forms this module checks (the form dispatcher hands them here). */
export const isScaleForm = (form: ActionForm): boolean =>
	form.purpose.kind === 'resources' || form.purpose.kind === 'resize';
