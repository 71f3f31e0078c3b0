/**
 * The one action table: every registry id has its handler (the compiler checks it too), and
 * every handler that can refuse does so the way a user sees it, before and after the key.
 */
import {describe, expect, it} from 'vitest';
import {KEY_ACTIONS, type ActionId} from '../../keymaps/registry.js';
import {activeScopes, helpSections, hintsFor} from '../../keymaps/resolve.js';
import {dispatch, HANDLERS, keyContext, refusals} from '../../source/store/actions/index.js';
import type {AppState} from '../../source/store/types.js';
import {select, simStore} from '../screen/sim-store.js';

/** The state without what a refused key may change: the footer notice. */
function withoutNotice(state: AppState): Partial<AppState> {
	const {notice: _notice, ...rest} = state;
	return rest;
}

describe('the action table', () => {
	it('has one handler for every registry id, and none for an id the registry lacks', () => {
		const ids = KEY_ACTIONS.map((a) => a.id);
		for (const id of ids) expect(typeof HANDLERS[id]?.run, id).toBe('function');
		expect(Object.keys(HANDLERS).sort()).toEqual([...ids].sort());
	});

	it('every handler that can refuse does, with its reason as the notice, and changes nothing else', () => {
		// Nothing loaded, an empty catalog, a connection without a terminal: nothing to act on.
		const lab = simStore({catalog: {services: []}});
		const refusing = (Object.keys(HANDLERS) as ActionId[]).filter((id) =>
			HANDLERS[id].disabled?.(lab.store.getState()),
		);
		expect(refusing).toEqual(
			expect.arrayContaining([
				'catalog.node',
				'guests.clone',
				'guests.deploy',
				'guests.destroy',
				'guests.health',
				'guests.reboot',
				'guests.shell',
				'guests.start',
				'guests.stop',
			]),
		);
		for (const id of refusing) {
			const before = lab.store.getState();
			const reason = HANDLERS[id].disabled!(before);
			dispatch(lab.store, id);
			const after = lab.store.getState();
			const description = KEY_ACTIONS.find((a) => a.id === id)!.description;
			expect(after.notice, id).toBe(`${description}: disabled (${reason})`);
			expect(withoutNotice(after), id).toEqual(withoutNotice(before));
		}
	});
});

describe('disabled reasons before the key is pressed', () => {
	it('clone: the footer hint and ? help say "select a template first" until a template is selected', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 105);
		const scopes = activeScopes({focus: 'guests'});
		const onGuest = lab.store.getState();
		expect(refusals(onGuest, scopes)['guests.clone']).toBe(
			'select a template first (the templates group is at the end of the list)',
		);
		expect(hintsFor(scopes, keyContext(onGuest)).find((h) => h.id === 'guests.clone')?.disabled).toMatch(
			/^select a template first/,
		);
		const help = helpSections(keyContext(onGuest)).find((s) => s.scope === 'guests')!;
		expect(help.rows.find((r) => r.id === 'guests.clone')?.disabled).toMatch(/^select a template first/);
		select(lab.store, 900);
		expect(refusals(lab.store.getState(), scopes)['guests.clone']).toBeUndefined();
		expect(
			hintsFor(scopes, keyContext(lab.store.getState())).find((h) => h.id === 'guests.clone')?.disabled,
		).toBeNull();
	});

	it('shell: a VM, a stopped container and the simulated homelab each say why', async () => {
		const lab = simStore({shell: async () => 0});
		await lab.load();
		const reason = (vmid: number): string | null => {
			select(lab.store, vmid);
			return keyContext(lab.store.getState()).refuses!('guests.shell');
		};
		expect(reason(105)).toBeNull();
		expect(reason(300)).toBe('opnsense (300) is a VM; pct enter works on containers');
		expect(reason(117)).toBe('immich_backup (117) is stopped; start it first (u)');
		const sim = simStore();
		await sim.load();
		select(sim.store, 105);
		expect(keyContext(sim.store.getState()).refuses!('guests.shell')).toBe(
			'this connection cannot open a terminal (the simulated homelab has none): pct enter needs --host or --local',
		);
	});

	it('destroy refuses several marked guests; read-only mode comes first', async () => {
		const lab = simStore();
		await lab.load();
		lab.store.setState({guests: {...lab.store.getState().guests, marks: ['g:101', 'g:102']}});
		expect(keyContext(lab.store.getState()).refuses!('guests.destroy')).toBe(
			'destroy acts on one guest at a time: clear the marks (Esc) and select it',
		);
		expect(keyContext(lab.store.getState()).refuses!('guests.stop')).toBeNull();
		lab.store.setState({readOnly: true, readOnlyWhy: '--readonly'});
		const destroy = helpSections(keyContext(lab.store.getState()))
			.find((s) => s.scope === 'guests')!
			.rows.find((r) => r.id === 'guests.destroy');
		expect(destroy?.disabled).toBe('read-only mode [RO]: --readonly');
	});
});
