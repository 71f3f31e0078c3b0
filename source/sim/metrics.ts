/**
 * Everything that moves with time, computed from state + now (nothing is stored): cpu wanders
 * like a random walk, memory breathes, counters grow with uptime, media-pool fills up, the
 * staging scrub progresses, WireGuard peers shake hands every two minutes.
 */
import {backupBytes} from './backups.js';
import {hash01, noise} from './prng.js';
import {liveStatus, uptimeSec, volumeStorage} from './mutate.js';
import {findPool} from './nodes.js';
import type {SimGuest, SimNode, SimPool, SimState, SimStorage, SimWgPeer} from './types.js';

const MIB = 1024 ** 2;

/** Everything /cluster/resources and status/current say of a running guest's load. */
/** The simulated host knows every figure, so none is ever unknown here. */
type KnownUsage = {
	cpu: number;
	maxcpu: number;
	mem: number;
	maxmem: number;
	uptime: number;
	disk: number;
	maxdisk: number;
};

export interface GuestMetrics extends KnownUsage {
	swap: number;
	maxswap: number;
	netin: number;
	netout: number;
	diskread: number;
	diskwrite: number;
	pid: number | null;
}

export function isRootfsFull(state: SimState, vmid: number): boolean {
	return (state.faults.fullRootfs ?? []).some((f) => f.vmid === vmid);
}

/** cpu as Proxmox reports it: a fraction of the guest's cores, rounded the way pvestatd does. */
function cpuFraction(guest: SimGuest, now: number): number {
	const walk = noise(now, 10_000, 'cpu', guest.vmid) * 0.7 + noise(now, 60_000, 'cpu-slow', guest.vmid) * 0.6;
	const value = guest.load * (0.3 + walk);
	return Math.min(1, Math.round(value * 1e6) / 1e6);
}

export function guestMetrics(state: SimState, guest: SimGuest, now: number): GuestMetrics {
	const running = liveStatus(guest, now) === 'running';
	const uptime = uptimeSec(guest, now);
	const maxmem = guest.memory * MIB;
	const maxdisk = guest.rootfs.size;
	const full = isRootfsFull(state, guest.vmid);
	const base: GuestMetrics = {
		cpu: 0,
		maxcpu: guest.cores,
		mem: 0,
		maxmem,
		disk: guest.type === 'lxc' && running ? (full ? maxdisk : guest.diskUsed) : 0,
		maxdisk,
		swap: 0,
		maxswap: guest.swap * MIB,
		netin: 0,
		netout: 0,
		diskread: 0,
		diskwrite: 0,
		uptime,
		pid: null,
	};
	if (!running) return base;
	const memFraction = Math.min(0.97, guest.memUse * (0.9 + noise(now, 30_000, 'mem', guest.vmid) * 0.2));
	// Traffic counters grow with uptime at a per-guest rate (bytes/s), a little unevenly.
	const rate = 2_000 + guest.load * 900_000;
	const wobble = (noise(now, 20_000, 'net', guest.vmid) - 0.5) * rate * 8;
	return {
		...base,
		cpu: cpuFraction(guest, now),
		mem: Math.round(maxmem * memFraction),
		swap: Math.round(guest.swap * MIB * 0.02 * hash01('swap', guest.vmid)),
		netin: Math.max(0, Math.round(uptime * rate + wobble)),
		netout: Math.max(0, Math.round(uptime * rate * 0.31 + wobble * 0.2)),
		diskread: Math.round(uptime * rate * 0.4 + 210_000_000),
		diskwrite: Math.round(uptime * rate * 0.25 + 96_000_000),
		pid: 1000 + Math.floor(hash01('pid', guest.vmid, guest.bootAt ?? 0) * 3_000_000),
	};
}

export type NodeMetrics = KnownUsage;

/**
 * A node's load is the sum of its guests', read through `metricsOf`: its caller has every
 * guest's metrics for this moment already (renderClusterResources lists them too).
 */
export function nodeMetrics(
	state: SimState,
	node: SimNode,
	now: number,
	metricsOf: (guest: SimGuest) => GuestMetrics,
): NodeMetrics {
	let load = 0;
	let mem = 2_400 * MIB; // the host itself: pmxcfs, pveproxy, ZFS ARC floor
	for (const guest of state.guests) {
		if (guest.node !== node.name) continue;
		const m = metricsOf(guest);
		load += m.cpu * m.maxcpu;
		mem += m.mem;
	}
	const jitter = noise(now, 8_000, 'node-cpu', node.name) * 0.02;
	return {
		cpu: Math.min(1, Math.round((load / node.cores + 0.01 + jitter) * 1e6) / 1e6),
		maxcpu: node.cores,
		mem: Math.min(node.memory - 64 * MIB, mem),
		maxmem: node.memory,
		disk: Math.round(node.rootfsTotal * 0.29),
		maxdisk: node.rootfsTotal,
		uptime: Math.floor((now - node.bootedAt) / 1000),
	};
}

/** Bytes allocated in a pool now: it grows from `alloc` at `growthPerHour`, never past 99 %. */
export function poolAlloc(state: SimState, pool: SimPool, now: number): number {
	const hours = Math.max(0, now - state.createdAt) / 3_600_000;
	return Math.min(Math.floor(pool.size * 0.99), Math.round(pool.alloc + pool.growthPerHour * hours));
}

export function poolGrowth(state: SimState, pool: SimPool, now: number): number {
	return poolAlloc(state, pool, now) - pool.alloc;
}

export interface DatasetUsage {
	name: string;
	used: number;
	avail: number;
	refer: number;
	mountpoint: string | null;
}

/** zfs list's view: refer is a dataset's own data, used adds its children's. */
export function datasetUsage(state: SimState, pool: SimPool, now: number): DatasetUsage[] {
	const growth = poolGrowth(state, pool, now);
	const refer = new Map<string, number>();
	for (const d of pool.datasets) refer.set(d.name, d.refer + Math.round(growth * (d.growth ?? 0)));
	const alloc = poolAlloc(state, pool, now);
	// The root dataset absorbs rounding, so the pool's alloc and the root's used agree exactly.
	const total = [...refer.values()].reduce((sum, bytes) => sum + bytes, 0);
	refer.set(pool.name, Math.max(0, (refer.get(pool.name) ?? 0) + alloc - total));
	// ZFS holds back 1/32 of the pool (slop space) from what datasets may use.
	const avail = Math.max(0, Math.floor(pool.size - pool.size / 32 - alloc));
	// A dataset's bytes count toward it and every dataset above it (one walk up per dataset,
	// not a scan of all of them per dataset: the sim answers this several times per refresh).
	const used = new Map<string, number>();
	for (const [name, bytes] of refer) {
		for (let at = name; ; at = at.slice(0, at.lastIndexOf('/'))) {
			used.set(at, (used.get(at) ?? 0) + bytes);
			if (!at.includes('/')) break;
		}
	}
	return [...pool.datasets]
		.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
		.map((d) => ({
			name: d.name,
			used: used.get(d.name) ?? 0,
			avail,
			refer: refer.get(d.name)!,
			mountpoint: d.type === 'volume' ? null : d.mountpoint,
		}));
}

/** used/total of a storage on one node, the way pvestatd reports it in /cluster/resources. */
export function storageUsage(
	state: SimState,
	storage: SimStorage,
	node: string,
	now: number,
): {used: number; total: number} {
	return storageUsages(state, now)(storage, node);
}

/** Bytes a guest's volumes take on each storage they live on (thin: what was written). */
function guestVolumeBytes(guest: SimGuest, add: (storageId: string, bytes: number) => void): void {
	for (const volume of [guest.rootfs.volume, ...guest.mounts.map((m) => m.source)]) {
		const id = volumeStorage(volume);
		// Thin volumes use what the guest wrote; VM disks about half their size.
		if (id !== null) add(id, guest.type === 'qemu' ? Math.round(guest.rootfs.size * 0.45) : guest.diskUsed);
	}
}

/**
 * Every storage's usage on every node from one walk over the guests: /cluster/resources asks
 * for each storage on each node, and a walk per question is nodes × storages × guests.
 */
export function storageUsages(
	state: SimState,
	now: number,
): (storage: SimStorage, node: string) => {used: number; total: number} {
	const perNode = new Map<string, number>(); // `${node}\n${storage}` → bytes
	const everywhere = new Map<string, number>(); // storage → bytes of every node's guests
	for (const guest of state.guests)
		guestVolumeBytes(guest, (id, bytes) => {
			const key = `${guest.node}\n${id}`;
			perNode.set(key, (perNode.get(key) ?? 0) + bytes);
			everywhere.set(id, (everywhere.get(id) ?? 0) + bytes);
		});
	return (storage, node) => {
		if (storage.type === 'zfspool') {
			const pool = findPool(state, storage.pool ?? '', node);
			if (!pool) return {used: 0, total: 0};
			const root = datasetUsage(state, pool, now).find((d) => d.name === pool.name)!;
			return {used: root.used, total: root.used + root.avail};
		}
		// A shared storage (NFS) is the same on every node: every guest's volumes count.
		const guests = storage.shared ? everywhere.get(storage.id) : perNode.get(`${node}\n${storage.id}`);
		const used = storage.baseUsed + backupBytes(state, storage.id) + (guests ?? 0);
		return {used: Math.min(used, storage.total), total: storage.total};
	};
}

export interface ScanNow {
	kind: 'scrub' | 'resilver';
	inProgress: boolean;
	fraction: number;
	startedAt: number;
	finishedAt: number;
	total: number;
	durationMs: number;
}

export function scanNow(pool: SimPool, now: number): ScanNow | null {
	if (!pool.scan) return null;
	const {kind, startedAt, durationMs, total} = pool.scan;
	const fraction = Math.max(0, Math.min(1, (now - startedAt) / durationMs));
	return {kind, inProgress: fraction < 1, fraction, startedAt, finishedAt: startedAt + durationMs, total, durationMs};
}

/** Unix seconds of a peer's latest handshake (0: never). */
export function latestHandshake(state: SimState, peer: SimWgPeer, now: number): number {
	if (peer.handshakeEveryMs === null) return 0;
	const stale = state.faults.staleHandshake;
	if (peer.provider && stale) {
		// Frozen ten minutes before the fault began: the tunnel stopped talking.
		return Math.floor((stale.since - 600_000) / 1000);
	}
	const last = now - ((now - peer.phaseMs) % peer.handshakeEveryMs);
	return Math.floor(last / 1000);
}

export function peerTransfer(state: SimState, peer: SimWgPeer, now: number): {rx: number; tx: number} {
	const seconds = Math.max(0, now - state.createdAt) / 1000 + 86_400 * 3;
	return {rx: Math.round(peer.rxPerSec * seconds), tx: Math.round(peer.txPerSec * seconds)};
}
