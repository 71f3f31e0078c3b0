import {describe, expect, it} from 'vitest';
import type {ParseResult} from '../../source/model/result.js';
import {parseZpoolList, type ZpoolRow} from '../../source/host/parse/zpool-list.js';
import {listFixtures, readFixture} from '../helpers/fixtures.js';
import {value} from '../helpers/parse-result.js';

const G = 1024 ** 3;
const T = 1024 ** 4;

function pool(rows: ZpoolRow[], name: string): ZpoolRow {
	const row = rows.find((candidate) => candidate.name === name);
	if (!row) throw new Error(`no pool ${name} in ${rows.map((r) => r.name).join(',')}`);
	return row;
}

const TELEGRAF_COLUMNS = ['name', 'health', 'size', 'alloc', 'free', 'frag', 'cap', 'dedup'];

/** zpool-list fixture -> how to parse it and what a user would see in it. */
const ZPOOL_LIST_CASES: Record<
	string,
	{parse: (text: string) => ParseResult<ZpoolRow[]>; check: (rows: ZpoolRow[]) => void}
> = {
	'Hp-o-name-health-size-alloc-free-frag-cap-dedup-freenas-pct-x-suffix-telegraf.txt': {
		parse: (text) => parseZpoolList(text, TELEGRAF_COLUMNS),
		check: (rows) => {
			expect(rows.map((row) => row.name)).toEqual(['freenas-boot', 'red1', 'temp1', 'temp2']);
			expect(pool(rows, 'red1')).toEqual({
				name: 'red1',
				size: 8933531975680,
				alloc: 1126164848640,
				free: 7807367127040,
				capacity: 12,
				frag: 8,
				dedup: 1.83,
				health: 'ONLINE',
			});
			expect(pool(rows, 'freenas-boot').frag).toBeNull();
			expect(pool(rows, 'temp1').dedup).toBe(1.28);
		},
	},
	'Hp-o-same-cols-freebsd14-telegraf.txt': {
		parse: (text) => parseZpoolList(text, TELEGRAF_COLUMNS),
		check: (rows) =>
			expect(rows).toEqual([
				{
					name: 'zroot',
					size: 67108864000,
					alloc: 11959578624,
					free: 55149285376,
					capacity: 17,
					frag: 4,
					dedup: 1,
					health: 'ONLINE',
				},
			]),
	},
	'j-json-openzfs-man.json': {
		parse: (text) => parseZpoolList(text),
		check: (rows) =>
			expect(rows).toEqual([
				{
					name: 'tank',
					size: 111 * G,
					alloc: Math.round(30.8 * G),
					free: Math.round(80.2 * G),
					capacity: 27,
					frag: 0,
					dedup: 1,
					health: 'ONLINE',
				},
			]),
	},
	'p-parsable-degraded-netdata18359.txt': {
		parse: (text) => parseZpoolList(text),
		check: (rows) =>
			expect(rows).toEqual([
				{
					name: 'store',
					size: 9981503995904,
					alloc: 3046188658688,
					free: 6935315337216,
					capacity: 30,
					frag: 9,
					dedup: 1,
					health: 'DEGRADED',
				},
			]),
	},
	'plain-rpool-2disk-stripe-pve9.1-emesix-8845hs.txt': {
		parse: (text) => parseZpoolList(text),
		check: (rows) =>
			expect(rows).toEqual([
				{
					name: 'rpool',
					size: 920 * G,
					alloc: Math.round(2.73 * G),
					free: 917 * G,
					capacity: 0,
					frag: 0,
					dedup: 1,
					health: 'ONLINE',
				},
			]),
	},
	'plain-rpool-tank-pve9.2-cyberrange.txt': {
		parse: (text) => parseZpoolList(text),
		check: (rows) => {
			expect(rows.map((row) => row.name)).toEqual(['rpool', 'tank']);
			expect(pool(rows, 'tank')).toMatchObject({size: Math.round(3.62 * T), alloc: 1 * T, capacity: 27, frag: 0});
			expect(pool(rows, 'rpool')).toMatchObject({size: 928 * G, frag: 14, capacity: 9});
		},
	},
	'plain-two-pools-pve8-cyberrange.txt': {
		parse: (text) => parseZpoolList(text),
		check: (rows) => {
			expect(pool(rows, 'vmstore')).toMatchObject({
				size: Math.round(1.66 * T),
				alloc: 957 * G,
				free: 739 * G,
				capacity: 56,
				frag: 9,
			});
			expect(pool(rows, 'vmdata')).toMatchObject({size: 888 * G, capacity: 26, frag: 25});
		},
	},
	'plain-with-faulted-pool-openzfs-man.txt': {
		parse: (text) => parseZpoolList(text),
		check: (rows) => {
			expect(rows).toHaveLength(3);
			// ZFS prints `-` for every value of a FAULTED pool: unknown, not 0 (nor a dedup of 1).
			expect(pool(rows, 'zion')).toEqual({
				name: 'zion',
				size: null,
				alloc: null,
				free: null,
				capacity: null,
				frag: null,
				dedup: null,
				health: 'FAULTED',
			});
			expect(pool(rows, 'rpool')).toMatchObject({size: Math.round(19.9 * G), capacity: 42, frag: 33});
		},
	},
	'v-raidz-expandsz-openzfs-man.txt': {
		parse: (text) => parseZpoolList(text),
		check: (rows) =>
			expect(rows).toEqual([
				{
					name: 'data',
					size: Math.round(23.9 * G),
					alloc: Math.round(14.6 * G),
					free: Math.round(9.3 * G),
					capacity: 61,
					frag: 48,
					dedup: 1,
					health: 'ONLINE',
				},
			]),
	},
	'vHPp-scripted-tabs-mirror-systeminformation802.txt': {
		parse: (text) => parseZpoolList(text),
		check: (rows) =>
			expect(rows).toEqual([
				{
					name: 'pool_0',
					size: 1992864825344,
					alloc: 779701190656,
					free: 1213163634688,
					capacity: 39,
					frag: 0,
					dedup: 1,
					health: 'ONLINE',
				},
			]),
	},
	'vpL-parsable-nvme-mirror-netdata-testdata.txt': {
		parse: (text) => parseZpoolList(text),
		check: (rows) =>
			expect(rows).toEqual([
				{
					name: 'rpool',
					size: 3985729650688,
					alloc: 1647130456064,
					free: 2338599194624,
					capacity: 41,
					frag: 55,
					dedup: 1,
					health: 'ONLINE',
				},
			]),
	},
};

describe('parseZpoolList', () => {
	it('has a concrete case for every zpool-list fixture', () => {
		expect(listFixtures('zpool-list')).toEqual(Object.keys(ZPOOL_LIST_CASES).sort());
	});

	it('every file parses ok into at least one pool (with its columns where it has no header)', () => {
		for (const [file, {parse}] of Object.entries(ZPOOL_LIST_CASES))
			expect(value(parse(readFixture(`zpool-list/${file}`))).length, file).toBeGreaterThan(0);
	});

	for (const [file, {parse, check}] of Object.entries(ZPOOL_LIST_CASES)) {
		it(`reads ${file}`, () => check(value(parse(readFixture(`zpool-list/${file}`)))));
	}

	it('reads the host contract form (-Hp, contract columns, `-` frag)', () => {
		const rows = value(
			parseZpoolList(
				'rpool\t999653638144\t4521984000\t995131654144\t1\t0\t1.00\tONLINE\ntank\t3985729650688\t0\t3985729650688\t-\t0\t1.00\tDEGRADED\n',
			),
		);
		expect(rows).toEqual([
			{
				name: 'rpool',
				size: 999653638144,
				alloc: 4521984000,
				free: 995131654144,
				capacity: 0,
				frag: 1,
				dedup: 1,
				health: 'ONLINE',
			},
			{
				name: 'tank',
				size: 3985729650688,
				alloc: 0,
				free: 3985729650688,
				capacity: 0,
				frag: null,
				dedup: 1,
				health: 'DEGRADED',
			},
		]);
	});

	it('reads "no pools available" as an empty list', () => {
		expect(value(parseZpoolList('no pools available\n'))).toEqual([]);
	});
});
