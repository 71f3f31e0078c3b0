/**
 * A realistic Snapshot of a homelab like the demo's, for screen and store tests beside the
 * simulated homelab: guests on vmbr0 and the VPN bridge vmbr1 behind the WireGuard gateway
 * guest 100, templates 900-908 and services 200-202 on vmbr2, compose stacks in the Docker
 * host 105, three ZFS pools (sample-zfs.ts).
 * Built fresh on each call, so tests can mutate their copy.
 */
import type {Container, Guest, GuestNic, Snapshot} from '../../source/model/snapshot.js';
import {sampleDatasets, samplePools} from './sample-zfs.js';

export const SAMPLE_TAKEN_AT = '2026-11-23T10:00:00.000Z';
export const SAMPLE_NOW_SECONDS = Date.parse(SAMPLE_TAKEN_AT) / 1000;
const GiB = 1024 ** 3;
const TiB = 1024 ** 4;

function nic(bridge: string, ip: string, gw?: string, extra: Partial<GuestNic> = {}): GuestNic {
	return {name: 'net0', ifname: 'eth0', bridge, ip, ...(gw ? {gw} : {}), ...extra};
}

interface GuestSpec {
	vmid: number;
	name: string;
	type?: 'lxc' | 'qemu';
	status?: Guest['status'];
	template?: boolean;
	cpu?: number;
	mem?: number;
	maxmem?: number;
	disk?: number;
	maxdisk?: number;
	tags?: string[];
	nics?: GuestNic[];
	containers?: Container[];
	stacks?: Guest['stacks'];
	storage?: string;
}

export function makeGuest(spec: GuestSpec): Guest {
	const running = (spec.status ?? 'running') === 'running';
	const storage = spec.storage ?? (spec.template ? 'local-hdd' : 'local-lvm');
	return {
		vmid: spec.vmid,
		name: spec.name,
		type: spec.type ?? 'lxc',
		node: 'pve',
		status: spec.status ?? 'running',
		template: spec.template ?? false,
		cpu: running ? (spec.cpu ?? 0.03) : 0,
		maxcpu: 2,
		mem: running ? (spec.mem ?? 512 * 1024 ** 2) : 0,
		maxmem: spec.maxmem ?? 2 * GiB,
		disk: spec.disk ?? 3 * GiB,
		maxdisk: spec.maxdisk ?? 8 * GiB,
		uptime: running ? 3 * 86_400 + 4 * 3600 : 0,
		tags: spec.tags ?? [],
		nics: spec.nics ?? [nic('vmbr0', 'dhcp')],
		mounts: [{key: 'rootfs', source: `${storage}:vm-${spec.vmid}-disk-0`, path: '/', size: spec.maxdisk ?? 8 * GiB}],
		unprivileged: true,
		onboot: !spec.template,
		...(spec.containers ? {containers: spec.containers} : {}),
		...(spec.stacks ? {stacks: spec.stacks} : {}),
	};
}

function container(name: string, image: string, project: string, state = 'running', ports = ''): Container {
	return {
		id: name.padEnd(12, '0').slice(0, 12),
		name,
		image,
		state,
		status: state === 'running' ? 'Up 3 days (healthy)' : 'Exited (1) 2 hours ago',
		ports,
		project,
		runtime: 'docker',
	};
}

const TEMPLATE_NAMES = [
	'postgresql',
	'redis',
	'nextcloud',
	'gitea',
	'homeassistant',
	'vaultwarden',
	'jellyfin',
	'nginx-proxy',
	'pihole',
];

export function sampleSnapshot(): Snapshot {
	const guests: Guest[] = [
		makeGuest({
			vmid: 100,
			name: 'wireguard',
			tags: ['vpn', 'network'],
			nics: [
				nic('vmbr0', '192.168.0.2/24', '192.168.0.1'),
				{name: 'net1', ifname: 'eth1', bridge: 'vmbr1', ip: '10.10.10.1/24'},
			],
		}),
		makeGuest({vmid: 101, name: 'swag', tags: ['proxy'], nics: [nic('vmbr0', '192.168.0.3/24', '192.168.0.1')]}),
		makeGuest({vmid: 104, name: 'fileserver', nics: [nic('vmbr0', '192.168.0.5/24', '192.168.0.1')], disk: 7.3 * GiB}),
		makeGuest({
			vmid: 105,
			name: 'docker',
			tags: ['docker', 'compose'],
			maxmem: 8 * GiB,
			mem: 5.2 * GiB,
			nics: [nic('vmbr0', '192.168.0.15/24', '192.168.0.1')],
			containers: [
				container('overseerr', 'sctx/overseerr:latest', 'web', 'running', '0.0.0.0:5055->5055/tcp'),
				container('homepage', 'ghcr.io/gethomepage/homepage:latest', 'web', 'running', '0.0.0.0:3000->3000/tcp'),
				container('nextcloud', 'nextcloud:29-apache', 'cloud', 'running', '0.0.0.0:8080->80/tcp'),
				container('immich-server', 'ghcr.io/immich-app/immich-server:release', 'cloud', 'restarting'),
				container('collabora', 'collabora/code:latest', 'cloud', 'exited'),
			],
			stacks: [
				{name: 'web', status: 'running(2)', running: 2, total: 2},
				{name: 'cloud', status: 'exited(1), restarting(1), running(1)', running: 1, total: 3},
			],
		}),
		makeGuest({
			vmid: 107,
			name: 'qbittorrent',
			tags: ['media', 'vpn'],
			nics: [nic('vmbr1', '10.10.10.2/24', '10.10.10.1')],
			cpu: 0.41,
		}),
		makeGuest({
			vmid: 108,
			name: 'prowlarr',
			tags: ['media', 'vpn'],
			nics: [nic('vmbr1', '10.10.10.3/24', '10.10.10.1')],
		}),
		makeGuest({vmid: 109, name: 'alpine-prometheus', tags: ['monitoring'], nics: [nic('vmbr0', 'dhcp')]}),
		makeGuest({
			vmid: 110,
			name: 'grafana',
			tags: ['monitoring'],
			nics: [nic('vmbr0', '192.168.0.243/24', '192.168.0.1', {tag: 10})],
		}),
		makeGuest({
			vmid: 112,
			name: 'sonarr',
			status: 'stopped',
			tags: ['media'],
			nics: [nic('vmbr0', '192.168.0.203/24', '192.168.0.1')],
		}),
		makeGuest({
			vmid: 115,
			name: 'flaresolverr',
			tags: ['media'],
			nics: [nic('vmbr1', '10.10.10.4/24', '10.10.10.254')],
		}),
		makeGuest({
			vmid: 120,
			name: 'plex',
			tags: ['media'],
			cpu: 0.93,
			maxmem: 4 * GiB,
			mem: 3.1 * GiB,
			nics: [nic('vmbr0', '192.168.0.207/24', '192.168.0.1')],
		}),
		makeGuest({vmid: 200, name: 'postgresql', tags: ['db'], nics: [nic('vmbr2', '10.0.30.10/24', '10.0.30.1')]}),
		makeGuest({vmid: 201, name: 'redis', tags: ['db'], nics: [nic('vmbr2', '10.0.30.20/24', '10.0.30.1')]}),
		makeGuest({vmid: 202, name: 'nextcloud', status: 'stopped', nics: [nic('vmbr2', '10.0.30.30/24', '10.0.30.1')]}),
		makeGuest({
			vmid: 300,
			name: 'win11',
			type: 'qemu',
			status: 'stopped',
			maxmem: 8 * GiB,
			maxdisk: 64 * GiB,
			disk: 0,
			nics: [{name: 'net0', bridge: 'vmbr0', model: 'virtio', hwaddr: 'BC:24:11:00:03:00'}],
		}),
		makeGuest({
			vmid: 301,
			name: 'homeassistant',
			type: 'qemu',
			tags: ['iot'],
			maxmem: 4 * GiB,
			maxdisk: 32 * GiB,
			nics: [{name: 'net0', bridge: 'vmbr0', model: 'virtio'}],
		}),
		...TEMPLATE_NAMES.map((name, i) =>
			makeGuest({
				vmid: 900 + i,
				name: `${name}-tpl`,
				status: 'stopped',
				template: true,
				tags: ['template'],
				nics: [nic('vmbr2', 'dhcp')],
			}),
		),
	];
	guests
		.find((g) => g.vmid === 104)!
		.mounts.push(
			{key: 'mp0', source: '/media-pool', path: '/srv/media-pool'},
			{key: 'mp1', source: '/staging-pool', path: '/srv/staging-pool'},
		);

	const bridgeGuests = (bridge: string) =>
		guests.flatMap((g) => g.nics.filter((n) => n.bridge === bridge).map((n) => ({vmid: g.vmid, nic: n.name})));
	return {
		schemaVersion: 2,
		context: 'demo',
		takenAt: SAMPLE_TAKEN_AT,
		cluster: {name: 'homelab', quorate: true, nodes: 1},
		nodes: [
			{
				name: 'pve',
				online: true,
				local: true,
				cpu: 0.18,
				maxcpu: 16,
				mem: 21 * GiB,
				maxmem: 31 * GiB,
				uptime: 12 * 86_400,
				ip: '192.168.0.10',
				state: 'online',
				route: 'connected',
				dataAt: SAMPLE_TAKEN_AT,
			},
		],
		guests,
		storages: [
			{
				storage: 'local',
				node: 'pve',
				type: 'dir',
				content: ['iso', 'vztmpl', 'backup'],
				status: 'available',
				shared: false,
				used: 18 * GiB,
				total: 94 * GiB,
			},
			{
				storage: 'local-lvm',
				node: 'pve',
				type: 'lvmthin',
				content: ['rootdir', 'images'],
				status: 'available',
				shared: false,
				used: 301 * GiB,
				total: 420 * GiB,
			},
			{
				storage: 'local-hdd',
				node: 'pve',
				type: 'dir',
				content: ['rootdir', 'images', 'vztmpl'],
				status: 'available',
				shared: false,
				used: 0.9 * TiB,
				total: 1.8 * TiB,
			},
			{
				storage: 'media-pool',
				node: 'pve',
				type: 'zfspool',
				content: ['rootdir'],
				status: 'available',
				shared: false,
				used: 4.6 * TiB,
				total: 5.45 * TiB,
			},
		],
		pools: samplePools(),
		datasets: sampleDatasets(),
		bridges: [
			{
				node: 'pve',
				name: 'vmbr0',
				state: 'UP',
				addresses: ['192.168.0.10/24'],
				ports: [{name: 'enp3s0'}, {name: 'veth101i0', vmid: 101, nic: 'net0'}],
				guests: bridgeGuests('vmbr0'),
			},
			{
				node: 'pve',
				name: 'vmbr1',
				state: 'UP',
				addresses: [],
				ports: [{name: 'veth100i1', vmid: 100, nic: 'net1'}],
				guests: bridgeGuests('vmbr1'),
			},
			{
				node: 'pve',
				name: 'vmbr2',
				state: 'UP',
				addresses: ['10.0.30.1/24'],
				ports: [],
				guests: bridgeGuests('vmbr2'),
				vlanAware: true,
			},
		],
		routes: [
			{node: 'pve', dst: 'default', gateway: '192.168.0.1', dev: 'vmbr0', table: 'main', protocol: 'kernel'},
			{node: 'pve', dst: '192.168.0.0/24', dev: 'vmbr0', table: 'main', protocol: 'kernel', prefsrc: '192.168.0.10'},
			{node: 'pve', dst: '10.0.30.0/24', dev: 'vmbr2', table: 'main', protocol: 'kernel', prefsrc: '10.0.30.1'},
			{node: 'pve', dst: '192.168.0.10', dev: 'vmbr0', table: 'local', protocol: 'kernel'},
		],
		vpn: {
			tunnels: [
				{
					node: 'pve',
					name: 'wg0',
					gatewayVmid: 100,
					listenPort: 51820,
					peers: [
						{
							publicKey: 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=',
							endpoint: '185.65.135.71:51820',
							allowedIps: ['0.0.0.0/0', '::/0'],
							latestHandshake: SAMPLE_NOW_SECONDS - 45,
							rx: 3.2 * GiB,
							tx: 410 * 1024 ** 2,
							keepalive: 25,
						},
						{
							publicKey: 'HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw=',
							endpoint: '203.0.113.9:51820',
							allowedIps: ['10.64.0.0/16'],
							latestHandshake: SAMPLE_NOW_SECONDS - 540,
							rx: 12 * 1024 ** 2,
							tx: 3 * 1024 ** 2,
						},
					],
				},
			],
		},
		health: [
			{target: 'guest:200', check: 'tcp 5432', state: 'pass', detail: 'port 5432 answered in 3 ms'},
			{target: 'guest:202', check: 'status', state: 'fail', detail: 'guest is stopped', hint: 'start it with s'},
		],
		errors: [],
	};
}

/** The sample homelab grown to `count` guests (the 1,000-guest scale case). */
export function bigSnapshot(count: number): Snapshot {
	const snapshot = sampleSnapshot();
	const statuses: Guest['status'][] = ['running', 'running', 'running', 'stopped'];
	for (let i = 0; snapshot.guests.length < count; i++) {
		const vmid = 1000 + i;
		snapshot.guests.push(
			makeGuest({
				vmid,
				name: `svc-${String(i).padStart(4, '0')}`,
				status: statuses[i % 4],
				cpu: (i % 97) / 100,
				tags: [`rack${i % 5}`],
				nics: [
					nic(i % 3 === 0 ? 'vmbr2' : 'vmbr0', `10.${20 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/16`, '10.20.0.1'),
				],
			}),
		);
	}
	return snapshot;
}
