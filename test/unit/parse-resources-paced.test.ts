import {describe, expect, it} from 'vitest';
import {walkArrayEntries} from '../../source/host/parse/json-array-pieces.js';
import {parsePveshResources, parsePveshResourcesPaced} from '../../source/host/parse/pvesh-resources.js';
import {listFixtures, readFixture} from '../helpers/fixtures.js';

/** A pause that counts how often the parse let the event loop run. */
function countingPause(): {pause: () => Promise<void>; count: () => number} {
	let pauses = 0;
	return {
		pause: () => {
			pauses++;
			return new Promise((resolve) => setImmediate(resolve));
		},
		count: () => pauses,
	};
}

function guestEntry(vmid: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		type: vmid % 2 === 0 ? 'lxc' : 'qemu',
		vmid,
		id: `lxc/${vmid}`,
		name: `guest-${vmid}`,
		node: 'pve',
		status: 'running',
		cpu: 0.01,
		mem: vmid * 1024,
		maxmem: 2 ** 31,
		uptime: 1000 + vmid,
		...extra,
	};
}

/** Names and tags a guest's owner typed: braces, brackets, commas, quotes and escapes inside strings. */
const AWKWARD = [
	'{not, an] object}',
	'quote " and \\ backslash',
	'ends in a backslash \\',
	'[[[',
	'}}},{"type":"lxc","vmid":1}',
	'tab\tnewline\nunicode ✓ \u0001',
];

describe('parsePveshResourcesPaced', () => {
	it('reads every fixture exactly as the whole-text parse does', async () => {
		for (const file of listFixtures('pvesh-cluster-resources')) {
			const text = readFixture(`pvesh-cluster-resources/${file}`);
			expect(await parsePveshResourcesPaced(text, countingPause().pause)).toEqual(parsePveshResources(text));
		}
	});

	it('reads a large array in pieces, pausing between them, with the same guests as a whole parse', async () => {
		const entries = Array.from({length: 1000}, (_, i) =>
			guestEntry(100 + i, {
				name: AWKWARD[i % AWKWARD.length],
				tags: 'a;b',
				ha: {managed: 1, state: 'started', nested: [{x: '}'}, ']']},
			}),
		);
		entries.push({type: 'node', node: 'pve', status: 'online', cpu: 0.2, maxcpu: 8});
		entries.push({type: 'storage', storage: 'local', node: 'pve', content: 'iso,vztmpl', disk: 1, maxdisk: 2});
		entries.push({type: 'sdn', sdn: 'zone'});
		for (const text of [JSON.stringify(entries), JSON.stringify(entries, null, 4)]) {
			const {pause, count} = countingPause();
			const paced = await parsePveshResourcesPaced(text, pause);
			expect(paced).toEqual(parsePveshResources(text));
			expect(paced.ok && paced.value.guests).toHaveLength(1000);
			expect(paced.ok && paced.value.guests.map((g) => g.name).slice(0, AWKWARD.length)).toEqual(AWKWARD);
			expect(count()).toBeGreaterThanOrEqual(2);
		}
	});

	it('keeps the warnings for entries that are not guests, at their place', async () => {
		const text = JSON.stringify([guestEntry(100), 42, {type: 'qemu', name: 'no-id'}, '[', null, [1, {a: 2}]]);
		const paced = await parsePveshResourcesPaced(text, countingPause().pause);
		expect(paced).toEqual(parsePveshResources(text));
		expect(paced.ok && paced.warnings).toHaveLength(5);
	});

	it('fails on garbage and truncated output with the same clear error as the whole-text parse', async () => {
		const good = JSON.stringify(Array.from({length: 900}, (_, i) => guestEntry(100 + i)));
		for (const text of [
			'',
			'   \n',
			good.slice(0, good.length - 1),
			good.slice(0, Math.floor(good.length / 2)),
			`${good.slice(0, -1)},]`,
			`${good}trailing`,
			good.replace('"status":"running"', '"status":runnin'),
			'[{"type":"lxc","vmid":1},,{"type":"lxc","vmid":2}]',
			'[{"type":"lxc","name":"open string}]',
			'[}',
			'<html><body>501 Not Implemented</body></html>',
			'\x00\xff\x13garbage',
			'{"data": {"a": 1}}',
		]) {
			const paced = await parsePveshResourcesPaced(text, countingPause().pause);
			expect(paced.ok, text.slice(-40)).toBe(false);
			expect(paced).toEqual(parsePveshResources(text));
			if (!paced.ok) expect(paced.error.command).toBe('pvesh get /cluster/resources');
		}
	});

	it('takes entries printed as last time from the last read and reads the changed ones anew', async () => {
		const first = Array.from({length: 1000}, (_, i) => guestEntry(100 + i));
		const before = await parsePveshResourcesPaced(JSON.stringify(first), countingPause().pause);
		const second = first.map((e, i) => (i % 10 === 0 ? {...e, cpu: 0.5, mem: 42} : e));
		const after = await parsePveshResourcesPaced(JSON.stringify(second), countingPause().pause, before);
		expect(after).toEqual(parsePveshResources(JSON.stringify(second)));
		if (!before.ok || !after.ok) throw new Error('expected both reads to work');
		expect(after.value.guests[1]).toBe(before.value.guests[1]);
		expect(after.value.guests[0]).not.toBe(before.value.guests[0]);
		expect(after.value.guests[0]).toMatchObject({vmid: 100, cpu: 0.5, mem: 42});
		// A guest gone from the front moves every entry: each is still read for what it says.
		const shifted = second.slice(1);
		const third = await parsePveshResourcesPaced(JSON.stringify(shifted), countingPause().pause, after);
		expect(third).toEqual(parsePveshResources(JSON.stringify(shifted)));
	});
});

describe('walkArrayEntries', () => {
	it('hands over each top-level entry as its own text, in pieces', async () => {
		const values = [{a: '",'}, [1, [2, '[']], 'x\\', 3.5e-2, null, true, {b: {c: '}{'}}];
		const pieces: string[][] = [];
		const walked = await walkArrayEntries(
			` [ ${values.map((v) => JSON.stringify(v)).join(' ,\n ')} ]\n`,
			(entries) => pieces.push(entries) > 0,
			async () => {},
			3,
		);
		expect(walked).toBe(true);
		expect(pieces.map((p) => p.length)).toEqual([3, 3, 1]);
		expect(pieces.flat().map((text) => JSON.parse(text) as unknown)).toEqual(values);
	});

	it('gives up on what is not a bare array it can follow', async () => {
		for (const text of ['{"data": []}', '[1, 2', '[1] 2', '["open]', '[1,,2]', '[]]', '']) {
			expect(
				await walkArrayEntries(
					text,
					() => true,
					async () => {},
				),
				text,
			).toBe(false);
		}
		expect(
			await walkArrayEntries(
				' [ ] ',
				() => true,
				async () => {},
			),
		).toBe(true);
	});
});
