/**
 * Storages (local-lvm ~148 GB on the SSD, local-hdd /mnt/hdd 500 GB) and the homelab's
 * three ZFS pools: service-pool (SSD), staging-pool (downloads), media-pool (the big one,
 * already above 80 % and still filling). In a cluster each other node brings a pool of its
 * own (pve2 a `tank` mirror, the others the `rpool` a ZFS install makes) and every node
 * mounts the NAS's NFS export, the shared storage a clone to another node needs.
 */
import {backupStorages} from './backups.js';
import type {SimDataset, SimGuest, SimNode, SimPool, SimStorage, SimVdev} from './types.js';

const GIB = 1024 ** 3;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function buildStorages(nodes: readonly SimNode[] = []): SimStorage[] {
	const storages: SimStorage[] = [
		{
			id: 'local',
			type: 'dir',
			content: ['iso', 'vztmpl', 'backup'],
			shared: false,
			path: '/var/lib/vz',
			total: 40_197_402_624,
			baseUsed: 11_837_063_168,
		},
		{
			id: 'local-lvm',
			type: 'lvmthin',
			content: ['images', 'rootdir'],
			shared: false,
			vgname: 'pve',
			thinpool: 'data',
			total: 158_913_789_952,
			baseUsed: 0,
		},
		{
			id: 'local-hdd',
			type: 'dir',
			content: ['images', 'rootdir'],
			shared: false,
			path: '/mnt/hdd',
			total: 491_138_662_400,
			baseUsed: 126_412_963_840,
			nodes: ['pve'],
		},
		...backupStorages(),
		...['service-pool', 'staging-pool', 'media-pool'].map((pool): SimStorage => ({
			id: pool,
			type: 'zfspool',
			content: ['images', 'rootdir'],
			shared: false,
			pool,
			path: `/${pool}`,
			total: 0,
			baseUsed: 0,
			nodes: ['pve'],
		})),
	];
	if (nodes.length < 2) return storages;
	const others = nodes.slice(1).map((n) => n.name);
	storages.push({
		id: 'tank',
		type: 'zfspool',
		content: ['images', 'rootdir'],
		shared: false,
		pool: 'tank',
		path: '/tank',
		total: 0,
		baseUsed: 0,
		nodes: [others[0]!],
	});
	if (others.length > 1)
		storages.push({
			id: 'local-zfs',
			type: 'zfspool',
			content: ['images', 'rootdir'],
			shared: false,
			pool: 'rpool',
			path: '/rpool/data',
			total: 0,
			baseUsed: 0,
			nodes: others.slice(1),
		});
	storages.push({
		id: 'nas',
		type: 'nfs',
		content: ['images', 'rootdir', 'backup', 'iso'],
		shared: true,
		path: '/mnt/pve/nas',
		server: '192.168.0.40',
		export: '/export/proxmox',
		total: 3_998_614_847_488,
		baseUsed: 1_211_604_000_000,
	});
	return storages;
}

/** The pools of the cluster's other nodes: pve2's `tank` mirror, an `rpool` on each one after it. */
export function otherNodePools(nodes: readonly SimNode[], now: number): SimPool[] {
	return nodes.slice(1).map((node, i): SimPool => {
		const serial = (n: number): string => `${node.name.toUpperCase()}${String(i * 2 + n).padStart(4, '0')}`;
		if (i === 0) {
			const size = 3_985_729_650_688;
			const alloc = Math.round(size * 0.38);
			return {
				name: 'tank',
				node: node.name,
				size,
				alloc,
				growthPerHour: 0,
				frag: 4,
				vdevs: [mirror(0, [`ata-ST4000VN006-3CW104_WW${serial(1)}`, `ata-ST4000VN006-3CW104_WW${serial(2)}`])],
				datasets: [
					fs('tank', 98_304),
					fs('tank/backups', Math.round(alloc * 0.7)),
					fs('tank/isos', Math.round(alloc * 0.3) - 98_304),
				],
				scan: {kind: 'scrub', startedAt: now - 9 * DAY - 4 * HOUR, durationMs: 5 * HOUR, total: alloc},
			};
		}
		const size = 509_961_420_800;
		const alloc = Math.round(size * (0.18 + (i % 4) * 0.05));
		return {
			name: 'rpool',
			node: node.name,
			size,
			alloc,
			growthPerHour: 0,
			frag: 2 + i,
			vdevs: [
				mirror(0, [`nvme-Samsung_SSD_980_500GB_S64D${serial(1)}`, `nvme-Samsung_SSD_980_500GB_S64D${serial(2)}`]),
			],
			datasets: [
				fs('rpool', 98_304),
				fs('rpool/ROOT', 98_304, null),
				fs('rpool/ROOT/pve-1', Math.round(alloc * 0.2), '/'),
				fs('rpool/data', Math.round(alloc * 0.8) - 196_608, '/rpool/data'),
			],
			scan: {kind: 'scrub', startedAt: now - (3 + i) * DAY, durationMs: 25 * 60_000, total: alloc},
		};
	});
}

function disk(name: string, cksum = 0): SimVdev {
	return {name, state: 'ONLINE', read: 0, write: 0, cksum, children: []};
}

function mirror(index: number, disks: string[]): SimVdev {
	return {name: `mirror-${index}`, state: 'ONLINE', read: 0, write: 0, cksum: 0, children: disks.map((d) => disk(d))};
}

function fs(name: string, refer: number, mountpoint: string | null = `/${name}`, growth?: number): SimDataset {
	return {name, refer, mountpoint, type: 'filesystem', growth};
}

export function buildPools(guests: readonly SimGuest[], now: number): SimPool[] {
	const subvols = guests
		.filter((g) => g.rootfs.volume.startsWith('service-pool:'))
		.map((g) => fs(`service-pool/${g.rootfs.volume.split(':')[1]}`, g.diskUsed));
	const serviceSize = 239_981_297_664;
	const serviceAlloc = Math.round(serviceSize * 0.452);
	const subvolTotal = subvols.reduce((sum, d) => sum + d.refer, 0);
	const servicePool: SimPool = {
		name: 'service-pool',
		node: 'pve',
		size: serviceSize,
		alloc: serviceAlloc,
		growthPerHour: 0,
		frag: 17,
		vdevs: [
			mirror(0, ['ata-Samsung_SSD_870_EVO_250GB_S6PENL0T412907M', 'ata-Samsung_SSD_870_EVO_250GB_S6PENL0T412911B']),
		],
		datasets: [
			fs('service-pool', 98_304),
			fs('service-pool/appdata', Math.round((serviceAlloc - subvolTotal) * 0.78)),
			fs('service-pool/config', Math.round((serviceAlloc - subvolTotal) * 0.22) - 98_304),
			...subvols,
		],
		scan: {kind: 'scrub', startedAt: now - 5 * DAY - 2 * HOUR, durationMs: 11 * 60_000 + 42_000, total: serviceAlloc},
	};
	const stagingSize = 999_653_638_144;
	const stagingAlloc = Math.round(stagingSize * 0.603);
	const stagingPool: SimPool = {
		name: 'staging-pool',
		node: 'pve',
		size: stagingSize,
		alloc: stagingAlloc,
		growthPerHour: 0,
		frag: 31,
		vdevs: [mirror(0, ['ata-WDC_WD10EZEX-08WN4A0_WD-WCC6Y2KN5V3H', 'ata-WDC_WD10EZEX-08WN4A0_WD-WCC6Y5XR0H2T'])],
		datasets: [
			fs('staging-pool', 98_304),
			fs('staging-pool/downloads', Math.round(stagingAlloc * 0.71)),
			fs('staging-pool/incomplete', Math.round(stagingAlloc * 0.23)),
			fs('staging-pool/transcode', Math.round(stagingAlloc * 0.06) - 98_304),
		],
		// A scrub is running right now: 40 minutes into a two-hour pass.
		scan: {kind: 'scrub', startedAt: now - 40 * 60_000, durationMs: 2 * HOUR, total: stagingAlloc},
	};
	const mediaSize = 7_993_639_436_288;
	const mediaAlloc = Math.round(mediaSize * 0.841);
	const mediaPool: SimPool = {
		name: 'media-pool',
		node: 'pve',
		size: mediaSize,
		alloc: mediaAlloc,
		growthPerHour: 3 * GIB,
		frag: 9,
		vdevs: [mirror(0, ['ata-WDC_WD80EFZZ-68BTXN0_WD-CA1K7X2L', 'ata-WDC_WD80EFZZ-68BTXN0_WD-CA1KP9ZD'])],
		datasets: [
			fs('media-pool', 98_304),
			fs('media-pool/media', 131_072),
			fs('media-pool/media/movies', Math.round(mediaAlloc * 0.46), '/media-pool/media/movies', 0.45),
			fs('media-pool/media/tv', Math.round(mediaAlloc * 0.38), '/media-pool/media/tv', 0.55),
			fs('media-pool/media/music', Math.round(mediaAlloc * 0.04), '/media-pool/media/music'),
			fs('media-pool/photos', Math.round(mediaAlloc * 0.09), '/media-pool/photos'),
			fs('media-pool/backups', Math.round(mediaAlloc * 0.03) - 229_376, '/media-pool/backups'),
		],
		scan: {kind: 'scrub', startedAt: now - 12 * DAY - 3 * HOUR, durationMs: 14 * HOUR + 1_380_000, total: mediaAlloc},
	};
	return [mediaPool, servicePool, stagingPool];
}
