import {describe, expect, it} from 'vitest';
import {parseClusterStatus} from '../../source/host/parse/cluster-status.js';
import {parseGuestConfigJson} from '../../source/host/parse/guest-config.js';
import {
	parsePveshGuestStatus,
	parsePveshNodesLxc,
	parsePveshResources,
} from '../../source/host/parse/pvesh-resources.js';
import {parseVmlist} from '../../source/host/parse/vmlist.js';
import {listFixtures, readFixture} from '../helpers/fixtures.js';

function value<T>(result: {ok: true; value: T} | {ok: false; error: {message: string}}): T {
	if (!result.ok) throw new Error(`expected ok, got: ${result.error.message}`);
	return result.value;
}

describe('parsePveshResources', () => {
	it('reads the 4-node API capture (data wrapper): nodes, qemu guests, storages', () => {
		const resources = value(
			parsePveshResources(
				readFixture('pvesh-cluster-resources/api-pve7-4node-qemu-node-storage-anonymized-gomox.json'),
			),
		);
		expect(resources.nodes.map((node) => node.name).sort()).toEqual(['node1', 'node2', 'node3', 'node4']);
		const node2 = resources.nodes.find((node) => node.name === 'node2');
		expect(node2).toMatchObject({status: 'online', maxcpu: 12, maxmem: 33567911936, uptime: 874373});
		expect(resources.guests.map((guest) => guest.vmid)).toEqual([100, 101, 102, 200]);
		const server1 = resources.guests[0];
		expect(server1).toMatchObject({
			name: 'server1',
			type: 'qemu',
			node: 'node2',
			status: 'running',
			template: false,
			mem: 842551296,
			maxdisk: 34359738368,
		});
		expect(resources.guests[1]).toMatchObject({name: 'leap154', template: true, status: 'stopped'});
		expect(resources.guests[2]?.tags).toEqual(['go-proxmox+cloud-init']);
		expect(resources.guests[0]?.tags).toEqual([]);
		expect(resources.storages).toHaveLength(12);
		const zfs = resources.storages.find((storage) => storage.storage === 'local-zfs' && storage.node === 'node2');
		expect(zfs).toEqual({
			storage: 'local-zfs',
			node: 'node2',
			type: 'zfspool',
			content: ['images', 'rootdir'],
			status: 'available',
			shared: false,
			used: 25294921728,
			total: 962664386560,
		});
	});

	it('reads bare-array storage entries with plugintype, shared and content', () => {
		const {storages, guests, nodes} = value(
			parsePveshResources(readFixture('pvesh-cluster-resources/type-storage-json-nfs-dir-lvmthin-cv4pvediag52.json')),
		);
		expect(guests).toEqual([]);
		expect(nodes).toEqual([]);
		expect(storages.map((storage) => storage.type)).toEqual(['nfs', 'dir', 'lvmthin']);
		expect(storages[0]).toMatchObject({
			storage: 'truenas-backups',
			shared: true,
			content: ['backup'],
			used: 180708442112,
			total: 2037808889856,
		});
		expect(storages[1]?.content).toEqual(['iso', 'vztmpl', 'snippets', 'import', 'backup']);
	});

	it('reads Perl json-pretty from PVE 6.2 with no plugintype/content', () => {
		const {storages} = value(
			parsePveshResources(
				readFixture(
					'pvesh-cluster-resources/type-storage-jsonpretty-pve62-no-plugintype-no-content-cv4pveautosnap68.json',
				),
			),
		);
		expect(storages).toHaveLength(2);
		expect(storages[0]).toEqual({
			storage: 'local-lvm',
			node: 'xxx-svr',
			type: '',
			content: [],
			status: 'available',
			shared: false,
			used: 665223261532,
			total: 1836618612736,
		});
	});

	it('coerces string numbers, splits tags, skips bad entries with warnings, ignores pool/sdn', () => {
		const text = JSON.stringify([
			{
				type: 'lxc',
				vmid: '200',
				name: 'media',
				node: 'pve',
				status: 'running',
				template: '0',
				tags: 'media; arr,,docker',
				maxmem: '2147483648',
				lock: 'backup',
				hastate: 'started',
			},
			{type: 'qemu', name: 'no-id', node: 'pve'},
			42,
			{type: 'pool', pool: 'prod'},
			{type: 'sdn', sdn: 'zone1'},
			{type: 'node', node: 'pve', status: 'weird'},
		]);
		const result = parsePveshResources(text);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.value.guests).toHaveLength(1);
		expect(result.value.guests[0]).toMatchObject({
			vmid: 200,
			type: 'lxc',
			template: false,
			maxmem: 2147483648,
			tags: ['media', 'arr', 'docker'],
			lock: 'backup',
			hastate: 'started',
			// Left out of the entry: unknown, not 0.
			cpu: null,
			uptime: null,
		});
		expect(result.value.nodes[0]).toMatchObject({status: 'unknown', cpu: null, maxmem: null});
		expect(result.warnings).toHaveLength(2);
	});

	it('fails on a non-array top level and on garbage, naming the command', () => {
		for (const text of [
			'{"data": {"a": 1}}',
			'',
			'[{"type":"node"',
			'<html><body>501 Not Implemented</body></html>',
			'\x00\xff\x13garbage',
		]) {
			const result = parsePveshResources(text);
			expect(result.ok).toBe(false);
			if (!result.ok) expect(result.error.command).toBe('pvesh get /cluster/resources');
		}
	});
});

describe('parsePveshNodesLxc / parsePveshGuestStatus', () => {
	it('reads the PVE 7 list with string vmids, cpus and a template', () => {
		const guests = value(
			parsePveshNodesLxc(readFixture('pvesh-nodes-lxc/list-pve7-vmid-string-template-sortedkeys-gomox.json')),
		);
		expect(guests.map((guest) => guest.vmid)).toEqual([106, 105, 101]);
		expect(guests[0]).toMatchObject({
			name: 'test',
			type: 'lxc',
			node: '',
			status: 'running',
			maxcpu: 1,
			mem: 34304000,
			disk: 640397312,
			uptime: 919760,
			template: false,
		});
		expect(guests[2]).toMatchObject({name: 'test-container', status: 'stopped', template: true, maxdisk: 8589934592});
	});

	it('reads status/current with the data wrapper, tags and HA', () => {
		const guest = value(
			parsePveshGuestStatus(readFixture('pvesh-nodes-lxc/status-current-stopped-template-ha-gomox.json')),
		);
		expect(guest).toMatchObject({
			vmid: 101,
			type: 'lxc',
			name: 'test-container',
			status: 'stopped',
			template: true,
			maxcpu: 2,
			maxmem: 536870912,
			tags: ['tag1', 'tag2'],
		});
		expect(guest.hastate).toBeUndefined();
	});

	it('reports a paused VM from qmpstatus', () => {
		const guest = value(
			parsePveshGuestStatus('{"vmid":300,"status":"running","qmpstatus":"paused","name":"win"}', 'qemu'),
		);
		expect(guest).toMatchObject({vmid: 300, type: 'qemu', status: 'paused'});
	});

	it('fails on garbage with the command name', () => {
		const list = parsePveshNodesLxc('{"errors":"no such node"}');
		expect(list.ok ? '' : list.error.command).toBe('pvesh get /nodes/<node>/lxc');
		const status = parsePveshGuestStatus('[]');
		expect(status.ok ? '' : status.error.command).toContain('status/current');
	});
});

describe('parseGuestConfigJson', () => {
	it('reads the json-pretty config with lxc raw pairs and a bind mount', () => {
		const config = value(
			parseGuestConfigJson(readFixture('pvesh-lxc-config/config-jsonpretty-lxc-raw-keys-mp0-bind-gomox.json'), 'lxc'),
		);
		expect(config.name).toBe('test-container');
		expect(config.lxcRaw).toHaveLength(5);
		expect(config.lxcRaw[0]).toEqual(['lxc.cgroup2.devices.allow', 'c 226:0 rwm']);
		expect(config.lxcRaw[3]).toEqual(['lxc.mount.entry', '/dev/dri dev/dri none bind,optional,create=dir']);
		expect(config.mounts).toEqual([
			{key: 'rootfs', source: 'vmstore:subvol-101-disk-0', path: '/', size: 30 * 1024 ** 3},
			{key: 'mp0', source: '/mnt/foo/bar', path: '/storage'},
		]);
		expect(config.nics).toEqual([
			{name: 'net0', ifname: 'eth0', bridge: 'vmbr0', firewall: true, hwaddr: '5D:CF:BD:B2:C5:39', ip: 'dhcp'},
		]);
		expect(config).toMatchObject({
			memory: 4096,
			cores: 2,
			swap: 512,
			onboot: true,
			ostype: 'debian',
			tags: ['tag1', 'tag2'],
			unprivileged: false,
		});
		expect(config.features).toEqual({fuse: '1', mknod: '1', nesting: '1'});
		expect(config.raw['digest']).toBe('5911baea29f4c0073fb063fd9ab29e75892832bf');
	});

	it('accepts the API data wrapper and fails on an array', () => {
		const wrapped = value(
			parseGuestConfigJson('{"data":{"hostname":"db","memory":"1024","description":"line1\\nline2"}}', 'lxc'),
		);
		expect(wrapped).toMatchObject({name: 'db', memory: 1024, description: 'line1\nline2'});
		const bad = parseGuestConfigJson('[1,2]', 'lxc');
		expect(bad.ok ? '' : bad.error.command).toBe('pvesh get /nodes/<node>/lxc/<vmid>/config');
	});
});

describe('parseClusterStatus (API shape, no fixture)', () => {
	it('reads a 3-node cluster with the local flag', () => {
		const text = JSON.stringify([
			{type: 'cluster', id: 'cluster', name: 'homelab', nodes: 3, quorate: 1, version: 7},
			{type: 'node', id: 'node/pve1', name: 'pve1', ip: '192.168.1.11', level: '', local: 1, nodeid: 1, online: 1},
			{type: 'node', id: 'node/pve2', name: 'pve2', ip: '192.168.1.12', level: '', local: 0, nodeid: 2, online: 1},
			{type: 'node', id: 'node/pve3', name: 'pve3', ip: '192.168.1.13', level: '', local: 0, nodeid: '3', online: 0},
		]);
		const status = value(parseClusterStatus(text));
		expect(status.cluster).toEqual({name: 'homelab', quorate: true, nodes: 3});
		expect(status.nodes).toEqual([
			{name: 'pve1', online: true, local: true, ip: '192.168.1.11', nodeid: 1},
			{name: 'pve2', online: true, local: false, ip: '192.168.1.12', nodeid: 2},
			{name: 'pve3', online: false, local: false, ip: '192.168.1.13', nodeid: 3},
		]);
	});

	it('reads a standalone node (no cluster entry), API-wrapped', () => {
		const status = value(
			parseClusterStatus(
				'{"data":[{"type":"node","name":"pve","local":1,"online":1,"ip":"10.0.0.2","id":"node/pve","nodeid":0,"level":""}]}',
			),
		);
		expect(status.cluster).toBeUndefined();
		expect(status.nodes).toEqual([{name: 'pve', online: true, local: true, ip: '10.0.0.2', nodeid: 0}]);
	});

	it('reports an unquorate cluster and fails on garbage', () => {
		const status = value(parseClusterStatus('[{"type":"cluster","name":"c","quorate":0,"nodes":2}]'));
		expect(status.cluster?.quorate).toBe(false);
		const bad = parseClusterStatus('<html>proxy error</html>');
		expect(bad.ok ? '' : bad.error.command).toBe('pvesh get /cluster/status');
	});
});

describe('parseVmlist', () => {
	it('reads the pmxcfs format', () => {
		const text =
			'{\n"version": 12,\n"ids": {\n"100": { "node": "pve", "type": "lxc", "version": 5 },\n"101": { "node": "pve2", "type": "qemu", "version": 9 }}\n\n}\n';
		expect(value(parseVmlist(text))).toEqual({
			version: 12,
			guests: [
				{vmid: 100, node: 'pve', type: 'lxc', version: 5},
				{vmid: 101, node: 'pve2', type: 'qemu', version: 9},
			],
		});
	});

	it('reads an empty vmlist and fails on garbage', () => {
		expect(value(parseVmlist('{\n"version": 5\n\n}\n'))).toEqual({version: 5, guests: []});
		for (const text of ['', '{"version": 1, "ids": {"100": {', '[]', 'nope']) {
			const result = parseVmlist(text);
			expect(result.ok ? '' : result.error.command).toBe('cat /etc/pve/.vmlist');
		}
	});
});

describe('every pvesh fixture parses', () => {
	for (const file of listFixtures('pvesh-cluster-resources')) {
		it(`pvesh-cluster-resources/${file}`, () => {
			const result = parsePveshResources(readFixture(`pvesh-cluster-resources/${file}`));
			expect(result.ok && result.warnings === undefined).toBe(true);
			expect(result.ok && result.value.storages.length > 0).toBe(true);
		});
	}
	for (const file of listFixtures('pvesh-nodes-lxc')) {
		it(`pvesh-nodes-lxc/${file}`, () => {
			const text = readFixture(`pvesh-nodes-lxc/${file}`);
			const result = file.startsWith('status') ? parsePveshGuestStatus(text) : parsePveshNodesLxc(text);
			expect(result.ok && result.warnings === undefined).toBe(true);
		});
	}
	for (const file of listFixtures('pvesh-lxc-config')) {
		it(`pvesh-lxc-config/${file}`, () => {
			const result = parseGuestConfigJson(readFixture(`pvesh-lxc-config/${file}`), 'lxc');
			expect(result.ok && result.value.mounts.length > 0).toBe(true);
		});
	}
});
