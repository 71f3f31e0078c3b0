/**
 * Text entry: the filter prompts, the palette line, the clone form's fields and the confirm
 * dialog's typed VMID. Whatever has the keyboard takes the printable keys as text.
 */
import type {ActionId} from '../../../keymaps/registry.js';
import {withGuestFilter} from '../guest-rows.js';
import type {AppState, AppStore} from '../types.js';
import {contextOf, popModal, type ActionContext, type Handler} from './context.js';
import {typeConfirm, typeForm} from './dialogs.js';
import {setPaletteText} from './palette.js';

/** The text of whatever prompt or field has the keyboard, or null when none does. */
export function currentText(state: AppState): string | null {
	const top = state.modals.at(-1);
	switch (top?.kind) {
		case 'filter':
			return top.target === 'guests' ? state.guests.filter : state.logs.filter;
		case 'palette':
			return top.text;
		case 'form':
			return top.form.fields[top.form.focus]?.value ?? '';
		case 'confirm':
			return top.dialog.typed === null ? null : top.dialog.typedText;
		default:
			return null;
	}
}

function typeFilter(ctx: ActionContext, text: string): void {
	const state = ctx.get();
	const top = state.modals.at(-1);
	if (top?.kind !== 'filter') return;
	if (top.target === 'guests') ctx.set({guests: withGuestFilter(state, text)});
	else ctx.set({logs: {...state.logs, filter: text}, cursors: {...state.cursors, logs: 0}});
}

/** The new text of the prompt or field that has the keyboard (nothing happens when none has). */
export function typeText(store: AppStore, text: string): void {
	const ctx = contextOf(store);
	const top = ctx.get().modals.at(-1);
	switch (top?.kind) {
		case 'filter':
			return typeFilter(ctx, text);
		case 'palette':
			return setPaletteText(ctx, text, top.historyAt);
		case 'form':
			return typeForm(ctx, text);
		case 'confirm':
			return typeConfirm(ctx, text);
		default:
			return;
	}
}

export const TEXT_HANDLERS = {
	'filter.commit': {run: popModal},
	'filter.cancel': {
		run: (ctx) => {
			const state = ctx.get();
			const top = state.modals.at(-1);
			if (top?.kind !== 'filter') return;
			popModal(ctx);
			if (top.target === 'guests') ctx.set({guests: withGuestFilter(state, '')});
			else ctx.set({logs: {...state.logs, filter: ''}});
		},
	},
} satisfies Partial<Record<ActionId, Handler>>;
