/**
 * Turns the parsed sections of one refresh into the snapshot. Pure: no I/O, no clock (the
 * caller passes `takenAt`), so the same inputs always give the same snapshot — which is what
 * lets `--host` against the test host and `--demo` be compared field by field.
 */
import {compareNames} from '../model/compare.js';
import type {
	Bridge,
	BridgePort,
	Cluster,
	ComposeStack,
	HaStatus,
	Container,
	Dataset,
	Guest,
	GuestResource,
	Level,
	Load,
	Node,
	NodeRouteKind,
	NodeState,
	Pool,
	PoolStatus,
	Route,
	RoutingRule,
	SectionError,
	Snapshot,
	Storage,
	Unplaced,
	VpnTunnel,
} from '../model/snapshot.js';
import {SNAPSHOT_SCHEMA_VERSION} from '../model/snapshot.js';
import type {DockerDetection, DockerDiskUsage} from '../model/docker.js';
import {DEFAULT_THRESHOLDS, type Thresholds} from '../model/thresholds.js';
import type {GuestConfig} from './parse/guest-config.js';
import {haStateByVmid} from './parse/ha-status.js';

/** What the snapshot takes from a guest's config file. */
export type GuestConfigFacts = Pick<
	GuestConfig,
	'name' | 'nics' | 'mounts' | 'tags' | 'unprivileged' | 'lock' | 'description' | 'onboot' | 'swap' | 'features'
>;

export interface InterfaceRow {
	ifname: string;
	master?: string;
	operstate?: string;
	addresses: {family: string; local: string; prefixlen: number}[];
}

export interface BridgePortRow {
	ifname: string;
	master?: string;
	state?: string;
}

/** A guest's Docker or Podman containers and compose stacks. */
export interface GuestContainers {
	containers: Container[];
	stacks: ComposeStack[];
	/** `docker system df`, when it was read. */
	disk?: DockerDiskUsage[];
}

/** What the cluster-wide sections say in one refresh (read once, on the connected node). */
export interface ClusterFacts {
	nodes: (Load & {name: string; status?: string})[];
	clusterStatus?: {cluster?: Cluster; nodes: {name: string; online: boolean; local: boolean; ip?: string}[]};
	ha?: HaStatus;
	guests: GuestResource[];
	storages: Storage[];
}

/** What one node's own sections say: its pools, datasets, network and host tunnels. */
export interface NodeFacts {
	pools: Omit<Pool, 'level' | 'status' | 'node'>[];
	poolStatus: (PoolStatus & {name: string})[];
	datasets: Unplaced<Dataset>[];
	interfaces?: InterfaceRow[];
	bridgePorts?: BridgePortRow[];
	routes: Unplaced<Route>[];
	rules?: Unplaced<RoutingRule>[];
	hostTunnels: Unplaced<VpnTunnel>[];
}

/** Both, as one batch's parse gives them (a standalone host reads everything in one batch). */
export interface HostFacts extends ClusterFacts, NodeFacts {
	errors: SectionError[];
}

/** How a node was read this refresh, and its own facts (the last good ones when stale). */
export interface NodeReading {
	name: string;
	state: NodeState;
	route?: NodeRouteKind;
	/** When `facts` were read (ms). */
	readAt?: number;
	problem?: string;
	facts?: NodeFacts;
}

/** The cluster's facts with each node's, and what the collector keeps between refreshes (configs, containers, guests' tunnels). */
export interface AssembleInput extends ClusterFacts {
	context: string;
	takenAt: string;
	thresholds?: Thresholds;
	configs: Pick<ReadonlyMap<number, GuestConfigFacts>, 'get'>;
	/** Whether an LXC is a Docker host and why (docker-detect.ts), when the caller decides it. */
	dockerOf?: (guest: Guest) => DockerDetection;
	/** Bridges built by an earlier assembly, reused for a node whose network and guests' NICs did not change. */
	bridgeCache?: BridgeCache;
	containers: ReadonlyMap<number, GuestContainers>;
	readings: readonly NodeReading[];
	/** Tunnels inside gateway guests (their node is the guest's). */
	guestTunnels: Unplaced<VpnTunnel>[];
	errors: SectionError[];
}

/** Not ONLINE is crit whatever its capacity; an ONLINE pool whose capacity is unknown cannot be called ok. */
export function poolLevel(capacity: number | null, health: string, t: Thresholds): Level {
	if (health !== 'ONLINE' || (capacity !== null && capacity >= t.crit)) return 'crit';
	if (capacity === null || capacity >= t.warn) return 'warn';
	return 'ok';
}

function mergeNodes(input: AssembleInput): Node[] {
	const status = new Map((input.clusterStatus?.nodes ?? []).map((n) => [n.name, n]));
	const names = new Set([...input.nodes.map((n) => n.name), ...status.keys()]);
	const byName = new Map(input.nodes.map((n) => [n.name, n]));
	const readings = new Map(input.readings.map((r) => [r.name, r]));
	const single = names.size === 1;
	return [...names].sort().map((name) => {
		const r = byName.get(name);
		const s = status.get(name);
		const reading = readings.get(name);
		const online = s ? s.online : r?.status === 'online';
		return {
			name,
			online,
			// A standalone host has no cluster entry naming the local node: it is the one node.
			local: s ? s.local : single,
			cpu: r?.cpu ?? null,
			maxcpu: r?.maxcpu ?? null,
			mem: r?.mem ?? null,
			maxmem: r?.maxmem ?? null,
			uptime: r?.uptime ?? null,
			...(s?.ip ? {ip: s.ip} : {}),
			state: reading?.state ?? (online ? 'stale' : 'offline'),
			...(reading?.route ? {route: reading.route} : {}),
			...(reading?.readAt !== undefined ? {dataAt: new Date(reading.readAt).toISOString()} : {}),
			...(reading?.problem
				? {problem: reading.problem}
				: !online
					? {problem: 'offline (cluster status)'}
					: reading
						? {}
						: {problem: 'not read yet'}),
		};
	});
}

/** One object per guest, its properties in one order: every guest of a refresh has the same shape. */
function mergeGuest(
	row: GuestResource,
	config: GuestConfigFacts | undefined,
	docker: AssembleInput['containers'],
	ha: string | undefined,
): Guest {
	const lock = row.lock ?? config?.lock;
	const found = docker.get(row.vmid);
	const guest: Guest = {
		vmid: row.vmid,
		name: row.name || config?.name || '',
		type: row.type,
		node: row.node,
		status: row.status,
		template: row.template,
		cpu: row.cpu,
		maxcpu: row.maxcpu,
		mem: row.mem,
		maxmem: row.maxmem,
		disk: row.disk,
		maxdisk: row.maxdisk,
		uptime: row.uptime,
		tags: row.tags.length > 0 ? row.tags : (config?.tags ?? []),
		nics: config?.nics ?? NO_NICS,
		mounts: config?.mounts ?? [],
		unprivileged: config?.unprivileged ?? false,
	};
	if (row.type === 'lxc' && config) guest.nesting = config.features?.['nesting'] === '1';
	if (lock) guest.lock = lock;
	if (row.pool) guest.pool = row.pool;
	if (config?.description) guest.description = config.description;
	if (config?.onboot !== undefined) guest.onboot = config.onboot;
	if (config?.swap !== undefined) guest.swap = config.swap;
	if (ha) guest.ha = ha;
	if (found) {
		guest.containers = found.containers;
		guest.stacks = found.stacks;
		if (found.disk) guest.dockerDisk = found.disk;
	}
	return guest;
}

/**
 * Shared by every guest whose config is not known: a guest's NICs are never changed in place,
 * and one array lets the bridge cache see that nothing changed.
 */
const NO_NICS: Guest['nics'] = [];

const PORT_NAME = /^(?:veth|tap)(\d+)i(\d+)$/;

function describePort(row: BridgePortRow): BridgePort {
	const m = PORT_NAME.exec(row.ifname);
	return {
		name: row.ifname,
		...(m ? {vmid: Number(m[1]), nic: `net${m[2]}`} : {}),
		...(row.state ? {state: row.state} : {}),
	};
}

/**
 * What each node's bridges were built from (its parsed `ip`/`bridge` output and its guests'
 * NIC lists, compared by identity: parsed values are kept while their text is unchanged) and
 * the bridges: the same inputs give the same bridges.
 */
export type BridgeCache = Map<
	string,
	{facts: Pick<NodeFacts, 'interfaces' | 'bridgePorts'>; vmids: number[]; nics: Guest['nics'][]; bridges: Bridge[]}
>;

/** A node's bridges, the last ones when nothing they are built from changed. */
function bridgesOf(node: string, facts: NodeFacts, guests: readonly Guest[], cache?: BridgeCache): Bridge[] {
	const cached = cache?.get(node);
	if (
		cached &&
		cached.facts.interfaces === facts.interfaces &&
		cached.facts.bridgePorts === facts.bridgePorts &&
		cached.vmids.length === guests.length &&
		guests.every((g, i) => g.vmid === cached.vmids[i] && g.nics === cached.nics[i])
	)
		return cached.bridges;
	const bridges = buildBridges(node, facts, guests);
	cache?.set(node, {
		facts: {interfaces: facts.interfaces, bridgePorts: facts.bridgePorts},
		vmids: guests.map((g) => g.vmid),
		nics: guests.map((g) => g.nics),
		bridges,
	});
	return bridges;
}

/**
 * A node's bridges: the interfaces something is enslaved to, plus every `vmbr*` (a bridge
 * with no port yet is still where a stopped guest's NIC will land). `guests` are the node's.
 */
function buildBridges(node: string, facts: NodeFacts, guests: readonly Guest[]): Bridge[] {
	const interfaces = facts.interfaces ?? [];
	const ports =
		facts.bridgePorts ?? interfaces.filter((i) => i.master).map((i) => ({ifname: i.ifname, master: i.master}));
	// Grouped once: a node has a firewall bridge per guest NIC, so looking each bridge's ports
	// and guests up in the whole lists would grow with the square of its guests.
	const portsOf = groupBy(
		ports.filter((p) => p.master),
		(p) => p.master!,
	);
	const nicsOn = new Map<string, {vmid: number; nic: string}[]>();
	for (const g of guests) for (const n of g.nics) if (n.bridge) pushTo(nicsOn, n.bridge, {vmid: g.vmid, nic: n.name});
	const names = new Set<string>(portsOf.keys());
	for (const i of interfaces) if (/^vmbr\d+/.test(i.ifname)) names.add(i.ifname);
	if (interfaces.length === 0) for (const bridge of nicsOn.keys()) names.add(bridge);
	const byName = new Map(interfaces.map((i) => [i.ifname, i]));
	return [...names].sort(compareNames).map((name) => {
		const iface = byName.get(name);
		return {
			node,
			name,
			state: iface?.operstate ?? 'UNKNOWN',
			addresses: (iface?.addresses ?? [])
				.filter((a) => a.family === 'inet' || a.family === 'inet6')
				.map((a) => `${a.local}/${a.prefixlen}`),
			ports: (portsOf.get(name) ?? []).map(describePort),
			guests: nicsOn.get(name) ?? [],
		};
	});
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const row of rows) pushTo(groups, key(row), row);
	return groups;
}

function nodePools(node: string, facts: NodeFacts, thresholds: Thresholds): Pool[] {
	const statusByPool = new Map(facts.poolStatus.map((s) => [s.name, s]));
	return facts.pools.map((p) => {
		const found = statusByPool.get(p.name);
		const status = found ? withoutName(found) : undefined;
		return {node, ...p, level: poolLevel(p.capacity, p.health, thresholds), ...(status ? {status} : {})};
	});
}

/** The snapshot's guests from `rows[from, to)`, appended to `into`. */
function mergeGuests(
	input: AssembleInput,
	haStates: Map<number, string>,
	from: number,
	to: number,
	into: Guest[],
): void {
	for (let i = from; i < to; i++) {
		const row = input.guests[i]!;
		const guest = mergeGuest(row, input.configs.get(row.vmid), input.containers, haStates.get(row.vmid));
		if (guest.type === 'lxc' && input.dockerOf) guest.docker = input.dockerOf(guest);
		into.push(guest);
	}
}

export function assembleSnapshot(input: AssembleInput): Snapshot {
	const guests: Guest[] = [];
	mergeGuests(input, haStateByVmid(input.ha), 0, input.guests.length, guests);
	return assembleWith(input, guests);
}

/** Guests merged per turn of the event loop by assembleSnapshotPaced. */
const GUESTS_PER_TURN = 1000;

/**
 * assembleSnapshot for a large cluster: the guests are merged a thousand at a time with
 * `pause` between, so a key pressed meanwhile is answered between two slices. The same snapshot.
 */
export async function assembleSnapshotPaced(input: AssembleInput, pause: () => Promise<void>): Promise<Snapshot> {
	const haStates = haStateByVmid(input.ha);
	const guests: Guest[] = [];
	for (let from = 0; from < input.guests.length; from += GUESTS_PER_TURN) {
		if (from > 0) await pause();
		mergeGuests(input, haStates, from, Math.min(from + GUESTS_PER_TURN, input.guests.length), guests);
	}
	return assembleWith(input, guests);
}

function assembleWith(input: AssembleInput, guests: Guest[]): Snapshot {
	const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
	guests.sort((a, b) => a.vmid - b.vmid);
	const guestsOn = groupBy(guests, (g) => g.node);
	// Node-local objects, node by node in name order (a node that was never read has none).
	const read = input.readings.filter((r) => r.facts).sort((a, b) => compareNames(a.name, b.name));
	const place = <T extends object>(node: string, rows: readonly T[]): (T & {node: string})[] =>
		rows.map((row) => ({node, ...row}));
	if (input.bridgeCache)
		for (const node of input.bridgeCache.keys()) if (!read.some((r) => r.name === node)) input.bridgeCache.delete(node);
	const rules = read.filter((r) => r.facts!.rules).flatMap((r) => place(r.name, r.facts!.rules!));
	return {
		schemaVersion: SNAPSHOT_SCHEMA_VERSION,
		context: input.context,
		takenAt: input.takenAt,
		...(input.clusterStatus?.cluster ? {cluster: input.clusterStatus.cluster} : {}),
		...(input.ha ? {ha: input.ha} : {}),
		nodes: mergeNodes(input),
		guests,
		storages: [...input.storages].sort((a, b) => compareNames(a.node, b.node) || compareNames(a.storage, b.storage)),
		pools: read.flatMap((r) => nodePools(r.name, r.facts!, thresholds)),
		datasets: read.flatMap((r) => place(r.name, r.facts!.datasets)),
		bridges: read.flatMap((r) => bridgesOf(r.name, r.facts!, guestsOn.get(r.name) ?? [], input.bridgeCache)),
		// The `local` table is the kernel's own addresses and broadcasts: noise for an operator.
		routes: read.flatMap((r) =>
			place(
				r.name,
				r.facts!.routes.filter((route) => route.table !== 'local'),
			),
		),
		...(rules.length > 0 || read.some((r) => r.facts!.rules) ? {rules} : {}),
		vpn: {
			tunnels: [
				...read.flatMap((r) => place(r.name, r.facts!.hostTunnels)),
				...input.guestTunnels.map((t) => ({
					node: t.gatewayVmid === null ? '' : (guests.find((g) => g.vmid === t.gatewayVmid)?.node ?? ''),
					...t,
				})),
			],
		},
		health: [],
		errors: input.errors,
	};
}

function withoutName(s: PoolStatus & {name: string}): PoolStatus {
	const {name: _name, ...rest} = s;
	return rest;
}
