/**
 * The one resolver: key name + active scopes -> action. It also says whether an action may
 * run now and why not: read-only mode drops every dangerous action here, and the action's own
 * handler (source/store/actions/) says what else it needs (a template selected, a guest that
 * runs), through KeyContext.refuses. It finds keys that two actions fight over after the
 * user's remapping (config/keymap-overrides.ts applies it), and it builds the footer hints
 * and the help rows, so all of them agree with what the keys really do.
 */
import {KEY_ACTIONS, TEXT_SCOPES, type ActionId, type KeyAction, type Scope} from './registry.js';

export interface KeyContext {
	readOnly: boolean;
	/** Why read-only is on (`--readonly`, `context "prod" is read-only`), for the message. */
	readOnlyWhy?: string | null;
	/** Why the action's handler cannot run in the state of this moment, or null when it can. */
	refuses?: (id: ActionId) => string | null;
}

/** Read-only mode drops every dangerous action (k9s `ClearDanger`). */
export function readOnlyReason(action: KeyAction, context: KeyContext): string | null {
	return action.dangerous && context.readOnly
		? `read-only mode [RO]${context.readOnlyWhy ? `: ${context.readOnlyWhy}` : ''}`
		: null;
}

export function disabledReason(action: KeyAction, context: KeyContext): string | null {
	return readOnlyReason(action, context) ?? context.refuses?.(action.id) ?? null;
}

/** Two actions that answer the same key where both can be active: the first one found wins. */
export interface KeyConflict {
	key: string;
	/** The action that wins (searched first), and the one it hides. */
	winner: string;
	hidden: string;
	message: string;
}

const SHARED: ReadonlySet<Scope> = new Set(['global', 'nav']);

/** Whether two scopes are ever searched for the same key press (activeScopes). */
function overlap(a: Scope, b: Scope): boolean {
	if (a === b) return true;
	if (TEXT_SCOPES.has(a) || TEXT_SCOPES.has(b)) return false;
	return SHARED.has(a) || SHARED.has(b);
}

/** Search order inside one stack: the specific scope, then nav, then global. */
function rank(scope: Scope): number {
	return scope === 'global' ? 2 : scope === 'nav' ? 1 : 0;
}

/**
 * Keys two actions fight over in scopes that are searched together. The built-in keymap
 * shadows on purpose (a modal's Enter over the global keys), so only pairs where at least
 * one side was remapped by the user (`remapped` ids) are reported.
 */
export function findConflicts(actions: readonly KeyAction[], remapped: readonly string[]): KeyConflict[] {
	const changed = new Set(remapped);
	const conflicts: KeyConflict[] = [];
	actions.forEach((a, i) => {
		for (const b of actions.slice(i + 1)) {
			if (!changed.has(a.id) && !changed.has(b.id)) continue;
			if (!overlap(a.scope, b.scope)) continue;
			for (const key of a.keys) {
				if (!b.keys.includes(key)) continue;
				const [winner, hidden] = rank(a.scope) <= rank(b.scope) ? [a, b] : [b, a];
				conflicts.push({
					key,
					winner: winner.id,
					hidden: hidden.id,
					message: `keymap conflict: "${key}" is bound to both ${a.id} and ${b.id}; ${winner.id} wins${winner.scope === hidden.scope ? '' : ` in ${winner.scope}`}`,
				});
			}
		}
	});
	return conflicts;
}

export interface Resolution {
	action: KeyAction;
	/** Set when the key is bound but the action cannot run now. */
	disabled: string | null;
}

/**
 * Finds the action bound to `key`, searching the scopes in order (the most specific first),
 * so a modal's Enter wins over a pane's Enter and both win over global keys.
 */
export function resolveKey(
	key: string,
	scopes: readonly Scope[],
	context: KeyContext,
	actions: readonly KeyAction[] = KEY_ACTIONS,
): Resolution | null {
	for (const scope of scopes) {
		for (const action of actions) {
			if (action.scope === scope && action.keys.includes(key)) {
				return {action, disabled: disabledReason(action, context)};
			}
		}
	}
	return null;
}

export interface Hint {
	id: ActionId;
	keys: readonly string[];
	hintKeys?: string;
	label: string;
	disabled: string | null;
}

/**
 * Footer hints for the active scopes, most specific first (the footer truncates at the end).
 * A hint shows only the keys that really reach its action: a key a more specific scope
 * takes (Tab in a dialog) is left out, and an action with none left is not hinted.
 */
export function hintsFor(
	scopes: readonly Scope[],
	context: KeyContext,
	actions: readonly KeyAction[] = KEY_ACTIONS,
): Hint[] {
	const hints: Hint[] = [];
	const hint = (action: KeyAction): void => {
		const keys = action.keys.filter((key) => resolveKey(key, scopes, context, actions)?.action === action);
		if (keys.length === 0) return;
		const family = action.hintKeys && keys.length === action.keys.length ? {hintKeys: action.hintKeys} : {};
		hints.push({
			id: action.id,
			keys,
			...family,
			label: action.label ?? action.description,
			disabled: disabledReason(action, context),
		});
	};
	for (const id of PINNED_HINTS) {
		const action = actions.find((a) => a.id === id && scopes.includes(a.scope) && a.hint && a.keys.length > 0);
		if (action) hint(action);
	}
	for (const scope of scopes) {
		for (const action of actions) {
			if (action.scope !== scope || !action.hint || action.keys.length === 0 || PINNED_HINTS.includes(action.id))
				continue;
			hint(action);
		}
	}
	return hints;
}

/** Hints that stay first in the footer so they never get truncated away. */
export const PINNED_HINTS: readonly ActionId[] = ['app.help', 'app.backOrQuit'];

/**
 * The scopes searched for a key, most specific first: the open modal (or the filter prompt,
 * which takes nothing else), else the focused pane; then motions; then global keys.
 */
export function activeScopes(view: {focus: string; modal?: string | undefined}): Scope[] {
	if (view.modal && TEXT_SCOPES.has(view.modal as Scope)) return [view.modal as Scope];
	if (view.modal) return [view.modal as Scope, 'nav', 'global'];
	return [view.focus as Scope, 'nav', 'global'];
}

export interface HelpSection {
	scope: Scope;
	title: string;
	rows: {id: ActionId; keys: readonly string[]; description: string; dangerous: boolean; disabled: string | null}[];
}

const SCOPE_TITLES: Record<Scope, string> = {
	global: 'Global',
	nav: 'Moving around',
	guests: 'Guests pane',
	zfs: 'ZFS pane',
	network: 'Network / VPN pane',
	logs: 'Logs pane',
	detail: 'Guest detail',
	pool: 'Pool detail',
	help: 'Help',
	picker: 'Log source picker',
	nodes: 'Node picker',
	confirm: 'Confirm dialog (Esc or q cancels; a typed VMID goes in its field)',
	catalog: 'Deploy: catalog picker',
	journal: 'Journal view',
	hostkey: 'Unknown host key, asked while the console runs (only y trusts it)',
	jobOutput: 'Job output (full screen)',
	actions: "Actions menu (an action's own key runs it too)",
	snapshots: 'Snapshots of a guest',
	backups: 'Backups of a guest',
	tasks: 'Tasks view',
	templates: 'Templates view',
	tasklog: 'Task log (followed while the task runs)',
	filter: 'Filter prompt (other keys are typed)',
	palette: 'Command palette (other keys are typed)',
	form: 'Forms: clone, snapshot, backup, restore (other keys are typed into the field)',
};

export const HELP_ORDER: readonly Scope[] = [
	'global',
	'nav',
	'guests',
	'zfs',
	'network',
	'logs',
	'detail',
	'pool',
	'picker',
	'nodes',
	'confirm',
	'catalog',
	'journal',
	'hostkey',
	'jobOutput',
	'actions',
	'snapshots',
	'backups',
	'tasks',
	'templates',
	'tasklog',
	'form',
	'palette',
	'filter',
	'help',
];

/** Every action grouped by scope, including unbound and disabled ones (with the reason). */
export function helpSections(context: KeyContext, actions: readonly KeyAction[] = KEY_ACTIONS): HelpSection[] {
	return HELP_ORDER.map((scope) => ({
		scope,
		title: SCOPE_TITLES[scope],
		rows: actions
			.filter((action) => action.scope === scope)
			.map((action) => ({
				id: action.id,
				keys: action.keys,
				description: action.description,
				dangerous: action.dangerous === true,
				disabled: disabledReason(action, context),
			})),
	})).filter((section) => section.rows.length > 0);
}
