/**
 * The network pane's own keys: `w` shows only the warnings; `o`/Enter folds or unfolds a
 * bridge's guests (right and left, `l` and `h`, only unfold or fold). Folded by default, so
 * every bridge and tunnel is in view however many guests one bridge carries.
 */
import type {ActionId} from '../../../keymaps/registry.js';
import {listCursor} from '../list-cursor.js';
import {selectNetworkItems} from '../network-items.js';
import type {AppState} from '../types.js';
import type {ActionContext, Handler} from './context.js';

/** The bridge row under the cursor (a guest's row stands for its bridge), with its index. */
function bridgeAtCursor(state: AppState): {key: string; index: number; guests: number} | null {
	const items = selectNetworkItems(state.snapshot, state.networkWarningsOnly, state.nodeFilter, state.networkExpanded);
	const item = items[listCursor(state, 'network')];
	if (item?.kind !== 'bridge' && item?.kind !== 'attached') return null;
	const key = item.kind === 'bridge' ? item.key : item.bridgeKey;
	// Keys in the whole list (in a fleet, each starts with its context).
	const index = items.findIndex((row) => row.key === key);
	const bridge = items[index];
	return bridge?.kind === 'bridge' ? {key, index, guests: bridge.bridge.guests.length} : null;
}

function setFolded(ctx: ActionContext, mode: 'toggle' | 'open' | 'close'): void {
	const state = ctx.get();
	const at = bridgeAtCursor(state);
	if (!at || at.guests === 0) return;
	const open = mode === 'toggle' ? !state.networkExpanded[at.key] : mode === 'open';
	const networkExpanded = {...state.networkExpanded};
	if (open) networkExpanded[at.key] = true;
	else delete networkExpanded[at.key];
	// Folding from a guest's row moves the cursor to its bridge, which stays in view.
	ctx.set({networkExpanded, cursors: {...state.cursors, network: open ? listCursor(state, 'network') : at.index}});
}

/** Why `o` cannot fold anything here: not on a bridge, or a bridge without guests. */
function foldRefusal(state: AppState): string | null {
	const at = bridgeAtCursor(state);
	if (!at) return 'select a bridge (its guests fold under it)';
	return at.guests === 0 ? 'this bridge has no guests to show' : null;
}

export const NETWORK_HANDLERS = {
	'network.leaksOnly': {
		run: (ctx) => {
			const state = ctx.get();
			ctx.set({networkWarningsOnly: !state.networkWarningsOnly, cursors: {...state.cursors, network: 0}});
		},
	},
	'network.toggleExpand': {run: (ctx) => setFolded(ctx, 'toggle'), disabled: foldRefusal},
	'network.expand': {run: (ctx) => setFolded(ctx, 'open'), disabled: foldRefusal},
	'network.collapse': {run: (ctx) => setFolded(ctx, 'close'), disabled: foldRefusal},
} satisfies Partial<Record<ActionId, Handler>>;
