/**
 * What an action handler is and what it is given. A handler runs against the store and its
 * runtime (passed in, never looked up), and may say why it cannot run in a given state: that
 * reason is computed before the key is pressed, so the footer, `?` help and the palette show
 * it, and pressing the key shows it as a notice instead of running.
 */
import type {Guest, Snapshot} from '../../model/snapshot.js';
import {keyOf, selectGuestRows, selectedIndex, type GuestRow, type GuestRows} from '../guest-rows.js';
import type {RunnerEnv} from '../ops-runner.js';

type RunnerPlan = Parameters<NonNullable<RunnerEnv['afterJob']>>[0];
import type {AppState, AppStore, Connection, FleetMemberView, ListId, Modal, StoreRuntime} from '../types.js';

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
	const byKey = new Map(snapshot.guests.map((g) => [keyOf(g), g]));
	const guests = state.guests.marks.flatMap((key) => byKey.get(key) ?? []);
	return {guests, hidden: guests.filter((g) => !rows.indexOf.has(keyOf(g))).length};
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

/** `immich (105)`, in a fleet `immich (lab/105)`: how a guest is named in titles and notices. */
export function guestLabel(guest: Guest): string {
	return `${guest.name} (${guest.context === undefined ? '' : `${guest.context}/`}${guest.vmid})`;
}

/** The detail view of this guest (in a fleet, of this guest on its own context). */
export function detailOf(guest: Guest): Modal {
	return guest.context === undefined
		? {kind: 'detail', vmid: guest.vmid}
		: {kind: 'detail', vmid: guest.vmid, context: guest.context};
}

/** The guest a detail view shows, found in the snapshot on screen. */
export function detailGuest(snapshot: Snapshot | null, modal: {vmid: number; context?: string}): Guest | undefined {
	return snapshot?.guests.find((g) => g.vmid === modal.vmid && g.context === modal.context);
}

export function isCluster(snapshot: Snapshot | null): boolean {
	return (snapshot?.nodes.length ?? 0) > 1;
}

/**
 * Where a guest's actions run: the console's connection and snapshot, or in a fleet the
 * guest's own context's (its connection, and its own snapshot, where its VMID is unique).
 */
export interface ActionScope {
	context: string;
	connection: Connection;
	snapshot: Snapshot | null;
}

export function scopeOf(ctx: Pick<ActionContext, 'runtime' | 'get'>, context: string | undefined): ActionScope {
	const member = context === undefined ? undefined : ctx.runtime.fleet?.members.get(context);
	if (member) return {context: member.opened.context, connection: member.connection, snapshot: member.snapshot};
	const state = ctx.get();
	return {context: state.context, connection: ctx.runtime.connection, snapshot: state.snapshot};
}

/**
 * In a fleet, the context a new guest goes to (deploy, clone): the selected guest's, else
 * the first context's. Undefined for one context.
 */
export function actingContext(state: AppState): string | undefined {
	if (!state.fleet) return undefined;
	return selectedGuest(state)?.context ?? state.fleet[0]?.name;
}

/**
 * Read-only mode as it applies to the action at hand: the console's, or in a fleet that of
 * every context the action would touch (the marked or selected guests', or where a new guest
 * goes): one read-only context among them refuses the action.
 */
export function modeOf(state: AppState): {readOnly: boolean; readOnlyWhy: string | null} {
	if (!state.fleet) return {readOnly: state.readOnly, readOnlyWhy: state.readOnlyWhy};
	const targets = actionTargets(state).guests.map((g) => g.context);
	return fleetMode(state.fleet, targets.length > 0 ? targets : [actingContext(state)]);
}

/** Read-only mode over these contexts of a fleet: refused when one of them is read-only. */
export function fleetMode(
	fleet: readonly FleetMemberView[],
	contexts: Iterable<string | undefined>,
): {readOnly: boolean; readOnlyWhy: string | null} {
	const touched = new Set(contexts);
	const refusing = fleet.find((m) => touched.has(m.name) && m.readOnly);
	if (!refusing) return {readOnly: false, readOnlyWhy: null};
	return {
		readOnly: true,
		readOnlyWhy: `context "${refusing.name}" is read-only${refusing.readOnlyWhy ? ` (${refusing.readOnlyWhy})` : ''}`,
	};
}

/**
 * What queued jobs run against: the connection of this moment (in a fleet, that of the given
 * context), and its poller as the collector, so a health check's read is the panes' refresh
 * (the one in flight, or one started now), never a second batch beside it.
 */
export function runnerEnv(ctx: ActionContext, context?: string): RunnerEnv {
	const scope = scopeOf(ctx, context);
	const {connection} = scope;
	return {
		ops: {
			nodes: connection.nodes,
			collector: connection.poller,
			context: scope.context,
			snapshotBeforeChange: ctx.get().safetySettings.snapshotBeforeChange,
		},
		catalog: ctx.get().catalog,
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
