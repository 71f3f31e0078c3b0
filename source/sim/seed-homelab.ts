/**
 * The demo's homelab, as data, modelled on published homelab write-ups: 30 container rows
 * (VMIDs, names, IPs, memory and cores as such a homelab sizes them; in seed-guests.ts),
 * templates 900-908, and three compose stacks. state.ts turns these rows into SimGuests.
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

export const http = (name: string, port: number): SimService => ({name, port, kind: 'http'});
export const tcp = (name: string, port: number): SimService => ({name, port, kind: 'tcp'});
export const udp = (name: string, port: number): SimService => ({name, port, kind: 'udp'});

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
	health?: 'healthy' | 'unhealthy';
	restarting?: boolean;
	/** Ended by the OOM killer under its memory limit (MiB): exited 137. */
	oomKilledAt?: number;
	binds?: {source: string; destination: string}[];
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
			// Its downloads share is not mounted in the Docker host: the bind source is missing.
			{
				name: 'sonarr',
				image: 'ghcr.io/hotio/sonarr:release',
				command: '"/init"',
				ports: pub(8989),
				logKind: 'arr',
				binds: [
					{source: '/srv/appdata/sonarr', destination: '/config'},
					{source: '/mnt/downloads', destination: '/downloads'},
				],
			},
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
				// Its healthcheck fails: the app inside stopped answering.
				health: 'unhealthy',
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
				oomKilledAt: 512,
			},
		],
	},
];

/** Paperless-ngx as its docs install it: a compose stack in guest 128, whose name says nothing of Docker. */
export const PAPERLESS_STACKS: {name: string; containers: SeedContainerRow[]}[] = [
	{
		name: 'paperless',
		containers: [
			{
				name: 'paperless-webserver-1',
				image: 'ghcr.io/paperless-ngx/paperless-ngx:latest',
				command: '"/init"',
				ports: pub(8000),
				logKind: 'node-web',
				health: 'healthy',
			},
			{
				name: 'paperless-broker-1',
				image: 'docker.io/library/redis:7',
				command: '"docker-entrypoint.s…"',
				ports: '6379/tcp',
				logKind: 'node-web',
			},
			{
				name: 'paperless-db-1',
				image: 'docker.io/library/postgres:16',
				command: '"docker-entrypoint.s…"',
				ports: '5432/tcp',
				logKind: 'node-web',
			},
		],
	},
];
