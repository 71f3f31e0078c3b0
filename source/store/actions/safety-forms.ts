/**
 * The forms in front of the safety net's changes: a snapshot (name, description, the RAM of a
 * running VM), a backup (storage, mode, notes) and a restore (the VMID it becomes, the
 * storage, whether to start it). Each is checked with the rules of the commands it becomes
 * (host/validate.ts) and turns into the confirm dialog of its job.
 */
import {assertOneLine, assertSnapshotName, assertStorage, assertVmid, validated} from '../../host/validate.js';
import {changeSnapshotName} from '../../ops/change-snapshot.js';
import {backupStorages, buildBackupJob, buildRestoreJob, defaultBackupStorage} from '../../ops/backup.js';
import {jobsFor} from '../../ops/backup-audit.js';
import {BACKUP_MODES, type BackupMode} from '../../ops/safety-commands.js';
import {buildSnapshotCreateJob} from '../../ops/snapshot.js';
import type {ActionForm, FormField} from '../types.js';
import {guestLabel, pushModal, replaceModal, type ActionContext} from './context.js';
import {confirmDialog, fieldText, formError} from './dialogs.js';
import {nextFreeVmid} from './guest-ops.js';
import {selectedBackup, viewGuest} from './safety.js';

const YES_NO = ['no', 'yes'] as const;

function openForm(ctx: ActionContext, form: Omit<ActionForm, 'focus' | 'error'>): void {
	pushModal(ctx, {kind: 'form', form: {...form, focus: 0, error: null}});
}

export function openSnapshotForm(ctx: ActionContext): void {
	const guest = viewGuest(ctx.get());
	if (!guest) return;
	// A name Proxmox takes, unique to the second: `manual_20261123140509`.
	const fields: FormField[] = [
		{
			id: 'name',
			label: 'Name',
			value: changeSnapshotName('manual', Date.now()).replace(/^pd_/, ''),
			hint: 'a letter, then letters, digits, - or _',
		},
		{id: 'description', label: 'Description', value: ''},
	];
	if (guest.type === 'qemu' && guest.status === 'running')
		fields.push({
			id: 'vmstate',
			label: 'With RAM',
			value: 'no',
			choices: YES_NO,
			hint: 'the VM resumes where it was on rollback',
		});
	openForm(ctx, {purpose: {kind: 'snapshot', vmid: guest.vmid}, fields});
}

export function openBackupForm(ctx: ActionContext): void {
	const state = ctx.get();
	const guest = viewGuest(state);
	if (!guest || !state.snapshot) return;
	const jobs = state.safety.audit.data?.jobs;
	const jobStorage = jobs
		? jobsFor(
				guest,
				jobs.filter((j) => j.enabled),
			)[0]?.storage
		: null;
	const storages = backupStorages(state.snapshot, guest.node).map((s) => s.storage);
	const fields: FormField[] = [
		{
			id: 'storage',
			label: 'Storage',
			value: defaultBackupStorage(state.snapshot, guest, jobStorage) ?? storages[0] ?? '',
			choices: storages,
		},
		{id: 'mode', label: 'Mode', value: 'snapshot', choices: BACKUP_MODES, hint: 'stop shuts the guest down for it'},
		{id: 'notes', label: 'Notes', value: ''},
	];
	openForm(ctx, {purpose: {kind: 'backup', vmid: guest.vmid}, fields});
}

export function openRestoreForm(ctx: ActionContext): void {
	const state = ctx.get();
	const backup = selectedBackup(state);
	const guest = viewGuest(state);
	if (!backup || !guest || !state.snapshot) return;
	const content = backup.subtype === 'qemu' ? 'images' : 'rootdir';
	const storages = state.snapshot.storages
		.filter((s) => s.node === guest.node && s.content.includes(content))
		.map((s) => s.storage);
	const own = guest.mounts.find((m) => m.source.includes(':'))?.source.split(':')[0];
	const fields: FormField[] = [
		{
			id: 'vmid',
			label: 'Into VMID',
			value: String(nextFreeVmid(state.snapshot)),
			hint: `a free VMID makes a copy; ${guest.vmid} replaces the guest`,
		},
		{
			id: 'storage',
			label: 'Storage',
			value: own && storages.includes(own) ? own : (storages[0] ?? ''),
			choices: storages,
		},
		{id: 'start', label: 'Start it', value: 'no', choices: YES_NO},
	];
	openForm(ctx, {purpose: {kind: 'restore', volid: backup.volid}, fields});
}

/** Check the form; a good one becomes its job's confirm dialog. */
export function submitSafetyForm(ctx: ActionContext, form: ActionForm): void {
	const state = ctx.get();
	const {purpose} = form;
	const text = (id: string): string => fieldText(form, id);
	const env = {nodes: ctx.runtime.connection.nodes};
	const fail = (error: string): void => formError(ctx, error);
	try {
		if (purpose.kind === 'snapshot') {
			const name = validated(() => assertSnapshotName(text('name')));
			if (!name.ok) return fail(`Name: ${name.error.expected}`);
			const description = validated(() => assertOneLine(text('description'), 'description'));
			if (!description.ok) return fail(`Description: ${description.error.expected}`);
			const guest = state.snapshot?.guests.find((g) => g.vmid === purpose.vmid);
			const job = buildSnapshotCreateJob(
				{
					vmid: purpose.vmid,
					name: name.value,
					...(description.value ? {description: description.value} : {}),
					...(text('vmstate') === 'yes' ? {vmstate: true} : {}),
				},
				state.snapshot,
				env,
				state.safety.snapshots[purpose.vmid]?.list,
			);
			return replaceModal(
				ctx,
				confirmDialog(
					state,
					'snapshots.create',
					`Snapshot ${guest ? guestLabel(guest) : purpose.vmid} as ${name.value}?`,
					'Snapshot',
					[job],
				),
				'confirm',
			);
		}
		if (purpose.kind === 'backup') {
			const storage = validated(() => assertStorage(text('storage')));
			if (!storage.ok) return fail(`Storage: ${storage.error.expected}`);
			const notes = validated(() => assertOneLine(text('notes'), 'notes'));
			if (!notes.ok) return fail(`Notes: ${notes.error.expected}`);
			const job = buildBackupJob(
				{
					vmid: purpose.vmid,
					storage: storage.value,
					mode: text('mode') as BackupMode,
					...(notes.value ? {notes: notes.value} : {}),
				},
				state.snapshot,
				env,
			);
			return replaceModal(
				ctx,
				confirmDialog(state, 'backups.create', `Back up ${job.plan.target} to ${storage.value}?`, 'Back up', [job]),
				'confirm',
			);
		}
		if (purpose.kind === 'restore') {
			const vmid = validated(() => assertVmid(text('vmid')));
			if (!vmid.ok) return fail(`Into VMID: ${vmid.error.expected}`);
			const storage = validated(() => assertStorage(text('storage')));
			if (!storage.ok) return fail(`Storage: ${storage.error.expected}`);
			const known = state.safety.audit.data?.backups.find((b) => b.volid === purpose.volid);
			const job = buildRestoreJob(
				{
					volid: purpose.volid,
					vmid: vmid.value,
					storage: storage.value,
					...(text('start') === 'yes' ? {start: true} : {}),
				},
				state.snapshot,
				env,
				known,
			);
			const over = job.plan.typedConfirmation !== undefined;
			return replaceModal(
				ctx,
				confirmDialog(
					state,
					'backups.restore',
					over
						? `Restore over ${job.plan.target.split(' to ')[1]}? Type ${vmid.value} to confirm`
						: `Restore ${purpose.volid} as guest ${vmid.value}?`,
					'Restore',
					[job],
				),
				'confirm',
			);
		}
	} catch (error) {
		return fail(error instanceof Error ? error.message : String(error));
	}
}
