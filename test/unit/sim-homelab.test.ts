import {describe, expect, it} from 'vitest';
import {SimClock} from '../../source/sim/clock.js';
import {runSimCommand} from '../../source/sim/commands.js';
import {createHomelab} from '../../source/sim/state.js';
import {poolAlloc} from '../../source/sim/metrics.js';
import {renderVmlist} from '../../source/sim/render/pve-files.js';

const NOW = Date.UTC(2025, 10, 23, 11, 20, 0);

/** The demo homelab's container table: vmid -> [name, IP on vmbr0 or dhcp]. */
const SEED_004: Record<number, [string, string]> = {
	120: ['plex', '192.168.0.207/24'],
	107: ['qbittorrent', '192.168.0.132/24'],
	112: ['sonarr', '192.168.0.203/24'],
	113: ['radarr', '192.168.0.165/24'],
	121: ['lidarr', '192.168.0.177/24'],
	108: ['prowlarr', '192.168.0.119/24'],
	114: ['overseerr', '192.168.0.120/24'],
	115: ['flaresolverr', '192.168.0.138/24'],
	118: ['autobrr', '192.168.0.107/24'],
	110: ['grafana', '192.168.0.243/24'],
	109: ['alpine_prometheus', 'dhcp'],
	130: ['loki', '192.168.0.200/24'],
	131: ['alertmanager', '192.168.0.201/24'],
	132: ['blackbox_exporter', '192.168.0.202/24'],
	133: ['promtail', '192.168.0.204/24'],
	106: ['prometheus_pve_exporter', 'dhcp'],
	123: ['uptimekuma', '192.168.0.181/24'],
	119: ['glance', '192.168.0.44/24'],
	100: ['swag', '192.168.0.3/24'],
	116: ['wireguard', '192.168.0.219/24'],
	104: ['vaultwarden', '192.168.0.248/24'],
	103: ['rustdeskserver', '192.168.0.140/24'],
	105: ['immich', '192.168.0.15/24'],
	117: ['immich_backup', '192.168.0.10/24'],
	102: ['fileserver', '192.168.0.5/24'],
	128: ['paperless_ngx', '192.168.0.149/24'],
	125: ['odoo', '192.168.0.159/24'],
	101: ['drive', '192.168.0.126/24'],
	111: ['docker', '192.168.0.153/24'],
	124: ['ntfy', '192.168.0.124/24'],
};

describe('the seed homelab', () => {
	const state = createHomelab({now: NOW});
	const guest = (vmid: number) => state.guests.find((g) => g.vmid === vmid)!;

	it('has all 30 containers with their VMIDs, names and vmbr0 addresses', () => {
		expect(Object.keys(SEED_004)).toHaveLength(30);
		for (const [vmid, [name, ip]] of Object.entries(SEED_004)) {
			const g = guest(Number(vmid));
			expect(g.name).toBe(name);
			expect(g.type).toBe('lxc');
			expect(g.nics[0]).toMatchObject({key: 'net0', bridge: 'vmbr0', ip});
		}
	});

	it('gives memory from the Memory Distribution notes', () => {
		expect(guest(105).memory).toBe(4096);
		expect(guest(117).memory).toBe(9216);
		expect(guest(120).memory).toBe(4096);
		for (const vmid of [107, 116, 102, 111, 104, 125, 128]) expect(guest(vmid).memory).toBe(2048);
		for (const vmid of [112, 113, 121, 110, 131, 133, 119, 124]) expect(guest(vmid).memory).toBeLessThanOrEqual(1024);
		expect(guest(105).cores).toBe(4);
		expect(guest(120).cores).toBe(2);
	});

	it('keeps immich_backup (117) stopped and the rest of the containers running', () => {
		const clock = new SimClock({start: NOW});
		expect(runSimCommand(state, clock, ['pct', 'status', '117']).stdout).toBe('status: stopped\n');
		expect(runSimCommand(state, clock, ['pct', 'status', '105']).stdout).toBe('status: running\n');
	});

	it('dual-homes qbittorrent and prowlarr on vmbr1 behind the WireGuard gateway 116', () => {
		expect(guest(107).nics[1]).toMatchObject({key: 'net1', bridge: 'vmbr1', ip: '10.10.10.2/24', gw: '10.10.10.1'});
		expect(guest(108).nics[1]).toMatchObject({key: 'net1', bridge: 'vmbr1', ip: '10.10.10.3/24', gw: '10.10.10.1'});
		expect(guest(116).nics.map((n) => [n.bridge, n.ip])).toEqual([
			['vmbr0', '192.168.0.219/24'],
			['vmbr1', '10.10.10.1/24'],
		]);
		expect(guest(116).tags).toContain('vpn');
		expect(guest(111).tags).toContain('docker');
		expect(guest(116).wireguard?.[0]?.peers.length).toBe(3);
	});

	it('has the nine templates 900-908 on local-hdd, stopped, on vmbr2 with DHCP', () => {
		const templates = state.guests.filter((g) => g.template);
		expect(templates.map((t) => t.vmid)).toEqual([900, 901, 902, 903, 904, 905, 906, 907, 908]);
		for (const t of templates) {
			expect(t.rootfs.volume).toBe(`local-hdd:${t.vmid}/base-${t.vmid}-disk-0.raw`);
			expect(t.status).toBe('stopped');
			expect(t.nics[0]).toMatchObject({bridge: 'vmbr2', ip: 'dhcp'});
		}
		expect(guest(900).name).toBe('postgresql-template');
		expect(guest(907).name).toBe('npm-template');
	});

	it('has the OPNsense VM 300 on vmbr0 and vmbr2', () => {
		expect(guest(300).type).toBe('qemu');
		expect(guest(300).nics.map((n) => n.bridge)).toEqual(['vmbr0', 'vmbr2']);
	});

	it('bind-mounts the pools into media guests', () => {
		expect(guest(107).mounts.map((m) => `${m.key} ${m.source},mp=${m.path}`)).toEqual([
			'mp0 /staging-pool,mp=/staging-pool',
			'mp1 /service-pool,mp=/service-pool',
			'mp2 /media-pool,mp=/media-pool',
		]);
	});

	it('has media-pool above 80 % and the other pools at their seeded levels', () => {
		const cap = (name: string) => {
			const pool = state.pools.find((p) => p.name === name)!;
			return (poolAlloc(state, pool, NOW) * 100) / pool.size;
		};
		expect(cap('media-pool')).toBeGreaterThan(80);
		expect(cap('media-pool')).toBeLessThan(90);
		expect(Math.round(cap('service-pool'))).toBe(45);
		expect(Math.round(cap('staging-pool'))).toBe(60);
	});

	it('runs the compose stacks in the Docker host, with the LinuxServer.io qbittorrent restarting', () => {
		const docker = guest(111).docker!;
		expect(docker.stacks.map((s) => s.name)).toEqual(['media', 'web', 'cloud']);
		expect(docker.containers.map((c) => c.name)).toEqual([
			'plex',
			'sonarr',
			'radarr',
			'prowlarr',
			'qbittorrent',
			'overseerr',
			'wizarr',
			'organizr',
			'homepage',
			'nextcloud',
			'immich',
			'collabora',
		]);
		expect(docker.containers.find((c) => c.name === 'qbittorrent')).toMatchObject({
			state: 'restarting',
			image: 'lscr.io/linuxserver/qbittorrent:latest',
		});
	});

	it('writes .vmlist exactly as pmxcfs does', () => {
		const text = renderVmlist(state);
		expect(
			text.startsWith(
				`{\n"version": ${state.vmlistVersion},\n"ids": {\n"100": { "node": "pve", "type": "lxc", "version": `,
			),
		).toBe(true);
		expect(text).toContain('"300": { "node": "pve", "type": "qemu", "version": ');
		expect(text.endsWith(' }}\n\n}\n')).toBe(true);
		expect(renderVmlist({...state, guests: [], vmlistVersion: 7})).toBe('{\n"version": 7\n\n}\n');
	});

	it('is deterministic for a seed', () => {
		expect(JSON.stringify(createHomelab({now: NOW, seed: 3}))).toBe(JSON.stringify(createHomelab({now: NOW, seed: 3})));
	});
});
