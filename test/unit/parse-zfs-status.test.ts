import {describe, expect, it} from 'vitest';
import type {ParseResult} from '../../source/model/result.js';
import {parseZpoolStatus, type PoolStatusRow} from '../../source/host/parse/zpool-status.js';
import {listFixtures, readFixture} from '../helpers/fixtures.js';
import {value} from '../helpers/parse-result.js';
import {vdev} from '../helpers/vdev.js';

function only(pools: PoolStatusRow[]): PoolStatusRow {
	expect(pools).toHaveLength(1);
	return pools[0]!;
}

function statusOf(file: string): ParseResult<PoolStatusRow[]> {
	return parseZpoolStatus(readFixture(`zpool-status/${file}`));
}

const CASES: Record<string, (pools: PoolStatusRow[], warnings: readonly string[]) => void> = {
	'degraded-mirror-unavail-cannot-open-solaris-jc.txt': (pools) => {
		const pool = only(pools);
		expect(pool).toMatchObject({name: 'tank', state: 'DEGRADED', scan: {kind: 'none'}, errors: 'No known data errors'});
		expect(pool.status).toBe(
			'One or more devices could not be opened.  Sufficient replicas exist for the pool to continue functioning in a degraded state.',
		);
		expect(vdev(pool, 'c1t1d0')).toMatchObject({state: 'UNAVAIL', note: 'cannot open'});
		expect(vdev(pool, 'mirror-0').children.map((child) => child.name)).toEqual(['c1t0d0', 'c1t1d0']);
	},
	'features-upgrade-status-action-wwn-jc.txt': (pools) => {
		const pool = only(pools);
		expect(pool.status).toBe(
			'Some supported and requested features are not enabled on the pool. The pool can still be used, but some features are unavailable.',
		);
		expect(pool.action).toContain("Enable all features using 'zpool upgrade'.");
		expect(pool.action).toContain('See zpool-features(7) for details.');
		expect(pool.scan).toEqual({
			kind: 'scrub',
			state: 'done',
			errors: 0,
			finishedAt: 'Sun Feb 12 11:40:04 2023',
			text: 'scrub repaired 0B in 11:16:03 with 0 errors on Sun Feb 12 11:40:04 2023',
		});
		expect(pool.vdevs[0]?.children.map((child) => child.name)).toEqual(['mirror-0', 'mirror-1']);
		expect(vdev(pool, 'mirror-1').children.map((child) => child.name)).toEqual([
			'wwn-0x5000c500e39e8af6',
			'wwn-0x5000c500e3b3a41e',
		]);
	},
	'logs-mirror-old-scrub-line-openzfs-man.txt': (pools, warnings) => {
		const pool = only(pools);
		expect(pool.scan).toEqual({kind: 'none'});
		expect(pool.vdevs.map((top) => [top.name, top.group])).toEqual([
			['tank', undefined],
			['mirror-2', 'logs'],
		]);
		expect(vdev(pool, 'sdf').group).toBe('logs');
		// The man page excerpt stops before `errors:`.
		expect(warnings).toContain('pool tank: output ends before the errors: line');
	},
	'mirror-cksum-2-action-9P-tabs-zol07-himmelwright.txt': (pools) => {
		const pool = only(pools);
		expect(vdev(pool, 'ata-TOSHIBA_DT01ACA300_365XDT3KS')).toMatchObject({
			read: 0,
			write: 0,
			cksum: 2,
			state: 'ONLINE',
		});
		expect(pool.action).toBe(
			"Determine if the device needs to be replaced, and clear the errors using 'zpool clear' or replace the device with 'zpool replace'.",
		);
		expect(pool.scan).toMatchObject({
			kind: 'resilver',
			state: 'done',
			errors: 0,
			finishedAt: 'Sat Jan 12 10:49:31 2019',
		});
	},
	'mirror-cksum-errors-action-9P-spaces-openzfs8688.txt': (pools) => {
		const pool = only(pools);
		expect(vdev(pool, 'ram1').cksum).toBe(47);
		expect(vdev(pool, 'mirror-0').children).toHaveLength(2);
		expect(pool.status).toContain('An attempt was made to correct the error.');
	},
	'multi-pool-3-mirror-cksum-file-vdev-zol07-himmelwright-notes.txt': (pools) => {
		expect(pools.map((pool) => pool.name)).toEqual(['Backups', 'Data', 'default']);
		expect(pools[0]?.scan).toMatchObject({kind: 'scrub', state: 'done', finishedAt: 'Tue Nov 20 00:23:13 2018'});
		expect(vdev(pools[1]!, 'ata-TOSHIBA_DT01ACA300_365XDT3KS').cksum).toBe(2);
		expect(pools[2]?.vdevs[0]?.children.map((child) => child.name)).toEqual(['/var/lib/lxd/disks/default.img']);
		expect(pools[1]?.status).toContain('unrecoverable error');
		expect(pools[0]?.status).toBeUndefined();
	},
	'online-with-unavail-label-missing-usertrimmed-openzfs3998.txt': (pools, warnings) => {
		const pool = only(pools);
		expect(pool.state).toBe('ONLINE');
		expect(vdev(pool, '17682433485448789979')).toMatchObject({
			state: 'UNAVAIL',
			note: 'was /dev/disk/by-id/ata-TOSHIBA_DT01ACA200_74FWMHDKS',
		});
		expect(vdev(pool, 'raidz1-0').children).toHaveLength(3);
		expect(pool.scan).toMatchObject({kind: 'resilver', state: 'done', errors: 0});
		expect(warnings.length).toBeGreaterThan(0);
	},
	'pve-rpool-2mirror-scan-none-pvedocs.txt': (pools) => {
		const pool = only(pools);
		expect(pool).toMatchObject({name: 'rpool', state: 'ONLINE', scan: {kind: 'none'}, errors: 'No known data errors'});
		expect(pool.vdevs).toHaveLength(1);
		expect(pool.vdevs[0]?.children.map((mirror) => [mirror.name, mirror.children.map((disk) => disk.name)])).toEqual([
			['mirror-0', ['sda2', 'sdb2']],
			['mirror-1', ['sdc', 'sdd']],
		]);
	},
	'resilver-in-progress-old-format-logs-cache-openzfs3267.txt': (pools) => {
		const pool = only(pools);
		expect(pool.scan).toMatchObject({kind: 'resilver', state: 'in-progress', percent: 0.39, eta: '0h46m'});
		expect(pool.vdevs.map((top) => [top.name, top.group])).toEqual([
			['tank', undefined],
			['mirror-1', 'logs'],
			['sda4', 'cache'],
			['sdb4', 'cache'],
		]);
	},
	'resilver-in-progress-replacing-offline-was-old-days-to-go-logs-cache-pve-ovh3-openfoodfacts.txt': (pools) => {
		const pool = only(pools);
		expect(pool.state).toBe('DEGRADED');
		expect(pool.scan).toMatchObject({kind: 'resilver', state: 'in-progress', percent: 0.01, eta: '35 days 15:39:43'});
		const replacing = vdev(pool, 'replacing-2');
		expect(replacing.state).toBe('DEGRADED');
		expect(replacing.children).toEqual([
			{
				name: '17844476680277185950',
				state: 'OFFLINE',
				read: 0,
				write: 0,
				cksum: 0,
				note: 'was /dev/sdc1/old',
				children: [],
			},
			{name: 'sdc', state: 'ONLINE', read: 0, write: 0, cksum: 0, children: []},
		]);
		expect(vdev(pool, 'raidz2-0').children.map((child) => child.name)).toEqual([
			'sda',
			'sdb',
			'replacing-2',
			'sdd',
			'sde',
			'sdf',
		]);
		// `logs\t` has a trailing tab in this paste.
		expect(vdev(pool, 'nvme0n1p4').group).toBe('logs');
		expect(vdev(pool, 'nvme0n1p5').group).toBe('cache');
	},
	'resilver-old-scanned-out-of-format-offline-plus-replacing-old-pve-ovh3-openfoodfacts.txt': (pools) => {
		const pool = only(pools);
		expect(pool.scan).toMatchObject({kind: 'resilver', state: 'in-progress', percent: 37.87, eta: '8h45m'});
		expect(vdev(pool, 'sdb').state).toBe('OFFLINE');
		expect(vdev(pool, 'replacing-5').children.map((child) => [child.name, child.state])).toEqual([
			['old', 'OFFLINE'],
			['sdf', 'ONLINE'],
		]);
	},
	'resilvered-complete-online-zol07-himmelwright.txt': (pools) => {
		expect(only(pools).scan).toEqual({
			kind: 'resilver',
			state: 'done',
			errors: 0,
			finishedAt: 'Sat Jan 12 15:38:26 2019',
			text: 'resilvered 1.03T in 4h8m with 0 errors on Sat Jan 12 15:38:26 2019',
		});
	},
	'scrub-in-progress-fragment-openzfs-man.txt': (pools, warnings) => {
		const pool = only(pools);
		expect(pool.name).toBe('');
		expect(pool.scan).toMatchObject({kind: 'scrub', state: 'in-progress', percent: 16.91, eta: '00:00:04'});
		expect(warnings).toContain('the output does not start with a pool: line');
		expect(warnings).toContain('the output has elided (`...`) lines');
	},
	'single-disk-no-redundancy-no-scan-line-pve9.1-emesix-5700g.txt': (pools) => {
		const pool = only(pools);
		expect(pool.scan).toEqual({kind: 'none'});
		expect(pool.vdevs[0]?.children.map((disk) => disk.name)).toEqual(['nvme-eui.0025385281b1273f-part3']);
	},
	'spares-avail-scan-snipped-jc.txt': (pools) => {
		const pool = only(pools);
		expect(pool.vdevs.at(-1)).toEqual({
			name: 'sdf',
			state: 'AVAIL',
			read: 0,
			write: 0,
			cksum: 0,
			group: 'spares',
			children: [],
		});
		expect(pool.vdevs[0]?.children).toHaveLength(4);
		expect(pool.scan).toMatchObject({kind: 'scrub', state: 'done', text: 'scrub repaired 0B in <snip>'});
	},
	'stripe-2disk-no-redundancy-no-scan-line-pve9.1-emesix-8845hs.txt': (pools) => {
		const pool = only(pools);
		// No mirror/raidz: both disks hang directly off the pool.
		expect(pool.vdevs[0]?.children.map((disk) => [disk.name, disk.children.length])).toEqual([
			['nvme-CT500P5PSSD8_22493D0CE416-part3', 0],
			['nvme-CT500P5PSSD8_23123F86BF7B-part3', 0],
		]);
	},
	'three-single-disk-pools-no-blank-lines-jc.txt': (pools) => {
		expect(pools.map((pool) => pool.name)).toEqual(['zhgstera6', 'zint500', 'zsam53']);
		expect(pools[0]?.scan).toMatchObject({kind: 'scrub', state: 'canceled', finishedAt: 'Fri Aug 19 15:33:19 2022'});
		expect(pools[1]?.scan).toMatchObject({
			kind: 'scrub',
			state: 'done',
			errors: 0,
			finishedAt: 'Tue Aug 16 00:20:50 2022',
		});
		expect(pools[2]?.vdevs[0]?.children[0]?.name).toBe('Portable_SSD_T5-S49WNP0N120517B:8');
		expect(pools.every((pool) => pool.errors === 'No known data errors')).toBe(true);
	},
	'unavail-insufficient-replicas-permanent-errors-solaris-jc.txt': (pools) => {
		const pool = only(pools);
		expect(pool.vdevs[0]).toMatchObject({name: 'tank', state: 'UNAVAIL', note: 'insufficient replicas'});
		expect(vdev(pool, 'c1t1d0')).toMatchObject({read: 4, write: 1, cksum: 0, note: 'cannot open'});
		expect(pool.errors).toBe(
			'Permanent errors have been detected in the following files:\n/tank/data/aaa\n/tank/data/bbb\n/tank/data/ccc',
		);
		expect(pool.scan).toMatchObject({kind: 'scrub', state: 'done', errors: 0, finishedAt: 'Tue Feb  2 13:08:42 2010'});
	},
	'x-pve-raidz2-degraded-unavail-was-path-TRUNCATED-openzfs10123.txt': (pools, warnings) => {
		const pool = only(pools);
		expect(vdev(pool, 'raidz2-0').children).toHaveLength(7);
		expect(vdev(pool, '5059338246820777521')).toMatchObject({
			state: 'UNAVAIL',
			note: 'was /dev/disk/by-id/wwn-0x50014ee2b36b4fea-part1',
		});
		expect(warnings).toContain('pool zfsTest: output ends before the errors: line');
	},
};

describe('parseZpoolStatus', () => {
	it('has a concrete case for every zpool-status fixture', () => {
		expect(listFixtures('zpool-status')).toEqual(Object.keys(CASES).sort());
	});

	it('every file parses ok into at least one pool with a scan and a config tree', () => {
		for (const file of listFixtures('zpool-status')) {
			const pools = value(statusOf(file));
			expect(pools.length, file).toBeGreaterThan(0);
			// The fragment has only a scan line; everything else has the pool's own row.
			if (!file.includes('fragment'))
				expect(
					pools.every((pool) => pool.vdevs[0]?.name === pool.name),
					file,
				).toBe(true);
		}
	});

	for (const [file, check] of Object.entries(CASES)) {
		it(`reads ${file}`, () => {
			const result = statusOf(file);
			check(value(result), (result.ok && result.warnings) || []);
		});
	}

	it('converts abbreviated error counters (1.2K) and keeps a note after them', () => {
		const text =
			"  pool: tank\n state: DEGRADED\nconfig:\n\n\tNAME        STATE     READ WRITE CKSUM\n\ttank        DEGRADED     0     0     0\n\t  sdb       FAULTED   1.2K    15  2.5M  too many errors\n\nerrors: 3 data errors, use '-v' for a list\n";
		const pool = only(value(parseZpoolStatus(text)));
		expect(vdev(pool, 'sdb')).toMatchObject({read: 1229, write: 15, cksum: 2621440, note: 'too many errors'});
		expect(pool.errors).toBe("3 data errors, use '-v' for a list");
	});

	it('reads special and dedup groups', () => {
		const text =
			'  pool: fast\n state: ONLINE\nconfig:\n\n\tNAME        STATE     READ WRITE CKSUM\n\tfast        ONLINE       0     0     0\n\t  sda       ONLINE       0     0     0\n\tspecial\n\t  mirror-1  ONLINE       0     0     0\n\t    nvme0   ONLINE       0     0     0\n\tdedup\n\t  nvme1     ONLINE       0     0     0\n\nerrors: No known data errors\n';
		const pool = only(value(parseZpoolStatus(text)));
		expect(pool.vdevs.map((top) => [top.name, top.group])).toEqual([
			['fast', undefined],
			['mirror-1', 'special'],
			['nvme1', 'dedup'],
		]);
		expect(vdev(pool, 'nvme0').group).toBe('special');
	});

	it('reads "no pools available" and "all pools are healthy" as no pools', () => {
		expect(value(parseZpoolStatus('no pools available\n'))).toEqual([]);
		expect(value(parseZpoolStatus('all pools are healthy\n'))).toEqual([]);
	});
});

describe('zpool status on garbage', () => {
	it('fails on empty input, random bytes and text with no pool', () => {
		const bytes = new Uint8Array(2048).map((_, index) => (index * 7919 + 13) % 256);
		for (const text of ['', '\n\n', new TextDecoder().decode(bytes), 'hello world\nthis is not zpool\n']) {
			const result = parseZpoolStatus(text);
			expect(result).toMatchObject({ok: false, error: {kind: 'parse-error', command: 'zpool status'}});
		}
	});

	it('a status cut inside the config keeps the complete rows and warns', () => {
		const text = readFixture(
			'zpool-status/resilver-in-progress-replacing-offline-was-old-days-to-go-logs-cache-pve-ovh3-openfoodfacts.txt',
		);
		const result = parseZpoolStatus(text.slice(0, text.indexOf('sdd')));
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const pool = only(result.value);
		expect(vdev(pool, 'replacing-2').children.map((child) => child.name)).toEqual(['17844476680277185950', 'sdc']);
		expect(pool.scan).toMatchObject({percent: 0.01});
		expect(result.warnings).toContain('pool rpool: output ends before the errors: line');
	});

	it('never throws on any prefix of any fixture; every prefix past the pool line parses', () => {
		for (const file of listFixtures('zpool-status')) {
			const text = readFixture(`zpool-status/${file}`);
			for (let cut = 0; cut <= text.length; cut += 7) {
				const result = parseZpoolStatus(text.slice(0, cut));
				expect(typeof result.ok).toBe('boolean');
				const poolLine = text.indexOf('pool: ');
				if (poolLine !== -1 && cut > poolLine + 'pool: '.length) expect(result.ok).toBe(true);
			}
		}
	});
});
