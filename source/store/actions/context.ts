/**
 * What an action handler is and what it is given. A handler runs against the store and its
 * runtime (passed in, never looked up), and may say why it cannot run in a given state: that
 * reason is computed before the key is pressed, so the footer, `?` help and the palette show
 * it, and pressing the key shows it as a notice instead of running.
 */
import type {Guest, Snapshot} from '../../model/snapshot.js';
import {guestKey, selectGuestRows, selectedIndex, type GuestRow, type GuestRows} from '../guest-rows.js';
import type {RunnerEnv} from '../ops-runner.js';

type RunnerPlan = Parameters<NonNullable<RunnerEnv['afterJob']>>[0];
import type {AppState, AppStore, ListId, Modal, StoreRuntime} from '../types.js';

export interface ActionContext {
	store: AppStore;
	runtime: StoreRuntime;
	/** The state now (it moves on as the handler sets it). */
	get(): AppState;
	set(partial: Partial<AppState>): void;
}

export interface Handler {
	run(ctx: ActionContext): void;
	/** Why the action cannot run in this state (`select a template first`), or null when it can. */
	disabled?(state: AppState): string | null;
}

export function contextOf(store: AppStore): ActionContext {
	return {store, runtime: store.runtime, get: store.getState, set: store.setState};
}

export function notice(ctx: ActionContext, text: string): void {
	ctx.set({notice: text});
}

/** Open a view over the others; its list starts at the top. */
export function pushModal(ctx: ActionContext, modal: Modal, list?: ListId): void {
	const state = ctx.get();
	ctx.set({modals: [...state.modals, modal], ...(list ? {cursors: {...state.cursors, [list]: 0}} : {})});
}

/** Swap the top view for another (the clone form for its confirm dialog). */
export function replaceModal(ctx: ActionContext, modal: Modal, list?: ListId): void {
	const state = ctx.get();
	ctx.set({modals: [...state.modals.slice(0, -1), modal], ...(list ? {cursors: {...state.cursors, [list]: 0}} : {})});
}

export function popModal(ctx: ActionContext): void {
	ctx.set({modals: ctx.get().modals.slice(0, -1)});
}

export function selectedRow(state: AppState): GuestRow | undefined {
	const rows = selectGuestRows(state);
	return rows.rows[selectedIndex(rows, state.guests)];
}

/** The guest of the selected row (a container row's Docker host), if any. */
export function selectedGuest(state: AppState): Guest | undefined {
	const row = selectedRow(state);
	return row && row.kind !== 'group' ? row.guest : undefined;
}

export interface ActionTargets {
	guests: Guest[];
	/** Marked guests the filter hides (they are acted on too). */
	hidden: number;
}

function findTargets(state: AppState, rows: GuestRows): ActionTargets {
	const snapshot = state.snapshot;
	if (!snapshot) return {guests: [], hidden: 0};
	if (state.guests.marks.length === 0) {
		const guest = selectedGuest(state);
		return {guests: guest ? [guest] : [], hidden: 0};
	}
	const byVmid = new Map(snapshot.guests.map((g) => [g.vmid, g]));
	const guests = state.guests.marks.flatMap((vmid) => byVmid.get(vmid) ?? []);
	return {guests, hidden: guests.filter((g) => !rows.indexOf.has(guestKey(g.vmid))).length};
}

let targetsMemo: {rows: GuestRows; guests: AppState['guests']; result: ActionTargets} | null = null;

/**
 * The marked guests (and how many of them the filter hides), else the selected one. Several
 * actions' disabled reasons ask on every store change: the answer is kept until the rows or
 * the selection and marks change.
 */
export function actionTargets(state: AppState): ActionTargets {
	const rows = selectGuestRows(state);
	if (targetsMemo?.rows !== rows || targetsMemo.guests !== state.guests)
		targetsMemo = {rows, guests: state.guests, result: findTargets(state, rows)};
	return targetsMemo.result;
}

/** `immich (105)`: how a guest is named in titles and notices. */
export function guestLabel(guest: Guest): string {
	return `${guest.name} (${guest.vmid})`;
}

export function isCluster(snapshot: Snapshot | null): boolean {
	return (snapshot?.nodes.length ?? 0) > 1;
}

/**
 * What queued jobs run against: the connection of this moment, and its poller as the
 * collector, so a health check's read is the panes' refresh (the one in flight, or one
 * started now), never a second batch beside it.
 */
export function runnerEnv(ctx: ActionContext): RunnerEnv {
	const {connection} = ctx.runtime;
	const state = ctx.get();
	return {
		ops: {
			nodes: connection.nodes,
			collector: connection.poller,
			context: state.context,
			snapshotBeforeChange: state.safetySettings.snapshotBeforeChange,
		},
		catalog: state.catalog,
		refreshNow: () => connection.poller.refreshNow(),
		afterJob: (plan) => afterSafetyJob(ctx, plan),
	};
}

/** Jobs that made or changed snapshots or backups: their lists are read again. */
function afterSafetyJob(ctx: ActionContext, plan: RunnerPlan): void {
	const {connection} = ctx.runtime;
	const state = ctx.get();
	const guest = plan.vmid === undefined ? undefined : state.snapshot?.guests.find((g) => g.vmid === plan.vmid);
	if (guest && state.safety.snapshots[guest.vmid]) connection.safety.loadSnapshots(guest);
	if (['backup', 'restore', 'protect', 'unprotect'].includes(plan.action)) connection.safety.auditNow();
}
