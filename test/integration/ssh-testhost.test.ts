/** The test host serves the simulated homelab over real ssh: sim commands, /etc/pve, real ip in a namespace. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {connectTestHost} from '../host/connect.js';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import type {SshTransport} from '../../source/transport/ssh.js';
import type {Transport} from '../../source/transport/types.js';
import {createCollector} from '../../source/host/collect.js';
import {startFirstRefresh} from '../../source/host/first-refresh.js';
import {createNodeRouter} from '../../source/host/node-router.js';

const gate = requireE2E('ssh-testhost');

interface Resource {
	vmid?: number;
	type: string;
	template?: number;
	name?: string;
}

describe.skipIf(gate.skip)('test host: the simulated homelab behind a real sshd', () => {
	let host: TestHost;
	let ssh: SshTransport;

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost();
		ssh = await connectTestHost(host);
	});
	afterAll(async () => {
		await ssh?.close();
		await host?.close();
	});

	it('carries the privilege probe in the first refresh: as root, no sudo, and no exec of its own', async () => {
		const scripts: string[] = [];
		// The connection with exec noted: the router and the collector call nothing else on it.
		const recording: Transport = Object.create(ssh) as Transport;
		recording.exec = (command, options) => {
			scripts.push(command);
			return ssh.exec(command, options);
		};
		const nodes = createNodeRouter(recording, {sudo: 'probe'});
		const collector = createCollector(nodes, {context: 'test-host'});
		const {probe} = await startFirstRefresh(collector, nodes);
		expect(probe).toMatchObject({user: host.user, isRoot: true, hasPvesh: true, sudo: 'not-needed'});
		const snapshot = await collector.collect();
		expect(nodes.sudo).toBe(false);
		expect(snapshot.errors).toEqual([]);
		expect(snapshot.guests.length).toBeGreaterThan(0);
		// Every exec is a batch (the first refresh reads Docker in a second round); the first carries the probe.
		expect(scripts.length).toBeGreaterThan(0);
		expect(scripts.every((script) => script.includes('pd_mark='))).toBe(true);
		expect(scripts.filter((script) => script.includes('printf "uid=%s')).length).toBe(1);
		expect(scripts[0]).toContain('printf "uid=%s');
	}, 60_000);

	it('answers real `ip -j addr show` from the namespace built from the sim network plan', async () => {
		const result = await ssh.exec('ip -j addr show');
		expect(result.code).toBe(0);
		const links = JSON.parse(result.stdout) as Array<{
			ifname: string;
			addr_info: Array<{local: string; prefixlen: number}>;
		}>;
		const names = links.map((l) => l.ifname);
		expect(names).toEqual(expect.arrayContaining(['vmbr0', 'vmbr1', 'vmbr2', 'nic0']));
		for (const bridge of host.sim!.plan.bridges) {
			const link = links.find((l) => l.ifname === bridge.name)!;
			expect(link.addr_info.map((a) => `${a.local}/${a.prefixlen}`)).toEqual(expect.arrayContaining(bridge.addresses));
		}
		const vmbr2 = host.sim!.plan.bridges.find((b) => b.name === 'vmbr2');
		// The internal bridge: 10.0.30.0/24 (the router guest is .1).
		expect(vmbr2?.addresses[0]).toMatch(/^10\.0\.30\.\d+\/24$/);
		// Never the machine's own interfaces: the session is in its own namespace.
		expect(names).not.toContain('eth0');
	});

	it('has the bridge ports of the plan enslaved, as `bridge -j link show` reports them', async () => {
		const ports = JSON.parse((await ssh.exec('bridge -j link show')).stdout) as Array<{ifname: string; master: string}>;
		for (const bridge of host.sim!.plan.bridges) {
			for (const port of bridge.ports)
				expect(ports).toContainEqual(expect.objectContaining({ifname: port, master: bridge.name}));
		}
		expect(ports).toContainEqual(expect.objectContaining({ifname: 'nic0', master: 'vmbr0'}));
	});

	it('runs pvesh from the sim: the guests come back as JSON', async () => {
		const result = await ssh.exec('pvesh get /cluster/resources --output-format json');
		expect(result.code).toBe(0);
		const resources = JSON.parse(result.stdout) as Resource[];
		const guests = resources.filter((r) => r.type === 'lxc' || r.type === 'qemu');
		expect(guests.length).toBeGreaterThan(30);
		expect(guests).toContainEqual(expect.objectContaining({vmid: 900, template: 1}));
	});

	it('serves /etc/pve from the sim state', async () => {
		const result = await ssh.exec('cat /etc/pve/.vmlist');
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/"900": \{ "node": "pve", "type": "lxc", "version": \d+ \}/);
	});

	it('shares one state between execs: a pct clone shows up in the next pvesh get', async () => {
		const clone = await ssh.exec('pct clone 900 200 --hostname ssh-clone-test --full');
		expect(clone.code).toBe(0);
		const after = JSON.parse(
			(await ssh.exec('pvesh get /cluster/resources --output-format json')).stdout,
		) as Resource[];
		expect(after).toContainEqual(expect.objectContaining({vmid: 200, name: 'ssh-clone-test'}));
		expect((await ssh.exec('cat /etc/pve/.vmlist')).stdout).toContain('"200":');
	});
});
