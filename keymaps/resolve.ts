/**
 * The one resolver: key name + active scopes -> action. It also answers "why is this action
 * disabled" (read-only mode today; per-action reasons from later issues register through
 * `disabledReason`), applies user remapping (`<disabled>` unbinds), and builds the footer
 * hints and the help rows, so all of them agree with what the keys really do.
 */
import {KEY_ACTIONS, type KeyAction, type Scope} from './registry.js';

export interface KeyContext {
	readOnly: boolean;
}

export type DisabledReasonFn = (action: KeyAction, context: KeyContext) => string | null;

/** Built-in reason: read-only mode drops every dangerous action (k9s `ClearDanger`). */
const readOnlyReason: DisabledReasonFn = (action, context) =>
	action.dangerous && context.readOnly ? 'read-only mode [RO]' : null;

const extraReasons: DisabledReasonFn[] = [];

/** Lets a later module say why its action cannot run now (a job is busy, no guest selected...). */
export function registerDisabledReason(reason: DisabledReasonFn): () => void {
	extraReasons.push(reason);
	return () => {
		const at = extraReasons.indexOf(reason);
		if (at >= 0) extraReasons.splice(at, 1);
	};
}

export function disabledReason(action: KeyAction, context: KeyContext): string | null {
	const builtIn = readOnlyReason(action, context);
	if (builtIn) return builtIn;
	for (const reason of extraReasons) {
		const text = reason(action, context);
		if (text) return text;
	}
	return null;
}

/** User overrides from config: action id -> keys, or `<disabled>` to unbind it. */
export type KeyOverrides = Record<string, string[] | '<disabled>'>;

export function applyOverrides(actions: readonly KeyAction[], overrides: KeyOverrides): KeyAction[] {
	return actions.map((action) => {
		const override = overrides[action.id];
		if (override === undefined) return action;
		return {...action, keys: override === '<disabled>' ? [] : [...override]};
	});
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
	id: string;
	keys: string[];
	hintKeys?: string;
	label: string;
	disabled: string | null;
}

/** Footer hints for the active scopes, most specific first (the footer truncates at the end). */
export function hintsFor(scopes: readonly Scope[], context: KeyContext, actions: readonly KeyAction[] = KEY_ACTIONS): Hint[] {
	const hints: Hint[] = [];
	for (const id of PINNED_HINTS) {
		const action = actions.find((a) => a.id === id && scopes.includes(a.scope) && a.hint && a.keys.length > 0);
		if (action) hints.push({id: action.id, keys: action.keys, ...(action.hintKeys ? {hintKeys: action.hintKeys} : {}), label: action.label ?? action.description, disabled: disabledReason(action, context)});
	}
	for (const scope of scopes) {
		for (const action of actions) {
			if (action.scope !== scope || !action.hint || action.keys.length === 0 || PINNED_HINTS.includes(action.id)) continue;
			hints.push({id: action.id, keys: action.keys, ...(action.hintKeys ? {hintKeys: action.hintKeys} : {}), label: action.label ?? action.description, disabled: disabledReason(action, context)});
		}
	}
	return hints;
}

/** Hints that stay first in the footer so they never get truncated away. */
export const PINNED_HINTS: readonly string[] = ['app.help', 'app.backOrQuit'];

/**
 * The scopes searched for a key, most specific first: the open modal (or the filter prompt,
 * which takes nothing else), else the focused pane; then motions; then global keys.
 */
export function activeScopes(view: {focus: string; modal?: string | undefined}): Scope[] {
	if (view.modal === 'filter') return ['filter'];
	if (view.modal) return [view.modal as Scope, 'nav', 'global'];
	return [view.focus as Scope, 'nav', 'global'];
}

export interface HelpSection {
	scope: Scope;
	title: string;
	rows: {keys: string[]; description: string; disabled: string | null}[];
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
	filter: 'Filter prompt (other keys are typed)',
};

export const HELP_ORDER: readonly Scope[] = ['global', 'nav', 'guests', 'zfs', 'network', 'logs', 'detail', 'pool', 'picker', 'filter', 'help'];

/** Every action grouped by scope, including unbound and disabled ones (with the reason). */
export function helpSections(context: KeyContext, actions: readonly KeyAction[] = KEY_ACTIONS): HelpSection[] {
	return HELP_ORDER.map((scope) => ({
		scope,
		title: SCOPE_TITLES[scope],
		rows: actions
			.filter((action) => action.scope === scope)
			.map((action) => ({keys: action.keys, description: action.description, disabled: disabledReason(action, context)})),
	})).filter((section) => section.rows.length > 0);
}
