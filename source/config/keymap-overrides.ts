/**
 * Keymap overrides in the config file, the way lazygit does it: an action id maps
 * to a key or a list of keys, and `<disabled>` unbinds it:
 *   "keymap": {"guest.start": "S", "nav.top": ["g", "home"], "guest.destroy": "<disabled>"}
 * The registry of action ids lives in keymaps/ (the console's), so callers pass the ids in;
 * this module only checks the data and applies it to a list of actions.
 */
import {configFailure, fieldPath, Problems} from './problems.js';
import {DISABLED_KEY, type ConfigFailure, type KeymapOverrides} from './types.js';
import {isPlainObject} from './upgrade.js';

const NAMED_KEYS = [
	'up',
	'down',
	'left',
	'right',
	'pageup',
	'pagedown',
	'home',
	'end',
	'enter',
	'esc',
	'backspace',
	'tab',
	'shift+tab',
	'space',
];

export const KEY_NAME_EXPECTED = `a key name: one character (j, G, ?), ctrl+<letter>, alt+<character>, ${NAMED_KEYS.join(', ')}; or "${DISABLED_KEY}"`;

/** The router's normalised name for a key as a user may write it, or null when it names no key. */
export function normalizeKeyName(written: string): string | null {
	if (written.length === 1) return written > ' ' && written !== '\u007f' ? written : null;
	const lower = written.toLowerCase();
	if (NAMED_KEYS.includes(lower)) return lower;
	const ctrl = /^ctrl\+([a-z])$/i.exec(written);
	if (ctrl) return `ctrl+${ctrl[1]!.toLowerCase()}`;
	const alt = /^alt\+(.)$/i.exec(written);
	if (alt && alt[1]! > ' ') return `alt+${alt[1]!}`;
	return null;
}

/**
 * Checks one `keymap` object into `problems` and returns it normalised (action id -> keys;
 * [] = disabled). With knownActionIds, an id the registry does not have is a problem too.
 */
export function checkKeymap(
	value: unknown,
	path: string,
	knownActionIds: readonly string[] | undefined,
	problems: Problems,
): KeymapOverrides {
	const keymap: KeymapOverrides = {};
	if (!isPlainObject(value)) {
		problems.add(path, 'an object mapping action ids to a key or a list of keys', value);
		return keymap;
	}
	for (const [id, binding] of Object.entries(value)) {
		const at = fieldPath(path, id);
		if (knownActionIds !== undefined && !knownActionIds.includes(id)) {
			const near = knownActionIds.filter(
				(known) => known.split('.').at(-1)?.toLowerCase() === id.split('.').at(-1)?.toLowerCase(),
			);
			problems.add(
				at,
				`a known action id${near.length > 0 ? ` (did you mean ${near.map((n) => `"${n}"`).join(' or ')}?)` : ' (proxdeck --help and the ? screen list them)'}`,
				id,
			);
			continue;
		}
		const written = typeof binding === 'string' ? [binding] : binding;
		if (!Array.isArray(written) || written.length === 0 || !written.every((k): k is string => typeof k === 'string')) {
			problems.add(at, `a key or a non-empty list of keys, or "${DISABLED_KEY}"`, binding);
			continue;
		}
		if (written.includes(DISABLED_KEY)) {
			if (written.length === 1) keymap[id] = [];
			else problems.add(at, `"${DISABLED_KEY}" alone, not in a list with keys`, binding);
			continue;
		}
		const keys: string[] = [];
		written.forEach((k, i) => {
			const name = normalizeKeyName(k);
			if (name === null) problems.add(typeof binding === 'string' ? at : fieldPath(at, i), KEY_NAME_EXPECTED, k);
			else if (!keys.includes(name)) keys.push(name);
		});
		if (keys.length > 0) keymap[id] = keys;
	}
	return keymap;
}

export type KeymapCheck = {ok: true; keymap: KeymapOverrides} | {ok: false; error: ConfigFailure};

/**
 * The console's check, given the registry's ids: `validateKeymapOverrides(config.keymap,
 * KEY_ACTIONS.map((a) => a.id), loaded.file)`. Unknown ids and bad key names come back as one
 * message naming the file and each field (`keymap["guest.strat"]`).
 */
export function validateKeymapOverrides(
	overrides: unknown,
	knownActionIds: readonly string[],
	file: string,
): KeymapCheck {
	const problems = new Problems();
	const keymap = checkKeymap(overrides ?? {}, 'keymap', knownActionIds, problems);
	return problems.empty ? {ok: true, keymap} : {ok: false, error: configFailure(file, problems.list)};
}

/** The actions with their keys replaced by the overrides ([] = unbound); actions not overridden are returned as they were. */
export function applyKeymapOverrides<T extends {id: string; keys: readonly string[]}>(
	actions: readonly T[],
	overrides: KeymapOverrides,
): T[] {
	return actions.map((action) => {
		const keys = overrides[action.id];
		return keys === undefined ? action : {...action, keys: [...keys]};
	});
}
