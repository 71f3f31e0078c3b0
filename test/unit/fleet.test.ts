/**
 * The fleet: several contexts in one console. The guest list merges every context's guests
 * (the same VMID on two hosts is two rows), actions run on the guest's own context, read-only
 * mode is each context's own, and a context whose refreshes fail keeps its rows, marked stale,
 * while the others go on refreshing.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {resolveKey} from '../../keymaps/resolve.js';
import {mergeFleet} from '../../source/fleet/merge.js';
import {dispatch} from '../../source/store/actions/index.js';
import {jobsIdle, startPoller, stopPoller} from '../../source/store/app-store.js';
import {runPaletteLine} from '../../source/store/actions/palette.js';
import {createCollector} from '../../source/host/collect.js';
import {simStore} from '../screen/sim-store.js';
import {selectGuestRows} from '../../source/store/guest-rows.js';
import type {AppStore} from '../../source/store/types.js';
import {modeOf} from '../../source/store/actions/context.js';
import {simFleet, until} from '../screen/sim-fleet.js';
import {sampleSnapshot} from '../helpers/sample-snapshot.js';
import type {Snapshot} from '../../source/model/snapshot.js';

const running: AppStore[] = [];
afterEach(() => {
	for (const store of running.splice(0)) stopPoller(store);
});

async function fleetOf(...specs: Parameters<typeof simFleet>[0]) {
	const fleet = simFleet(specs);
	running.push(fleet.store);
	await fleet.ready();
	return fleet;
}

function select(store: AppStore, key: string): void {
	store.setState({guests: {...store.getState().guests, selected: key}});
}

/** Press the key bound to an action, as the console does (read-only mode asked first). */
function press(store: AppStore, name: string): string | null {
	const state = store.getState();
	const resolved = resolveKey(name, ['guests', 'global'], modeOf(state), state.keyActions);
	if (!resolved) return 'no action';
	if (resolved.disabled) return resolved.disabled;
	dispatch(store, resolved.action.id);
	return null;
}

describe('a fleet of contexts', () => {
	it('lists every context’s guests in one table, the same VMID once per context, grouped by context', async () => {
		const {store} = await fleetOf({context: 'home'}, {context: 'lab'});
		const rows = selectGuestRows(store.getState()).rows.filter((r) => r.kind === 'guest');
		const swag = rows.filter((r) => r.guest.vmid === 100);
		expect(swag.map((r) => r.key)).toEqual(['g:home/100', 'g:lab/100']);
		// Sorted by context first: all of home's guests, then lab's (templates grouped at the end).
		const contexts = rows.filter((r) => !r.guest.template).map((r) => r.guest.context);
		expect(contexts.indexOf('lab')).toBe(contexts.lastIndexOf('home') + 1);
		expect(rows.filter((r) => r.guest.context === 'home')).toHaveLength(rows.length / 2);
		expect(selectGuestRows(store.getState()).total).toBe(rows.length);
		// A filter on the context column narrows to one host.
		store.setState({guests: {...store.getState().guests, filter: 'context:lab'}});
		const filtered = selectGuestRows(store.getState()).rows.filter((r) => r.kind === 'guest');
		expect(new Set(filtered.map((r) => r.guest.context))).toEqual(new Set(['lab']));
	});

	it('runs an action on the guest’s own context: stopping lab’s 101 leaves home’s 101 running', async () => {
		const {store, members} = await fleetOf({context: 'home'}, {context: 'lab'});
		select(store, 'g:lab/101');
		expect(press(store, 'x')).toBeNull();
		const top = store.getState().modals.at(-1);
		expect(top?.kind).toBe('confirm');
		if (top?.kind !== 'confirm') return;
		expect(top.dialog.title).toBe('Stop drive (lab/101)?');
		dispatch(store, 'confirm.toggle');
		dispatch(store, 'confirm.activate');
		await jobsIdle(store);
		const status = (context: string) =>
			members[context]!.transport.sim.state.guests.find((g) => g.vmid === 101)?.status;
		expect(status('lab')).toBe('stopped');
		expect(status('home')).toBe('running');
		expect(store.getState().jobs.at(-1)?.state).toBe('ok');
	});

	it('honours each context’s read-only mode: refused on the read-only one, allowed on the other, refused for marks that touch it', async () => {
		const {store} = await fleetOf({context: 'home'}, {context: 'prod', readOnly: true});
		select(store, 'g:prod/101');
		expect(press(store, 'x')).toMatch(/read-only.*context "prod" is read-only/);
		expect(store.getState().modals).toEqual([]);
		select(store, 'g:home/101');
		expect(press(store, 'x')).toBeNull();
		expect(store.getState().modals.at(-1)?.kind).toBe('confirm');
		store.setState({modals: [], guests: {...store.getState().guests, marks: ['g:home/101', 'g:prod/102']}});
		expect(press(store, 'x')).toMatch(/context "prod" is read-only/);
	});

	it('keeps a context’s rows, marked stale, while its refreshes fail; the others keep refreshing', async () => {
		const {store, members} = await fleetOf({context: 'home'}, {context: 'lab'});
		const before = store.getState().fleet!.find((m) => m.name === 'home')!.lastOkAt!;
		members['lab']!.down = true;
		await until('lab to be marked stale', () => store.getState().fleet!.find((m) => m.name === 'lab')!.stale);
		const homeNow = () => store.getState().fleet!.find((m) => m.name === 'home')!;
		await until('home to refresh again', () => homeNow().lastOkAt! > before + 150);
		expect(homeNow().stale).toBe(false);
		const state = store.getState();
		const lab = state.fleet!.find((m) => m.name === 'lab')!;
		expect(lab.error).toBe('lab: connection lost');
		// lab's guests are still listed (its last good data), and the snapshot says since when.
		expect(state.snapshot!.guests.filter((g) => g.context === 'lab').length).toBe(lab.guests);
		expect(state.snapshot!.stale).toContainEqual({
			section: 'context lab',
			since: new Date(lab.lastOkAt!).toISOString(),
		});
		// The console's own line is not failing: one context is.
		expect(state.refresh.failures).toBe(0);
		members['lab']!.down = false;
		await until('lab to recover', () => !store.getState().fleet!.find((m) => m.name === 'lab')!.stale);
		expect(store.getState().snapshot!.stale).toBeUndefined();
	});
});

describe('a fleet refreshing', () => {
	it('shows its contexts’ refreshes together: each new picture has every context’s new snapshot', async () => {
		// Pollers kept to the clock refresh together; one merge (one frame) then shows them all.
		const fleet = simFleet([{context: 'home'}, {context: 'lab'}, {context: 'nas'}], 1000);
		running.push(fleet.store);
		await fleet.ready();
		const pictures: Snapshot[] = [];
		const unsubscribe = fleet.store.subscribe((state, previous) => {
			if (state.snapshot && state.snapshot !== previous.snapshot) pictures.push(state.snapshot);
		});
		await until('three more refreshes', () => pictures.length >= 3, 10_000);
		unsubscribe();
		for (const [i, picture] of pictures.entries()) {
			const before = i === 0 ? null : pictures[i - 1]!;
			expect(picture.members!.map((m) => m.context)).toEqual(['home', 'lab', 'nas']);
			if (before) expect(picture.members!.every((m, j) => m.snapshot !== before.members![j]!.snapshot)).toBe(true);
		}
	});
});

describe('mergeFleet', () => {
	it('tags each guest, node and pool with its context and prefixes errors with it', () => {
		const a = {...sampleSnapshot(), context: 'a'};
		const b = {
			...sampleSnapshot(),
			context: 'b',
			errors: [{section: 'pools', command: 'zpool list', message: 'zpool: not found'}],
		};
		const merged = mergeFleet(
			[
				{name: 'a', snapshot: a, staleSince: null},
				{name: 'b', snapshot: b, staleSince: '2025-06-01T12:00:00.000Z'},
				{name: 'c', snapshot: null, staleSince: null},
			],
			'a+b+c',
			'2025-06-01T12:00:05.000Z',
		);
		expect(merged.guests).toHaveLength(a.guests.length + b.guests.length);
		expect(new Set(merged.guests.map((g) => g.context))).toEqual(new Set(['a', 'b']));
		expect(merged.pools.every((p) => p.context === 'a' || p.context === 'b')).toBe(true);
		expect(merged.nodes.map((n) => n.context)).toEqual([...a.nodes.map(() => 'a'), ...b.nodes.map(() => 'b')]);
		expect(merged.errors).toEqual([{section: 'pools', command: 'zpool list', message: 'b: zpool: not found'}]);
		expect(merged.stale).toEqual([{section: 'context b', since: '2025-06-01T12:00:00.000Z'}]);
		expect(merged.members?.map((m) => m.context)).toEqual(['a', 'b']);
		// Each context's own snapshot is left as it was (its JSON never gains a context field).
		expect(a.guests.every((g) => g.context === undefined)).toBe(true);
	});
});

describe(':fleet and :ctx in the console', () => {
	it('opens the config’s contexts as a fleet, and :ctx goes back to one', async () => {
		const switcher = async (name: string) => {
			if (name === 'nope') return {ok: false as const, message: 'cannot connect'};
			const next = simStore({context: name, label: `root@${name}`});
			return {
				ok: true as const,
				opened: {
					collector: createCollector(next.transport, {context: name}),
					transport: next.transport,
					context: name,
					readOnly: name === 'prod',
					readOnlyWhy: name === 'prod' ? 'context "prod" is readOnly in the config (--write overrides)' : null,
					colour: null,
					banner: null,
					sudo: false,
					intervalMs: 100,
					thresholds: {warn: 80, crit: 90},
				},
			};
		};
		const lab = simStore({switchContext: switcher, contexts: ['demo', 'prod', 'nope']});
		running.push(lab.store);
		startPoller(lab.store, {logs: false});
		runPaletteLine(lab.store, ':fleet demo,prod,nope');
		await until('the fleet', () => lab.store.getState().fleet?.every((m) => m.lastOkAt !== null) ?? false);
		const state = lab.store.getState();
		expect(state.fleet!.map((m) => [m.name, m.readOnly])).toEqual([
			['demo', false],
			['prod', true],
		]);
		expect(state.notice).toBe('fleet of demo, prod; left out nope: cannot connect');
		expect(state.snapshot!.guests.some((g) => g.context === 'prod')).toBe(true);
		runPaletteLine(lab.store, ':ctx demo');
		await until(
			'one context again',
			() => lab.store.getState().fleet === null && lab.store.getState().snapshot !== null,
		);
		expect(lab.store.runtime.fleet).toBeNull();
		expect(lab.store.getState().snapshot!.guests.every((g) => g.context === undefined)).toBe(true);
	});
});
