/**
 * Turns the parsed sections of one refresh into the snapshot. Pure: no I/O, no clock (the
 * caller passes `takenAt`), so the same inputs always give the same snapshot — which is what
 * lets `--host` against the test host and `--demo` be compared field by field.
 */
import type {
	Bridge,
	BridgePort,
	Cluster,
	ComposeStack,
	Container,
	Dataset,
	Guest,
	GuestResource,
	Level,
	Load,
	Node,
	Pool,
	PoolStatus,
	Route,
	RoutingRule,
	SectionError,
	Snapshot,
	Storage,
	VpnTunnel,
} from '../model/snapshot.js';
import {SNAPSHOT_SCHEMA_VERSION} from '../model/snapshot.js';
import {DEFAULT_THRESHOLDS, type Thresholds} from '../model/thresholds.js';
import type {GuestConfig} from './parse/guest-config.js';

/** What the snapshot takes from a guest's config file. */
export type GuestConfigFacts = Pick<
	GuestConfig,
	'name' | 'nics' | 'mounts' | 'tags' | 'unprivileged' | 'lock' | 'description' | 'onboot'
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
}

/** What the host's own sections say in one refresh (parse-sections.ts reads them). */
export interface HostFacts {
	nodes: (Load & {name: string; status?: string})[];
	clusterStatus?: {cluster?: Cluster; nodes: {name: string; online: boolean; local: boolean; ip?: string}[]};
	guests: GuestResource[];
	storages: Storage[];
	pools: Omit<Pool, 'level' | 'status'>[];
	poolStatus: (PoolStatus & {name: string})[];
	datasets: Dataset[];
	interfaces?: InterfaceRow[];
	bridgePorts?: BridgePortRow[];
	routes: Route[];
	rules?: RoutingRule[];
	errors: SectionError[];
}

/** The host's facts with what the collector keeps between refreshes (configs, containers, tunnels). */
export interface AssembleInput extends HostFacts {
	context: string;
	takenAt: string;
	thresholds?: Thresholds;
	configs: ReadonlyMap<number, GuestConfigFacts>;
	containers: ReadonlyMap<number, GuestContainers>;
	tunnels: VpnTunnel[];
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
	const single = names.size === 1;
	return [...names].sort().map((name) => {
		const r = byName.get(name);
		const s = status.get(name);
		return {
			name,
			online: s ? s.online : r?.status === 'online',
			// A standalone host has no cluster entry naming the local node: it is the one node.
			local: s ? s.local : single,
			cpu: r?.cpu ?? 0,
			maxcpu: r?.maxcpu ?? 0,
			mem: r?.mem ?? 0,
			maxmem: r?.maxmem ?? 0,
			uptime: r?.uptime ?? 0,
			...(s?.ip ? {ip: s.ip} : {}),
		};
	});
}

function mergeGuest(
	row: GuestResource,
	config: GuestConfigFacts | undefined,
	docker: AssembleInput['containers'],
): Guest {
	const tags = row.tags.length > 0 ? row.tags : (config?.tags ?? []);
	const lock = row.lock ?? config?.lock;
	const found = docker.get(row.vmid);
	return {
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
		tags,
		nics: config?.nics ?? [],
		mounts: config?.mounts ?? [],
		unprivileged: config?.unprivileged ?? false,
		...(lock ? {lock} : {}),
		...(row.pool ? {pool: row.pool} : {}),
		...(config?.description ? {description: config.description} : {}),
		...(config?.onboot === undefined ? {} : {onboot: config.onboot}),
		...(found ? {containers: found.containers, stacks: found.stacks} : {}),
	};
}

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
 * Bridges are the interfaces something is enslaved to, plus every `vmbr*` (a bridge with no
 * port yet is still where a stopped guest's NIC will land).
 */
function buildBridges(input: AssembleInput, guests: Guest[]): Bridge[] {
	const interfaces = input.interfaces ?? [];
	const ports =
		input.bridgePorts ?? interfaces.filter((i) => i.master).map((i) => ({ifname: i.ifname, master: i.master}));
	const names = new Set<string>();
	for (const p of ports) if (p.master) names.add(p.master);
	for (const i of interfaces) if (/^vmbr\d+/.test(i.ifname)) names.add(i.ifname);
	for (const g of guests) for (const n of g.nics) if (n.bridge && interfaces.length === 0) names.add(n.bridge);
	const byName = new Map(interfaces.map((i) => [i.ifname, i]));
	return [...names]
		.sort((a, b) => a.localeCompare(b, 'en', {numeric: true}))
		.map((name) => {
			const iface = byName.get(name);
			return {
				name,
				state: iface?.operstate ?? 'UNKNOWN',
				addresses: (iface?.addresses ?? [])
					.filter((a) => a.family === 'inet' || a.family === 'inet6')
					.map((a) => `${a.local}/${a.prefixlen}`),
				ports: ports.filter((p) => p.master === name).map(describePort),
				guests: guests.flatMap((g) =>
					g.nics.filter((n) => n.bridge === name).map((n) => ({vmid: g.vmid, nic: n.name})),
				),
			};
		});
}

export function assembleSnapshot(input: AssembleInput): Snapshot {
	const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
	const guests = input.guests
		.map((row) => mergeGuest(row, input.configs.get(row.vmid), input.containers))
		.sort((a, b) => a.vmid - b.vmid);
	const statusByPool = new Map(input.poolStatus.map((s) => [s.name, s]));
	const pools: Pool[] = input.pools.map((p) => {
		const found = statusByPool.get(p.name);
		const status = found ? withoutName(found) : undefined;
		return {...p, level: poolLevel(p.capacity, p.health, thresholds), ...(status ? {status} : {})};
	});
	return {
		schemaVersion: SNAPSHOT_SCHEMA_VERSION,
		context: input.context,
		takenAt: input.takenAt,
		...(input.clusterStatus?.cluster ? {cluster: input.clusterStatus.cluster} : {}),
		nodes: mergeNodes(input),
		guests,
		storages: [...input.storages].sort((a, b) => a.node.localeCompare(b.node) || a.storage.localeCompare(b.storage)),
		pools,
		datasets: input.datasets,
		bridges: buildBridges(input, guests),
		// The `local` table is the kernel's own addresses and broadcasts: noise for an operator.
		routes: input.routes.filter((r) => r.table !== 'local'),
		...(input.rules ? {rules: input.rules} : {}),
		vpn: {tunnels: input.tunnels},
		health: [],
		errors: input.errors,
	};
}

function withoutName(s: PoolStatus & {name: string}): PoolStatus {
	const {name: _name, ...rest} = s;
	return rest;
}
