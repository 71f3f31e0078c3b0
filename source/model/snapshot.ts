/**
 * The homelab snapshot: one immutable picture of a Proxmox host or cluster, built once per
 * refresh. Its JSON form is the `--once --json` output (schema v2, documented in the README);
 * field names here are the schema's field names, so serialising is `JSON.stringify`.
 *
 * Schema 2 (from schema 1): every node-local object (pools, datasets, bridges, routes, rules,
 * tunnels) names its `node`, since each node of a cluster has its own; nodes[] says how each
 * node was read (`state`, `route`, `dataAt`, `problem`); errors[] name the node of a
 * node-local section.
 */

import type {ComposeStack, Container, DockerDetection, DockerDiskUsage} from './docker.js';
import type {HaStatus} from './ha.js';

export type {HaService, HaStatus} from './ha.js';

export const SNAPSHOT_SCHEMA_VERSION = 2 as const;

/** Something that exists once per node: a pool, a bridge, a route... */
export interface OnNode {
	/** The cluster node it is on. */
	node: string;
}

/** The same without its node: what a parser reads from one node's output. */
export type Unplaced<T extends OnNode> = Omit<T, 'node'>;

export type GuestType = 'lxc' | 'qemu';
export type GuestStatus = 'running' | 'stopped' | 'paused' | 'suspended' | 'unknown';
export type Level = 'ok' | 'warn' | 'crit';

/**
 * A node's or guest's load as Proxmox reports it. A figure the host left out (an offline node's
 * entry has no cpu or memory, nor do the guests on it) is null: unknown, never 0.
 */
export interface Load {
	cpu: number | null; // fraction of maxcpu, 0..1
	maxcpu: number | null;
	mem: number | null; // bytes
	maxmem: number | null;
	uptime: number | null; // seconds
}

/** A guest's load and its root disk (bytes). */
export interface GuestUsage extends Load {
	disk: number | null;
	maxdisk: number | null;
}

/**
 * How fresh a node's own data is: `online` read this refresh; `stale` the cluster says it is
 * up but reading it failed (its last data is kept, `problem` says why); `offline` the cluster
 * says it is down (its last data, if any, is kept).
 */
export type NodeState = 'online' | 'stale' | 'offline';

/** How proxdeck reaches a node: its own connection lands there, the cluster's ssh from that node, or a connection the config names. */
export type NodeRouteKind = 'connected' | 'hop' | 'direct';

export interface Node extends Load {
	name: string;
	/** The cluster's view (cluster status `online`). */
	online: boolean;
	/** True for the node proxdeck is connected to (cluster status `local`). */
	local: boolean;
	ip?: string;
	state: NodeState;
	route?: NodeRouteKind;
	/** ISO time its pools, network and tunnels were read (absent: never). */
	dataAt?: string;
	/** Why its data is not fresh (offline, unreachable, the hop refused). */
	problem?: string;
	/** The context the node belongs to, in a fleet's merged view only (see Guest.context). */
	context?: string;
}

export interface Cluster {
	name: string;
	quorate: boolean;
	nodes: number;
}

export interface GuestNic {
	/** Config key, `net0`..`netN`. */
	name: string;
	/** Interface name inside the guest (`eth0`), when the config says. */
	ifname?: string;
	bridge?: string;
	/** Address in CIDR form, `dhcp`, `manual`, or undefined. */
	ip?: string;
	gw?: string;
	ip6?: string;
	gw6?: string;
	/** VLAN tag. */
	tag?: number;
	hwaddr?: string;
	firewall?: boolean;
	model?: string; // qemu: virtio, e1000...
}

export interface GuestMount {
	/** Config key: `rootfs`, `mp0`.. */
	key: string;
	/** Volume or host path (`local-lvm:vm-200-disk-0`, `/media-pool`). */
	source: string;
	/** Mount path inside the guest (`/` for rootfs). */
	path: string;
	size?: number; // bytes, when the config says
	readonly?: boolean;
}

/** A guest as /cluster/resources lists it; the snapshot's Guest adds what its config says. */
export interface GuestResource extends GuestUsage {
	vmid: number;
	name: string;
	type: GuestType;
	node: string;
	status: GuestStatus;
	template: boolean;
	tags: string[];
	lock?: string;
	/** HA state, when the guest is HA-managed (not part of the snapshot). */
	hastate?: string;
	/** The resource pool the guest belongs to, when it is in one (backup jobs can select a pool). */
	pool?: string;
}

export interface Guest extends Omit<GuestResource, 'hastate'> {
	nics: GuestNic[];
	mounts: GuestMount[];
	unprivileged: boolean;
	/** LXC only, when its config was read: `features: nesting=1` (what Docker inside needs). */
	nesting?: boolean;
	/** Free text from `#` lines of the config, joined with newlines. */
	description?: string;
	onboot?: boolean;
	/** Swap in MiB, as the container's config says (absent: the config does not say, or a VM). */
	swap?: number;
	/** Its HA service state (`ha-manager status`), when the guest is an HA resource. */
	ha?: string;
	/** Docker/Podman containers and compose stacks, for guests that run them. */
	containers?: Container[];
	stacks?: ComposeStack[];
	/** Whether and why it is treated as a Docker/Podman host (running LXCs only). */
	docker?: DockerDetection;
	/** `docker system df` of a Docker host, when read. */
	dockerDisk?: DockerDiskUsage[];
	/**
	 * The context the guest belongs to, set only in a fleet's merged view (several contexts on
	 * one screen), where the same VMID can exist on two hosts; one context's snapshot never has it.
	 */
	context?: string;
}

export type {
	ComposeStack,
	Container,
	ContainerMount,
	ContainerStats,
	DockerDetection,
	DockerDiskUsage,
} from './docker.js';

export interface Storage {
	/** Storage id (`local-lvm`). */
	storage: string;
	node: string;
	type: string; // plugintype: dir, lvmthin, zfspool, nfs...
	content: string[];
	status: string; // available, active, inactive, disabled, unknown
	shared: boolean;
	/** Bytes; null when the host did not say (an inactive storage, a node that is down). */
	used: number | null;
	total: number | null;
}

/**
 * A pool as `zpool list` gives it. A value ZFS reports as `-` (an UNAVAIL or FAULTED pool has
 * no size to report) is null: unknown, never 0, on the screen, in the JSON and to health.
 */
export interface Pool extends OnNode {
	name: string;
	size: number | null;
	alloc: number | null;
	free: number | null;
	/** Percent used, 0..100. */
	capacity: number | null;
	/** Fragmentation percent. */
	frag: number | null;
	dedup: number | null;
	health: string; // ONLINE, DEGRADED, FAULTED, UNAVAIL, OFFLINE, REMOVED, SUSPENDED
	level: Level;
	/** From `zpool status`; absent when that section failed. */
	status?: PoolStatus;
	/** The context the pool belongs to, in a fleet's merged view only (see Guest.context). */
	context?: string;
}

export interface PoolStatus {
	state: string;
	status?: string;
	action?: string;
	scan: ScanInfo;
	vdevs: Vdev[];
	errors: string;
}

export type ScanInfo =
	| {kind: 'none'}
	| {kind: 'scrub' | 'resilver'; state: 'in-progress'; percent?: number; eta?: string; text: string}
	| {kind: 'scrub' | 'resilver'; state: 'done' | 'canceled'; errors?: number; finishedAt?: string; text: string};

export interface Vdev {
	name: string;
	state: string;
	read: number;
	write: number;
	cksum: number;
	/** Extra text after the counters (`was /dev/sdc1`, `(resilvering)`). */
	note?: string;
	/** Section this device belongs to: the pool itself or logs/cache/spares/special/dedup. */
	group?: string;
	children: Vdev[];
}

/** A dataset as `zfs list` gives it; `-` (a faulted pool's datasets) is null, never 0. */
export interface Dataset extends OnNode {
	name: string;
	used: number | null;
	avail: number | null;
	refer: number | null;
	mountpoint: string | null;
	type?: 'filesystem' | 'volume';
}

export interface BridgePort {
	name: string;
	/** The guest and NIC behind a `vethNNNiM` / `tapNNNiM` port, when the name says. */
	vmid?: number;
	nic?: string;
	state?: string;
}

export interface Bridge extends OnNode {
	name: string;
	state: string;
	addresses: string[]; // CIDR
	ports: BridgePort[];
	/** Guests attached by config (`net*: bridge=`), whether or not they run. */
	guests: {vmid: number; nic: string}[];
	vlanAware?: boolean;
}

export interface Route extends OnNode {
	dst: string; // "default" or CIDR
	gateway?: string;
	dev?: string;
	table: string; // main, local, or a number/name
	protocol?: string;
	prefsrc?: string;
	metric?: number;
}

export interface RoutingRule extends OnNode {
	priority: number;
	src?: string;
	table: string;
	iif?: string;
	fwmark?: string;
}

export interface VpnPeer {
	publicKey: string;
	endpoint: string | null;
	allowedIps: string[];
	/** Unix seconds of the last handshake, 0 when none. */
	latestHandshake: number;
	rx: number;
	tx: number;
	keepalive?: number;
}

export interface VpnTunnel extends OnNode {
	name: string; // interface, e.g. wg0
	/** The guest running the tunnel, or null when it runs on the host. */
	gatewayVmid: number | null;
	publicKey?: string;
	listenPort?: number;
	peers: VpnPeer[];
}

export interface Vpn {
	tunnels: VpnTunnel[];
}

export type HealthState = 'pass' | 'warn' | 'fail';

export interface HealthResult {
	/** What was checked: `guest:200`, `pool:media-pool`, `vpn:wg0`. */
	target: string;
	/** The node a node-local check is about (a pool, a tunnel), in a cluster. */
	node?: string;
	check: string;
	state: HealthState;
	detail: string;
	/** What to do, in words and commands a shell takes (`proxdeck start 105`). */
	hint?: string;
	/** The fix when proxdeck itself does it: the console names its key instead of the command. */
	fix?: HealthFix;
}

/** A fix proxdeck has an action for: start a guest, deploy a service, read a container's logs. */
export type HealthFix =
	| {action: 'start'; vmid: number}
	| {action: 'deploy'; service: string}
	| {action: 'logs'; vmid: number; container: string};

export interface SectionError {
	/** Snapshot section that failed: `guests`, `pools`, `vpn`... */
	section: string;
	/** The host command whose output could not be used. */
	command: string;
	message: string;
	exitCode?: number | null;
	/** The node whose batch it was in, for a node-local section. */
	node?: string;
}

export interface Snapshot {
	schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
	context: string;
	/** ISO time the data was read. */
	takenAt: string;
	cluster?: Cluster;
	/** `ha-manager status`, when it could be read (absent: unknown, or no ha-manager). */
	ha?: HaStatus;
	nodes: Node[];
	guests: Guest[];
	storages: Storage[];
	pools: Pool[];
	datasets: Dataset[];
	bridges: Bridge[];
	routes: Route[];
	rules?: RoutingRule[];
	vpn: Vpn;
	health: HealthResult[];
	errors: SectionError[];
	/**
	 * Parts of the snapshot kept from an earlier refresh because this one could not read them
	 * (a truncated `pvesh get /cluster/resources` leaves the last good guests, not none).
	 * Absent when everything is fresh.
	 */
	stale?: StaleSection[];
	/**
	 * A fleet's merged view only (never one context's snapshot, never printed): each context's
	 * own snapshot, its guests, nodes and pools carrying the context, for panes that list each
	 * context's pools, bridges and tunnels under its own heading.
	 */
	members?: FleetPart[];
}

export interface FleetPart {
	context: string;
	snapshot: Snapshot;
}

export interface StaleSection {
	/** The snapshot section kept: `guests` (with nodes and storages). */
	section: string;
	/** When it was last read (ISO time). */
	since: string;
}

/** One line of a log stream (journal or container logs), as the logs pane shows it. */
export interface LogLine {
	/** Milliseconds since the epoch, or null when the source gave no time. */
	time: number | null;
	/** syslog priority 0 (emerg) .. 7 (debug), when known. */
	priority?: number;
	/** Unit or identifier that wrote it (`pveproxy.service`, `sshd`). */
	unit?: string;
	pid?: number;
	hostname?: string;
	message: string;
}
