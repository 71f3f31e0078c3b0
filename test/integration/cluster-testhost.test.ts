/**
 * A two-node cluster on the test host: the first node is the sshd proxdeck connects to, the
 * second a real sshd in a network namespace of its own that only the first node can reach
 * (test/host/cluster-nodes.ts). proxdeck reads both nodes' pools, bridges and tunnels, the
 * containers of a Docker host on the second node, and starts a guest there, all through the
 * cluster's ssh from the first node; with the second node unreachable, it keeps going with
 * the first.
 */
import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {proxdeckOnHost} from '../host/cli.js';
import {connectTestHost} from '../host/connect.js';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import type {Snapshot} from '../../source/model/snapshot.js';
import type {SimState} from '../../source/sim/types.js';

const gate = requireE2E('cluster-testhost');
const execFileP = promisify(execFile);

const simState = (host: TestHost): SimState => JSON.parse(readFileSync(host.sim!.stateFile, 'utf8')) as SimState;

describe.skipIf(gate.skip)('a two-node cluster behind one reachable node', () => {
	let host: TestHost;

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost({nodes: 2});
	}, 120_000);
	afterAll(async () => {
		await host?.close();
	});

	it('has a second node only the first one can reach', async () => {
		const second = host.otherNodes![0]!;
		expect([second.name, second.address]).toEqual(['pve2', '192.168.0.21']);
		// From here (outside both namespaces) there is no way to it.
		const direct = await execFileP('ssh', [
			'-o',
			'BatchMode=yes',
			'-o',
			'ConnectTimeout=2',
			'-o',
			'StrictHostKeyChecking=no',
			'-o',
			'UserKnownHostsFile=/dev/null',
			'-F',
			'/dev/null',
			'root@192.168.0.21',
			'true',
		]).then(
			() => 0,
			(error: {code: number}) => error.code,
		);
		expect(direct).toBe(255);
		// From the first node, the cluster's ssh reaches it as pve2.
		const ssh = await connectTestHost(host);
		const hop = await ssh.exec("ssh -o BatchMode=yes -o HostKeyAlias=pve2 root@192.168.0.21 'pct list'");
		expect(hop.code).toBe(0);
		expect(hop.stdout).toMatch(/^111 +running +docker/m);
		// And pct on the first node cannot act on pve2's guests: Proxmox's own refusal.
		expect(await ssh.exec('pct status 111')).toMatchObject({
			code: 2,
			stderr: "Configuration file 'nodes/pve/lxc/111.conf' does not exist\n",
		});
		await ssh.close();
	}, 60_000);

	it("--once --json shows both nodes' pools, tunnels and bridges, and the containers of a guest on the second node", async () => {
		const run = await proxdeckOnHost(host, ['--once', '--json']);
		expect(run.code).toBe(0);
		const snapshot = JSON.parse(run.stdout) as Snapshot;
		expect(snapshot.schemaVersion).toBe(2);
		expect(snapshot.nodes.map((n) => `${n.name} ${n.state} ${n.route}`)).toEqual([
			'pve online connected',
			'pve2 online hop',
		]);
		expect(snapshot.pools.map((p) => `${p.node}/${p.name}`)).toEqual([
			'pve/media-pool',
			'pve/service-pool',
			'pve/staging-pool',
			'pve2/tank',
		]);
		// Bridges come from each node's own `ip`/`bridge`: the real namespaces.
		const vmbr0 = snapshot.bridges.filter((b) => b.name === 'vmbr0').map((b) => `${b.node} ${b.addresses.join(',')}`);
		expect(vmbr0).toEqual(['pve 192.168.0.2/24', 'pve2 192.168.0.21/24']);
		expect(snapshot.bridges.some((b) => b.node === 'pve2' && b.name === 'vmbr2')).toBe(true);
		expect(snapshot.vpn.tunnels.map((t) => `${t.node}/${t.name}@${t.gatewayVmid}`)).toEqual(['pve/wg0@116']);
		const docker = snapshot.guests.find((g) => g.vmid === 111)!;
		expect(docker.node).toBe('pve2');
		expect(docker.containers?.map((c) => c.name)).toEqual(expect.arrayContaining(['plex', 'sonarr', 'nextcloud']));
		expect(snapshot.errors).toEqual([]);
	}, 90_000);

	it('start <a guest on the second node> --yes runs on that node', async () => {
		const stop = await proxdeckOnHost(host, ['stop', '124', '--yes']);
		expect(stop.code).toBe(0);
		expect(simState(host).guests.find((g) => g.vmid === 124)?.status).toBe('stopped');
		const start = await proxdeckOnHost(host, ['start', '124', '--yes']);
		expect(start.stderr).toBe('');
		expect(start.code).toBe(0);
		const state = simState(host);
		expect(state.guests.find((g) => g.vmid === 124)).toMatchObject({node: 'pve2', status: 'running'});
		// The task ran on pve2: it is in pve2's journal with pve2's task id.
		const task = state.events.filter((e) => e.target === 'host:pve2' && e.message.includes(':vzstart:124:'));
		expect(task.map((e) => e.message)).toEqual([
			expect.stringMatching(/^<root@pam> starting task UPID:pve2:/),
			expect.stringMatching(/^<root@pam> end task UPID:pve2:.* OK$/),
		]);
		const journal = await proxdeckOnHost(host, ['journal', '--json']);
		const entries = JSON.parse(journal.stdout) as {action: string; node?: string; commands: {command: string}[]}[];
		const last = entries.at(-1)!;
		expect([last.action, last.node]).toEqual(['start', 'pve2']);
		expect(last.commands[0]!.command).toBe(
			"ssh -e none -o BatchMode=yes -o ConnectTimeout=5 -o HostKeyAlias=pve2 root@192.168.0.21 'pct start 124'",
		);
	}, 120_000);

	it('goes on with the first node when the second cannot be reached, saying why', async () => {
		const second = host.otherNodes![0]!;
		await second.sshd.stop();
		try {
			const run = await proxdeckOnHost(host, ['--once', '--json']);
			expect(run.code).toBe(0);
			const snapshot = JSON.parse(run.stdout) as Snapshot;
			const pve2 = snapshot.nodes.find((n) => n.name === 'pve2')!;
			expect(pve2).toMatchObject({online: true, state: 'stale'});
			expect(pve2.problem).toMatch(/^ssh: connect to host 192\.168\.0\.21 port 22: Connection refused/);
			expect(snapshot.pools.map((p) => p.node)).toEqual(['pve', 'pve', 'pve']);
			expect(snapshot.guests.length).toBeGreaterThan(30);
		} finally {
			await second.sshd.start();
		}
	}, 90_000);
});
