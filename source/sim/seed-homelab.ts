/**
 * The demo's homelab, as data, modelled on published homelab write-ups: 30 container rows
 * (VMIDs, names, IPs, memory and cores as such a homelab sizes them), templates 900-908, and
 * three compose stacks. state.ts turns these rows into SimGuests.
 */
import type {SimService} from './types.js';

export type SeedCategory = 'media' | 'monitoring' | 'security' | 'business';

export interface SeedGuestRow {
	vmid: number;
	name: string;
	/** Last octet on 192.168.0.0/24, or 'dhcp'. */
	ip: number | 'dhcp';
	category: SeedCategory;
	memory: number;
	cores: number;
	rootGb: number;
	services: SimService[];
	/** Second NIC on the VPN bridge vmbr1 (10.10.10.0/24). */
	vpnIp?: string;
	stopped?: boolean;
	/** Which pools are bind-mounted (mp0 staging, mp1 service, mp2 media). */
	pools?: ('staging' | 'service' | 'media')[];
	/** Root filesystem on the service-pool zfspool instead of local-lvm. */
	zfsRoot?: boolean;
	privileged?: boolean;
	extraTags?: string[];
	description?: string;
	load: number;
}

const http = (name: string, port: number): SimService => ({name, port, kind: 'http'});
const tcp = (name: string, port: number): SimService => ({name, port, kind: 'tcp'});
const udp = (name: string, port: number): SimService => ({name, port, kind: 'udp'});

export const SEED_GUESTS: SeedGuestRow[] = [
	// Media stack
	{
		vmid: 120,
		name: 'plex',
		ip: 207,
		category: 'media',
		memory: 4096,
		cores: 2,
		rootGb: 15,
		services: [http('plex', 32400)],
		pools: ['service', 'media'],
		load: 0.18,
		description: 'Plex Media Server\nGPU transcoding (iGPU passthrough)',
	},
	{
		vmid: 107,
		name: 'qbittorrent',
		ip: 132,
		category: 'media',
		memory: 2048,
		cores: 2,
		rootGb: 8,
		services: [http('qbittorrent', 8080)],
		vpnIp: '10.10.10.2',
		pools: ['staging', 'service', 'media'],
		extraTags: ['vpn'],
		load: 0.22,
		description: 'qBittorrent (native install)\nTraffic leaves through the WireGuard gateway (116) on vmbr1',
	},
	{
		vmid: 112,
		name: 'sonarr',
		ip: 203,
		category: 'media',
		memory: 1024,
		cores: 2,
		rootGb: 4,
		services: [http('sonarr', 8989)],
		pools: ['staging', 'service', 'media'],
		load: 0.04,
	},
	{
		vmid: 113,
		name: 'radarr',
		ip: 165,
		category: 'media',
		memory: 1024,
		cores: 2,
		rootGb: 4,
		services: [http('radarr', 7878)],
		pools: ['staging', 'service', 'media'],
		load: 0.04,
	},
	{
		vmid: 121,
		name: 'lidarr',
		ip: 177,
		category: 'media',
		memory: 1024,
		cores: 2,
		rootGb: 4,
		services: [http('lidarr', 8686)],
		pools: ['staging', 'service', 'media'],
		load: 0.03,
	},
	{
		vmid: 108,
		name: 'prowlarr',
		ip: 119,
		category: 'media',
		memory: 1024,
		cores: 2,
		rootGb: 4,
		services: [http('prowlarr', 9696)],
		vpnIp: '10.10.10.3',
		extraTags: ['vpn'],
		load: 0.03,
	},
	{
		vmid: 114,
		name: 'overseerr',
		ip: 120,
		category: 'media',
		memory: 1024,
		cores: 1,
		rootGb: 4,
		services: [http('overseerr', 5055)],
		load: 0.02,
	},
	{
		vmid: 115,
		name: 'flaresolverr',
		ip: 138,
		category: 'media',
		memory: 1024,
		cores: 1,
		rootGb: 4,
		services: [http('flaresolverr', 8191)],
		load: 0.02,
	},
	{
		vmid: 118,
		name: 'autobrr',
		ip: 107,
		category: 'media',
		memory: 512,
		cores: 1,
		rootGb: 2,
		services: [http('autobrr', 7474)],
		pools: ['staging'],
		load: 0.02,
	},
	// Advanced monitoring stack
	{
		vmid: 110,
		name: 'grafana',
		ip: 243,
		category: 'monitoring',
		memory: 1024,
		cores: 1,
		rootGb: 4,
		services: [http('grafana', 3000)],
		load: 0.03,
	},
	{
		vmid: 109,
		name: 'alpine_prometheus',
		ip: 'dhcp',
		category: 'monitoring',
		memory: 1024,
		cores: 1,
		rootGb: 4,
		services: [http('prometheus', 9090)],
		load: 0.06,
	},
	{
		vmid: 130,
		name: 'loki',
		ip: 200,
		category: 'monitoring',
		memory: 1024,
		cores: 1,
		rootGb: 8,
		services: [http('loki', 3100)],
		load: 0.05,
	},
	{
		vmid: 131,
		name: 'alertmanager',
		ip: 201,
		category: 'monitoring',
		memory: 512,
		cores: 1,
		rootGb: 2,
		services: [http('alertmanager', 9093)],
		load: 0.01,
	},
	{
		vmid: 132,
		name: 'blackbox_exporter',
		ip: 202,
		category: 'monitoring',
		memory: 512,
		cores: 1,
		rootGb: 2,
		services: [http('blackbox', 9115)],
		load: 0.01,
	},
	{
		vmid: 133,
		name: 'promtail',
		ip: 204,
		category: 'monitoring',
		memory: 512,
		cores: 1,
		rootGb: 2,
		services: [http('promtail', 9080)],
		load: 0.02,
	},
	{
		vmid: 106,
		name: 'prometheus_pve_exporter',
		ip: 'dhcp',
		category: 'monitoring',
		memory: 512,
		cores: 1,
		rootGb: 2,
		services: [http('pve-exporter', 9221)],
		load: 0.01,
	},
	{
		vmid: 123,
		name: 'uptimekuma',
		ip: 181,
		category: 'monitoring',
		memory: 1024,
		cores: 1,
		rootGb: 4,
		services: [http('uptime-kuma', 3001)],
		load: 0.03,
	},
	{
		vmid: 119,
		name: 'glance',
		ip: 44,
		category: 'monitoring',
		memory: 512,
		cores: 1,
		rootGb: 2,
		services: [http('glance', 8080)],
		load: 0.01,
	},
	// Security stack
	{
		vmid: 100,
		name: 'swag',
		ip: 3,
		category: 'security',
		memory: 512,
		cores: 1,
		rootGb: 4,
		services: [http('swag', 80), tcp('swag-https', 443)],
		load: 0.02,
		description: "SWAG reverse proxy + Let's Encrypt",
	},
	{
		vmid: 116,
		name: 'wireguard',
		ip: 219,
		category: 'security',
		memory: 2048,
		cores: 1,
		rootGb: 2,
		services: [udp('wireguard', 51820)],
		vpnIp: '10.10.10.1',
		privileged: true,
		extraTags: ['vpn'],
		load: 0.03,
		description: 'WireGuard gateway for vmbr1 (10.10.10.0/24)\nwg0 -> VPN provider',
	},
	{
		vmid: 104,
		name: 'vaultwarden',
		ip: 248,
		category: 'security',
		memory: 2048,
		cores: 1,
		rootGb: 4,
		services: [http('vaultwarden', 8080)],
		zfsRoot: true,
		load: 0.01,
	},
	{
		vmid: 103,
		name: 'rustdeskserver',
		ip: 140,
		category: 'security',
		memory: 512,
		cores: 1,
		rootGb: 2,
		services: [tcp('hbbs', 21116)],
		load: 0.01,
	},
	// Business & storage
	{
		vmid: 105,
		name: 'immich',
		ip: 15,
		category: 'business',
		memory: 4096,
		cores: 4,
		rootGb: 15,
		services: [http('immich', 2283)],
		pools: ['media'],
		zfsRoot: true,
		load: 0.15,
	},
	{
		vmid: 117,
		name: 'immich_backup',
		ip: 10,
		category: 'business',
		memory: 9216,
		cores: 4,
		rootGb: 15,
		services: [http('immich', 2283)],
		zfsRoot: true,
		stopped: true,
		load: 0.1,
		description: 'Photo backup instance (stopped by default)',
	},
	{
		vmid: 102,
		name: 'fileserver',
		ip: 5,
		category: 'business',
		memory: 2048,
		cores: 2,
		rootGb: 8,
		services: [http('cockpit', 9090), tcp('smb', 445)],
		pools: ['staging', 'service', 'media'],
		privileged: true,
		load: 0.04,
	},
	{
		vmid: 128,
		name: 'paperless_ngx',
		ip: 149,
		category: 'business',
		memory: 2048,
		cores: 2,
		rootGb: 8,
		services: [http('paperless', 8000)],
		zfsRoot: true,
		load: 0.04,
	},
	{
		vmid: 125,
		name: 'odoo',
		ip: 159,
		category: 'business',
		memory: 2048,
		cores: 2,
		rootGb: 8,
		services: [http('odoo', 8069)],
		zfsRoot: true,
		load: 0.05,
	},
	{
		vmid: 101,
		name: 'drive',
		ip: 126,
		category: 'business',
		memory: 512,
		cores: 1,
		rootGb: 4,
		services: [http('rclone', 5572)],
		load: 0.02,
	},
	{
		vmid: 111,
		name: 'docker',
		ip: 153,
		category: 'business',
		memory: 2048,
		cores: 2,
		rootGb: 15,
		services: [http('homepage', 3000), http('nextcloud', 8081)],
		extraTags: ['docker'],
		load: 0.2,
		description: 'Docker host: compose stacks in /srv/containers (media, web, cloud)',
	},
	{
		vmid: 124,
		name: 'ntfy',
		ip: 124,
		category: 'business',
		memory: 512,
		cores: 1,
		rootGb: 2,
		services: [http('ntfy', 80)],
		load: 0.01,
	},
];

export interface SeedTemplateRow {
	vmid: number;
	service: string;
	memory: number;
	cores: number;
	tag: string;
	services: SimService[];
	docker?: boolean;
}

/** Templates 900-908 on local-hdd, cloned to services 200-208 on vmbr2. */
export const SEED_TEMPLATES: SeedTemplateRow[] = [
	{vmid: 900, service: 'postgresql', memory: 1024, cores: 1, tag: 'database', services: [tcp('postgresql', 5432)]},
	{vmid: 901, service: 'redis', memory: 512, cores: 1, tag: 'database', services: [tcp('redis', 6379)]},
	{vmid: 902, service: 'nextcloud', memory: 2048, cores: 2, tag: 'cloud', services: [http('nextcloud', 80)]},
	{vmid: 903, service: 'gitea', memory: 1024, cores: 1, tag: 'git', services: [http('gitea', 3000)]},
	{
		vmid: 904,
		service: 'homeassistant',
		memory: 2048,
		cores: 2,
		tag: 'smarthome',
		services: [http('homeassistant', 8123)],
	},
	{vmid: 905, service: 'grafana', memory: 512, cores: 1, tag: 'monitoring', services: [http('grafana', 3000)]},
	{vmid: 906, service: 'prometheus', memory: 1024, cores: 1, tag: 'monitoring', services: [http('prometheus', 9090)]},
	{vmid: 907, service: 'npm', memory: 512, cores: 1, tag: 'proxy', services: [http('npm-admin', 81), http('npm', 80)]},
	{vmid: 908, service: 'docker', memory: 2048, cores: 2, tag: 'docker', services: [], docker: true},
];

export interface SeedContainerRow {
	name: string;
	image: string;
	command: string;
	ports: string;
	logKind: string;
	health?: 'healthy';
	restarting?: boolean;
}

const pub = (port: number, proto = 'tcp'): string =>
	`0.0.0.0:${port}->${port}/${proto}, [::]:${port}->${port}/${proto}`;

/** Three compose stacks, as they run in the Docker host guest 111. */
export const SEED_STACKS: {name: string; containers: SeedContainerRow[]}[] = [
	{
		name: 'media',
		containers: [
			{
				name: 'plex',
				image: 'plexinc/pms-docker:latest',
				command: '"/init"',
				ports: pub(32400),
				logKind: 'plex',
				health: 'healthy',
			},
			{name: 'sonarr', image: 'ghcr.io/hotio/sonarr:release', command: '"/init"', ports: pub(8989), logKind: 'arr'},
			{name: 'radarr', image: 'ghcr.io/hotio/radarr:release', command: '"/init"', ports: pub(7878), logKind: 'arr'},
			{name: 'prowlarr', image: 'ghcr.io/hotio/prowlarr:release', command: '"/init"', ports: pub(9696), logKind: 'arr'},
			// LinuxServer.io image: s6 cannot bind its socket in an unprivileged LXC.
			{
				name: 'qbittorrent',
				image: 'lscr.io/linuxserver/qbittorrent:latest',
				command: '"/init"',
				ports: '',
				logKind: 'lsio-s6',
				restarting: true,
			},
		],
	},
	{
		name: 'web',
		containers: [
			{
				name: 'overseerr',
				image: 'sctx/overseerr:latest',
				command: '"/sbin/tini -- yarn…"',
				ports: pub(5055),
				logKind: 'node-web',
			},
			{
				name: 'wizarr',
				image: 'ghcr.io/wizarrrr/wizarr:latest',
				command: '"/entrypoint.sh"',
				ports: pub(5690),
				logKind: 'node-web',
			},
			{
				name: 'organizr',
				image: 'organizr/organizr:latest',
				command: '"/init"',
				ports: '0.0.0.0:8085->80/tcp, [::]:8085->80/tcp',
				logKind: 'php-web',
			},
			{
				name: 'homepage',
				image: 'ghcr.io/gethomepage/homepage:latest',
				command: '"docker-entrypoint.…"',
				ports: '0.0.0.0:3000->3000/tcp, [::]:3000->3000/tcp',
				logKind: 'node-web',
				health: 'healthy',
			},
		],
	},
	{
		name: 'cloud',
		containers: [
			{
				name: 'nextcloud',
				image: 'nextcloud:29-apache',
				command: '"/entrypoint.sh apac…"',
				ports: '0.0.0.0:8081->80/tcp, [::]:8081->80/tcp',
				logKind: 'php-web',
			},
			{
				name: 'immich',
				image: 'ghcr.io/immich-app/immich-server:release',
				command: '"tini -- /bin/bash …"',
				ports: '0.0.0.0:2283->2283/tcp, [::]:2283->2283/tcp',
				logKind: 'node-web',
				health: 'healthy',
			},
			{
				name: 'collabora',
				image: 'collabora/code:latest',
				command: '"/start-collabora-o…"',
				ports: pub(9980),
				logKind: 'php-web',
			},
		],
	},
];
