/**
 * The simulated homelab's state. Plain JSON (no classes, no Maps, no functions) because the
 * PATH shims behind the test sshd load it from a file, change it and save it back, one
 * process per command. Everything that moves with time (cpu, counters, pool growth, scrub
 * progress, handshakes, logs) is computed from this state and the clock, never stored.
 */
import type {Vdev} from '../model/snapshot.js';

export type SimGuestType = 'lxc' | 'qemu';

export interface SimNic {
	/** Config key: net0, net1... */
	key: string;
	/** Interface name inside an LXC guest (eth0); qemu NICs have none. */
	ifname?: string;
	bridge: string;
	/** CIDR, `dhcp` or absent (qemu NICs carry no address in the config). */
	ip?: string;
	gw?: string;
	tag?: number;
	hwaddr: string;
	firewall?: boolean;
	/** qemu NIC model (virtio). */
	model?: string;
	/** Address the guest really has on this NIC (a DHCP lease, or a VM's own setting). */
	liveIp?: string;
}

export interface SimMount {
	/** mp0, mp1... (rootfs is kept apart, see SimGuest.rootfs). */
	key: string;
	/** Host path (bind mount) or volume id. */
	source: string;
	path: string;
	/** Bytes, for volumes; bind mounts have none. */
	size?: number;
	readonly?: boolean;
}

export interface SimService {
	name: string;
	port: number;
	kind: 'http' | 'tcp' | 'udp';
}

export type SimContainerState = 'running' | 'exited' | 'restarting' | 'created' | 'paused';

export interface SimContainer {
	id: string;
	name: string;
	image: string;
	command: string;
	createdAt: number;
	state: SimContainerState;
	/** When it last started (ms); for `restarting`, when the crash loop began. */
	startedAt: number;
	exitCode: number;
	ports: string;
	project?: string;
	service?: string;
	health?: 'healthy' | 'unhealthy' | 'starting';
	networks: string;
	/** Which message family its logs come from (see sim/log-messages.ts). */
	logKind: string;
	/** Seconds between crash-loop restarts, for `restarting` containers. */
	restartPeriodSec?: number;
	/** The image it runs once `up -d` recreated it (unset: the tag's first build); when its health turns unhealthy. */
	imageId?: string;
	healthFailsAt?: number;
}

export interface SimStack {
	name: string;
	configFile: string;
}

export interface SimWgPeer {
	publicKey: string;
	endpoint: string | null;
	allowedIps: string[];
	keepalive: number | null;
	/** Handshake every this many ms while the peer is active; null: never talked. */
	handshakeEveryMs: number | null;
	/** Fixed offset so peers do not all shake hands at the same instant. */
	phaseMs: number;
	rxPerSec: number;
	txPerSec: number;
	/** The VPN provider: the peer the stale-handshake fault freezes. */
	provider?: boolean;
}

export interface SimWgInterface {
	name: string;
	privateKey: string;
	publicKey: string;
	listenPort: number;
	peers: SimWgPeer[];
}

export interface SimSnapshot {
	name: string;
	description?: string;
	snaptime: number;
	parent?: string;
	/** The config lines (key, value) as they were when the snapshot was taken. */
	entries: [string, string][];
	/** What a rollback puts back (absent in states saved before snapshots could be rolled back). */
	saved?: SimGuestSaved;
	/** A VM snapshot with its RAM. */
	vmstate?: boolean;
}

/** The parts of a guest a snapshot keeps and a rollback restores. */
export type SimGuestSaved = Pick<
	SimGuest,
	| 'memory'
	| 'cores'
	| 'swap'
	| 'nics'
	| 'mounts'
	| 'tags'
	| 'description'
	| 'onboot'
	| 'features'
	| 'diskUsed'
	| 'services'
	| 'stoppedServices'
	| 'docker'
>;

/** A Proxmox task: what `/cluster/tasks`, a node's task list and a task log show. */
export interface SimTask {
	upid: string;
	node: string;
	type: string;
	id: string;
	user: string;
	/** Ms. */
	start: number;
	end: number;
	/** How it ends: `OK`, `WARNINGS: n` or the error line. */
	status: string;
	/** Log lines with their time from the start (ms); the TASK line is added when drawn. */
	log?: {at: number; t: string}[];
	/** A scheduled backup job's run: its log is drawn from this (kept small in the state). */
	run?: SimJobRun;
	/** Lock the task holds on its guest until it ends. */
	lock?: {vmid: number; name: string};
}

export interface SimJobRun {
	job: string;
	storage: string;
	mode: string;
	guests: {
		vmid: number;
		type?: SimGuestType;
		at: number;
		durationMs: number;
		archive: string;
		size: number;
		error?: string;
	}[];
}

export interface SimBackupJob {
	id: string;
	enabled: boolean;
	schedule: string;
	storage: string;
	mode: string;
	vmid?: number[];
	all?: boolean;
	comment: string;
	/** Backups kept per guest (prune-backups keep-last). */
	keepLast: number;
}

export interface SimBackup {
	volid: string;
	storage: string;
	vmid: number;
	subtype: SimGuestType;
	/** Unix seconds. */
	ctime: number;
	size: number;
	format: string;
	notes?: string;
	protected?: boolean;
	/** The scheduled job that wrote it: its retention prunes the guest's backups after it. */
	byJob?: string;
	/**
	 * The guest as backed up, what a restore brings back. Kept for backups taken on request
	 * only: the scheduled jobs' hundreds of archives restore the guest as it is now (which keeps
	 * the shared state file small).
	 */
	guest?: Omit<SimGuest, 'snapshots' | 'version'>;
}

export interface SimGuest {
	vmid: number;
	name: string;
	type: SimGuestType;
	node: string;
	/** What the guest was told to be; a running guest boots until `bootAt`. */
	status: 'running' | 'stopped';
	/** Ms when the guest finished (or finishes) booting; null when stopped. */
	bootAt: number | null;
	template: boolean;
	memory: number; // MiB
	cores: number;
	swap: number; // MiB
	nics: SimNic[];
	mounts: SimMount[];
	rootfs: {key: string; volume: string; size: number};
	/** Bytes used in the root filesystem (a rough but stable figure). */
	diskUsed: number;
	tags: string[];
	unprivileged: boolean;
	lock?: string;
	description?: string;
	onboot: boolean;
	features?: string;
	/** An HA resource (`ha-manager add`): ha-manager status lists it as a service. */
	ha?: boolean;
	ostype: string;
	/** pmxcfs version of the config file's last write. */
	version: number;
	/** Extra config lines kept verbatim (qemu: boot, scsihw, smbios1...). */
	extra: Record<string, string>;
	snapshots: SimSnapshot[];
	parent?: string;
	services: SimService[];
	/** Services stopped inside the guest (`systemctl stop`): they start again with the guest. */
	stoppedServices?: SimService[];
	/** Typical cpu load as a fraction of its cores, and memory use as a fraction of memory. */
	load: number;
	memUse: number;
	docker?: {
		containers: SimContainer[];
		stacks: SimStack[];
		/** Images pulled since the seed, by reference (unlisted: the tag's first build). */
		images?: Record<string, {id: string; digest: string; unhealthy?: boolean}>;
	};
	wireguard?: SimWgInterface[];
}

export interface SimStorage {
	id: string;
	type: 'dir' | 'lvmthin' | 'zfspool' | 'nfs' | 'pbs';
	content: string[];
	shared: boolean;
	path?: string;
	pool?: string;
	vgname?: string;
	thinpool?: string;
	/** NFS: the server and its export (a storage every node mounts, shared). */
	server?: string;
	export?: string;
	/** Bytes; zfspool storages take theirs from the pool instead. */
	total: number;
	/** Bytes used by things that are not guest volumes (ISOs, backups). */
	baseUsed: number;
	/** Nodes that have this storage (storage.cfg `nodes`); absent: every node. */
	nodes?: string[];
}

/** A vdev as `zpool status` prints it (the pool's sections are the sim's own lists). */
export interface SimVdev extends Omit<Vdev, 'group' | 'children'> {
	children: SimVdev[];
}

export interface SimDataset {
	name: string;
	/** Bytes referenced by this dataset itself (children add theirs to the parent's used). */
	refer: number;
	/** Share of the pool's growth this dataset takes (media-pool keeps filling up). */
	growth?: number;
	mountpoint: string | null;
	type: 'filesystem' | 'volume';
}

export interface SimScan {
	kind: 'scrub' | 'resilver';
	startedAt: number;
	durationMs: number;
	/** Bytes the scan walks. */
	total: number;
}

export interface SimPool {
	name: string;
	/** The node whose disks it is on (each node of a cluster has its own pools). */
	node: string;
	size: number;
	/** Allocated bytes at `state.createdAt`. */
	alloc: number;
	/** Bytes per hour the pool fills up by (media keeps arriving). */
	growthPerHour: number;
	frag: number;
	vdevs: SimVdev[];
	datasets: SimDataset[];
	scan: SimScan | null;
}

export interface SimBridge {
	name: string;
	/** The node it is on (each node has its own bridges, often with the same names). */
	node: string;
	/** Host address in CIDR form, or none (vmbr1, the VPN bridge). */
	address?: string;
	comment: string;
}

export interface SimNode {
	name: string;
	ip: string;
	nodeid: number;
	cores: number;
	memory: number; // bytes
	rootfsTotal: number;
	bootedAt: number;
	online: boolean;
}

/** One log line's words: who wrote it, how urgent, what it says. */
export interface LogText {
	ident: string;
	unit?: string;
	pid?: number;
	priority: number;
	message: string;
	stderr?: boolean;
}

/** A log line something in the sim wrote (a task, a start), kept with its time and where it went. */
export interface SimEvent extends LogText {
	seq: number;
	time: number;
	/** `host`, `guest:<vmid>` or `ctr:<vmid>:<name>`. */
	target: string;
}

export interface SimFaults {
	latencyMs?: number;
	/** Command words or leading sections (`zpool status`) that exit 1 with an error. */
	failCommand?: string[];
	/** Command words or sections that print garbage. */
	garbageCommand?: string[];
	/** Connection dropped until this time (ms). */
	dropConnection?: {until: number};
	degradedPool?: {pool: string; since: number};
	fullRootfs?: {vmid: number; since: number}[];
	staleHandshake?: {since: number};
	/** `pct <sub>` fails once (per entry) with Proxmox's error for it. */
	failStep?: {sub: string; vmid?: number; remaining: number}[];
	noSudo?: boolean;
	sudoPassword?: boolean;
	/** Cluster nodes that are down (powered off, cut off): the others see them offline. */
	nodesDown?: string[];
	/** Nodes the cluster still sees up but ssh cannot reach (a firewall, a dead management link). */
	nodesUnreachable?: string[];
}

export interface SimState {
	/** 2: pools and bridges name their node (a schema-1 file is read as the one node's). */
	schema: 2;
	seed: number;
	createdAt: number;
	clusterName: string | null;
	/** The node proxdeck's connection lands on (a command's own node is SimContext.node). */
	localNode: string;
	nodes: SimNode[];
	guests: SimGuest[];
	storages: SimStorage[];
	pools: SimPool[];
	bridges: SimBridge[];
	uplink: {name: 'nic0'; master: 'vmbr0'; hwaddr: string};
	gateway: string;
	/** pmxcfs's global change counter; each config write takes the next value. */
	cfsVersion: number;
	/** .vmlist's own version: bumped when guests come, go or move. */
	vmlistVersion: number;
	events: SimEvent[];
	eventSeq: number;
	faults: SimFaults;
	/** Log lines per second per stream; a benchmark turns this up. */
	logRate?: number;
	/** Seconds a guest takes to boot, and its services to answer after that. */
	bootSec: number;
	serviceSec: number;
	/** Tasks, oldest first (a bounded history). Absent in states saved before tasks were kept. */
	tasks?: SimTask[];
	backupJobs?: SimBackupJob[];
	backups?: SimBackup[];
	/** Backups a running task is writing, by its UPID: they appear on their storage when it ends. */
	pendingBackups?: Record<string, SimBackup[]>;
	/** Scheduled backup jobs have run up to this time (ms). */
	jobsRunUntil?: number;
}
