import {describe, expect, it} from 'vitest';
import {parseZpoolStatus, parseZpoolStatusJson} from '../../source/host/parse/zpool-status.js';
import {value} from '../helpers/parse-result.js';
import {vdev} from '../helpers/vdev.js';

describe('parseZpoolStatusJson', () => {
	const json = JSON.stringify({
		output_version: {command: 'zpool status', vers_major: 0, vers_minor: 1},
		pools: {
			tank: {
				name: 'tank',
				state: 'DEGRADED',
				status: 'One or more devices has been taken offline by the administrator.',
				action: "Online the device using 'zpool online'.",
				scan_stats: {
					function: 'RESILVER',
					state: 'SCANNING',
					start_time: 'Mon Jul 17 16:27:48 2023',
					to_examine: '32.1T',
					examined: '599G',
					issued: '3.21T',
					errors: '0',
				},
				vdevs: {
					tank: {
						name: 'tank',
						vdev_type: 'root',
						state: 'DEGRADED',
						read_errors: '0',
						write_errors: '0',
						checksum_errors: '0',
						vdevs: {
							'mirror-0': {
								name: 'mirror-0',
								vdev_type: 'mirror',
								state: 'DEGRADED',
								read_errors: '0',
								write_errors: '0',
								checksum_errors: '0',
								vdevs: {
									sda: {
										name: 'sda',
										vdev_type: 'disk',
										state: 'ONLINE',
										read_errors: '0',
										write_errors: '0',
										checksum_errors: '12',
									},
									sdb: {
										name: 'sdb',
										vdev_type: 'disk',
										state: 'OFFLINE',
										read_errors: '0',
										write_errors: '0',
										checksum_errors: '0',
									},
								},
							},
						},
					},
				},
				logs: {
					nvme0n1p4: {name: 'nvme0n1p4', state: 'ONLINE', read_errors: '0', write_errors: '0', checksum_errors: '0'},
				},
				l2cache: {
					nvme0n1p5: {name: 'nvme0n1p5', state: 'ONLINE', read_errors: '0', write_errors: '0', checksum_errors: '0'},
				},
				spares: {sdz: {name: 'sdz', state: 'AVAIL'}},
				error_count: '0',
			},
			backup: {
				name: 'backup',
				state: 'ONLINE',
				scan_stats: {function: 'SCRUB', state: 'FINISHED', end_time: 'Sun Oct 19 00:24:01 2025', errors: '0'},
				vdevs: {},
				error_count: '2',
			},
		},
	});

	it('reads pools, scan stats, nested vdevs and groups', () => {
		const pools = value(parseZpoolStatusJson(json));
		expect(pools.map((pool) => pool.name)).toEqual(['tank', 'backup']);
		const tank = pools[0]!;
		expect(tank.scan).toMatchObject({kind: 'resilver', state: 'in-progress', percent: 10});
		expect(vdev(tank, 'sda').cksum).toBe(12);
		expect(vdev(tank, 'sdb').state).toBe('OFFLINE');
		expect(tank.vdevs.map((top) => [top.name, top.group])).toEqual([
			['tank', undefined],
			['nvme0n1p4', 'logs'],
			['nvme0n1p5', 'cache'],
			['sdz', 'spares'],
		]);
		expect(tank.errors).toBe('No known data errors');
		expect(pools[1]).toMatchObject({
			scan: {kind: 'scrub', state: 'done', errors: 0, finishedAt: 'Sun Oct 19 00:24:01 2025'},
			errors: '2 data errors',
		});
	});

	it('is reached through parseZpoolStatus when the text is JSON', () => {
		expect(value(parseZpoolStatus(json)).map((pool) => pool.state)).toEqual(['DEGRADED', 'ONLINE']);
	});

	it('fails with a typed error on JSON without pools, and on cut JSON', () => {
		expect(parseZpoolStatusJson('{"output_version":{}}')).toMatchObject({ok: false, error: {command: 'zpool status'}});
		expect(parseZpoolStatusJson(json.slice(0, 200)).ok).toBe(false);
	});
});
