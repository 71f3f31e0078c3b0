/** The sample snapshot's three ZFS pools and their datasets (see sample-snapshot.ts). */
import type {Dataset, Pool} from '../../source/model/snapshot.js';

const GiB = 1024 ** 3;
const TiB = 1024 ** 4;

function pool(name: string, size: number, capacity: number, health: string, extra: Partial<Pool> = {}): Pool {
	const alloc = Math.round((size * capacity) / 100);
	return {
		node: 'pve',
		name,
		size,
		alloc,
		free: size - alloc,
		capacity,
		frag: 12,
		dedup: 1,
		health,
		level: capacity >= 90 ? 'crit' : capacity >= 80 ? 'warn' : 'ok',
		...extra,
	};
}

export function samplePools(): Pool[] {
	return [
		pool('media-pool', 5.45 * TiB, 84, 'ONLINE', {
			frag: 23,
			status: {
				state: 'ONLINE',
				scan: {
					kind: 'scrub',
					state: 'in-progress',
					percent: 42.7,
					eta: '03:12:40',
					text: 'scrub in progress since Sun Nov 22 00:24:01 2026',
				},
				vdevs: [
					{
						name: 'media-pool',
						state: 'ONLINE',
						read: 0,
						write: 0,
						cksum: 0,
						children: [
							{
								name: 'raidz1-0',
								state: 'ONLINE',
								read: 0,
								write: 0,
								cksum: 0,
								children: ['sda', 'sdb', 'sdc'].map((d) => ({
									name: d,
									state: 'ONLINE',
									read: 0,
									write: 0,
									cksum: 0,
									children: [],
								})),
							},
						],
					},
				],
				errors: 'No known data errors',
			},
		}),
		pool('service-pool', 232 * GiB, 41, 'ONLINE', {
			frag: 5,
			status: {
				state: 'ONLINE',
				scan: {
					kind: 'scrub',
					state: 'done',
					errors: 0,
					finishedAt: 'Sun Nov 8 00:31:12 2026',
					text: 'scrub repaired 0B in 00:07:11 with 0 errors on Sun Nov 8 00:31:12 2026',
				},
				vdevs: [
					{
						name: 'service-pool',
						state: 'ONLINE',
						read: 0,
						write: 0,
						cksum: 0,
						children: [{name: 'nvme0n1', state: 'ONLINE', read: 0, write: 0, cksum: 0, children: []}],
					},
				],
				errors: 'No known data errors',
			},
		}),
		pool('staging-pool', 464 * GiB, 63, 'DEGRADED', {
			frag: 31,
			status: {
				state: 'DEGRADED',
				status: 'One or more devices could not be used because the label is missing or invalid.',
				action: "Replace the device using 'zpool replace'.",
				scan: {
					kind: 'resilver',
					state: 'done',
					errors: 0,
					text: 'resilvered 12.1G in 00:04:50 with 0 errors on Fri Nov 20 03:10:02 2026',
				},
				vdevs: [
					{
						name: 'staging-pool',
						state: 'DEGRADED',
						read: 0,
						write: 0,
						cksum: 0,
						children: [
							{
								name: 'mirror-0',
								state: 'DEGRADED',
								read: 0,
								write: 0,
								cksum: 0,
								children: [
									{name: 'sdd', state: 'ONLINE', read: 0, write: 0, cksum: 0, children: []},
									{
										name: 'sde',
										state: 'FAULTED',
										read: 3,
										write: 118,
										cksum: 7,
										note: 'too many errors',
										children: [],
									},
								],
							},
						],
					},
				],
				errors: 'No known data errors',
			},
		}),
	];
}

export function sampleDatasets(): Dataset[] {
	return [
		{
			node: 'pve',
			name: 'media-pool',
			used: 4.58 * TiB,
			avail: 0.87 * TiB,
			refer: 96 * 1024,
			mountpoint: '/media-pool',
			type: 'filesystem',
		},
		{
			node: 'pve',
			name: 'media-pool/movies',
			used: 2.9 * TiB,
			avail: 0.87 * TiB,
			refer: 2.9 * TiB,
			mountpoint: '/media-pool/movies',
			type: 'filesystem',
		},
		{
			node: 'pve',
			name: 'media-pool/tv',
			used: 1.6 * TiB,
			avail: 0.87 * TiB,
			refer: 1.6 * TiB,
			mountpoint: '/media-pool/tv',
			type: 'filesystem',
		},
		{
			node: 'pve',
			name: 'service-pool',
			used: 95 * GiB,
			avail: 137 * GiB,
			refer: 96 * 1024,
			mountpoint: '/service-pool',
			type: 'filesystem',
		},
		{
			node: 'pve',
			name: 'service-pool/subvol-200-disk-0',
			used: 3.4 * GiB,
			avail: 4.6 * GiB,
			refer: 3.4 * GiB,
			mountpoint: '/service-pool/subvol-200-disk-0',
			type: 'filesystem',
		},
		{
			node: 'pve',
			name: 'staging-pool',
			used: 292 * GiB,
			avail: 172 * GiB,
			refer: 292 * GiB,
			mountpoint: '/staging-pool',
			type: 'filesystem',
		},
	];
}
