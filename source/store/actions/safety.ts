/**
 * The safety net's keys: a guest's snapshots and backups views (from the guests pane or the
 * guest detail), the tasks view and a task's log, and the actions in them. Each change opens a
 * confirm dialog (or a form first) built from what is on screen: the rollback dialog names the
 * guest and the snapshot, the restore over a guest asks for its VMID.
 */
import type {ActionId} from '../../../keymaps/registry.js';
import type {BackupVolume, GuestSnapshot, TaskEntry} from '../../model/safety.js';
import type {Guest} from '../../model/snapshot.js';
import {buildProtectJob} from '../../ops/backup.js';
import {buildRollbackJob, buildSnapshotDeleteJob} from '../../ops/snapshot.js';
import {backupRows, snapshotRows} from '../../report/safety-rows.js';
import type {AppState} from '../types.js';
import {guestLabel, pushModal, selectedGuest, type ActionContext, type Handler} from './context.js';
import {confirmDialog} from './dialogs.js';
import {openBackupForm, openRestoreForm, openSnapshotForm} from './safety-forms.js';

/** The guest whose snapshots or backups view is on top. */
export function viewGuest(state: AppState): Guest | undefined {
	const top = state.modals.at(-1);
	const vmid = top?.kind === 'snapshots' || top?.kind === 'backups' || top?.kind === 'detail' ? top.vmid : null;
	return vmid === null ? undefined : state.snapshot?.guests.find((g) => g.vmid === vmid);
}

/** The snapshot tree's rows of the guest (as the view draws them). */
export function guestSnapshotRows(state: AppState, vmid: number): ReturnType<typeof snapshotRows> {
	return snapshotRows(state.safety.snapshots[vmid]?.list ?? []);
}

export function selectedSnapshot(state: AppState): GuestSnapshot | undefined {
	const guest = viewGuest(state);
	return guest ? guestSnapshotRows(state, guest.vmid)[state.cursors.snapshots]?.snapshot : undefined;
}

/** A guest's backups on every storage read, newest first (as the view draws them). */
export function guestBackups(state: AppState, vmid: number): BackupVolume[] {
	const pbs = new Set(state.snapshot?.storages.filter((s) => s.type === 'pbs').map((s) => s.storage) ?? []);
	return backupRows(state.safety.audit.data?.backups.filter((b) => b.vmid === vmid) ?? [], pbs).map((r) => r.backup);
}

export function selectedBackup(state: AppState): BackupVolume | undefined {
	const guest = viewGuest(state);
	return guest ? guestBackups(state, guest.vmid)[state.cursors.backups] : undefined;
}

/** The tasks the view lists (only running ones when asked). */
export function visibleTasks(state: AppState): readonly TaskEntry[] {
	const {list, runningOnly} = state.safety.tasks;
	return runningOnly ? list.filter((t) => t.state === 'running') : list;
}

export function openSnapshots(ctx: ActionContext, guest: Guest | undefined): void {
	if (!guest) return;
	pushModal(ctx, {kind: 'snapshots', vmid: guest.vmid}, 'snapshots');
	ctx.runtime.connection.safety.loadSnapshots(guest);
}

export function openBackups(ctx: ActionContext, guest: Guest | undefined): void {
	if (!guest) return;
	pushModal(ctx, {kind: 'backups', vmid: guest.vmid}, 'backups');
	// The audit's read lists every backup; an old one is read again.
	const {audit} = ctx.get().safety;
	if (audit.status !== 'loading' && (audit.at === null || Date.now() - audit.at > 60_000))
		ctx.runtime.connection.safety.auditNow();
}

const noGuest = (state: AppState): string | null =>
	state.snapshot
		? selectedGuest(state)
			? null
			: 'select a guest first'
		: 'no data yet: waiting for the first refresh';

/** Why a snapshot in the view cannot be rolled back to or deleted now. */
function snapshotRefusal(state: AppState): string | null {
	const guest = viewGuest(state);
	const entry = guest ? state.safety.snapshots[guest.vmid] : undefined;
	if (!guest || !entry || entry.status === 'loading') return 'the snapshots are being read';
	const selected = selectedSnapshot(state);
	if (!selected) return 'this guest has no snapshots';
	if (selected.current) return '"current" is where the guest is now, not a snapshot: select one above it';
	return null;
}

function confirmSnapshot(ctx: ActionContext, kind: 'rollback' | 'delete'): void {
	const state = ctx.get();
	const guest = viewGuest(state);
	const chosen = selectedSnapshot(state);
	if (!guest || !chosen || chosen.current) return;
	const list = state.safety.snapshots[guest.vmid]?.list;
	const env = {nodes: ctx.runtime.connection.nodes};
	if (kind === 'rollback') {
		const job = buildRollbackJob({vmid: guest.vmid, name: chosen.name}, state.snapshot, env, list);
		const restart =
			guest.status === 'running' && !(guest.type === 'qemu' && chosen.vmstate)
				? ` (it is stopped and started again)`
				: '';
		pushModal(
			ctx,
			confirmDialog(
				state,
				'snapshots.rollback',
				`Roll ${guestLabel(guest)} back to snapshot ${chosen.name}${restart}?`,
				'Roll back',
				[job],
			),
			'confirm',
		);
	} else {
		const job = buildSnapshotDeleteJob({vmid: guest.vmid, name: chosen.name}, state.snapshot, env, list);
		pushModal(
			ctx,
			confirmDialog(state, 'snapshots.delete', `Delete snapshot ${chosen.name} of ${guestLabel(guest)}?`, 'Delete', [
				job,
			]),
			'confirm',
		);
	}
}

function backupRefusal(state: AppState): string | null {
	if (state.safety.audit.status === 'loading' && !state.safety.audit.data) return 'the backups are being read';
	return selectedBackup(state) ? null : 'this guest has no backups on the storages read';
}

function confirmProtect(ctx: ActionContext): void {
	const state = ctx.get();
	const backup = selectedBackup(state);
	if (!backup) return;
	const protect = !backup.protected;
	const job = buildProtectJob(
		{volid: backup.volid, protect},
		state.snapshot,
		{nodes: ctx.runtime.connection.nodes},
		backup,
	);
	pushModal(
		ctx,
		confirmDialog(
			state,
			'backups.protect',
			`${protect ? 'Protect' : 'Unprotect'} ${backup.volid}?`,
			protect ? 'Protect' : 'Unprotect',
			[job],
		),
		'confirm',
	);
}

export const SAFETY_HANDLERS = {
	'guests.snapshots': {run: (ctx) => openSnapshots(ctx, selectedGuest(ctx.get())), disabled: noGuest},
	'guests.backups': {run: (ctx) => openBackups(ctx, selectedGuest(ctx.get())), disabled: noGuest},
	'detail.snapshots': {run: (ctx) => openSnapshots(ctx, viewGuest(ctx.get()))},
	'detail.backups': {run: (ctx) => openBackups(ctx, viewGuest(ctx.get()))},
	'app.tasks': {run: (ctx) => pushModal(ctx, {kind: 'tasks'}, 'tasks')},
	'snapshots.create': {
		run: openSnapshotForm,
		disabled: (state) => (viewGuest(state)?.template ? 'a template takes no snapshots' : null),
	},
	'snapshots.rollback': {run: (ctx) => confirmSnapshot(ctx, 'rollback'), disabled: snapshotRefusal},
	'snapshots.delete': {run: (ctx) => confirmSnapshot(ctx, 'delete'), disabled: snapshotRefusal},
	'backups.create': {run: openBackupForm, disabled: (state) => (viewGuest(state) ? null : 'the guest is gone')},
	'backups.restore': {run: openRestoreForm, disabled: backupRefusal},
	'backups.protect': {run: confirmProtect, disabled: backupRefusal},
	'tasks.log': {
		run: (ctx) => {
			const state = ctx.get();
			const task = visibleTasks(state)[state.cursors.tasks];
			if (task) pushModal(ctx, {kind: 'tasklog', upid: task.upid, node: task.node}, 'tasklog');
		},
		disabled: (state) => (visibleTasks(state).length === 0 ? 'no task selected' : null),
	},
	'tasks.runningOnly': {
		run: (ctx) => {
			const state = ctx.get();
			ctx.set({
				safety: {...state.safety, tasks: {...state.safety.tasks, runningOnly: !state.safety.tasks.runningOnly}},
				cursors: {...state.cursors, tasks: 0},
			});
		},
	},
} satisfies Partial<Record<ActionId, Handler>>;
