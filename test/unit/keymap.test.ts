import {describe, it, expect, afterEach} from 'vitest';
import {KEY_ACTIONS, type KeyAction} from '../../keymaps/registry.js';
import {normalizeKey, MOTION_KEYS} from '../../keymaps/keys.js';
import {activeScopes, applyOverrides, helpSections, hintsFor, registerDisabledReason, resolveKey} from '../../keymaps/resolve.js';

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
			expect(resolveKey('ctrl+c', activeScopes({focus: 'guests', modal}), {readOnly: false})?.action.id).toBe('app.quit');
		}
	});
	it('has the conventional motions in every view: j k g G, arrows, Ctrl-U/Ctrl-D', () => {
		const scopes = activeScopes({focus: 'zfs', modal: 'detail'});
		const id = (key: string) => resolveKey(key, scopes, {readOnly: false})?.action.id;
		expect([id('j'), id('down'), id('k'), id('up'), id('g'), id('G'), id('ctrl+d'), id('ctrl+u')]).toEqual([
			'nav.down', 'nav.down', 'nav.up', 'nav.up', 'nav.top', 'nav.bottom', 'nav.halfDown', 'nav.halfUp',
		]);
	});
});

describe('resolveKey', () => {
	it('lets the modal win over the pane under it', () => {
		expect(resolveKey('enter', activeScopes({focus: 'guests'}), {readOnly: false})?.action.id).toBe('guests.detail');
		expect(resolveKey('enter', activeScopes({focus: 'guests', modal: 'detail'}), {readOnly: false})?.action.id).toBe('detail.close');
		expect(resolveKey('?', activeScopes({focus: 'guests', modal: 'help'}), {readOnly: false})?.action.id).toBe('help.close');
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
	const destroy: KeyAction = {id: 'guests.destroy', keys: ['X'], scope: 'guests', description: 'Destroy the guest', dangerous: true, hint: true, label: 'destroy'};
	const actions = [...KEY_ACTIONS, destroy];
	let unregister: (() => void) | null = null;
	afterEach(() => unregister?.());

	it('disables dangerous actions in read-only mode and says why', () => {
		expect(resolveKey('X', ['guests'], {readOnly: true}, actions)?.disabled).toBe('read-only mode [RO]');
		expect(resolveKey('X', ['guests'], {readOnly: false}, actions)?.disabled).toBeNull();
		const guests = helpSections({readOnly: true}, actions).find((s) => s.scope === 'guests')!;
		expect(guests.rows.find((r) => r.description === 'Destroy the guest')?.disabled).toBe('read-only mode [RO]');
		expect(hintsFor(['guests'], {readOnly: true}, actions).find((h) => h.id === 'guests.destroy')?.disabled).toBe('read-only mode [RO]');
	});
	it('takes extra reasons from later modules', () => {
		unregister = registerDisabledReason((action) => (action.id === 'guests.destroy' ? 'a job is running on this guest' : null));
		expect(resolveKey('X', ['guests'], {readOnly: false}, actions)?.disabled).toBe('a job is running on this guest');
	});
	it('remaps and unbinds with <disabled>', () => {
		const remapped = applyOverrides(KEY_ACTIONS, {'nav.down': ['n'], 'app.refresh': '<disabled>'});
		expect(resolveKey('n', ['nav'], {readOnly: false}, remapped)?.action.id).toBe('nav.down');
		expect(resolveKey('j', ['nav'], {readOnly: false}, remapped)).toBeNull();
		expect(resolveKey('r', ['global'], {readOnly: false}, remapped)).toBeNull();
		expect(helpSections({readOnly: false}, remapped).find((s) => s.scope === 'global')!.rows.some((r) => r.keys.length === 0)).toBe(true);
	});
	it('pins help and quit first in the footer hints', () => {
		const hints = hintsFor(activeScopes({focus: 'guests'}), {readOnly: false});
		expect(hints.slice(0, 2).map((h) => h.id)).toEqual(['app.help', 'app.backOrQuit']);
		expect(hints.map((h) => h.id)).toContain('guests.filter');
		expect(hints.map((h) => h.id)).not.toContain('logs.wrap');
	});
});
