/**
 * Guest volumes on the sim's storages: naming per storage type (lvmthin `vm-200-disk-0`, dir
 * `200/vm-200-disk-0.raw`, zfspool `subvol-200-disk-0` with its dataset), allocation and
 * freeing, and the text the storage tools print while doing it.
 */
import {pveError} from './cmd-util.js';
import type {SimResult} from './faults.js';
import {uuidFrom} from './state.js';
import {findPool} from './nodes.js';
import type {SimState, SimStorage} from './types.js';

export function findStorage(state: SimState, id: string): SimStorage | undefined {
	return state.storages.find((s) => s.id === id);
}

/** Refuse a storage that does not exist or cannot hold container root filesystems. */
export function checkCtStorage(state: SimState, id: string, node: string): SimStorage | SimResult {
	const storage = findStorage(state, id);
	if (!storage || (storage.nodes && !storage.nodes.includes(node))) return pveError(`storage '${id}' does not exist`);
	if (!storage.content.includes('rootdir')) return pveError(`storage '${id}' does not support container directories`);
	return storage;
}

function nextDiskIndex(state: SimState, vmid: number): number {
	let next = 0;
	const pattern = new RegExp(`-${vmid}-disk-(\\d+)`);
	for (const guest of state.guests) {
		for (const volume of [guest.rootfs.volume, ...guest.mounts.map((m) => m.source)]) {
			const m = pattern.exec(volume);
			if (m) next = Math.max(next, Number(m[1]) + 1);
		}
	}
	return next;
}

/** Allocate a volume for a guest on `node`; returns its volume id and what the tools printed. */
export function allocVolume(
	state: SimState,
	storage: SimStorage,
	vmid: number,
	size: number,
	used: number,
	node: string,
	index = nextDiskIndex(state, vmid),
): {volume: string; output: string} {
	const name = `vm-${vmid}-disk-${index}`;
	if (storage.type === 'zfspool') {
		const dataset = `subvol-${vmid}-disk-${index}`;
		const pool = findPool(state, storage.pool ?? '', node);
		if (pool) {
			pool.datasets.push({
				name: `${pool.name}/${dataset}`,
				refer: used,
				mountpoint: `/${pool.name}/${dataset}`,
				type: 'filesystem',
			});
			pool.alloc += used;
		}
		return {volume: `${storage.id}:${dataset}`, output: ''};
	}
	const blocks = Math.floor(size / 4096);
	const mkfs = [
		`Creating filesystem with ${blocks} 4k blocks and ${Math.floor(blocks / 4)} inodes`,
		`Filesystem UUID: ${uuidFrom(`fs-${vmid}-${index}`)}`,
		'Superblock backups stored on blocks: ',
		'\t32768, 98304, 163840, 229376, 294912, 819200, 884736, 1605632',
		'',
		'Allocating group tables: done                            ',
		'Writing inode tables: done                            ',
		'Creating journal (16384 blocks): done',
		'Multiple mount protection is enabled with update interval 5 seconds.',
		'Writing superblocks and filesystem accounting information: done',
		'',
	];
	if (storage.type === 'dir' || storage.type === 'nfs') {
		const path = `${storage.path}/images/${vmid}/${name}.raw`;
		return {
			volume: `${storage.id}:${vmid}/${name}.raw`,
			output: [`Formatting '${path}', fmt=raw size=${size} preallocation=off`, ...mkfs].join('\n') + '\n',
		};
	}
	return {volume: `${storage.id}:${name}`, output: [`  Logical volume "${name}" created.`, ...mkfs].join('\n') + '\n'};
}

/** Free a volume of a guest on `node` (destroy); returns what lvremove would print. */
export function freeVolume(state: SimState, volume: string, node: string): string {
	const [storageId, name = ''] = volume.split(':');
	const storage = findStorage(state, storageId ?? '');
	if (!storage) return '';
	if (storage.type === 'zfspool') {
		const pool = findPool(state, storage.pool ?? '', node);
		const dataset = pool?.datasets.find((d) => d.name === `${pool.name}/${name}`);
		if (pool && dataset) {
			pool.datasets = pool.datasets.filter((d) => d !== dataset);
			pool.alloc = Math.max(0, pool.alloc - dataset.refer);
		}
		return '';
	}
	if (storage.type === 'lvmthin') return `  Logical volume "${name}" successfully removed.\n`;
	return '';
}

/** `base-` names for a template's volumes (pct template renames them). */
export function templateVolumeName(volume: string): {volume: string; output: string} {
	const renamed = volume.replace(/(^|[:/])vm-(\d+-disk-\d+)/, '$1base-$2');
	const [storage] = volume.split(':');
	const from = /vm-\d+-disk-\d+/.exec(volume)?.[0];
	if (!from || renamed === volume) return {volume, output: ''};
	const output =
		volume.includes('.raw') || volume.includes('subvol-')
			? ''
			: `  Renamed "${from}" to "${from.replace('vm-', 'base-')}" in volume group "pve"\n  Logical volume pve/${from.replace('vm-', 'base-')} changed.\n`;
	return {volume: `${storage}:${renamed.split(':')[1]}`, output};
}
