/**
 * The guests table across refreshes: when a refresh changes nothing the rows' order depends
 * on, the order is kept and only the guests' readings are renewed; when it does change, the
 * rows are the ones a fresh build gives.
 */
import {describe, expect, it} from 'vitest';
import {buildGuestRows, selectGuestRows, type GuestRows} from '../../source/store/guest-rows.js';
import type {GuestsUi, SortKey} from '../../source/store/types.js';
import type {Container} from '../../source/model/docker.js';
import type {Guest, Snapshot} from '../../source/model/snapshot.js';
import {guest, snapshot} from './ops-snapshot-fixture.js';

const NAMES = ['postgresql-db', 'redis', 'postgresql-db-1', 'nginx', 'postgresql-db-2', 'docker-host'];

function refresh(change: (g: Guest, i: number) => Partial<Guest> = () => ({})): Snapshot {
	return snapshot({
		guests: NAMES.map((name, i) => {
			const g = guest({vmid: 200 + i, name, cpu: 0.01 * (i + 1), template: name === 'nginx'});
			return {...g, ...change(g, i)};
		}),
	});
}

function ui(key: SortKey, expanded: GuestsUi['expanded'] = {}): GuestsUi {
	return {selected: null, index: 0, sort: {key, desc: false}, filter: '', marks: [], rangeAnchor: null, expanded};
}

/** The rows as a user sees them: keys, the guest's readings, opened or not. */
function seen(rows: GuestRows) {
	return rows.rows.map((row) =>
		row.kind === 'guest'
			? {key: row.key, cpu: row.guest.cpu, expanded: row.expanded, hasContainers: row.hasContainers}
			: {key: row.key},
	);
}

const CONTAINER: Container = {
	id: 'abc',
	name: 'web',
	image: 'nginx:1',
	state: 'running',
	status: 'Up 1 hour',
	ports: '',
	runtime: 'docker',
};

describe('guests rows across refreshes', () => {
	it('keeps the order and renews the readings when only counters the sort ignores changed', () => {
		const choices = ui('vmid');
		const first = selectGuestRows({snapshot: refresh(), guests: choices, nodeFilter: null});
		const next = refresh((g) => ({cpu: (g.cpu ?? 0) + 0.5}));
		const rows = selectGuestRows({snapshot: next, guests: choices, nodeFilter: null});

		expect(seen(rows)).toEqual(seen(buildGuestRows(next, choices)));
		// Every guest row holds the new refresh's guest, not the one before.
		for (const row of rows.rows) if (row.kind === 'guest') expect(next.guests).toContain(row.guest);
		// The order was not worked out again: the key → row map is the one from before.
		expect(rows.indexOf).toBe(first.indexOf);
	});

	it('sorts again when the value sorted on changed', () => {
		const choices = ui('cpu');
		const first = selectGuestRows({snapshot: refresh(), guests: choices, nodeFilter: null});
		// The CPU order turns around.
		const next = refresh((_g, i) => ({cpu: 0.9 - 0.1 * i}));
		const rows = selectGuestRows({snapshot: next, guests: choices, nodeFilter: null});

		expect(seen(rows)).toEqual(seen(buildGuestRows(next, choices)));
		expect(rows.indexOf).not.toBe(first.indexOf);
		expect(rows.rows.map((r) => r.key).slice(0, 2)).toEqual(['g:205', 'g:204']);
	});

	it('moves a replica renamed into a guest of its own out from under its primary', () => {
		const choices = ui('vmid');
		selectGuestRows({snapshot: refresh(), guests: choices, nodeFilter: null});
		const next = refresh((g) => (g.name === 'postgresql-db-1' ? {name: 'rabbitmq'} : {}));
		const rows = selectGuestRows({snapshot: next, guests: choices, nodeFilter: null});

		expect(seen(rows)).toEqual(seen(buildGuestRows(next, choices)));
		expect(rows.rows.map((r) => r.key).slice(0, 4)).toEqual(['g:200', 'g:204', 'g:201', 'g:202']);
	});

	it('shows the containers of an opened Docker host once they arrive', () => {
		const choices = ui('vmid', {'g:205': true});
		selectGuestRows({snapshot: refresh(), guests: choices, nodeFilter: null});
		const next = refresh((g) => (g.name === 'docker-host' ? {containers: [CONTAINER]} : {}));
		const rows = selectGuestRows({snapshot: next, guests: choices, nodeFilter: null});

		expect(seen(rows)).toEqual(seen(buildGuestRows(next, choices)));
		expect(rows.rows.some((r) => r.kind === 'container' && r.container.name === 'web')).toBe(true);
	});

	it('filters again on a refresh when the filter has text', () => {
		const choices = {...ui('vmid'), filter: 'stopped'};
		selectGuestRows({snapshot: refresh(), guests: choices, nodeFilter: null});
		const next = refresh((g) => (g.name === 'redis' ? {status: 'stopped'} : {}));
		const rows = selectGuestRows({snapshot: next, guests: choices, nodeFilter: null});

		expect(rows.rows.map((r) => r.key)).toEqual(['g:201']);
	});
});
