import {describe, expect, it} from 'vitest';
import {composePull, composeUp, containerVerb} from '../../source/ops/docker-commands.js';
import {
	httpProbe,
	netProperty,
	pctClone,
	pctDestroy,
	pctResize,
	pctSet,
	pctShutdown,
	pctStart,
	pctExec,
	renderCommand,
	tcpProbe,
} from '../../source/ops/pct-commands.js';
import {shellSplit} from '../../source/host/quote.js';
import {defaultCatalog} from '../../source/catalog/defaults.js';
import {validateCatalog} from '../../source/catalog/validate-catalog.js';

/** A guest on the standalone node `pve`. */
const on = (vmid: number) => ({vmid, node: 'pve'});

describe('write-side command builders', () => {
	it("builds the catalog's clone and network commands exactly", () => {
		expect(renderCommand(pctClone(on(900), 200, {hostname: 'postgresql-db', storage: 'local-lvm'}), false)).toBe(
			'pct clone 900 200 --hostname postgresql-db --storage local-lvm --full',
		);
		expect(renderCommand(pctClone(on(900), 200, {hostname: 'pg', storage: 'local-lvm', target: 'pve2'}), false)).toBe(
			'pct clone 900 200 --hostname pg --storage local-lvm --full --target pve2',
		);
		expect(netProperty({bridge: 'vmbr2', ip: '10.0.30.10/24', gw: '10.0.30.1'})).toBe(
			'name=eth0,bridge=vmbr2,ip=10.0.30.10/24,gw=10.0.30.1',
		);
	});

	it('puts every setting into one pct set, tags joined with ; and quoted once', () => {
		const line = renderCommand(
			pctSet(on(200), {
				net0: {bridge: 'vmbr2', ip: '10.0.30.10/24', gw: '10.0.30.1'},
				mounts: [{key: 'mp0', source: '/staging-pool', path: '/staging-pool'}],
				memory: 1024,
				cores: 1,
				onboot: true,
				tags: ['database', 'proxdeck-deployed'],
			}),
			false,
		);
		expect(line).toBe(
			"pct set 200 --net0 name=eth0,bridge=vmbr2,ip=10.0.30.10/24,gw=10.0.30.1 --mp0 /staging-pool,mp=/staging-pool --memory 1024 --cores 1 --onboot 1 --tags 'database;proxdeck-deployed'",
		);
		expect(shellSplit(line).at(-1)).toBe('database;proxdeck-deployed');
	});

	it('prefixes sudo -n for root commands only when the context says so', () => {
		expect(renderCommand(pctDestroy(on(200)), true)).toBe('sudo -n pct destroy 200');
		expect(renderCommand(pctDestroy(on(200)), false)).toBe('pct destroy 200');
		expect(renderCommand(httpProbe('pve', 'http://10.0.30.60:3000/api/health'), true)).toBe(
			"curl -s -o /dev/null -m 5 -w '%{http_code}' http://10.0.30.60:3000/api/health",
		);
		expect(renderCommand(tcpProbe('pve', '10.0.30.10', 5432), true)).toBe('nc -z -w 3 10.0.30.10 5432');
	});

	it('builds lifecycle and docker commands', () => {
		expect(renderCommand(pctShutdown(on(200), 60), false)).toBe('pct shutdown 200 --timeout 60');
		expect(renderCommand(pctResize(on(200), 'rootfs', '+10G'), false)).toBe('pct resize 200 rootfs +10G');
		expect(renderCommand(containerVerb(on(111), 'restart', 'qbittorrent'), false)).toBe(
			'pct exec 111 -- docker restart qbittorrent',
		);
		expect(renderCommand(composePull(on(111), '/srv/containers/media/compose.yml'), false)).toBe(
			'pct exec 111 -- docker compose -f /srv/containers/media/compose.yml pull',
		);
		expect(renderCommand(composeUp(on(111), '/srv/containers/media/compose.yml'), false)).toBe(
			'pct exec 111 -- docker compose -f /srv/containers/media/compose.yml up -d',
		);
	});

	it('refuses values that would change the command instead of quoting them', () => {
		expect(() => pctClone(on(900), 200, {hostname: 'pg; rm -rf /', storage: 'local-lvm'})).toThrow(/invalid hostname/);
		expect(() => pctSet(on(200), {net0: {bridge: 'vmbr2,firewall=1', ip: '10.0.30.10/24'}})).toThrow(/invalid bridge/);
		expect(() => pctSet(on(200), {mounts: [{key: 'mp0', source: '/a,mp=/etc', path: '/x'}]})).toThrow(/mount source/);
		expect(() => pctResize(on(200), 'rootfs', '10G; reboot')).toThrow(/disk size/);
		expect(() => httpProbe('pve', "http://x/'$(id)'")).toThrow(/URL/);
		expect(() => pctClone(on(99), 200, {})).toThrow(/VMID/);
		// The node a command is sent to is checked like every other value.
		expect(() => pctStart({vmid: 200, node: 'pve2; reboot'})).toThrow(/invalid node/);
	});

	it('names the node each guest command must run on', () => {
		expect(pctStart({vmid: 200, node: 'pve2'})).toEqual({
			argv: ['pct', 'start', '200'],
			root: true,
			node: 'pve2',
			timeoutMs: 5 * 60_000,
		});
		expect(pctExec({vmid: 111, node: 'pve2'}, ['docker', 'ps']).node).toBe('pve2');
		expect(pctClone({vmid: 900, node: 'pve'}, 210, {target: 'pve3'})).toMatchObject({
			node: 'pve',
			argv: ['pct', 'clone', '900', '210', '--full', '--target', 'pve3'],
		});
		expect(tcpProbe('pve3', '10.0.30.10', 5432).node).toBe('pve3');
	});
});

describe('default catalog', () => {
	it('maps templates 900-908 to 200-208 at 10.0.30.10..90 on vmbr2 and validates', () => {
		const {services} = defaultCatalog();
		expect(services.map((s) => s.name)).toEqual([
			'postgresql',
			'redis',
			'nextcloud',
			'gitea',
			'homeassistant',
			'grafana',
			'prometheus',
			'nginx-proxy-manager',
			'docker',
		]);
		expect(services.map((s) => `${s.templateVmid}>${s.vmid}@${s.ip}`)).toEqual([
			'900>200@10.0.30.10/24',
			'901>201@10.0.30.20/24',
			'902>202@10.0.30.30/24',
			'903>203@10.0.30.40/24',
			'904>204@10.0.30.50/24',
			'905>205@10.0.30.60/24',
			'906>206@10.0.30.70/24',
			'907>207@10.0.30.80/24',
			'908>208@10.0.30.90/24',
		]);
		expect(new Set(services.map((s) => `${s.storage} ${s.bridge} ${s.gateway}`))).toEqual(
			new Set(['local-lvm vmbr2 10.0.30.1']),
		);
		expect(services[0]!.hostname).toBe('postgresql-db');
		expect(services.at(-1)!.mounts.map((m) => `${m.key}=${m.source}`)).toEqual([
			'mp0=/staging-pool',
			'mp1=/service-pool',
			'mp2=/media-pool',
		]);
		expect(validateCatalog(defaultCatalog())).toEqual([]);
	});

	it('names the service and field of a bad entry', () => {
		const catalog = defaultCatalog();
		catalog.services[1]!.bridge = 'vmbr2;reboot';
		catalog.services[2]!.vmid = 200;
		expect(validateCatalog(catalog)).toEqual([
			{
				service: 'redis',
				message: 'invalid bridge "vmbr2;reboot": expected an interface name like vmbr0 (at most 15 characters)',
			},
			{service: 'nextcloud', message: "VMID 200 is also postgresql's"},
		]);
	});
});
