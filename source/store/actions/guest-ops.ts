/**
 * The guests pane's actions on the host. Each says before the key is pressed what it needs
 * (a guest selected, a template, a running container on this node, a connection with a
 * terminal), builds its jobs from the snapshot on screen when its dialog opens (the targets
 * are pinned and the commands shown are the ones that run), and opens the confirm dialog with
 * Cancel focused. Clone goes through a form first, deploy through the catalog picker. Health
 * and shell need no dialog: health only reads, and a shell is the user's own session.
 */
import type {ActionId} from '../../../keymaps/registry.js';
import type {Snapshot} from '../../model/snapshot.js';
import {buildLifecycleJob} from '../../ops/lifecycle.js';
import {pctEnter} from '../../ops/pct-commands.js';
import type {AppState, FormField} from '../types.js';
import {
	actionTargets,
	guestLabel,
	isCluster,
	notice,
	pushModal,
	runnerEnv,
	scopeOf,
	selectedGuest,
	type ActionContext,
	type Handler,
} from './context.js';
import {confirmDialog} from './dialogs.js';

const VERBS = {start: 'Start', stop: 'Stop', reboot: 'Reboot', destroy: 'Destroy'} as const;
type Lifecycle = keyof typeof VERBS;

/** The lowest VMID from 100 up that no guest uses (what `pvesh get /cluster/nextid` answers). */
export function nextFreeVmid(snapshot: Snapshot | null): number {
	const used = new Set(snapshot?.guests.map((g) => g.vmid) ?? []);
	let vmid = 100;
	while (used.has(vmid)) vmid += 1;
	return vmid;
}

/** Why there is nothing to act on: no data yet, or no guest selected or marked. */
function needsTargets(state: AppState): string | null {
	if (!state.snapshot) return 'no data yet: waiting for the first refresh';
	return actionTargets(state).guests.length === 0 ? 'select a guest first' : null;
}

function openLifecycle(ctx: ActionContext, action: Lifecycle): void {
	const state = ctx.get();
	const {guests, hidden} = actionTargets(state);
	const only = guests[0];
	if (!only) return;
	// Each guest's job is built on its own context (in a fleet, its host's snapshot and connection).
	const jobs = guests.map((g) => {
		const scope = scopeOf(ctx, g.context);
		return buildLifecycleJob({action, vmid: g.vmid}, scope.snapshot, {nodes: scope.connection.nodes});
	});
	const verb = VERBS[action];
	const where = isCluster(scopeOf(ctx, only.context).snapshot) && guests.length === 1 ? ` on ${only.node}` : '';
	const title =
		guests.length === 1 ? `${verb} ${guestLabel(only)}${where}?` : `${verb} ${guests.length} marked guests?`;
	const contexts = guests.map((g) => g.context);
	pushModal(ctx, confirmDialog(state, `guests.${action}`, title, verb, jobs, hidden, contexts), 'confirm');
}

const lifecycle = (action: Lifecycle): Handler => ({run: (ctx) => openLifecycle(ctx, action), disabled: needsTargets});

/** The clone form, filled in: the next free VMID, a hostname from the template's name, its storage. */
function openCloneForm(ctx: ActionContext): void {
	const state = ctx.get();
	const template = selectedGuest(state);
	if (!template) return;
	// In a fleet the clone is made on the template's own context: its VMIDs and names count.
	const {snapshot} = scopeOf(ctx, template.context);
	const vmid = nextFreeVmid(snapshot);
	const taken = new Set(snapshot?.guests.map((g) => g.name) ?? []);
	const base = template.name.replace(/-?template$/i, '') || `ct${vmid}`;
	const hostname = taken.has(base) ? `${base}-${vmid}` : base;
	const service = state.catalog.services.find((s) => s.templateVmid === template.vmid);
	const rootfs = template.mounts.find((m) => m.key === 'rootfs')?.source.split(':')[0];
	const fields: FormField[] = [
		{id: 'vmid', label: 'New VMID', value: String(vmid)},
		{id: 'hostname', label: 'Hostname', value: hostname},
		{id: 'storage', label: 'Storage', value: service?.storage ?? rootfs ?? 'local-lvm'},
		...(isCluster(snapshot) ? [{id: 'node' as const, label: 'Node', value: template.node}] : []),
	];
	const on = template.context === undefined ? {} : {context: template.context};
	pushModal(ctx, {
		kind: 'form',
		form: {purpose: {kind: 'clone', templateVmid: template.vmid}, ...on, fields, focus: 0, error: null},
	});
}

/** Why `pct enter` cannot open on the selected guest from here, or null. */
function shellRefusal(state: AppState): string | null {
	if (!state.canShell)
		return 'this connection cannot open a terminal (the simulated homelab has none): pct enter needs --host or --local';
	const guest = selectedGuest(state);
	if (!guest) return 'select a guest first';
	if (guest.type !== 'lxc') return `${guestLabel(guest)} is a VM; pct enter works on containers`;
	if (guest.status !== 'running') return `${guestLabel(guest)} is ${guest.status}; start it first (u)`;
	const node = state.snapshot?.nodes.find((n) => n.name === guest.node && n.context === guest.context);
	if (node && !node.online) return `${guestLabel(guest)} lives on ${guest.node}, which is offline`;
	return null;
}

/** Ask the screen to hand the terminal to `pct enter` on the guest's node (run-console.tsx does the hand-off). */
function requestShell(ctx: ActionContext): void {
	const guest = selectedGuest(ctx.get());
	if (!guest) return;
	const {connection} = scopeOf(ctx, guest.context);
	const command = pctEnter(guest);
	let shown: string;
	try {
		shown = connection.nodes.render(command, {tty: true});
	} catch (error) {
		return notice(ctx, `shell in ${guestLabel(guest)}: ${error instanceof Error ? error.message : String(error)}`);
	}
	const on = guest.context === undefined ? {} : {context: guest.context};
	ctx.set({handoff: {command, shown, label: guestLabel(guest), ...on}});
}

function runHealth(ctx: ActionContext): void {
	const {guests} = actionTargets(ctx.get());
	// One health run per context, each on its own connection and snapshot.
	for (const context of new Set(guests.map((g) => g.context))) {
		const mine = guests.filter((g) => g.context === context);
		ctx.runtime.runner.health(
			mine.map((g) => String(g.vmid)),
			mine.length === 1
				? guestLabel(mine[0]!)
				: `${mine.length} guests${context === undefined ? '' : ` on ${context}`}`,
			runnerEnv(ctx, context),
		);
	}
}

export const GUEST_OP_HANDLERS = {
	'guests.deploy': {
		run: (ctx) => {
			const state = ctx.get();
			ctx.set({
				extents: {
					...state.extents,
					catalog: {count: state.catalog.services.length, page: state.extents.catalog?.page ?? 10},
				},
			});
			pushModal(ctx, {kind: 'catalog', node: null}, 'catalog');
		},
		disabled: (state) =>
			state.catalog.services.length === 0 ? 'the catalog is empty (add services in the config file)' : null,
	},
	'guests.clone': {
		run: openCloneForm,
		disabled: (state) =>
			selectedGuest(state)?.template ? null : 'select a template first (the templates group is at the end of the list)',
	},
	'guests.start': lifecycle('start'),
	'guests.stop': lifecycle('stop'),
	'guests.reboot': lifecycle('reboot'),
	'guests.destroy': {
		run: (ctx) => openLifecycle(ctx, 'destroy'),
		disabled: (state) =>
			needsTargets(state) ??
			(actionTargets(state).guests.length > 1
				? 'destroy acts on one guest at a time: clear the marks (Esc) and select it'
				: null),
	},
	'guests.shell': {run: requestShell, disabled: shellRefusal},
	'guests.health': {run: runHealth, disabled: needsTargets},
} satisfies Partial<Record<ActionId, Handler>>;
