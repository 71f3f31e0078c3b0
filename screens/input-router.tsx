/**
 * The one input router (Ink fires every mounted useInput for every key, and swapping screens
 * that each call it toggles raw mode): a single always-mounted useInput that turns each
 * key into a registry action for the active scopes and dispatches it. Screens never call
 * useInput themselves, so swapping views never toggles raw mode, and a modal's keys always
 * win over the pane under it. While a prompt (filter, palette) or a form field has the
 * keyboard, keys other than the prompt's own are text.
 */
import {useInput, useStdin} from 'ink';
import {activeScopes, resolveKey} from '../keymaps/resolve.js';
import {normalizeKey, type InkKey} from '../keymaps/keys.js';
import {TEXT_SCOPES, type ActionId, type Scope} from '../keymaps/registry.js';
import {dispatch} from '../source/store/actions/index.js';
import {modeOf} from '../source/store/actions/context.js';
import {currentText, typeText} from '../source/store/actions/text.js';
import type {AppStore} from '../source/store/types.js';

/** The key flags for one character of a batch (fast typing and tmux send-keys arrive together). */
function keyOfChar(ch: string): InkKey {
	if (ch === '\r' || ch === '\n') return {return: true};
	if (ch === '\t') return {tab: true};
	if (ch === '\u007f' || ch === '\b') return {delete: true};
	return {};
}

function isBatch(input: string, key: InkKey): boolean {
	const flagged =
		key.ctrl ||
		key.meta ||
		key.escape ||
		key.upArrow ||
		key.downArrow ||
		key.leftArrow ||
		key.rightArrow ||
		key.pageUp ||
		key.pageDown ||
		key.home ||
		key.end;
	return input.length > 1 && !flagged && !input.startsWith('[') && !input.includes('\u001B');
}

/** Which actions may run at all: a `--pane` process refuses the pane-switching keys. */
export type ActionFilter = (actionId: ActionId) => boolean;
const allowAll: ActionFilter = () => true;

export function handleKey(store: AppStore, input: string, key: InkKey, allow: ActionFilter = allowAll): void {
	if (isBatch(input, key)) {
		for (const ch of input) handleKey(store, ch, keyOfChar(ch), allow);
		return;
	}
	const state = store.getState();
	const top = state.modals.at(-1);
	const name = normalizeKey(input, key);
	if (name === 'ctrl+c') {
		dispatch(store, 'app.quit');
		return;
	}
	const context = modeOf(state);
	const text = currentText(state);
	if (top && TEXT_SCOPES.has(top.kind as Scope)) {
		// A prompt or form field: its own keys (Enter, Esc, Tab...), everything else is text.
		const resolved = name ? resolveKey(name, [top.kind as Scope], context, state.keyActions) : null;
		if (resolved) {
			dispatch(store, resolved.action.id);
			return;
		}
		if (text === null) return;
		if (name === 'backspace') typeText(store, text.slice(0, -1));
		else if (!key.ctrl && !key.meta && input && !(input.length > 1 && input.startsWith('['))) {
			// Pasted text arrives as one string; keep its printable characters.
			const typed = [...input].filter((ch) => ch >= ' ' && ch !== '\u007f').join('');
			if (typed) typeText(store, text + typed);
		}
		return;
	}
	if (top?.kind === 'confirm' && text !== null && (name === 'backspace' || (name !== null && /^[0-9]$/.test(name)))) {
		// The typed confirmation (a VMID): digits and Backspace edit it; other keys stay commands.
		typeText(store, name === 'backspace' ? text.slice(0, -1) : text + name);
		return;
	}
	if (!name) return;
	const resolved = resolveKey(name, activeScopes({focus: state.focus, modal: top?.kind}), context, state.keyActions);
	if (state.notice !== null) store.setState({notice: null});
	// A disabled action says why in the footer instead of running (dispatch asks the resolver).
	if (resolved && allow(resolved.action.id)) dispatch(store, resolved.action.id);
}

export function InputRouter({store, allow = allowAll}: {store: AppStore; allow?: ActionFilter}): null {
	const {isRawModeSupported} = useStdin();
	// isRawModeSupported is undefined (not false) on a pipe, where useInput would throw; only a real TTY gets raw mode.
	useInput((input, key) => handleKey(store, input, key, allow), {isActive: isRawModeSupported === true});
	return null;
}
