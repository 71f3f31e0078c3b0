/**
 * The guests' action menu (`a`): every action on the selected guest with its key, and the
 * reason one cannot run now, from the same resolver the keys use. Enter runs the selected
 * one; an action's own key runs it too (the input router closes the menu first).
 */
import {ACTION_MENU} from '../../../keymaps/hints.js';
import type {ActionId} from '../../../keymaps/registry.js';
import {disabledReason} from '../../../keymaps/resolve.js';
import type {AppState} from '../types.js';
import {actionTargets, guestLabel, pushModal, selectedRow, type Handler} from './context.js';

export interface MenuEntry {
	id: ActionId;
	keys: readonly string[];
	/** The footer's short name (`start`), or the id's last part. */
	label: string;
	description: string;
	/** Why it cannot run now, or null. */
	disabled: string | null;
}

/** The menu's entries for this state (the keymap in effect, so a remapped key is the one shown). */
export function menuEntries(
	state: Pick<AppState, 'keyActions' | 'readOnly' | 'readOnlyWhy'>,
	refuses: (id: ActionId) => string | null,
): MenuEntry[] {
	const context = {readOnly: state.readOnly, readOnlyWhy: state.readOnlyWhy, refuses};
	return ACTION_MENU.flatMap((id) => {
		const action = state.keyActions.find((a) => a.id === id);
		if (!action) return [];
		const label = action.label ?? id.slice(id.indexOf('.') + 1);
		return [{id, keys: action.keys, label, description: action.description, disabled: disabledReason(action, context)}];
	});
}

/** What the menu acts on: `immich (105)`, or `3 marked guests`. */
export function menuSubject(state: AppState): string {
	const {guests} = actionTargets(state);
	const row = selectedRow(state);
	// A container or stack row: its Docker actions act on it, the guest's on its Docker host.
	if (state.guests.marks.length === 0 && row?.kind === 'container')
		return `container ${row.container.name} in ${guestLabel(row.guest)}`;
	if (state.guests.marks.length === 0 && row?.kind === 'stack' && row.stack.project)
		return `stack ${row.stack.project} in ${guestLabel(row.guest)}`;
	if (state.guests.marks.length > 0) return `${guests.length} marked guest${guests.length === 1 ? '' : 's'}`;
	return guests[0] ? guestLabel(guests[0]) : 'no guest';
}

export const MENU_HANDLERS = {
	'guests.menu': {
		run: (ctx) => pushModal(ctx, {kind: 'actions'}, 'actions'),
		disabled: (state) => {
			if (!state.snapshot) return 'no data yet: waiting for the first refresh';
			const row = selectedRow(state);
			return row && row.kind !== 'group' ? null : 'select a guest first';
		},
	},
} satisfies Partial<Record<ActionId, Handler>>;
