/**
 * pvesh's JSON, as `--output-format json` prints it: one compact line and a newline. Keys are
 * written sorted (PVE's own JSON output order follows Perl hashes, which is no order at all;
 * sorted is one valid order and keeps the sim deterministic). `template` appears only for
 * templates, `tags` and `lock` only when set, like /cluster/resources does.
 */
import {guestMetrics, nodeMetrics, storageUsages, type GuestMetrics} from '../metrics.js';
import {liveStatus} from '../mutate.js';
import {isUp} from '../nodes.js';
import type {SimGuest, SimNode, SimState} from '../types.js';

type Json = Record<string, unknown>;

/**
 * JSON.stringify with every object's keys in sorted order. Objects whose keys are already in
 * order go to JSON.stringify as they are (its fast path, no copies); the entries below are
 * written in sorted order for that reason: /cluster/resources at 1,000 guests is ~17,000
 * fields every refresh, and the demo runs the sim in the console's own process.
 */
export function sortedJson(value: unknown): string {
	return JSON.stringify(withSortedKeys(value));
}

function withSortedKeys(value: unknown): unknown {
	if (value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) {
		let copy: unknown[] | undefined;
		for (let i = 0; i < value.length; i++) {
			const item = withSortedKeys(value[i]);
			if (item !== value[i]) (copy ??= [...value])[i] = item;
		}
		return copy ?? value;
	}
	const object = value as Json;
	const keys = Object.keys(object);
	let inOrder = true;
	for (let i = 1; i < keys.length && inOrder; i++) inOrder = keys[i - 1]! < keys[i]!;
	if (!inOrder) {
		const sorted: Json = {};
		for (const key of keys.sort()) sorted[key] = withSortedKeys(object[key]);
		return sorted;
	}
	let copy: Json | undefined;
	for (const key of keys) {
		const item = withSortedKeys(object[key]);
		if (item !== object[key]) (copy ??= {...object})[key] = item;
	}
	return copy ?? object;
}

function guestEntry(guest: SimGuest, m: GuestMetrics, now: number): Json {
	// Keys in sorted order (see sortedJson); template, tags and lock only when set.
	return {
		cpu: m.cpu,
		disk: m.disk,
		diskread: m.diskread,
		diskwrite: m.diskwrite,
		id: `${guest.type}/${guest.vmid}`,
		lock: guest.lock || undefined,
		maxcpu: m.maxcpu,
		maxdisk: m.maxdisk,
		maxmem: m.maxmem,
		mem: m.mem,
		name: guest.name,
		netin: m.netin,
		netout: m.netout,
		node: guest.node,
		status: liveStatus(guest, now),
		tags: guest.tags.length > 0 ? guest.tags.join(';') : undefined,
		template: guest.template ? 1 : undefined,
		type: guest.type,
		uptime: m.uptime,
		vmid: guest.vmid,
	};
}

function nodeEntry(state: SimState, node: SimNode, now: number, metricsOf: (guest: SimGuest) => GuestMetrics): Json {
	if (!isUp(state, node)) return {id: `node/${node.name}`, node: node.name, status: 'offline', type: 'node'};
	const m = nodeMetrics(state, node, now, metricsOf);
	return {
		'cgroup-mode': 2,
		cpu: m.cpu,
		disk: m.disk,
		id: `node/${node.name}`,
		level: '',
		maxcpu: m.maxcpu,
		maxdisk: m.maxdisk,
		maxmem: m.maxmem,
		mem: m.mem,
		node: node.name,
		status: 'online',
		type: 'node',
		uptime: m.uptime,
	};
}

/** What /cluster/resources knows of a guest on a node that is down: its name and where, no state. */
function unknownGuestEntry(guest: SimGuest): Json {
	return {
		id: `${guest.type}/${guest.vmid}`,
		name: guest.name,
		node: guest.node,
		status: 'unknown',
		tags: guest.tags.length > 0 ? guest.tags.join(';') : undefined,
		template: guest.template ? 1 : undefined,
		type: guest.type,
		vmid: guest.vmid,
	};
}

export function renderClusterResources(state: SimState, now: number): string {
	// Each guest's metrics once: its entry and its node's totals both need them.
	const metrics = new Map(state.guests.map((g) => [g, guestMetrics(state, g, now)] as const));
	const metricsOf = (g: SimGuest): GuestMetrics => metrics.get(g)!;
	const down = new Set(state.nodes.filter((n) => !isUp(state, n)).map((n) => n.name));
	const entries: Json[] = state.guests.map((g) =>
		down.has(g.node) ? unknownGuestEntry(g) : guestEntry(g, metricsOf(g), now),
	);
	for (const node of state.nodes) entries.push(nodeEntry(state, node, now, metricsOf));
	const usageOf = storageUsages(state, now);
	for (const node of state.nodes) {
		for (const storage of state.storages) {
			if (storage.nodes && !storage.nodes.includes(node.name)) continue;
			const usage = usageOf(storage, node.name);
			entries.push({
				content: storage.content.join(','),
				disk: usage.used,
				id: `storage/${node.name}/${storage.id}`,
				maxdisk: usage.total,
				node: node.name,
				plugintype: storage.type,
				shared: storage.shared ? 1 : 0,
				status: isUp(state, node) ? 'available' : 'unknown',
				storage: storage.id,
				type: 'storage',
			});
		}
	}
	for (const node of state.nodes)
		entries.push({
			id: `sdn/${node.name}/localnetwork`,
			node: node.name,
			sdn: 'localnetwork',
			status: 'ok',
			type: 'sdn',
		});
	return `${sortedJson(entries)}\n`;
}

export function renderClusterStatus(state: SimState): string {
	const entries: Json[] = [];
	const clustered = state.clusterName !== null;
	if (clustered) {
		const online = state.nodes.filter((n) => isUp(state, n)).length;
		entries.push({
			id: 'cluster',
			name: state.clusterName,
			nodes: state.nodes.length,
			quorate: online * 2 > state.nodes.length ? 1 : 0,
			type: 'cluster',
			version: state.nodes.length + 2,
		});
	}
	for (const node of state.nodes) {
		entries.push({
			id: `node/${node.name}`,
			ip: node.ip,
			level: '',
			local: node.name === state.localNode ? 1 : 0,
			name: node.name,
			// A standalone node is node 0; cluster members count from 1.
			nodeid: clustered ? node.nodeid : 0,
			online: isUp(state, node) ? 1 : 0,
			type: 'node',
		});
	}
	return `${sortedJson(entries)}\n`;
}

/** A guest as the per-node API describes it: `/nodes/<n>/lxc` lists these, status/current adds to one. */
function nodeGuestEntry(guest: SimGuest, m: GuestMetrics, status: string): Json {
	const entry: Json = {
		cpu: m.cpu,
		cpus: m.maxcpu,
		disk: m.disk,
		diskread: m.diskread,
		diskwrite: m.diskwrite,
		maxdisk: m.maxdisk,
		maxmem: m.maxmem,
		mem: m.mem,
		name: guest.name,
		netin: m.netin,
		netout: m.netout,
		status,
		type: guest.type,
		uptime: m.uptime,
		vmid: guest.vmid,
	};
	if (guest.type === 'lxc') Object.assign(entry, {maxswap: m.maxswap, swap: m.swap});
	if (m.pid !== null) entry['pid'] = m.pid;
	if (guest.template) entry['template'] = 1;
	if (guest.tags.length > 0) entry['tags'] = guest.tags.join(';');
	if (guest.lock) entry['lock'] = guest.lock;
	return entry;
}

/** `pvesh get /nodes/<n>/{lxc,qemu}/<vmid>/status/current`. */
export function renderStatusCurrent(state: SimState, guest: SimGuest, now: number): string {
	const status = liveStatus(guest, now);
	const entry = {...nodeGuestEntry(guest, guestMetrics(state, guest, now), status), ha: {managed: 0}};
	// qemu's status says `running` for a paused VM too; qmpstatus tells which.
	if (guest.type === 'qemu') Object.assign(entry, {qmpstatus: status, agent: 0});
	return `${sortedJson(entry)}\n`;
}

/** `pvesh get /nodes/<n>/lxc`: the node's containers (vmid as a number, as PVE 8+ prints). */
export function renderNodeGuests(state: SimState, node: string, type: 'lxc' | 'qemu', now: number): string {
	const list = state.guests
		.filter((g) => g.node === node && g.type === type)
		.map((g) => nodeGuestEntry(g, guestMetrics(state, g, now), liveStatus(g, now)));
	return `${sortedJson(list)}\n`;
}

export function nextFreeVmid(state: SimState): number {
	const used = new Set(state.guests.map((g) => g.vmid));
	let id = 100;
	while (used.has(id)) id += 1;
	return id;
}
