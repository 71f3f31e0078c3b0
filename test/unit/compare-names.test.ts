/**
 * The order of names in every list (guests by name, nodes, pools, storages, stacks):
 * case-insensitive, numbers by value, total. It reads the way the locale's collation did for
 * the ASCII names hosts give, without loading ICU's collation tables.
 */
import {describe, expect, it} from 'vitest';
import {compareNames} from '../../source/model/compare.js';

const sorted = (names: string[]): string[] => [...names].sort(compareNames);

describe('compareNames', () => {
	it('orders names case-insensitively, lower case first when that is all that differs', () => {
		expect(sorted(['Zabbix', 'adguard', 'Immich', 'homeassistant', 'immich'])).toEqual([
			'adguard',
			'homeassistant',
			'immich',
			'Immich',
			'Zabbix',
		]);
	});

	it('orders numbers inside names by value: pve2 before pve10', () => {
		expect(sorted(['pve10', 'pve2', 'pve1', 'web-03', 'web-1'])).toEqual(['pve1', 'pve2', 'pve10', 'web-1', 'web-03']);
	});

	it('agrees with the locale collation on the names of the demo homelab', () => {
		// Hostnames, pools, datasets and storages as the fixtures have them: no numbers that
		// collation would read digit by digit.
		const names = [
			'local-lvm',
			'local',
			'nas-backup',
			'tank',
			'tank/media',
			'tank/backups',
			'rpool/data',
			'rpool',
			'jellyfin',
			'Jellyfin-old',
			'pihole',
			'vaultwarden',
			'docker-host',
			'dockerhost',
		];
		expect(sorted(names)).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});

	it('is a total order: equal only for the same name, and antisymmetric', () => {
		const names = ['a', 'A', 'a1', 'a01', 'a001', 'b', 'B1', 'b1', '', '-', '_x'];
		for (const a of names)
			for (const b of names) {
				expect(Math.sign(compareNames(a, b)) + Math.sign(compareNames(b, a))).toBe(0);
				expect(compareNames(a, b) === 0).toBe(a === b);
			}
	});
});
