/**
 * The guests pane's actions that change the host: each builds its jobs from the snapshot on
 * screen when the dialog opens (so the targets are pinned and the commands shown are the ones
 * that run), opens a confirm dialog with Cancel focused, and on confirmation hands the jobs
 * to the runner. Clone goes through a form first, deploy through the catalog picker. Health
 * and shell need no dialog: health only reads, and a shell is the user's own session.
 */
import type {Catalog} from '../catalog/types.js';
import type {Guest, Snapshot} from '../model/snapshot.js';
import type {Job} from '../ops/job.js';
import {buildCloneJob} from '../ops/clone.js';
import {buildDeployJob} from '../ops/deploy.js';
import {buildLifecycleJob, type LifecycleAction} from '../ops/lifecycle.js';
import {renderCommand} from '../ops/pct-commands.js';
import {disabledReasonFor} from '../../keymaps/resolve.js';
import {selectGuestRows, selectedIndex} from './guest-rows.js';
import type {OpsRunner} from './ops-runner.js';
import type {AppState, CloneForm, CloneFormField, ConfirmDialog, Modal} from './types.js';

type Get = () => AppState;
type Set = (partial: Partial<AppState>) => void;

export interface OpsActionDeps {
	sudo(): boolean;
	catalog(): Catalog;
	runner: OpsRunner;
	/** The connection can hand a PTY to the user (ssh, local); the simulated homelab cannot. */
	canShell(): boolean;
}

/** The dangerous action a dialog runs as, so confirming asks the resolver again. */
const DIALOG_ACTION: Record<string, string> = {
	Start: 'guests.start', Stop: 'guests.stop', Reboot: 'guests.reboot', Destroy: 'guests.destroy', Clone: 'guests.clone', Deploy: 'guests.deploy',
};

const notice = (set: Set, text: string): void => set({notice: text});

function push(get: Get, set: Set, modal: Modal, cursor?: 'confirm' | 'catalog'): void {
	const state = get();
	set({modals: [...state.modals, modal], ...(cursor ? {cursors: {...state.cursors, [cursor]: 0}} : {})});
}

function replaceTop(get: Get, set: Set, modal: Modal, cursor?: 'confirm'): void {
	const state = get();
	set({modals: [...state.modals.slice(0, -1), modal], ...(cursor ? {cursors: {...state.cursors, [cursor]: 0}} : {})});
}

function selectedGuest(state: AppState): Guest | undefined {
	const rows = selectGuestRows(state);
	const row = rows.rows[selectedIndex(rows, state.guests)];
	return row && row.kind !== 'group' ? row.guest : undefined;
}

/** The marked guests (and how many of them the filter hides), else the selected one. */
export function actionTargets(state: AppState): {guests: Guest[]; hidden: number} {
	const snapshot = state.snapshot;
	if (!snapshot) return {guests: [], hidden: 0};
	if (state.guests.marks.length === 0) {
		const guest = selectedGuest(state);
		return {guests: guest ? [guest] : [], hidden: 0};
	}
	const visible = new Set(selectGuestRows(state).rows.flatMap((row) => (row.kind === 'guest' ? [row.guest.vmid] : [])));
	const guests = state.guests.marks.flatMap((vmid) => snapshot.guests.filter((g) => g.vmid === vmid));
	return {guests, hidden: guests.filter((g) => !visible.has(g.vmid)).length};
}

function label(guest: Guest): string {
	return `${guest.name} (${guest.vmid})`;
}

function isCluster(snapshot: Snapshot | null): boolean {
	return (snapshot?.nodes.length ?? 0) > 1;
}

function dialog(state: AppState, title: string, verb: string, jobs: Job[], hidden = 0): ConfirmDialog {
	const typed = jobs.find((j) => j.plan.typedConfirmation !== undefined)?.plan.typedConfirmation ?? null;
	return {title, verb, hiddenByFilter: hidden, plans: jobs.map((j) => j.plan), jobs, typed, typedText: '', focus: 'cancel', context: state.context};
}

const VERBS: Record<'start' | 'stop' | 'reboot' | 'destroy', string> = {start: 'Start', stop: 'Stop', reboot: 'Reboot', destroy: 'Destroy'};

export function openLifecycle(get: Get, set: Set, deps: OpsActionDeps, action: 'start' | 'stop' | 'reboot' | 'destroy'): void {
	const state = get();
	const {guests, hidden} = actionTargets(state);
	if (guests.length === 0) return notice(set, `${action}: select a guest first`);
	if (action === 'destroy' && guests.length > 1) return notice(set, 'destroy acts on one guest at a time: clear the marks (Esc) and select it');
	const jobs = guests.map((g) => buildLifecycleJob({action: action as LifecycleAction, vmid: g.vmid} as Parameters<typeof buildLifecycleJob>[0], state.snapshot, {sudo: deps.sudo()}));
	const verb = VERBS[action];
	const only = guests[0]!;
	const where = isCluster(state.snapshot) && guests.length === 1 ? ` on ${only.node}` : '';
	const title = guests.length === 1 ? `${verb} ${label(only)}${where}?` : `${verb} ${guests.length} marked guests?`;
	push(get, set, {kind: 'confirm', dialog: dialog(state, title, verb, jobs, hidden)}, 'confirm');
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

export function toggleConfirm(get: Get, set: Set): void {
	const top = get().modals.at(-1);
	if (top?.kind !== 'confirm') return;
	replaceTop(get, set, {kind: 'confirm', dialog: {...top.dialog, focus: top.dialog.focus === 'cancel' ? 'ok' : 'cancel'}});
}

export function activateConfirm(get: Get, set: Set, deps: OpsActionDeps): void {
	const state = get();
	const top = state.modals.at(-1);
	if (top?.kind !== 'confirm') return;
	const d = top.dialog;
	const close = (): void => set({modals: state.modals.slice(0, -1)});
	if (d.focus === 'cancel') {
		close();
		return notice(set, `${d.verb.toLowerCase()}: cancelled, nothing changed`);
	}
	const blocked = confirmBlocked(d);
	if (blocked) return notice(set, blocked);
	// Ask the one place that decides again: the mode may have changed since the dialog opened.
	const actionId = DIALOG_ACTION[d.verb];
	const refused = actionId ? disabledReasonFor(actionId, {readOnly: state.readOnly, readOnlyWhy: state.readOnlyWhy}, state.keyActions) : null;
	if (refused || d.context !== state.context) {
		close();
		return notice(set, `${d.verb.toLowerCase()}: refused (${refused ?? `the context changed from ${d.context}`})`);
	}
	close();
	deps.runner.enqueue(runnableJobs(d));
}

/** Digits (and Backspace) typed into a dialog's confirmation field. */
export function typeConfirm(get: Get, set: Set, text: string): void {
	const top = get().modals.at(-1);
	if (top?.kind !== 'confirm' || top.dialog.typed === null) return;
	replaceTop(get, set, {kind: 'confirm', dialog: {...top.dialog, typedText: text.slice(0, 12)}});
}

/** The lowest VMID from 100 up that no guest uses (what `pvesh get /cluster/nextid` answers). */
export function nextFreeVmid(snapshot: Snapshot | null): number {
	const used = new Set(snapshot?.guests.map((g) => g.vmid) ?? []);
	let vmid = 100;
	while (used.has(vmid)) vmid += 1;
	return vmid;
}

export function openCloneForm(get: Get, set: Set, deps: OpsActionDeps): void {
	const state = get();
	const template = selectedGuest(state);
	if (!template || !template.template) return notice(set, 'clone: select a template first (the templates group is at the end of the list)');
	const vmid = nextFreeVmid(state.snapshot);
	const taken = new Set(state.snapshot?.guests.map((g) => g.name) ?? []);
	const base = template.name.replace(/-?template$/i, '') || `ct${vmid}`;
	const hostname = taken.has(base) ? `${base}-${vmid}` : base;
	const service = deps.catalog().services.find((s) => s.templateVmid === template.vmid);
	const rootfs = template.mounts.find((m) => m.key === 'rootfs')?.source.split(':')[0];
	const storage = service?.storage ?? rootfs ?? 'local-lvm';
	const fields: CloneFormField[] = [
		{id: 'vmid', label: 'New VMID', value: String(vmid)},
		{id: 'hostname', label: 'Hostname', value: hostname},
		{id: 'storage', label: 'Storage', value: storage},
		...(isCluster(state.snapshot) ? [{id: 'node' as const, label: 'Node', value: template.node}] : []),
	];
	push(get, set, {kind: 'form', form: {templateVmid: template.vmid, fields, focus: 0, error: null}});
}

function updateForm(get: Get, set: Set, change: (form: CloneForm) => CloneForm): void {
	const top = get().modals.at(-1);
	if (top?.kind === 'form') replaceTop(get, set, {kind: 'form', form: change(top.form)});
}

export function moveFormFocus(get: Get, set: Set, delta: number): void {
	updateForm(get, set, (form) => ({...form, focus: (form.focus + delta + form.fields.length) % form.fields.length}));
}

/** The focused field's new text. */
export function typeForm(get: Get, set: Set, text: string): void {
	updateForm(get, set, (form) => ({...form, error: null, fields: form.fields.map((f, i) => (i === form.focus ? {...f, value: text.slice(0, 63)} : f))}));
}

const HOSTNAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const STORAGE = /^[a-z][a-z0-9._-]*$/i;

/** Check the form; a good one becomes the clone's confirm dialog. */
export function submitCloneForm(get: Get, set: Set, deps: OpsActionDeps): void {
	const state = get();
	const top = state.modals.at(-1);
	if (top?.kind !== 'form') return;
	const value = (id: CloneFormField['id']): string => top.form.fields.find((f) => f.id === id)?.value.trim() ?? '';
	const fail = (error: string): void => updateForm(get, set, (form) => ({...form, error}));
	const vmid = Number(value('vmid'));
	if (!/^\d+$/.test(value('vmid')) || vmid < 100 || vmid > 999_999_999) return fail('New VMID: a number from 100 to 999999999');
	if (!HOSTNAME.test(value('hostname'))) return fail('Hostname: letters, digits and hyphens, at most 63, no hyphen at either end');
	if (!STORAGE.test(value('storage'))) return fail('Storage: a storage id such as local-lvm');
	const node = value('node');
	const nodes = state.snapshot?.nodes.map((n) => n.name) ?? [];
	if (node && !nodes.includes(node)) return fail(`Node: one of ${nodes.join(', ')}`);
	let job: Job;
	try {
		job = buildCloneJob({templateVmid: top.form.templateVmid, vmid, hostname: value('hostname'), storage: value('storage'), ...(node ? {node} : {})}, state.snapshot, {sudo: deps.sudo()});
	} catch (error) {
		return fail(error instanceof Error ? error.message : String(error));
	}
	const where = node && isCluster(state.snapshot) ? ` on ${node}` : '';
	replaceTop(get, set, {kind: 'confirm', dialog: dialog(state, `Clone template ${top.form.templateVmid} to ${vmid} (${value('hostname')})${where}?`, 'Clone', [job])}, 'confirm');
}

export function openCatalog(get: Get, set: Set, deps: OpsActionDeps): void {
	if (deps.catalog().services.length === 0) return notice(set, 'deploy: the catalog is empty');
	const state = get();
	set({extents: {...state.extents, catalog: {count: deps.catalog().services.length, page: state.extents.catalog?.page ?? 10}}});
	push(get, set, {kind: 'catalog', node: null}, 'catalog');
}

/** Cycle the deploy's target node: the template's own node (null), then each online node. */
export function nextCatalogNode(get: Get, set: Set): void {
	const state = get();
	const top = state.modals.at(-1);
	if (top?.kind !== 'catalog') return;
	const nodes = state.snapshot?.nodes.filter((n) => n.online).map((n) => n.name) ?? [];
	if (nodes.length < 2) return notice(set, 'deploy: one node only, nothing to choose');
	const at = top.node === null ? -1 : nodes.indexOf(top.node);
	replaceTop(get, set, {kind: 'catalog', node: at + 1 < nodes.length ? nodes[at + 1]! : null});
}

/** The deploy of one catalog service as a confirm dialog (from the picker or `:deploy`). */
export function openDeploy(get: Get, set: Set, deps: OpsActionDeps, name: string, node: string | null, replace: boolean): void {
	const state = get();
	const service = deps.catalog().services.find((s) => s.name === name);
	if (!service) return notice(set, `deploy: no service "${name}" in the catalog (${deps.catalog().services.map((s) => s.name).join(', ')})`);
	const job = buildDeployJob(service, state.snapshot, {sudo: deps.sudo()}, node ? {node} : {});
	const modal: Modal = {kind: 'confirm', dialog: dialog(state, `Deploy ${service.name} (${service.vmid})${node ? ` on ${node}` : ''}?`, 'Deploy', [job])};
	if (replace) replaceTop(get, set, modal, 'confirm');
	else push(get, set, modal, 'confirm');
}

export function chooseCatalog(get: Get, set: Set, deps: OpsActionDeps): void {
	const state = get();
	const top = state.modals.at(-1);
	const service = deps.catalog().services[state.cursors.catalog];
	if (top?.kind !== 'catalog' || !service) return;
	openDeploy(get, set, deps, service.name, top.node, true);
}

export function runHealthOf(get: Get, set: Set, deps: OpsActionDeps): void {
	const {guests} = actionTargets(get());
	if (guests.length === 0) return notice(set, 'health: select a guest first');
	deps.runner.health(guests.map((g) => String(g.vmid)), guests.length === 1 ? label(guests[0]!) : `${guests.length} guests`);
}

/** Ask the screen to hand the terminal to `pct enter` (or say why it cannot). */
export function requestShell(get: Get, set: Set, deps: OpsActionDeps): void {
	const state = get();
	const guest = selectedGuest(state);
	if (!guest) return notice(set, 'shell: select a guest first');
	if (guest.type !== 'lxc') return notice(set, `shell: ${label(guest)} is a VM; pct enter works on containers`);
	if (guest.status !== 'running') return notice(set, `shell: ${label(guest)} is ${guest.status}; start it first (u)`);
	const local = state.snapshot?.nodes.find((n) => n.local)?.name;
	if (local && guest.node !== local) return notice(set, `shell: ${label(guest)} runs on ${guest.node}; proxdeck is connected to ${local} (connect to ${guest.node} to enter it)`);
	const command = renderCommand({argv: ['pct', 'enter', String(guest.vmid)], root: true}, deps.sudo());
	if (!deps.canShell()) return notice(set, `shell: this connection cannot open a terminal (the simulated homelab has none); \`${command}\` needs --host or --local`);
	set({handoff: {command, label: label(guest)}});
}
