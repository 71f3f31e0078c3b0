import {describe, expect, it} from 'vitest';
import {parseZfsList} from '../../source/host/parse/zfs-list.js';
import {parseZpoolList} from '../../source/host/parse/zpool-list.js';
import {listFixtures, readFixture} from '../helpers/fixtures.js';
import {value} from '../helpers/parse-result.js';

const G = 1024 ** 3;
const T = 1024 ** 4;

const ZFS_LIST_CASES: Record<string, () => void> = {
	'H-o-usedby-dash-values-freebsd-openzfs17938.txt': () => {
		// Space-aligned -H paste; only name and used are model fields, the usedby* columns are ignored.
		const result = parseZfsList(readFixture('zfs-list/H-o-usedby-dash-values-freebsd-openzfs17938.txt'), [
			'name',
			'used',
			'usedds',
			'usedchild',
			'usedsnap',
			'usedrefreserv',
			'logicalused',
		]);
		const rows = value(result);
		expect(rows.map((row) => [row.name, row.used])).toEqual([
			['z/data/VMs', Math.round(2.95 * G)],
			['z/data/share', Math.round(2.9 * T)],
		]);
		expect(rows[0]?.mountpoint).toBeNull();
		expect(result.ok && result.warnings).toContain('the output has no avail column');
	},
	'Hp-o-name-avail-used-usedsnap-usedds-telegraf.txt': () => {
		const rows = value(
			parseZfsList(readFixture('zfs-list/Hp-o-name-avail-used-usedsnap-usedds-telegraf.txt'), [
				'name',
				'avail',
				'used',
				'usedsnap',
				'usedds',
			]),
		);
		expect(rows).toHaveLength(4);
		// No refer column was asked for: unknown, not 0.
		expect(rows[3]).toEqual({
			name: 'zata/storage',
			used: 8556084379648,
			avail: 10741741326336,
			refer: null,
			mountpoint: null,
		});
		expect(rows[1]).toMatchObject({name: 'zata/home', used: 2498560});
	},
	'plain-head30-subvol-base-cloudinit-pve8.4-cyberrange.txt': () => {
		const rows = value(parseZfsList(readFixture('zfs-list/plain-head30-subvol-base-cloudinit-pve8.4-cyberrange.txt')));
		expect(rows).toHaveLength(29);
		expect(rows.find((row) => row.name === 'vmdata/subvol-400-disk-0')).toEqual({
			name: 'vmdata/subvol-400-disk-0',
			used: Math.round(3.05 * G),
			avail: 13 * G,
			refer: Math.round(2.95 * G),
			mountpoint: '/vmdata/subvol-400-disk-0',
		});
		expect(rows.find((row) => row.name === 'vmdata/vm-143-cloudinit')).toMatchObject({
			used: 144 * 1024,
			refer: 72 * 1024,
			mountpoint: null,
		});
		expect(rows.at(-1)?.name).toBe('vmstore/vm-102-cloudinit');
	},
	'plain-openzfs-man.txt': () => {
		const rows = value(parseZfsList(readFixture('zfs-list/plain-openzfs-man.txt')));
		expect(rows.map((row) => row.mountpoint)).toEqual([
			'/pool',
			'/export/home',
			'/export/home/anne',
			'/export/home/bob',
		]);
		expect(rows[3]).toMatchObject({name: 'pool/home/bob', used: 276 * 1024, avail: 457 * G});
	},
	'plain-rpool-tank-pve9.2-cyberrange.txt': () => {
		const rows = value(parseZfsList(readFixture('zfs-list/plain-rpool-tank-pve9.2-cyberrange.txt')));
		expect(rows).toHaveLength(16);
		expect(rows.find((row) => row.name === 'rpool/data/vm-170-disk-1')).toEqual({
			name: 'rpool/data/vm-170-disk-1',
			used: Math.round(70.7 * G),
			avail: 810 * G,
			refer: Math.round(70.7 * G),
			mountpoint: null,
		});
		expect(rows.find((row) => row.name === 'tank/backup')).toMatchObject({
			used: 327 * G,
			avail: Math.round(2.51 * T),
			mountpoint: '/tank/backup',
		});
	},
	'plain-two-datasets-openzfs17938.txt': () => {
		const rows = value(parseZfsList(readFixture('zfs-list/plain-two-datasets-openzfs17938.txt')));
		expect(rows).toEqual([
			{
				name: 'z/data/VMs',
				used: Math.round(2.95 * G),
				avail: Math.round(7.47 * T),
				refer: Math.round(2.59 * G),
				mountpoint: '/data/VMs',
			},
			{
				name: 'z/data/share',
				used: Math.round(2.9 * T),
				avail: Math.round(7.47 * T),
				refer: Math.round(2.3 * T),
				mountpoint: '/data/share',
			},
		]);
	},
	'pve-default-layout-pvedocs.txt': () => {
		const rows = value(parseZfsList(readFixture('zfs-list/pve-default-layout-pvedocs.txt')));
		expect(rows.map((row) => row.name)).toEqual([
			'rpool',
			'rpool/ROOT',
			'rpool/ROOT/pve-1',
			'rpool/data',
			'rpool/swap',
		]);
		expect(rows[2]).toEqual({
			name: 'rpool/ROOT/pve-1',
			used: 702 * 1024 ** 2,
			avail: Math.round(7.68 * T),
			refer: 702 * 1024 ** 2,
			mountpoint: '/',
		});
		expect(rows[4]?.mountpoint).toBeNull();
	},
};

describe('parseZfsList', () => {
	it('has a concrete case for every zfs-list fixture', () => {
		expect(listFixtures('zfs-list')).toEqual(Object.keys(ZFS_LIST_CASES).sort());
	});

	for (const [file, check] of Object.entries(ZFS_LIST_CASES)) it(`reads ${file}`, check);

	it('reads the host contract form: tabs, bytes, `-`/`none` mountpoints as null, `legacy` kept', () => {
		const text =
			'rpool\t5304284611\t8444249301320\t98304\t/rpool\nrpool/swap\t4563402752\t8455244417597\t65536\t-\nrpool/nomount\t1\t2\t3\tnone\nrpool/old\t10\t20\t30\tlegacy\nrpool/with space\t1\t2\t3\t/mnt/my share\n';
		const rows = value(parseZfsList(text));
		expect(rows.map((row) => row.mountpoint)).toEqual(['/rpool', null, null, 'legacy', '/mnt/my share']);
		expect(rows[0]).toEqual({
			name: 'rpool',
			used: 5304284611,
			avail: 8444249301320,
			refer: 98304,
			mountpoint: '/rpool',
		});
	});

	it('keeps the type column when asked for it', () => {
		const rows = value(
			parseZfsList('rpool/data/vm-100-disk-0\tvolume\t100\t200\t300\t-\n', [
				'name',
				'type',
				'used',
				'avail',
				'refer',
				'mountpoint',
			]),
		);
		expect(rows[0]).toMatchObject({type: 'volume', used: 100, mountpoint: null});
	});
});

/** Deterministic noise (a fixed-seed LCG), so a failure can be reproduced. */
function noise(length: number, seed: number): string {
	const bytes = new Uint8Array(length);
	let state = seed;
	for (let index = 0; index < length; index++) {
		state = (state * 1103515245 + 12345) >>> 0;
		bytes[index] = state >>> 24;
	}
	return new TextDecoder().decode(bytes);
}

describe('zpool list / zfs list on garbage', () => {
	const parsers = {
		'zpool list': (text: string) => parseZpoolList(text),
		'zfs list': (text: string) => parseZfsList(text),
	};

	for (const [command, parse] of Object.entries(parsers)) {
		it(`${command}: empty, blank and random bytes fail with a typed error naming the command`, () => {
			for (const text of ['', '   \n\n', noise(4096, 7), noise(300, 99), '\u0000\u0001\u0002']) {
				const result = parse(text);
				expect(result.ok).toBe(false);
				if (!result.ok) expect(result.error).toMatchObject({kind: 'parse-error', command});
			}
		});
	}

	it('zpool list: JSON cut short fails; a table cut mid-row is a parse error naming the row', () => {
		const json = readFixture('zpool-list/j-json-openzfs-man.json');
		for (const cut of [1, 50, 400, json.length - 3]) expect(parseZpoolList(json.slice(0, cut)).ok).toBe(false);
		const plain = readFixture('zpool-list/plain-with-faulted-pool-openzfs-man.txt');
		const cutInTank = plain.indexOf('41.5G');
		const result = parseZpoolList(plain.slice(0, cutInTank));
		expect(result.ok ? '' : result.error.message).toBe(
			'line 3 has 3 fields where the columns (name,size,alloc,free,expandsz,frag,cap,dedup,health,altroot) make 10',
		);
	});

	it('a row with another number of columns than the command asked for is a typed error, not a pool read sideways', () => {
		const columns = ['name', 'size', 'alloc', 'free', 'frag', 'cap', 'dedup', 'health'];
		// One field short (no frag): read as asked, the capacity would land in frag and the dedup in cap.
		const short = 'media-pool\t7993639436288\t6722650769497\t1270988666791\t84\t1.00\tONLINE\n';
		expect(parseZpoolList(short, columns)).toMatchObject({
			ok: false,
			error: {
				command: 'zpool list',
				message: 'line 1 has 7 fields where the columns (name,size,alloc,free,frag,cap,dedup,health) make 8',
			},
		});
		const long = 'media-pool\t7993639436288\t6722650769497\t1270988666791\t-\t9\t84\t1.00\tONLINE\n';
		expect(parseZpoolList(long, columns).ok).toBe(false);
		const datasets = ['name', 'used', 'avail', 'refer', 'mountpoint'];
		expect(parseZfsList('tank\t100\t200\t/tank\n', datasets)).toMatchObject({
			ok: false,
			error: {
				command: 'zfs list',
				message: 'line 1 has 4 fields where the columns (name,used,avail,refer,mountpoint) make 5',
			},
		});
		expect(parseZfsList('tank\t100\t200\t300\t/tank\textra\n', datasets).ok).toBe(false);
	});

	it("an UNAVAIL pool's `-` values are unknown, as are a faulted dataset's", () => {
		const columns = ['name', 'size', 'alloc', 'free', 'frag', 'cap', 'dedup', 'health'];
		const rows = value(parseZpoolList('media-pool\t-\t-\t-\t-\t-\t-\tUNAVAIL\n', columns));
		expect(rows).toEqual([
			{
				name: 'media-pool',
				size: null,
				alloc: null,
				free: null,
				capacity: null,
				frag: null,
				dedup: null,
				health: 'UNAVAIL',
			},
		]);
		const datasets = value(
			parseZfsList('media-pool\t-\t-\t-\t/media-pool\n', ['name', 'used', 'avail', 'refer', 'mountpoint']),
		);
		expect(datasets).toEqual([{name: 'media-pool', used: null, avail: null, refer: null, mountpoint: '/media-pool'}]);
	});

	it('never throws on any prefix of any fixture', () => {
		for (const folder of ['zpool-list', 'zfs-list']) {
			for (const file of listFixtures(folder)) {
				const text = readFixture(`${folder}/${file}`);
				for (let cut = 0; cut <= text.length; cut += Math.max(1, Math.floor(text.length / 23))) {
					for (const parse of Object.values(parsers)) {
						const result = parse(text.slice(0, cut));
						expect(typeof result.ok).toBe('boolean');
					}
				}
			}
		}
	});
});
