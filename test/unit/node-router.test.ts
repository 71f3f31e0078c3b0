import {describe, expect, it} from 'vitest';
import {createNodeRouter, type ClusterNode} from '../../source/host/node-router.js';
import {shellSplit} from '../../source/host/quote.js';
import {pctEnter, pctStart, pctStatus} from '../../source/ops/pct-commands.js';
import {SimClock} from '../../source/sim/clock.js';
import {createHomelab} from '../../source/sim/homelab.js';
import {createSimTransport} from '../../source/sim/transport.js';
import {TransportError, type ExecResult, type Transport} from '../../source/transport/types.js';
import {fakeTransport} from '../screen/fakes.js';

const CLUSTER: ClusterNode[] = [
	{name: 'pve1', ip: '10.0.0.11', online: true, local: true},
	{name: 'pve2', ip: '10.0.0.12', online: true, local: false},
	{name: 'pve3', ip: '10.0.0.13', online: false, local: false},
	{name: 'pve4', online: true, local: false},
];

/** A transport that records the lines it is sent and answers each with `exit 0`. */
function recording(label = 'root@pve1:22'): Transport & {lines: string[]; interactiveLines: string[]} {
	const base = fakeTransport();
	const lines: string[] = [];
	const interactiveLines: string[] = [];
	return Object.assign(base, {
		label,
		lines,
		interactiveLines,
		async exec(line: string): Promise<ExecResult> {
			lines.push(line);
			return {stdout: 'ok\n', stderr: '', code: 0, durationMs: 1};
		},
		async interactive(line: string) {
			interactiveLines.push(line);
			return 0;
		},
	});
}

describe('the node router', () => {
	it("runs a command for the connected node as it is, and one for another node through the cluster's ssh from it", async () => {
		const transport = recording();
		const router = createNodeRouter(transport, {sudo: false});
		router.learn(CLUSTER);
		expect(router.connectedNode).toBe('pve1');
		await router.exec(pctStart({vmid: 200, node: 'pve1'}));
		await router.exec(pctStart({vmid: 201, node: 'pve2'}));
		expect(transport.lines).toEqual([
			'pct start 200',
			"ssh -e none -o BatchMode=yes -o ConnectTimeout=5 -o HostKeyAlias=pve2 root@10.0.0.12 'pct start 201'",
		]);
		// The remote command is one word of the hop: the other node's shell reads it back whole.
		expect(shellSplit(transport.lines[1]!).at(-1)).toBe('pct start 201');
		expect(router.route('pve2')).toEqual({kind: 'hop', node: 'pve2', ip: '10.0.0.12', via: 'pve1'});
		expect(router.describe('pve2')).toBe('pve2 (through ssh from pve1)');
	});

	it('puts sudo on the hop, not inside it: the other node runs the command as root', () => {
		const router = createNodeRouter(recording(), {sudo: true});
		router.learn(CLUSTER);
		expect(router.render(pctStatus({vmid: 201, node: 'pve2'}))).toBe(
			"sudo -n ssh -e none -o BatchMode=yes -o ConnectTimeout=5 -o HostKeyAlias=pve2 root@10.0.0.12 'pct status 201'",
		);
		expect(router.render(pctStatus({vmid: 200, node: 'pve1'}))).toBe('sudo -n pct status 200');
	});

	it('refuses a node that is offline, that has no address, or that is not in the cluster, saying why', async () => {
		const transport = recording();
		const router = createNodeRouter(transport, {sudo: false});
		router.learn(CLUSTER);
		await expect(router.exec(pctStart({vmid: 300, node: 'pve3'}))).rejects.toThrow(
			'node pve3 is offline (the cluster status says so): nothing can run there until it is back',
		);
		await expect(router.exec(pctStart({vmid: 400, node: 'pve4'}))).rejects.toThrow(
			'the cluster status gives no address for node pve4: name a connection for it in the config (contexts[].nodes.pve4)',
		);
		expect(() => router.route('pve9')).toThrow(TransportError);
		expect(() => router.route('pve9')).toThrow('node pve9 is not in the cluster (nodes: pve1, pve2, pve3, pve4)');
		expect(transport.lines).toEqual([]);
	});

	it("opens a node's own connection when the config names one, once, and uses that login's sudo", async () => {
		const main = recording();
		const pve4 = recording('root@pve4.lan:22');
		const opened: string[] = [];
		const router = createNodeRouter(main, {
			sudo: true,
			direct: {pve4: 'ops@pve4.lan'},
			connect: async (node, target) => {
				opened.push(`${node}=${target}`);
				return {transport: pve4, sudo: false};
			},
		});
		router.learn(CLUSTER);
		expect(router.route('pve4')).toEqual({kind: 'direct', node: 'pve4', target: 'ops@pve4.lan'});
		await router.exec(pctStart({vmid: 400, node: 'pve4'}));
		await router.exec(pctStatus({vmid: 400, node: 'pve4'}));
		expect(opened).toEqual(['pve4=ops@pve4.lan']);
		expect(pve4.lines).toEqual(['pct start 400', 'pct status 400']);
		expect(main.lines).toEqual([]);
	});

	it("tries a node's own connection again after it failed to open", async () => {
		let attempts = 0;
		const router = createNodeRouter(recording(), {
			sudo: false,
			direct: {pve2: 'root@pve2.lan'},
			connect: async () => {
				attempts++;
				if (attempts === 1) throw new TransportError('unreachable', 'connect ECONNREFUSED');
				return {transport: recording('root@pve2.lan:22'), sudo: false};
			},
		});
		router.learn(CLUSTER);
		await expect(router.exec(pctStatus({vmid: 201, node: 'pve2'}))).rejects.toThrow('ECONNREFUSED');
		await expect(router.exec(pctStatus({vmid: 201, node: 'pve2'}))).resolves.toMatchObject({code: 0});
		expect(attempts).toBe(2);
	});

	it('asks the hop for a terminal for a shell on another node', async () => {
		const transport = recording();
		const router = createNodeRouter(transport, {sudo: false});
		router.learn(CLUSTER);
		await router.interactive(pctEnter({vmid: 201, node: 'pve2'}), {stdin: process.stdin, stdout: process.stdout});
		expect(transport.interactiveLines).toEqual([
			"ssh -t -e none -o BatchMode=yes -o ConnectTimeout=5 -o HostKeyAlias=pve2 root@10.0.0.12 'pct enter 201'",
		]);
	});

	it('before the first refresh knows no cluster, and sends everything to the connected node', async () => {
		const transport = recording();
		const router = createNodeRouter(transport, {sudo: false});
		await router.exec(pctStart({vmid: 200, node: 'pve'}));
		expect(transport.lines).toEqual(['pct start 200']);
	});

	it('refuses an address from the cluster status that is not one', () => {
		const router = createNodeRouter(recording(), {sudo: false});
		router.learn([
			{name: 'pve1', ip: '10.0.0.11', online: true, local: true},
			{name: 'pve2', ip: '10.0.0.12; reboot', online: true, local: false},
		]);
		expect(() => router.render(pctStart({vmid: 201, node: 'pve2'}))).toThrow(
			/invalid node address "10.0.0.12; reboot"/,
		);
	});

	it('reaches a guest on another node of the simulated cluster, where pct on the connected node cannot', async () => {
		const clock = new SimClock({start: Date.parse('2025-06-01T12:00:00Z')});
		const transport = createSimTransport({state: createHomelab({now: clock.now(), nodes: 3}), clock});
		const router = createNodeRouter(transport, {sudo: false});
		router.learn([
			{name: 'pve', ip: '192.168.0.2', online: true, local: true},
			{name: 'pve2', ip: '192.168.0.21', online: true, local: false},
			{name: 'pve3', ip: '192.168.0.22', online: true, local: false},
		]);
		// The Docker host 111 lives on pve2.
		expect(await transport.exec('pct status 111')).toMatchObject({
			code: 2,
			stderr: "Configuration file 'nodes/pve/lxc/111.conf' does not exist\n",
		});
		expect(await router.exec(pctStatus({vmid: 111, node: 'pve2'}))).toMatchObject({
			code: 0,
			stdout: 'status: running\n',
		});
		// A journal followed on pve3 arrives from pve3.
		const lines: string[] = [];
		const handle = router.stream(
			{argv: ['journalctl', '-o', 'json', '-n', '3', '-f'], root: false, node: 'pve3'},
			{onLine: (line) => lines.push(line)},
		);
		await new Promise((resolve) => setTimeout(resolve, 5));
		handle.stop();
		expect(lines).toHaveLength(3);
		expect(lines.every((line) => (JSON.parse(line) as {_HOSTNAME: string})._HOSTNAME === 'pve3')).toBe(true);
		await transport.close();
	});
});
