/**
 * createHomelab(): the demo's homelab as a fresh SimState. One node `pve` by default (a
 * cluster when asked), 30 service containers, nine templates and the OPNsense router, three
 * ZFS pools, and compose stacks in the Docker host 111.
 *
 * As a cluster, the homelab spreads out the way such homelabs grow: the media and security
 * stacks, the templates, the pools they mount and the VPN stay on `pve`; the Docker host and
 * a few small services move to `pve2` (with its own `tank` pool), the monitoring stack to
 * `pve3` (with an `rpool`). Every node has its own vmbr0 and vmbr2 and its own journal.
 */
import {hexFrom, keyFrom, proxmoxMac} from './prng.js';
import {SEED_GUESTS} from './seed-guests.js';
import {PAPERLESS_STACKS, SEED_STACKS, SEED_TEMPLATES, type SeedGuestRow} from './seed-homelab.js';
import {buildPools, buildStorages, otherNodePools} from './storage-seed.js';
import {addScale} from './scale.js';
import {seedSafetyNet} from './backups.js';
import type {SimBridge, SimContainer, SimGuest, SimNode, SimState, SimWgInterface} from './types.js';

export interface HomelabOptions {
	/** Generated guests on top of the demo's homelab (the 1,000-guest benchmark). */
	scale?: {guests: number; nodes: number; dockerHosts?: number};
	/** A cluster of this many nodes (default 1: a standalone node). */
	nodes?: number;
	seed?: number;
	/** The state's "now" (ms); uptimes and boot times are laid out before it. */
	now?: number;
}

const GIB = 1024 ** 3;
const DAY = 86_400_000;

/** Guests that live on pve2 in a cluster (the Docker host and small services), and on pve3 (monitoring). */
const ON_SECOND_NODE = new Set([100, 101, 103, 111, 124]);
const ON_THIRD_NODE = new Set([106, 109, 110, 119, 123, 130, 131, 132, 133]);

/** Where a seed guest lives in a cluster of `nodes` nodes. */
export function seedNodeOf(vmid: number, nodes: readonly SimNode[]): string {
	if (nodes.length >= 3 && ON_THIRD_NODE.has(vmid)) return nodes[2]!.name;
	if (nodes.length >= 2 && ON_SECOND_NODE.has(vmid)) return nodes[1]!.name;
	return nodes[0]!.name;
}

/** A node's LAN address: `pve` is .2 (vmbr0's), the others from .21 up (free in the seed's plan). */
function nodeAddress(index: number): string {
	return `192.168.0.${index === 0 ? 2 : 20 + index}`;
}

/** vmbr0 (LAN) and vmbr2 (internal services) on every node; the VPN bridge vmbr1 only on the first, beside its gateway. */
function buildBridges(nodes: readonly SimNode[]): SimBridge[] {
	return nodes.flatMap((node, i): SimBridge[] => [
		{name: 'vmbr0', node: node.name, address: `${node.ip}/24`, comment: 'LAN'},
		...(i === 0 ? [{name: 'vmbr1', node: node.name, comment: 'VPN bridge (WireGuard gateway 116)'}] : []),
		{name: 'vmbr2', node: node.name, address: `10.0.30.${2 + i}/24`, comment: 'internal services (OPNsense 10.0.30.1)'},
	]);
}

export function createHomelab(options: HomelabOptions = {}): SimState {
	const now = options.now ?? Date.now();
	const seed = options.seed ?? 1;
	const nodeCount = Math.max(options.nodes ?? 1, options.scale?.nodes ?? 1);
	const nodes: SimNode[] = [];
	for (let i = 0; i < nodeCount; i++) {
		nodes.push({
			name: i === 0 ? 'pve' : `pve${i + 1}`,
			ip: nodeAddress(i),
			nodeid: i + 1,
			cores: 8,
			memory: 33_568_231_424,
			rootfsTotal: 40_197_402_624,
			bootedAt: now - 12 * DAY - 7_380_000 + i * 3_600_000,
			online: true,
		});
	}
	const state: SimState = {
		schema: 2,
		seed,
		createdAt: now,
		clusterName: nodeCount > 1 ? 'homelab' : null,
		localNode: 'pve',
		nodes,
		guests: [],
		storages: buildStorages(nodes),
		pools: [],
		bridges: buildBridges(nodes),
		uplink: {name: 'nic0', master: 'vmbr0', hwaddr: '58:47:ca:71:3e:0c'},
		gateway: '192.168.0.1',
		cfsVersion: 0,
		vmlistVersion: 1,
		events: [],
		eventSeq: 0,
		faults: {},
		bootSec: 2,
		serviceSec: 5,
	};
	const nodeBoot = nodes[0]!.bootedAt;
	SEED_GUESTS.forEach((row, index) => state.guests.push(seedGuest(row, nodeBoot + 40_000 + index * 4_000)));
	for (const row of SEED_TEMPLATES) state.guests.push(templateGuest(row));
	state.guests.push(opnsense(nodeBoot + 20_000));
	// The Docker host was rebooted three days ago for a kernel update.
	const dockerHost = state.guests.find((g) => g.vmid === 111)!;
	dockerHost.bootAt = now - 3 * DAY - 5_040_000;
	dockerHost.docker = {
		containers: seedContainers(SEED_STACKS, dockerHost.bootAt, now),
		stacks: SEED_STACKS.map((s) => ({name: s.name, configFile: `/srv/containers/${s.name}/compose.yml`})),
		missingPaths: ['/mnt/downloads'],
	};
	// Docker inside a guest named for its app: found by the probe, not by its name or tags.
	const paperless = state.guests.find((g) => g.vmid === 128)!;
	paperless.docker = {
		containers: seedContainers(PAPERLESS_STACKS, paperless.bootAt ?? now, now),
		stacks: PAPERLESS_STACKS.map((s) => ({name: s.name, configFile: `/opt/paperless/docker-compose.yml`})),
	};
	state.guests.find((g) => g.vmid === 116)!.wireguard = [wireguardInterface()];
	state.pools = [...buildPools(state.guests, now), ...otherNodePools(nodes, now)];
	for (const guest of state.guests) guest.node = seedNodeOf(guest.vmid, nodes);
	// In a cluster the reverse proxy is an HA resource, so the demo shows HA at work.
	if (nodeCount > 1) state.guests.find((g) => g.vmid === 100)!.ha = true;
	// After the guests have their nodes: each backup and task names the node it ran on.
	seedSafetyNet(state, now);
	if (options.scale) addScale(state, options.scale, seed, now);
	state.guests.sort((a, b) => a.vmid - b.vmid);
	// pmxcfs numbers writes as they happen; replay them in vmid order for a stable start.
	for (const guest of state.guests) {
		state.cfsVersion += 1 + (guest.vmid % 3);
		guest.version = state.cfsVersion;
	}
	state.vmlistVersion = state.guests.length + 1;
	return state;
}

function rootfsFor(row: SeedGuestRow): {key: string; volume: string; size: number} {
	const volume = row.zfsRoot ? `service-pool:subvol-${row.vmid}-disk-0` : `local-lvm:vm-${row.vmid}-disk-0`;
	return {key: 'rootfs', volume, size: row.rootGb * GIB};
}

function seedGuest(row: SeedGuestRow, bootAt: number): SimGuest {
	const nics: SimGuest['nics'] = [
		{
			key: 'net0',
			ifname: 'eth0',
			bridge: 'vmbr0',
			ip: row.ip === 'dhcp' ? 'dhcp' : `192.168.0.${row.ip}/24`,
			gw: row.ip === 'dhcp' ? undefined : '192.168.0.1',
			hwaddr: proxmoxMac(row.vmid, 0),
			firewall: true,
			liveIp: row.ip === 'dhcp' ? `192.168.0.${60 + (row.vmid % 40)}/24` : undefined,
		},
	];
	if (row.vpnIp) {
		// The gateway itself has no gw on vmbr1; its clients route through it.
		const isGateway = row.vmid === 116;
		nics.push({
			key: 'net1',
			ifname: 'eth1',
			bridge: 'vmbr1',
			ip: `${row.vpnIp}/24`,
			gw: isGateway ? undefined : '10.10.10.1',
			hwaddr: proxmoxMac(row.vmid, 1),
		});
		// Clients' default route goes through the VPN, so net0 keeps its address but no gateway.
		if (!isGateway) delete nics[0]!.gw;
	}
	const poolMounts = {
		staging: ['mp0', '/staging-pool'],
		service: ['mp1', '/service-pool'],
		media: ['mp2', '/media-pool'],
	} as const;
	const rootfs = rootfsFor(row);
	return {
		vmid: row.vmid,
		name: row.name,
		type: 'lxc',
		node: 'pve',
		status: row.stopped ? 'stopped' : 'running',
		bootAt: row.stopped ? null : bootAt,
		template: false,
		memory: row.memory,
		cores: row.cores,
		swap: 512,
		nics,
		mounts: (row.pools ?? []).map((p) => ({key: poolMounts[p][0], source: poolMounts[p][1], path: poolMounts[p][1]})),
		rootfs,
		diskUsed: Math.round(rootfs.size * (0.28 + (row.vmid % 7) * 0.06)),
		tags: [row.category, ...(row.extraTags ?? [])],
		unprivileged: !row.privileged,
		description: row.description,
		onboot: !row.stopped,
		features: row.vmid === 111 ? 'keyctl=1,nesting=1' : 'nesting=1',
		ostype: row.vmid === 109 ? 'alpine' : 'debian',
		version: 0,
		extra: {arch: 'amd64'},
		snapshots: [],
		services: row.services,
		load: row.load,
		memUse: 0.35 + (row.vmid % 5) * 0.08,
	};
}

function templateGuest(row: (typeof SEED_TEMPLATES)[number]): SimGuest {
	const size = (row.service === 'nextcloud' || row.service === 'docker' ? 16 : 8) * GIB;
	return {
		vmid: row.vmid,
		name: `${row.service}-template`,
		type: 'lxc',
		node: 'pve',
		status: 'stopped',
		bootAt: null,
		template: true,
		memory: row.memory,
		cores: row.cores,
		swap: 512,
		nics: [{key: 'net0', ifname: 'eth0', bridge: 'vmbr2', ip: 'dhcp', hwaddr: proxmoxMac(row.vmid, 0)}],
		mounts: [],
		rootfs: {key: 'rootfs', volume: `local-hdd:${row.vmid}/base-${row.vmid}-disk-0.raw`, size},
		diskUsed: Math.round(size * 0.22),
		tags: ['community-script', row.tag],
		unprivileged: true,
		description: `${row.service} template (community-scripts), cloned to ${row.vmid - 700} on vmbr2`,
		onboot: false,
		features: row.docker ? 'keyctl=1,nesting=1' : 'nesting=1',
		ostype: 'debian',
		version: 0,
		extra: {arch: 'amd64'},
		snapshots: [],
		services: row.services,
		load: 0.03,
		memUse: 0.3,
		docker: row.docker ? {containers: [], stacks: []} : undefined,
	};
}

function opnsense(bootAt: number): SimGuest {
	return {
		vmid: 300,
		name: 'opnsense',
		type: 'qemu',
		node: 'pve',
		status: 'running',
		bootAt,
		template: false,
		memory: 2048,
		cores: 2,
		swap: 0,
		nics: [
			{key: 'net0', bridge: 'vmbr0', hwaddr: proxmoxMac(300, 0), model: 'virtio', liveIp: '192.168.0.254/24'},
			{key: 'net1', bridge: 'vmbr2', hwaddr: proxmoxMac(300, 1), model: 'virtio', liveIp: '10.0.30.1/24'},
		],
		mounts: [],
		rootfs: {key: 'scsi0', volume: 'local-lvm:vm-300-disk-0', size: 32 * GIB},
		diskUsed: 0,
		tags: ['network', 'router'],
		unprivileged: false,
		description: 'OPNsense: WAN on vmbr0, routes the internal bridge vmbr2 (10.0.30.1)',
		onboot: true,
		ostype: 'other',
		version: 0,
		extra: {
			boot: 'order=scsi0;net0',
			cpu: 'host',
			meta: 'creation-qemu=9.2.0,ctime=1742301712',
			scsihw: 'virtio-scsi-single',
			smbios1: `uuid=${uuidFrom('opnsense-smbios')}`,
			sockets: '1',
			vmgenid: uuidFrom('opnsense-vmgenid'),
		},
		snapshots: [],
		services: [http443()],
		load: 0.04,
		memUse: 0.45,
	};
}

function http443(): SimGuest['services'][number] {
	return {name: 'opnsense-webui', port: 443, kind: 'tcp'};
}

export function uuidFrom(key: string): string {
	const h = hexFrom(16, 'uuid', key);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function seedContainers(stacks: typeof SEED_STACKS, hostBoot: number, now: number): SimContainer[] {
	const containers: SimContainer[] = [];
	stacks.forEach((stack, s) => {
		stack.containers.forEach((row, i) => {
			containers.push({
				id: hexFrom(32, 'ctr', row.name),
				name: row.name,
				image: row.image,
				command: row.command,
				createdAt: now - 9 * DAY - 3_600_000 * (s * 5 + i),
				state: row.restarting ? 'restarting' : row.oomKilledAt ? 'exited' : 'running',
				startedAt: row.oomKilledAt ? now - 5_400_000 : hostBoot + 6_000 + s * 1_500 + i * 400,
				exitCode: row.restarting ? 111 : row.oomKilledAt ? 137 : 0,
				...(row.oomKilledAt ? {oomKilled: true, memLimit: row.oomKilledAt * 1024 ** 2} : {}),
				...(row.binds ? {binds: row.binds} : {}),
				ports: row.ports,
				project: stack.name,
				service: row.name,
				health: row.health,
				networks: `${stack.name}_network`,
				logKind: row.logKind,
				restartPeriodSec: row.restarting ? 60 : undefined,
			});
		});
	});
	return containers;
}

function wireguardInterface(): SimWgInterface {
	return {
		name: 'wg0',
		privateKey: keyFrom('wg0-private'),
		publicKey: keyFrom('wg0-public'),
		listenPort: 51820,
		peers: [
			{
				publicKey: keyFrom('peer-provider'),
				endpoint: '185.213.154.68:51820',
				allowedIps: ['0.0.0.0/0'],
				keepalive: 25,
				handshakeEveryMs: 120_000,
				phaseMs: 17_000,
				rxPerSec: 182_000,
				txPerSec: 24_500,
				provider: true,
			},
			{
				publicKey: keyFrom('peer-phone'),
				endpoint: '92.40.190.17:41752',
				allowedIps: ['10.6.0.2/32'],
				keepalive: null,
				handshakeEveryMs: 120_000,
				phaseMs: 71_000,
				rxPerSec: 2_100,
				txPerSec: 9_800,
			},
			{
				publicKey: keyFrom('peer-laptop'),
				endpoint: null,
				allowedIps: ['10.6.0.3/32'],
				keepalive: null,
				handshakeEveryMs: null,
				phaseMs: 0,
				rxPerSec: 0,
				txPerSec: 0,
			},
		],
	};
}
