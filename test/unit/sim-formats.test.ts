/**
 * Every sim output read back with the SAME parsers proxdeck uses on a real host: the values
 * must survive the round trip (and a parser warning would mean the sim drifted from the format).
 */
import {describe, expect, it} from 'vitest';
import {parseBridgeLink} from '../../source/host/parse/bridge-link.js';
import {parseClusterStatus} from '../../source/host/parse/cluster-status.js';
import {parseConfigsBundle} from '../../source/host/parse/configs-bundle.js';
import {parseComposeLs, parseDockerPs} from '../../source/host/parse/docker.js';
import {parseGuestConfig, parseGuestConfigJson} from '../../source/host/parse/guest-config.js';
import {parseIpAddr} from '../../source/host/parse/ip-addr.js';
import {parseIpRoute} from '../../source/host/parse/ip-route.js';
import {parseIpRule} from '../../source/host/parse/ip-rule.js';
import {parseDockerLogLine, parseJournalJson} from '../../source/host/parse/journal.js';
import {parsePveshResources, parsePveshGuestStatus} from '../../source/host/parse/pvesh-resources.js';
import type {ParseResult} from '../../source/model/result.js';
import {parseVmlist} from '../../source/host/parse/vmlist.js';
import {parseWgDump} from '../../source/host/parse/wg.js';
import {parseZfsList} from '../../source/host/parse/zfs-list.js';
import {parseZpoolList} from '../../source/host/parse/zpool-list.js';
import {parseZpoolStatus} from '../../source/host/parse/zpool-status.js';
import {SimClock} from '../../source/sim/clock.js';
import {runSimCommand} from '../../source/sim/commands.js';
import {faultControl} from '../../source/sim/faults.js';
import {emulateConfigs} from '../../source/sim/interpreter.js';
import {networkPlan} from '../../source/sim/network-plan.js';
import {createHomelab} from '../../source/sim/state.js';

const NOW = Date.UTC(2025, 10, 23, 11, 20, 0);

function value<T>(result: ParseResult<T>): T {
	if (!result.ok) throw new Error(`parse failed: ${result.error.message}`);
	expect(result.warnings ?? []).toEqual([]);
	return result.value;
}

function setup() {
	const state = createHomelab({now: NOW});
	const clock = new SimClock({start: NOW});
	const run = (...argv: string[]) => {
		const r = runSimCommand(state, clock, argv);
		expect(r.code).toBe(0);
		return r.stdout;
	};
	return {state, clock, run};
}

describe('sim outputs through the real parsers', () => {
	it('/cluster/resources, /cluster/status and status/current', () => {
		const {state, run} = setup();
		const resources = value(parsePveshResources(run('pvesh', 'get', '/cluster/resources', '--output-format', 'json')));
		expect(resources.guests).toHaveLength(state.guests.length);
		const immich = resources.guests.find((g) => g.vmid === 105)!;
		expect(immich).toMatchObject({
			name: 'immich',
			type: 'lxc',
			node: 'pve',
			status: 'running',
			template: false,
			maxcpu: 4,
			maxmem: 4096 * 1024 ** 2,
			tags: ['business'],
		});
		expect(resources.guests.find((g) => g.vmid === 900)).toMatchObject({
			template: true,
			status: 'stopped',
			tags: ['community-script', 'database'],
		});
		expect(resources.guests.find((g) => g.vmid === 300)).toMatchObject({type: 'qemu', name: 'opnsense'});
		expect(resources.nodes).toEqual([expect.objectContaining({name: 'pve', status: 'online', maxcpu: 8})]);
		const lvm = resources.storages.find((s) => s.storage === 'local-lvm')!;
		expect(lvm).toMatchObject({
			type: 'lvmthin',
			content: ['images', 'rootdir'],
			shared: false,
			status: 'available',
			total: 158_913_789_952,
		});
		expect(resources.storages.find((s) => s.storage === 'local-hdd')).toMatchObject({
			type: 'dir',
			content: ['images', 'rootdir'],
		});
		expect(resources.storages.find((s) => s.storage === 'media-pool')!.type).toBe('zfspool');
		const status = value(parseClusterStatus(run('pvesh', 'get', '/cluster/status', '--output-format', 'json')));
		expect(status).toEqual({nodes: [{name: 'pve', online: true, local: true, ip: '192.168.0.2', nodeid: 0}]});
		expect(
			value(parsePveshGuestStatus(run('pvesh', 'get', '/nodes/pve/lxc/105/status/current', '--output-format', 'json'))),
		).toMatchObject({vmid: 105, status: 'running', maxcpu: 4});
	});

	it('.vmlist, the configs bundle, pct config, config files and the config JSON', () => {
		const {state, run} = setup();
		const vmlist = value(parseVmlist(run('cat', '/etc/pve/.vmlist')));
		expect(vmlist.version).toBe(state.vmlistVersion);
		expect(vmlist.guests.find((g) => g.vmid === 300)).toEqual({
			vmid: 300,
			node: 'pve',
			type: 'qemu',
			version: state.guests.find((g) => g.vmid === 300)!.version,
		});
		const bundle = value(parseConfigsBundle(emulateConfigs(state, '')));
		expect(bundle.configs).toHaveLength(state.guests.length);
		const text = bundle.configs.find((c) => c.vmid === 107)!.text;
		const fromFile = value(parseGuestConfig(text, 'lxc'));
		expect(fromFile).toMatchObject({
			name: 'qbittorrent',
			memory: 2048,
			cores: 2,
			swap: 512,
			unprivileged: true,
			onboot: true,
			tags: ['media', 'vpn'],
			description: 'qBittorrent (native install)\nTraffic leaves through the WireGuard gateway (116) on vmbr1',
		});
		expect(fromFile.nics).toEqual([
			expect.objectContaining({name: 'net0', ifname: 'eth0', bridge: 'vmbr0', ip: '192.168.0.132/24'}),
			expect.objectContaining({name: 'net1', ifname: 'eth1', bridge: 'vmbr1', ip: '10.10.10.2/24', gw: '10.10.10.1'}),
		]);
		expect(fromFile.mounts.map((m) => [m.key, m.source, m.path])).toEqual(
			expect.arrayContaining([['mp2', '/media-pool', '/media-pool']]),
		);
		expect(value(parseGuestConfig(run('pct', 'config', '107'), 'lxc'))).toMatchObject({
			name: 'qbittorrent',
			description: fromFile.description,
		});
		expect(
			value(parseGuestConfigJson(run('pvesh', 'get', '/nodes/pve/lxc/107/config', '--output-format', 'json'), 'lxc')),
		).toMatchObject({name: 'qbittorrent', memory: 2048});
		const vm = value(parseGuestConfig(run('qm', 'config', '300'), 'qemu'));
		expect(vm.nics.map((n) => n.bridge)).toEqual(['vmbr0', 'vmbr2']);
		expect(vm.name).toBe('opnsense');
	});

	it('a template, a snapshot and a locked guest keep their flags through the config parser', () => {
		const {state, run} = setup();
		run('pct', 'clone', '900', '200', '--hostname', 'db', '--storage', 'local-lvm', '--full');
		run('pct', 'snapshot', '200', 'pre-upgrade');
		state.guests.find((g) => g.vmid === 200)!.lock = 'backup';
		const config = value(parseGuestConfig(run('cat', '/etc/pve/lxc/200.conf'), 'lxc'));
		expect(config).toMatchObject({lock: 'backup', snapshots: ['pre-upgrade']});
		expect(value(parseGuestConfig(run('cat', '/etc/pve/lxc/901.conf'), 'lxc')).template).toBe(true);
	});

	it('pct list, qm list and pveversion in the layouts Proxmox prints', () => {
		const {run} = setup();
		const pct = run('pct', 'list').split('\n');
		expect(pct[0]).toMatch(/^VMID {7}Status {5}Lock {9}Name/);
		expect(pct).toContain(
			`${'106'.padEnd(10)} ${'running'.padEnd(10)} ${''.padEnd(12)} ${'prometheus_pve_exporter'.padEnd(20)}`,
		);
		expect(pct.find((line) => line.startsWith('117 '))).toMatch(/^117 +stopped /);
		const qm = run('qm', 'list').split('\n');
		expect(qm[0]).toMatch(/^ +VMID NAME +STATUS +MEM\(MB\) +BOOTDISK\(GB\) PID/);
		expect(qm[1]).toMatch(/^ +300 opnsense +running /);
		expect(run('pveversion')).toBe('pve-manager/9.0.10/deb1ca707ec72a89 (running kernel: 6.14.11-2-pve)\n');
	});

	it('zpool list, zpool status (healthy, scrubbing, degraded) and zfs list', () => {
		const {state, clock, run} = setup();
		const pools = value(
			parseZpoolList(run('zpool', 'list', '-Hp', '-o', 'name,size,alloc,free,frag,cap,dedup,health')),
		);
		expect(pools.map((p) => [p.name, p.capacity, p.health, p.dedup])).toEqual([
			['media-pool', 84, 'ONLINE', 1],
			['service-pool', 45, 'ONLINE', 1],
			['staging-pool', 60, 'ONLINE', 1],
		]);
		const status = value(parseZpoolStatus(run('zpool', 'status')));
		expect(status.map((s) => s.name)).toEqual(['media-pool', 'service-pool', 'staging-pool']);
		expect(status[2]!.scan).toMatchObject({kind: 'scrub', state: 'in-progress', percent: 33.33});
		expect(status[0]!.scan).toMatchObject({kind: 'scrub', state: 'done', errors: 0});
		expect(status[0]!.vdevs[0]!.children[0]!.children.map((d) => d.name)).toEqual([
			'ata-WDC_WD80EFZZ-68BTXN0_WD-CA1K7X2L',
			'ata-WDC_WD80EFZZ-68BTXN0_WD-CA1KP9ZD',
		]);
		faultControl(
			() => state,
			() => clock.now(),
		).degradedPool();
		const degraded = value(parseZpoolStatus(run('zpool', 'status', 'media-pool')))[0]!;
		expect(degraded.state).toBe('DEGRADED');
		expect(degraded.scan).toMatchObject({kind: 'resilver', state: 'in-progress'});
		const replacing = degraded.vdevs[0]!.children[0]!.children[1]!;
		expect(replacing.children[0]).toMatchObject({state: 'UNAVAIL', read: 3, write: 118, cksum: 47});
		const datasets = value(
			parseZfsList(run('zfs', 'list', '-Hp', '-t', 'filesystem,volume', '-o', 'name,used,avail,refer,mountpoint')),
		);
		expect(datasets.find((d) => d.name === 'media-pool/media/tv')).toMatchObject({mountpoint: '/media-pool/media/tv'});
		expect(datasets.find((d) => d.name === 'service-pool/subvol-105-disk-0')!.mountpoint).toBe(
			'/service-pool/subvol-105-disk-0',
		);
		// The pool root's used is the pool's alloc: the two views of one pool agree.
		for (const pool of pools)
			expect(datasets.find((d) => d.name === pool.name)!.used).toBe(
				value(parseZpoolList(run('zpool', 'list', '-Hp', '-o', 'name,size,alloc,free,frag,cap,dedup,health'))).find(
					(p) => p.name === pool.name,
				)!.alloc,
			);
	});

	it('ip -j addr/route/rule and bridge -j link describe networkPlan()', () => {
		const {state, run} = setup();
		const plan = networkPlan(state);
		const interfaces = value(parseIpAddr(run('ip', '-j', 'addr', 'show')));
		for (const bridge of plan.bridges) {
			const iface = interfaces.find((i) => i.ifname === bridge.name)!;
			expect(iface.addresses.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`)).toEqual(
				bridge.addresses,
			);
			expect(
				interfaces.filter((i) => i.master === bridge.name && i.ifname !== plan.uplink.name).map((i) => i.ifname),
			).toEqual(bridge.ports);
		}
		expect(interfaces.find((i) => i.ifname === 'nic0')!.master).toBe('vmbr0');
		expect(plan.bridges.find((b) => b.name === 'vmbr1')!.ports).toEqual(['veth107i1', 'veth108i1', 'veth116i1']);
		const links = value(parseBridgeLink(run('bridge', '-j', 'link', 'show')));
		expect(links.find((l) => l.ifname === 'tap300i1')).toMatchObject({master: 'vmbr2', state: 'forwarding'});
		const routes = value(parseIpRoute(run('ip', '-j', 'route', 'show', 'table', 'all')));
		expect(routes.find((r) => r.dst === 'default')).toMatchObject({
			gateway: '192.168.0.1',
			dev: 'vmbr0',
			table: 'main',
		});
		expect(routes.find((r) => r.dst === '10.0.30.0/24')).toMatchObject({dev: 'vmbr2', prefsrc: '10.0.30.2'});
		const rules = value(parseIpRule(run('ip', '-j', 'rule', 'show')));
		expect(rules.map((r) => [r.priority, r.table])).toEqual([
			[0, 'local'],
			[32766, 'main'],
			[32767, 'default'],
		]);
	});

	it('wg show all dump in the gateway guest', () => {
		const {state, run} = setup();
		const tunnels = value(parseWgDump(run('pct', 'exec', '116', '--', 'wg', 'show', 'all', 'dump')));
		expect(tunnels).toHaveLength(1);
		const wg0 = tunnels[0]!;
		expect(wg0).toMatchObject({
			name: 'wg0',
			listenPort: 51820,
			publicKey: state.guests.find((g) => g.vmid === 116)!.wireguard![0]!.publicKey,
		});
		expect(wg0.peers.map((p) => [p.endpoint, p.allowedIps])).toEqual([
			['185.213.154.68:51820', ['0.0.0.0/0']],
			['92.40.190.17:41752', ['10.6.0.2/32']],
			[null, ['10.6.0.3/32']],
		]);
		expect(wg0.peers[0]!.keepalive).toBe(25);
		expect(wg0.peers[2]!.latestHandshake).toBe(0);
	});

	it('journalctl -o json, docker ps, compose ls and docker logs -t', () => {
		const {run} = setup();
		const journal = value(parseJournalJson(run('journalctl', '-o', 'json', '-n', '50')));
		expect(journal).toHaveLength(50);
		expect(journal.every((l) => l.hostname === 'pve' && l.time !== null && l.time <= NOW)).toBe(true);
		const guestJournal = value(
			parseJournalJson(run('pct', 'exec', '105', '--', 'journalctl', '-o', 'json', '-n', '5')),
		);
		expect(guestJournal.every((l) => l.hostname === 'immich')).toBe(true);
		const containers = value(
			parseDockerPs(run('pct', 'exec', '111', '--', 'docker', 'ps', '-a', '--format', '{{json .}}')),
		);
		expect(containers).toHaveLength(12);
		expect(containers.find((c) => c.name === 'qbittorrent')).toMatchObject({
			state: 'restarting',
			project: 'media',
			image: 'lscr.io/linuxserver/qbittorrent:latest',
		});
		expect(containers.find((c) => c.name === 'plex')!.status).toBe('Up 3 days (healthy)');
		// --quiet: the IDs alone, one a line, no header (what scripts feed to docker rm or inspect).
		const ids = (args: string[]) =>
			run('pct', 'exec', '111', '--', 'docker', 'ps', ...args)
				.split('\n')
				.filter(Boolean);
		expect(ids(['-a', '--quiet'])).toEqual(containers.map((c) => c.id.slice(0, 12)));
		expect(ids(['-aq'])).toEqual(ids(['-a', '-q']));
		const up = containers.filter((c) => ['running', 'restarting', 'paused'].includes(c.state));
		expect(ids(['-q'])).toEqual(up.map((c) => c.id.slice(0, 12)));
		expect(ids(['-q']).every((id) => /^[0-9a-f]{12}$/.test(id))).toBe(true);
		expect(ids(['-a', '--quiet', '--no-trunc']).every((id) => /^[0-9a-f]{64}$/.test(id))).toBe(true);
		const stacks = value(
			parseComposeLs(run('pct', 'exec', '111', '--', 'docker', 'compose', 'ls', '-a', '--format', 'json')),
		);
		expect(stacks.map((s) => [s.name, s.running, s.total, s.configFiles])).toEqual([
			['media', 4, 5, '/srv/containers/media/compose.yml'],
			['web', 4, 4, '/srv/containers/web/compose.yml'],
			// collabora was OOM-killed: 2 of 3 run.
			['cloud', 2, 3, '/srv/containers/cloud/compose.yml'],
		]);
		const logLine = runSimCommand(createHomelab({now: NOW}), new SimClock({start: NOW}), [
			'pct',
			'exec',
			'111',
			'--',
			'docker',
			'logs',
			'-t',
			'--tail',
			'1',
			'plex',
		]).stdout.trim();
		const parsedLine = parseDockerLogLine(logLine);
		expect(parsedLine.time).not.toBeNull();
		expect(parsedLine.time!).toBeLessThanOrEqual(NOW);
		expect(logLine.endsWith(parsedLine.message)).toBe(true);
	});
});
