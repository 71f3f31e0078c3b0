/**
 * The one action table: every registry id (keymaps/registry.ts) to its handler. The type
 * `Record<ActionId, Handler>` makes the build fail when an id has none; there is no default
 * branch that hands an unknown id on. Keys, the palette and the screens all run an action
 * through dispatch(), which asks the one resolver whether it may run now.
 */
import type {ActionId, Scope} from '../../../keymaps/registry.js';
import {disabledReason, type KeyContext} from '../../../keymaps/resolve.js';
import type {AppState, AppStore} from '../types.js';
import {contextOf, modeOf, popModal, type Handler} from './context.js';
import {DIALOG_HANDLERS} from './dialogs.js';
import {DOCKER_HANDLERS} from './docker.js';
import {GUEST_OP_HANDLERS} from './guest-ops.js';
import {GUEST_HANDLERS} from './guests.js';
import {JOB_HANDLERS} from './jobs.js';
import {LOG_HANDLERS} from './logs.js';
import {menuEntries, MENU_HANDLERS} from './menu.js';
import {NAV_HANDLERS} from './nav.js';
import {NETWORK_HANDLERS} from './network.js';
import {NODE_HANDLERS} from './nodes.js';
import {PALETTE_HANDLERS} from './palette.js';
import {PANE_HANDLERS} from './panes.js';
import {SAFETY_HANDLERS} from './safety.js';
import {SCALE_HANDLERS} from './scale-forms.js';
import {TEMPLATE_HANDLERS} from './templates.js';
import {TEXT_HANDLERS} from './text.js';

export const HANDLERS: Record<ActionId, Handler> = {
	...PANE_HANDLERS,
	...NAV_HANDLERS,
	...GUEST_HANDLERS,
	...GUEST_OP_HANDLERS,
	...JOB_HANDLERS,
	...LOG_HANDLERS,
	...NETWORK_HANDLERS,
	...NODE_HANDLERS,
	...DIALOG_HANDLERS,
	...PALETTE_HANDLERS,
	...TEXT_HANDLERS,
	...SAFETY_HANDLERS,
	...SCALE_HANDLERS,
	...TEMPLATE_HANDLERS,
	...MENU_HANDLERS,
	...DOCKER_HANDLERS,
	// The action menu's Enter runs the selected entry as its own key would (here: it dispatches).
	'actions.run': {
		run: (ctx) => {
			const state = ctx.get();
			const entry = menuEntries(state, (id) => handlerRefusal(state, id))[state.cursors.actions];
			popModal(ctx);
			if (entry) dispatch(ctx.store, entry.id);
		},
	},
};

/** Why the handler of `id` cannot run in this state, or null. */
export function handlerRefusal(state: AppState, id: ActionId): string | null {
	return HANDLERS[id].disabled?.(state) ?? null;
}

/** Everything the resolver needs to say whether an action may run in this state, and why not. */
export function keyContext(state: AppState): KeyContext {
	return {...modeOf(state), refuses: (id) => handlerRefusal(state, id)};
}

/**
 * Why each action of these scopes cannot run now, for the ones that cannot (read-only mode
 * aside: the resolver adds that). A plain object of strings, so a screen can select it with
 * useShallow and redraw only when a reason changes.
 */
export function refusals(state: AppState, scopes: readonly Scope[]): Partial<Record<ActionId, string>> {
	const found: Partial<Record<ActionId, string>> = {};
	for (const action of state.keyActions) {
		if (!scopes.includes(action.scope)) continue;
		const reason = handlerRefusal(state, action.id);
		if (reason !== null) found[action.id] = reason;
	}
	return found;
}

/** Run an action, or say in the footer why it cannot run now. */
export function dispatch(store: AppStore, id: ActionId): void {
	const state = store.getState();
	const action = state.keyActions.find((a) => a.id === id);
	const reason = action ? disabledReason(action, keyContext(state)) : null;
	if (action && reason) return store.setState({notice: `${action.description}: disabled (${reason})`});
	HANDLERS[id].run(contextOf(store));
}
