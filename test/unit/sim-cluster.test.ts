import {beforeEach, describe, expect, it} from 'vitest';
import {SimClock} from '../../source/sim/clock.js';
import {runScript} from '../../source/sim/interpreter.js';
import {runSimCommand} from '../../source/sim/commands.js';
import {faultControl} from '../../source/sim/faults.js';
import {createHomelab} from '../../source/sim/homelab.js';
import type {SimState} from '../../source/sim/types.js';
import {parseClusterStatus} from '../../source/host/parse/cluster-status.js';
import {parsePveshResources} from '../../source/host/parse/pvesh-resources.js';
import {parseZpoolList} from '../../source/host/parse/zpool-list.js';
import {parseIpAddr} from '../../source/host/parse/ip-addr.js';
import {ZPOOL_LIST_COLUMNS} from '../../source/host/commands.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
let state: SimState;
let clock: SimClock;
const on = (node: string, ...argv: string[]) => runSimCommand(state, clock, argv, node);
const hop = (node: string, ip: string, command: string) =>
	runScript(
		state,
		clock,
		`ssh -e none -o BatchMode=yes -o ConnectTimeout=5 -o HostKeyAlias=${node} root@${ip} '${command}'`,
	);
const value = <T>(r: {ok: true; value: T} | {ok: false}) =>
	r.ok
		? r.value
		: (() => {
				throw new Error('parse failed');
			})();

beforeEach(() => {
	clock = new SimClock({start: NOW});
	state = createHomelab({now: NOW, nodes: 3});
});

describe('the simulated 3-node cluster', () => {
	it('spreads the homelab over its nodes, each with its own address, bridges and pools', () => {
		expect(state.nodes.map((n) => `${n.name}@${n.ip}`)).toEqual([
			'pve@192.168.0.2',
			'pve2@192.168.0.21',
			'pve3@192.168.0.22',
		]);
		const nodeOf = (vmid: number) => state.guests.find((g) => g.vmid === vmid)!.node;
		expect([nodeOf(116), nodeOf(111), nodeOf(110), nodeOf(900)]).toEqual(['pve', 'pve2', 'pve3', 'pve']);
		const pools = (node: string) =>
			value(
				parseZpoolList(on(node, 'zpool', 'list', '-Hp', '-o', ZPOOL_LIST_COLUMNS.join(',')).stdout, [
					...ZPOOL_LIST_COLUMNS,
				]),
			).map((p) => p.name);
		expect(pools('pve')).toEqual(['media-pool', 'service-pool', 'staging-pool']);
		expect(pools('pve2')).toEqual(['tank']);
		expect(pools('pve3')).toEqual(['rpool']);
		const addresses = (node: string) =>
			value(parseIpAddr(on(node, 'ip', '-j', 'addr', 'show').stdout))
				.find((i) => i.ifname === 'vmbr0')!
				.addresses.map((a) => a.local);
		expect([addresses('pve'), addresses('pve2')]).toEqual([['192.168.0.2'], ['192.168.0.21']]);
		expect(on('pve2', 'hostname').stdout).toBe('pve2\n');
		expect(
			(JSON.parse(on('pve3', 'journalctl', '-o', 'json', '-n', '1').stdout) as {_HOSTNAME: string})._HOSTNAME,
		).toBe('pve3');
	});

	it('refuses pct for a guest of another node exactly as Proxmox does', () => {
		// 111 lives on pve2; asked on pve:
		expect(on('pve', 'pct', 'status', '111')).toEqual({
			stdout: '',
			stderr: "Configuration file 'nodes/pve/lxc/111.conf' does not exist\n",
			code: 2,
		});
		expect(on('pve', 'pct', 'exec', '111', '--', 'docker', 'ps')).toEqual({
			stdout: '',
			stderr: "Configuration file 'nodes/pve/lxc/111.conf' does not exist\n",
			code: 2,
		});
		expect(on('pve', 'pct', 'stop', '111')).toEqual({
			stdout: '',
			stderr: "Configuration file 'nodes/pve/lxc/111.conf' does not exist\n",
			code: 255,
		});
		expect(on('pve3', 'pct', 'start', '111')).toEqual({
			stdout: '',
			stderr: "Configuration file 'nodes/pve3/lxc/111.conf' does not exist\n",
			code: 255,
		});
		expect(on('pve', 'pct', 'list').stdout).not.toMatch(/^111 /m);
		// On its own node it works.
		expect(on('pve2', 'pct', 'status', '111')).toMatchObject({code: 0, stdout: 'status: running\n'});
		expect(on('pve2', 'pct', 'list').stdout).toMatch(/^111 +running/m);
	});

	it("answers pvesh create …/status/… for any node with that node's task id, from whichever node it runs on", () => {
		const stop = on('pve', 'pvesh', 'create', '/nodes/pve2/lxc/111/status/stop');
		expect(stop.code).toBe(0);
		expect(JSON.parse(stop.stdout)).toMatch(/^UPID:pve2:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:vzstop:111:root@pam:$/);
		expect(on('pve2', 'pct', 'status', '111').stdout).toBe('status: stopped\n');
		// The node in the path must be the guest's.
		expect(on('pve', 'pvesh', 'create', '/nodes/pve/lxc/111/status/start')).toMatchObject({
			code: 255,
			stderr: "Configuration file 'nodes/pve/lxc/111.conf' does not exist\n",
		});
		// The task lands in the journal of the guest's node.
		const journal = on('pve2', 'journalctl', '-o', 'json', '-n', '50').stdout;
		expect(journal).toContain('vzstop:111');
		expect(on('pve', 'journalctl', '-o', 'json', '-n', '50').stdout).not.toContain('vzstop:111');
	});

	it("hops to another node by its cluster address with root's key, and refuses as OpenSSH does", () => {
		expect(hop('pve2', '192.168.0.21', 'pct status 111')).toMatchObject({code: 0, stdout: 'status: running\n'});
		expect(hop('pve2', '192.168.0.21', 'hostname; pct status 111')).toMatchObject({stdout: 'pve2\nstatus: running\n'});
		expect(hop('pve2', '192.168.0.99', 'true')).toEqual({
			stdout: '',
			stderr: 'ssh: connect to host 192.168.0.99 port 22: No route to host\n',
			code: 255,
		});
		expect(hop('pve3', '192.168.0.21', 'true')).toMatchObject({
			code: 255,
			stderr: expect.stringContaining('Host key verification failed.'),
		});
		expect(runScript(state, clock, "ssh -o BatchMode=yes admin@192.168.0.21 'true'")).toEqual({
			stdout: '',
			stderr: 'admin@192.168.0.21: Permission denied (publickey).\n',
			code: 255,
		});
	});

	it('takes a node down: the cluster sees it offline, its guests unknown, nothing reaches it, and it comes back', () => {
		const faults = faultControl(
			() => state,
			() => clock.now(),
		);
		faults.nodeDown('pve3');
		const status = value(
			parseClusterStatus(on('pve', 'pvesh', 'get', '/cluster/status', '--output-format', 'json').stdout),
		);
		expect(status.cluster).toEqual({name: 'homelab', quorate: true, nodes: 3});
		expect(status.nodes.map((n) => `${n.name}:${n.online}`)).toEqual(['pve:true', 'pve2:true', 'pve3:false']);
		const resources = value(
			parsePveshResources(on('pve', 'pvesh', 'get', '/cluster/resources', '--output-format', 'json').stdout),
		);
		expect(resources.guests.find((g) => g.vmid === 110)?.status).toBe('unknown');
		expect(resources.storages.filter((s) => s.node === 'pve3').every((s) => s.status === 'unknown')).toBe(true);
		expect(hop('pve3', '192.168.0.22', 'true')).toMatchObject({
			code: 255,
			stderr: 'ssh: connect to host 192.168.0.22 port 22: No route to host\n',
		});
		expect(on('pve', 'pvesh', 'create', '/nodes/pve3/lxc/110/status/stop')).toMatchObject({
			code: 255,
			stderr: "500 Can't connect to 192.168.0.22:8006 (No route to host)\n",
		});
		expect(on('pve', 'pct', 'clone', '900', '250', '--full', '--target', 'pve3', '--storage', 'nas').stderr).toBe(
			"target node 'pve3' is not online\n",
		);
		faults.nodeDown('pve2');
		expect(
			value(parseClusterStatus(on('pve', 'pvesh', 'get', '/cluster/status', '--output-format', 'json').stdout)).cluster
				?.quorate,
		).toBe(false);
		faults.clear('nodesDown');
		expect(hop('pve3', '192.168.0.22', 'hostname')).toMatchObject({code: 0, stdout: 'pve3\n'});
	});

	it('clones to another node only onto shared storage that node has', () => {
		expect(on('pve', 'pct', 'clone', '900', '250', '--full', '--target', 'pve2', '--storage', 'local-lvm').stderr).toBe(
			"can't clone to non-shared storage 'local-lvm'\n",
		);
		expect(
			on('pve', 'pct', 'clone', '900', '250', '--full', '--target', 'pve2', '--storage', 'nas', '--hostname', 'pg2')
				.code,
		).toBe(0);
		expect(state.guests.find((g) => g.vmid === 250)).toMatchObject({
			node: 'pve2',
			rootfs: {volume: 'nas:250/vm-250-disk-0.raw'},
		});
		expect(on('pve2', 'pct', 'status', '250').stdout).toBe('status: stopped\n');
		// A bridge is looked for on the guest's own node: pve2 has no VPN bridge.
		expect(on('pve2', 'pct', 'set', '250', '--net0', 'name=eth0,bridge=vmbr1,ip=10.10.10.9/24').stderr).toBe(
			"bridge 'vmbr1' does not exist\n",
		);
		expect(on('pve2', 'pct', 'set', '250', '--net0', 'name=eth0,bridge=vmbr2,ip=10.0.30.15/24').code).toBe(0);
	});
});

describe("the demo's default homelab", () => {
	it("stays the seeds' single host: every guest, pool and bridge on pve", () => {
		const single = createHomelab({now: NOW});
		expect(single.nodes.map((n) => n.name)).toEqual(['pve']);
		expect(
			new Set([
				...single.guests.map((g) => g.node),
				...single.pools.map((p) => p.node),
				...single.bridges.map((b) => b.node),
			]),
		).toEqual(new Set(['pve']));
		expect(single.clusterName).toBeNull();
	});
});
