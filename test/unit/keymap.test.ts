import {describe, it, expect} from 'vitest';
import {KEY_ACTIONS, type KeyAction} from '../../keymaps/registry.js';
import {normalizeKey, MOTION_KEYS} from '../../keymaps/keys.js';
import {activeScopes, findConflicts, helpSections, hintsFor, resolveKey} from '../../keymaps/resolve.js';
import {applyKeymapOverrides, validateKeymapOverrides} from '../../source/config/index.js';

describe('normalizeKey (Ink 6.8 quirks)', () => {
	it('reads Backspace (0x7f arrives as delete) and Ctrl-H as backspace', () => {
		expect(normalizeKey('', {delete: true})).toBe('backspace');
		expect(normalizeKey('', {backspace: true})).toBe('backspace');
	});
	it('reads Escape as esc even though Ink also sets meta', () => {
		expect(normalizeKey('', {escape: true, meta: true})).toBe('esc');
	});
	it('drops leaked escape sequences such as Shift+F1', () => {
		expect(normalizeKey('[1;2P', {})).toBeNull();
	});
	it('names ctrl keys, shift-tab, space and shifted letters', () => {
		expect(normalizeKey('c', {ctrl: true})).toBe('ctrl+c');
		expect(normalizeKey('', {tab: true, shift: true})).toBe('shift+tab');
		expect(normalizeKey(' ', {})).toBe('space');
		expect(normalizeKey('N', {shift: true})).toBe('N');
		expect(normalizeKey('', {downArrow: true})).toBe('down');
	});
});

describe('the registry', () => {
	it('has unique ids and no key bound twice in one scope', () => {
		expect(new Set(KEY_ACTIONS.map((a) => a.id)).size).toBe(KEY_ACTIONS.length);
		const seen = new Map<string, string>();
		for (const action of KEY_ACTIONS) {
			for (const key of action.keys) {
				const slot = `${action.scope}:${key}`;
				expect(seen.get(slot), `${slot} bound to ${seen.get(slot)} and ${action.id}`).toBeUndefined();
				seen.set(slot, action.id);
			}
		}
	});
	it('puts no dangerous action on a ctrl key or a motion key', () => {
		for (const action of KEY_ACTIONS.filter((a) => a.dangerous)) {
			for (const key of action.keys) {
				expect(key.startsWith('ctrl+'), `${action.id} on ${key}`).toBe(false);
				expect(MOTION_KEYS.has(key), `${action.id} on ${key}`).toBe(false);
			}
		}
	});
	it('never lets Esc or Backspace quit; Ctrl-C quits from anywhere', () => {
		for (const action of KEY_ACTIONS) {
			if (action.keys.includes('esc') || action.keys.includes('backspace')) expect(action.id).not.toMatch(/quit/i);
		}
		for (const modal of ['detail', 'help', 'picker', 'pool'] as const) {
			expect(resolveKey('ctrl+c', activeScopes({focus: 'guests', modal}), {readOnly: false})?.action.id).toBe(
				'app.quit',
			);
		}
	});
	it('has the conventional motions in every view: j k g G, arrows, Ctrl-U/Ctrl-D', () => {
		const scopes = activeScopes({focus: 'zfs', modal: 'detail'});
		const id = (key: string) => resolveKey(key, scopes, {readOnly: false})?.action.id;
		expect([id('j'), id('down'), id('k'), id('up'), id('g'), id('G'), id('ctrl+d'), id('ctrl+u')]).toEqual([
			'nav.down',
			'nav.down',
			'nav.up',
			'nav.up',
			'nav.top',
			'nav.bottom',
			'nav.halfDown',
			'nav.halfUp',
		]);
	});
});

describe('resolveKey', () => {
	it('lets the modal win over the pane under it', () => {
		expect(resolveKey('enter', activeScopes({focus: 'guests'}), {readOnly: false})?.action.id).toBe('guests.detail');
		expect(resolveKey('enter', activeScopes({focus: 'guests', modal: 'detail'}), {readOnly: false})?.action.id).toBe(
			'detail.close',
		);
		expect(resolveKey('?', activeScopes({focus: 'guests', modal: 'help'}), {readOnly: false})?.action.id).toBe(
			'help.close',
		);
	});
	it('takes only enter/esc in the filter prompt (everything else is text)', () => {
		expect(activeScopes({focus: 'guests', modal: 'filter'})).toEqual(['filter']);
		expect(resolveKey('q', ['filter'], {readOnly: false})).toBeNull();
		expect(resolveKey('esc', ['filter'], {readOnly: false})?.action.id).toBe('filter.cancel');
	});
	it('resolves w by the focused pane: wrap in logs, warnings in network', () => {
		expect(resolveKey('w', activeScopes({focus: 'logs'}), {readOnly: false})?.action.id).toBe('logs.wrap');
		expect(resolveKey('w', activeScopes({focus: 'network'}), {readOnly: false})?.action.id).toBe('network.leaksOnly');
	});
});

describe('disabled reasons, overrides, hints and help', () => {
	// A hinted dangerous action, so the footer's hints carry its reason too.
	const actions = KEY_ACTIONS.map((a): KeyAction =>
		a.id === 'guests.destroy' ? {...a, hint: true, label: 'destroy'} : a,
	);

	it('disables dangerous actions in read-only mode and says why', () => {
		expect(resolveKey('X', ['guests'], {readOnly: true}, actions)?.disabled).toBe('read-only mode [RO]');
		expect(resolveKey('X', ['guests'], {readOnly: false}, actions)?.disabled).toBeNull();
		const guests = helpSections({readOnly: true}, actions).find((s) => s.scope === 'guests')!;
		expect(guests.rows.find((r) => r.id === 'guests.destroy')?.disabled).toBe('read-only mode [RO]');
		expect(hintsFor(['guests'], {readOnly: true}, actions).find((h) => h.id === 'guests.destroy')?.disabled).toBe(
			'read-only mode [RO]',
		);
		expect(resolveKey('d', ['guests'], {readOnly: true, readOnlyWhy: 'context "prod" is readOnly'})?.disabled).toBe(
			'read-only mode [RO]: context "prod" is readOnly',
		);
	});
	it("takes the handler's own reason from the context, after read-only mode", () => {
		const refuses = (id: string): string | null => (id === 'guests.destroy' ? 'select a guest first' : null);
		expect(resolveKey('X', ['guests'], {readOnly: false, refuses}, actions)?.disabled).toBe('select a guest first');
		expect(
			hintsFor(['guests'], {readOnly: false, refuses}, actions).find((h) => h.id === 'guests.destroy')?.disabled,
		).toBe('select a guest first');
		expect(
			helpSections({readOnly: false, refuses}, actions)
				.find((s) => s.scope === 'guests')!
				.rows.find((r) => r.id === 'guests.destroy')?.disabled,
		).toBe('select a guest first');
		expect(resolveKey('X', ['guests'], {readOnly: true, refuses}, actions)?.disabled).toBe('read-only mode [RO]');
		expect(resolveKey('u', ['guests'], {readOnly: false, refuses}, actions)?.disabled).toBeNull();
	});
	it('remaps and unbinds with <disabled> (the config module applies the overrides)', () => {
		const check = validateKeymapOverrides(
			{'nav.down': 'n', 'app.refresh': '<disabled>'},
			KEY_ACTIONS.map((a) => a.id),
			'config.json',
		);
		expect(check.ok).toBe(true);
		const remapped = applyKeymapOverrides(KEY_ACTIONS, check.ok ? check.keymap : {});
		expect(resolveKey('n', ['nav'], {readOnly: false}, remapped)?.action.id).toBe('nav.down');
		expect(resolveKey('j', ['nav'], {readOnly: false}, remapped)).toBeNull();
		expect(resolveKey('r', ['global'], {readOnly: false}, remapped)).toBeNull();
		expect(
			helpSections({readOnly: false}, remapped)
				.find((s) => s.scope === 'global')!
				.rows.some((r) => r.keys.length === 0),
		).toBe(true);
	});
	it('pins help and quit first in the footer hints', () => {
		const hints = hintsFor(activeScopes({focus: 'guests'}), {readOnly: false});
		expect(hints.slice(0, 2).map((h) => h.id)).toEqual(['app.help', 'app.backOrQuit']);
		expect(hints.map((h) => h.id)).toContain('guests.filter');
		expect(hints.map((h) => h.id)).not.toContain('logs.wrap');
	});
});

describe('conflicts after remapping', () => {
	it("reports nothing for the built-in keymap, whose shadows are on purpose (a modal's keys over global ones)", () => {
		expect(findConflicts(KEY_ACTIONS, [])).toEqual([]);
		const same = applyKeymapOverrides(KEY_ACTIONS, {'guests.detail': ['enter']});
		expect(findConflicts(same, ['guests.detail'])).toEqual([]);
	});
	it('catches the remap that takes l from expanding a Docker host', () => {
		const remapped = applyKeymapOverrides(KEY_ACTIONS, {'guests.logs': ['L', 'l']});
		expect(findConflicts(remapped, ['guests.logs']).map((c) => c.message)).toEqual([
			'keymap conflict: "l" is bound to both guests.expand and guests.logs; guests.expand wins',
		]);
	});
	it('names both actions and the key when a remap lands on a taken key', () => {
		const remapped = applyKeymapOverrides(KEY_ACTIONS, {'guests.stop': ['u'], 'pane.zoomIn': ['j']});
		expect(findConflicts(remapped, ['guests.stop', 'pane.zoomIn']).map((c) => c.message)).toEqual([
			'keymap conflict: "j" is bound to both pane.zoomIn and nav.down; nav.down wins in nav',
			'keymap conflict: "u" is bound to both guests.start and guests.stop; guests.start wins',
		]);
	});
	it('ignores scopes never searched together (a modal key against a pane key)', () => {
		const remapped = applyKeymapOverrides(KEY_ACTIONS, {'catalog.node': ['x']});
		expect(findConflicts(remapped, ['catalog.node'])).toEqual([]);
	});
});

describe('the guest actions in the registry', () => {
	it('are letters on the guests pane, dangerous except health', () => {
		const ids = [
			'guests.deploy',
			'guests.clone',
			'guests.start',
			'guests.stop',
			'guests.reboot',
			'guests.destroy',
			'guests.shell',
		];
		for (const id of ids) {
			const action = KEY_ACTIONS.find((a) => a.id === id)!;
			expect(action.dangerous, id).toBe(true);
			expect(
				action.keys.every((k) => /^[a-zA-Z]$/.test(k)),
				id,
			).toBe(true);
		}
		expect(KEY_ACTIONS.find((a) => a.id === 'guests.health')?.dangerous).toBeUndefined();
	});
	it('the palette and form take only their own keys; other keys are text', () => {
		expect(activeScopes({focus: 'guests', modal: 'palette'})).toEqual(['palette']);
		expect(activeScopes({focus: 'guests', modal: 'form'})).toEqual(['form']);
		expect(resolveKey('q', ['form'], {readOnly: false})).toBeNull();
	});
	it('hints only the keys that reach their action (Tab moves between buttons in a dialog)', () => {
		const hints = hintsFor(activeScopes({focus: 'guests', modal: 'confirm'}), {readOnly: false});
		expect(hints.find((h) => h.id === 'confirm.toggle')?.keys).toEqual(['tab', 'left', 'right']);
		expect(hints.map((h) => h.id)).not.toContain('pane.next');
	});
});
