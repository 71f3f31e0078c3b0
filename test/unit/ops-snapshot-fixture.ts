/** Hand-made snapshots for the ops unit tests (the sim-backed tests use the real collector). */
import type {Guest, Pool, Snapshot} from '../../source/model/snapshot.js';

export function guest(partial: Partial<Guest> & {vmid: number; name: string}): Guest {
	return {
		type: 'lxc',
		node: 'pve',
		status: 'running',
		template: false,
		cpu: 0.01,
		maxcpu: 1,
		mem: 100 * 1024 * 1024,
		maxmem: 1024 * 1024 * 1024,
		disk: 1024 ** 3,
		maxdisk: 8 * 1024 ** 3,
		uptime: 100,
		tags: [],
		nics: [],
		mounts: [],
		unprivileged: true,
		...partial,
	};
}

export function pool(partial: Partial<Pool> & {name: string; capacity: number}): Pool {
	const size = 1000 * 1024 ** 3;
	return {
		node: 'pve',
		size,
		alloc: (size * partial.capacity) / 100,
		free: size - (size * partial.capacity) / 100,
		frag: 5,
		dedup: 1,
		health: 'ONLINE',
		level: 'ok',
		...partial,
	};
}

export function snapshot(partial: Partial<Snapshot> = {}): Snapshot {
	return {
		schemaVersion: 2,
		context: 'test',
		takenAt: '2025-01-01T00:00:00.000Z',
		nodes: [
			{name: 'pve', online: true, local: true, cpu: 0.1, maxcpu: 8, mem: 1, maxmem: 2, uptime: 1, state: 'online'},
		],
		guests: [
			guest({
				vmid: 900,
				name: 'postgresql-template',
				template: true,
				status: 'stopped',
				node: 'pve',
				maxdisk: 4 * 1024 ** 3,
			}),
			guest({
				vmid: 105,
				name: 'immich',
				nics: [{name: 'net0', bridge: 'vmbr0', ip: '192.168.0.15/24', gw: '192.168.0.1'}],
			}),
		],
		storages: [
			{
				storage: 'local-lvm',
				node: 'pve',
				type: 'lvmthin',
				content: ['rootdir', 'images'],
				status: 'available',
				shared: false,
				used: 20 * 1024 ** 3,
				total: 148 * 1024 ** 3,
			},
			{
				storage: 'local',
				node: 'pve',
				type: 'dir',
				content: ['iso', 'vztmpl', 'backup'],
				status: 'available',
				shared: false,
				used: 1,
				total: 100 * 1024 ** 3,
			},
		],
		pools: [],
		datasets: [],
		bridges: [
			{node: 'pve', name: 'vmbr0', state: 'UP', addresses: ['192.168.0.2/24'], ports: [], guests: []},
			{node: 'pve', name: 'vmbr2', state: 'UP', addresses: ['10.0.30.2/24'], ports: [], guests: []},
		],
		routes: [],
		vpn: {tunnels: []},
		health: [],
		errors: [],
		...partial,
	};
}
