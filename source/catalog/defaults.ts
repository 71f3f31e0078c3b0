/**
 * The default catalog: nine services a homelab builds from templates. Template 9NN is cloned to 2NN on local-lvm
 * with the static address 10.0.30.(N+1)0 on the internal bridge vmbr2 (gateway 10.0.30.1,
 * the OPNsense router).
 */
import {defaultRecipe} from './template-recipes.js';
import type {Catalog, CatalogService, HealthProbe} from './types.js';

const SUBNET = '10.0.30';
const GATEWAY = `${SUBNET}.1`;

interface Row {
	name: string;
	description: string;
	index: number;
	hostname: string;
	memory: number;
	cores: number;
	tags: string[];
	probes: (ip: string) => HealthProbe[];
	postDeploy?: string[][];
	dockerHost?: boolean;
	mounts?: CatalogService['mounts'];
}

const tcp = (name: string, port: number): HealthProbe => ({kind: 'tcp', name, port});
const http = (name: string, url: string, expect = 200): HealthProbe => ({kind: 'http', name, url, expect});

/** The homelab's three pools, bind-mounted at the same path inside the guest. */
export const POOL_MOUNTS = [
	{key: 'mp0', source: '/staging-pool', path: '/staging-pool'},
	{key: 'mp1', source: '/service-pool', path: '/service-pool'},
	{key: 'mp2', source: '/media-pool', path: '/media-pool'},
] as const;

const ROWS: Row[] = [
	{
		name: 'postgresql',
		description: 'PostgreSQL database',
		index: 0,
		hostname: 'postgresql-db',
		memory: 1024,
		cores: 1,
		tags: ['database'],
		probes: () => [tcp('postgresql', 5432), {kind: 'command', name: 'pg_isready', argv: ['pg_isready']}],
	},
	{
		name: 'redis',
		description: 'Redis cache',
		index: 1,
		hostname: 'redis',
		memory: 512,
		cores: 1,
		tags: ['database'],
		probes: () => [tcp('redis', 6379), {kind: 'command', name: 'redis-cli ping', argv: ['redis-cli', 'ping']}],
	},
	{
		name: 'nextcloud',
		description: 'Nextcloud files and sync',
		index: 2,
		hostname: 'nextcloud',
		memory: 2048,
		cores: 2,
		tags: ['cloud'],
		probes: (ip) => [http('nextcloud', `http://${ip}/status.php`)],
		mounts: [{...POOL_MOUNTS[1]}, {...POOL_MOUNTS[2]}],
	},
	{
		name: 'gitea',
		description: 'Gitea git server',
		index: 3,
		hostname: 'gitea',
		memory: 1024,
		cores: 1,
		tags: ['git'],
		probes: (ip) => [http('gitea', `http://${ip}:3000/`)],
	},
	{
		name: 'homeassistant',
		description: 'Home Assistant',
		index: 4,
		hostname: 'homeassistant',
		memory: 2048,
		cores: 2,
		tags: ['smarthome'],
		probes: (ip) => [http('homeassistant', `http://${ip}:8123/`)],
	},
	{
		name: 'grafana',
		description: 'Grafana dashboards',
		index: 5,
		hostname: 'grafana',
		memory: 512,
		cores: 1,
		tags: ['monitoring'],
		probes: (ip) => [http('grafana', `http://${ip}:3000/api/health`)],
	},
	{
		name: 'prometheus',
		description: 'Prometheus metrics',
		index: 6,
		hostname: 'prometheus',
		memory: 1024,
		cores: 1,
		tags: ['monitoring'],
		probes: (ip) => [http('prometheus', `http://${ip}:9090/-/healthy`)],
	},
	{
		name: 'nginx-proxy-manager',
		description: 'Nginx Proxy Manager',
		index: 7,
		hostname: 'npm',
		memory: 512,
		cores: 1,
		tags: ['proxy'],
		probes: (ip) => [http('npm admin', `http://${ip}:81/`), tcp('http', 80)],
	},
	{
		name: 'docker',
		description: 'Docker host for compose stacks',
		index: 8,
		hostname: 'docker',
		memory: 2048,
		cores: 2,
		tags: ['docker'],
		dockerHost: true,
		// `docker ps` fails with "Cannot connect to the Docker daemon" when dockerd is down.
		probes: () => [{kind: 'command', name: 'docker ps', argv: ['docker', 'ps', '--quiet']}],
		mounts: POOL_MOUNTS.map((m) => ({...m})),
	},
];

function toService(row: Row): CatalogService {
	const address = `${SUBNET}.${(row.index + 1) * 10}`;
	const recipe = defaultRecipe(row.name);
	return {
		name: row.name,
		description: row.description,
		templateVmid: 900 + row.index,
		vmid: 200 + row.index,
		hostname: row.hostname,
		storage: 'local-lvm',
		bridge: 'vmbr2',
		ip: `${address}/24`,
		gateway: GATEWAY,
		memory: row.memory,
		cores: row.cores,
		onboot: true,
		mounts: row.mounts ?? [],
		tags: row.tags,
		postDeploy: row.postDeploy ?? [],
		probes: row.probes(address),
		...(row.dockerHost ? {dockerHost: true, snapshotBeforeRisky: true} : {}),
		startTimeoutSec: 120,
		healthTimeoutSec: 120,
		...(recipe ? {template: recipe} : {}),
	};
}

/** A fresh copy every call: callers may change it (tests, the config override). */
export function defaultCatalog(): Catalog {
	return {services: ROWS.map(toService)};
}

export function findService(catalog: Catalog, name: string): CatalogService | undefined {
	return catalog.services.find((s) => s.name === name);
}

/** Probe target address: the service's static IP without its prefix. */
export function serviceAddress(service: Pick<CatalogService, 'ip'>): string {
	return service.ip.split('/')[0] ?? service.ip;
}
