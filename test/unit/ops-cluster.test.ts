/**
 * Every action path on the simulated 3-node cluster, which refuses `pct` for a guest of
 * another node exactly as Proxmox does: each action runs on the guest's own node (through
 * the cluster's ssh from the connected node `pve`), the plan and the journal name that node,
 * and an action on a node that is down is refused before anything runs.
 */
import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {defaultCatalog, findService} from '../../source/catalog/defaults.js';
import {createNodeRouter} from '../../source/host/node-router.js';
import {planClone} from '../../source/ops/clone.js';
import {planDeploy} from '../../source/ops/deploy.js';
import {runHealth} from '../../source/ops/health/run.js';
import {buildLifecycleJob, planLifecycle, type LifecycleRequest} from '../../source/ops/lifecycle.js';
import {runJob} from '../../source/ops/runner.js';
import {planResize, planSet} from '../../source/ops/scale.js';
import {buildSnapshotCreateJob} from '../../source/ops/snapshot.js';
import {simLab, type SimLab} from './ops-sim.js';

const HOP_PVE2 = 'ssh -e none -o BatchMode=yes -o ConnectTimeout=5 -o HostKeyAlias=pve2 root@192.168.0.21';

async function run(lab: SimLab, request: LifecycleRequest) {
	const job = await planLifecycle(lab.env, request);
	return {job, result: await runJob(job, lab.env, {journal: lab.journal, user: 'tester'})};
}

const guest = (lab: SimLab, vmid: number) => lab.transport.sim.state.guests.find((g) => g.vmid === vmid);

describe("lifecycle on the guest's own node", () => {
	it('stops, starts, reboots and shuts down a guest on pve2 through the hop, and the journal names the node', async () => {
		const lab = simLab({nodes: 3});
		const stop = await run(lab, {action: 'stop', vmid: 124});
		expect(stop.job.plan).toMatchObject({node: 'pve2', blockers: []});
		expect(stop.job.plan.steps[0]!.commands).toEqual([`${HOP_PVE2} 'pct stop 124'`]);
		expect(stop.result.result).toBe('ok');
		expect(guest(lab, 124)?.status).toBe('stopped');
		expect(stop.result.commands).toEqual([
			expect.objectContaining({command: `${HOP_PVE2} 'pct stop 124'`, node: 'pve2', exitCode: 0}),
		]);

		const start = await run(lab, {action: 'start', vmid: 124});
		expect(start.result.result).toBe('ok');
		expect(start.result.commands.map((c) => c.command)).toContain(`${HOP_PVE2} 'pct status 124'`);
		expect(guest(lab, 124)?.status).toBe('running');
		lab.clock.advance(60_000);
		expect((await run(lab, {action: 'reboot', vmid: 124})).result.result).toBe('ok');
		expect((await run(lab, {action: 'shutdown', vmid: 124, timeoutSec: 30})).result.result).toBe('ok');
		expect(guest(lab, 124)?.status).toBe('stopped');

		const lines = (await readFile(lab.journal.path, 'utf8'))
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l) as {action: string; node?: string; commands: {node?: string}[]});
		expect(lines.map((l) => `${l.action}@${l.node}`)).toEqual([
			'stop@pve2',
			'start@pve2',
			'reboot@pve2',
			'shutdown@pve2',
		]);
		expect(lines.every((l) => l.commands.every((c) => c.node === 'pve2'))).toBe(true);
	});

	it('resizes, sets, converts and destroys on pve3 through the hop, and snapshots it there through the API', async () => {
		const lab = simLab({nodes: 3});
		// 131 (alertmanager) lives on pve3.
		const resize = await planResize(lab.env, {vmid: 131, disk: 'rootfs', size: '+1G'});
		expect((await runJob(resize, lab.env, {journal: lab.journal})).result).toBe('ok');
		const set = await planSet(lab.env, {vmid: 131, memory: 768});
		expect((await runJob(set, lab.env, {journal: lab.journal})).result).toBe('ok');
		// A snapshot is an API task: pvesh names pve3 in its path and forwards it there itself, no hop.
		const snapshot = buildSnapshotCreateJob(
			{vmid: 131, name: 'before_upgrade'},
			await lab.env.collector.collect(),
			lab.env,
		);
		expect(snapshot.plan.steps.find((s) => s.name === 'snapshot')?.commands).toEqual([
			'setsid -f pvesh create /nodes/pve3/lxc/131/snapshot --snapname before_upgrade </dev/null >/dev/null 2>&1',
		]);
		expect((await runJob(snapshot, lab.env, {journal: lab.journal, user: 'tester'})).result).toBe('ok');
		// The resize and the config change each took their snapshot first, on pve3 where the guest lives.
		expect(guest(lab, 131)?.memory).toBe(768);
		expect(guest(lab, 131)?.snapshots.map((s) => s.name)).toEqual([
			expect.stringMatching(/^pd_resize_2025060112\d{4}$/),
			expect.stringMatching(/^pd_config_2025060112\d{4}$/),
			'before_upgrade',
		]);
		expect((await run(lab, {action: 'stop', vmid: 131})).result.result).toBe('ok');
		const template = await run(lab, {action: 'template', vmid: 131});
		expect(template.result.commands[0]!.command).toBe(
			"ssh -e none -o BatchMode=yes -o ConnectTimeout=5 -o HostKeyAlias=pve3 root@192.168.0.22 'pct template 131'",
		);
		expect(guest(lab, 131)?.template).toBe(true);
		const destroy = await run(lab, {action: 'destroy', vmid: 131});
		expect(destroy.result.result).toBe('ok');
		expect(guest(lab, 131)).toBeUndefined();
	});

	it("would fail with Proxmox's own words if a command went to the connected node instead", async () => {
		const lab = simLab({nodes: 3});
		// A router that has not learnt the cluster sends everything to the node it is connected to.
		const job = buildLifecycleJob({action: 'stop', vmid: 124}, await lab.env.collector.collect(), lab.env);
		const wrong = await runJob(job, {...lab.env, nodes: createNodeRouter(lab.transport, {sudo: false})});
		expect(wrong.result).toBe('failed');
		expect(wrong.failure?.detail).toBe("Configuration file 'nodes/pve/lxc/124.conf' does not exist");
		expect(guest(lab, 124)?.status).toBe('running');
	});

	it('refuses, before anything runs, an action on a guest whose node is offline', async () => {
		const lab = simLab({nodes: 3});
		lab.transport.sim.faults.nodeDown('pve3');
		const {job, result} = await run(lab, {action: 'start', vmid: 110});
		expect(job.plan.blockers).toEqual([
			'guest 110 (grafana) lives on node pve3, which is offline (cluster status): nothing runs there until pve3 is back',
		]);
		expect(result.result).toBe('failed');
		expect(result.commands).toEqual([]);
	});
});

describe('clone and deploy across nodes', () => {
	it('clones a template on pve to pve2 with --target onto shared storage, then configures it on pve2', async () => {
		const lab = simLab({nodes: 3});
		const job = await planClone(lab.env, {
			templateVmid: 900,
			vmid: 260,
			hostname: 'pg-pve2',
			storage: 'nas',
			node: 'pve2',
			ip: '10.0.30.26/24',
			gw: '10.0.30.1',
			bridge: 'vmbr2',
		});
		expect(job.plan.blockers).toEqual([]);
		expect(job.plan.steps.flatMap((s) => s.commands)).toEqual([
			'pct clone 900 260 --hostname pg-pve2 --storage nas --full --target pve2',
			`${HOP_PVE2} 'pct set 260 --net0 name=eth0,bridge=vmbr2,ip=10.0.30.26/24,gw=10.0.30.1'`,
		]);
		const result = await runJob(job, lab.env);
		expect(result.result).toBe('ok');
		expect(guest(lab, 260)).toMatchObject({
			node: 'pve2',
			nics: [expect.objectContaining({bridge: 'vmbr2', ip: '10.0.30.26/24'})],
		});
	});

	it('refuses a clone to another node onto storage that is not shared, naming the shared ones there', async () => {
		const lab = simLab({nodes: 3});
		const job = await planClone(lab.env, {templateVmid: 900, vmid: 261, storage: 'local-lvm', node: 'pve3'});
		expect(job.plan.blockers).toEqual([
			"storage local-lvm is not shared: a clone from pve (the template's node) to pve3 needs shared storage (on pve3: nas); or clone on pve",
		]);
	});

	it('deploys a service onto pve2: cloned from pve, configured, started, waited for and probed on pve2', async () => {
		const lab = simLab({nodes: 3});
		const service = {...findService(defaultCatalog(), 'postgresql')!, storage: 'nas', node: 'pve2'};
		const job = await planDeploy(lab.env, service);
		expect(job.plan.node).toBe('pve2');
		expect(job.plan.blockers).toEqual([]);
		const result = await runJob(job, lab.env, {journal: lab.journal});
		expect(result.result).toBe('ok');
		expect(guest(lab, 200)).toMatchObject({node: 'pve2', status: 'running'});
		const byStep = (step: string) => [...new Set(result.commands.filter((c) => c.step === step).map((c) => c.node))];
		expect(byStep('clone')).toEqual(['pve']);
		for (const step of ['configure', 'start', 'wait-running', 'health']) expect(byStep(step)).toEqual(['pve2']);

		// Health of the deployed service probes it from its node.
		const report = await runHealth(lab.env, {catalog: {services: [service]}, targets: ['postgresql']});
		expect(report.results.filter((r) => r.target === 'service:postgresql').map((r) => r.state)).toEqual([
			'pass',
			'pass',
			'pass',
		]);
		expect(report.commands.every((c) => c.startsWith(HOP_PVE2))).toBe(true);
	});

	it("deploys onto another node with shared storage there when the catalog's cannot take the clone", async () => {
		const lab = simLab({nodes: 3});
		const job = await planDeploy(lab.env, findService(defaultCatalog(), 'redis')!, {node: 'pve3'});
		expect(job.plan.blockers).toEqual([]);
		expect(job.plan.steps[0]!.title).toContain('storage nas (shared, for the clone to pve3: local-lvm is not)');
		expect(job.plan.steps[1]!.commands).toEqual([
			'pct clone 901 201 --hostname redis --storage nas --full --target pve3',
		]);
		expect((await runJob(job, lab.env)).result).toBe('ok');
		expect(guest(lab, 201)).toMatchObject({
			node: 'pve3',
			status: 'running',
			rootfs: {volume: 'nas:201/vm-201-disk-0.raw'},
		});
	});

	it('refuses a deploy onto a node that is offline', async () => {
		const lab = simLab({nodes: 3});
		lab.transport.sim.faults.nodeDown('pve2');
		const job = await planDeploy(lab.env, {...findService(defaultCatalog(), 'redis')!, storage: 'nas', node: 'pve2'});
		expect(job.plan.blockers).toContain(
			'node pve2 is offline (cluster status): deploy on another node, or when it is back',
		);
	});
});
