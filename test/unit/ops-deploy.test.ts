import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {defaultCatalog, findService} from '../../source/catalog/defaults.js';
import type {CatalogService} from '../../source/catalog/types.js';
import {planDeploy} from '../../source/ops/deploy.js';
import type {JobEvent} from '../../source/ops/job.js';
import {formatPlan} from '../../source/ops/plan-text.js';
import {runJob} from '../../source/ops/runner.js';
import {hostState, simLab, type SimLab} from './ops-sim.js';

const postgresql = (): CatalogService => findService(defaultCatalog(), 'postgresql')!;

async function deploy(lab: SimLab, service = postgresql(), options: {rollback?: boolean; events?: JobEvent[]} = {}) {
	const job = await planDeploy(lab.env, service);
	const result = await runJob(job, lab.env, {
		journal: lab.journal,
		user: 'tester',
		...(options.rollback ? {rollback: true} : {}),
		...(options.events ? {listener: (e) => options.events!.push(e)} : {}),
	});
	return {job, result};
}

function guest200(lab: SimLab) {
	return lab.transport.sim.state.guests.find((g) => g.vmid === 200);
}

describe('deploy postgresql on the simulated homelab', () => {
	it('clones 900 to 200 on local-lvm, puts it on vmbr2 at 10.0.30.10, starts it and passes its probes', async () => {
		const lab = simLab();
		const events: JobEvent[] = [];
		const {job, result} = await deploy(lab, postgresql(), {events});
		expect(job.plan.blockers).toEqual([]);
		expect(result.result).toBe('ok');
		expect(result.summary).toBe('postgresql deployed: guest 200 running at 10.0.30.10 on vmbr2, probes passing');
		const g = guest200(lab)!;
		expect(g.name).toBe('postgresql-db');
		expect(g.status).toBe('running');
		expect(g.rootfs.volume).toMatch(/^local-lvm:/);
		expect(g.nics[0]).toMatchObject({key: 'net0', bridge: 'vmbr2', ip: '10.0.30.10/24', gw: '10.0.30.1'});
		expect(g.onboot).toBe(true);
		expect(result.commands.filter((c) => !['wait-running', 'health'].includes(c.step)).map((c) => c.command)).toEqual([
			'pct clone 900 200 --hostname postgresql-db --storage local-lvm --full',
			'pct set 200 --net0 name=eth0,bridge=vmbr2,ip=10.0.30.10/24,gw=10.0.30.1 --memory 1024 --cores 1 --onboot 1 --tags database',
			'pct start 200',
		]);
		// No fixed sleeps: the wait polls pct status until the sim says running.
		expect(result.commands.filter((c) => c.step === 'wait-running').every((c) => c.command === 'pct status 200')).toBe(
			true,
		);
		const health = result.steps.find((s) => s.name === 'health');
		expect(health).toMatchObject({state: 'done'});
		expect(health?.message).toContain('10.0.30.10:5432 accepts connections');
		expect(events.filter((e) => e.state !== 'running').map((e) => `${e.step}:${e.state}`)).toEqual([
			'preflight:done',
			'clone:done',
			'configure:done',
			'start:done',
			'wait-running:done',
			'post-deploy:skipped',
			'health:done',
		]);
	});

	it('changes nothing the second time, and says so', async () => {
		const lab = simLab();
		await deploy(lab);
		const before = hostState(lab);
		const {job, result} = await deploy(lab);
		expect(job.plan.nothingToDo).toBe(true);
		expect(result.result).toBe('nothing-to-do');
		expect(result.summary).toBe(
			'postgresql is already deployed: guest 200 running at 10.0.30.10 on vmbr2, probes passing; nothing changed',
		);
		expect(result.commands.some((c) => /^pct (clone|set|start)/.test(c.command))).toBe(false);
		expect(hostState(lab)).toBe(before);
		expect(formatPlan(job.plan)).toContain('clone: skip (guest 200 already exists)');
	});

	it('a dry run executes nothing: the host state is byte-for-byte the same', async () => {
		const lab = simLab();
		const before = hostState(lab);
		const execsBefore = lab.transport.stats().execs;
		const job = await planDeploy(lab.env, postgresql());
		const text = formatPlan(job.plan);
		expect(text).toContain('$ pct clone 900 200 --hostname postgresql-db --storage local-lvm --full');
		expect(text).toContain('$ nc -z -w 3 10.0.30.10 5432');
		expect(hostState(lab)).toBe(before);
		// Planning reads the host once (the collector's first refresh: its batch and the follow-up
		// reads of the guests it found inside), nothing more.
		expect(lab.transport.stats().execs - execsBefore).toBeLessThanOrEqual(3);
	});

	it('refuses at preflight when the IP is in another guest config or the VMID is someone else', async () => {
		const lab = simLab();
		const service = {...postgresql(), vmid: 105};
		const {result} = await deploy(lab, service);
		expect(result.result).toBe('failed');
		expect(result.failure?.step).toBe('preflight');
		expect(result.failure?.message).toContain('VMID 105 is taken by guest "immich"');
		const clash = {...postgresql(), ip: '192.168.0.15/24', bridge: 'vmbr0'};
		const second = await deploy(lab, clash);
		expect(second.result.failure?.message).toMatch(
			/192\.168\.0\.15 is already in the config of guest 105 \(immich, net0\)/,
		);
		expect(guest200(lab)).toBeUndefined();
	});
});

describe('a fault at each step', () => {
	const withPost: CatalogService = {...postgresql(), postDeploy: [['systemctl', 'enable', '--now', 'postgresql']]};
	const cases: {step: string; inject: (lab: SimLab) => void; proxmox: RegExp}[] = [
		{
			step: 'preflight',
			inject: (lab) => lab.transport.sim.faults.failCommand('pvesh get /cluster/resources'),
			proxmox: /ipcc_send_rec|Connection refused|could not read/,
		},
		{
			step: 'clone',
			inject: (lab) => lab.transport.sim.faults.failStep('clone', 200),
			proxmox: /exited 255: unable to create CT 200 - command 'mkfs.ext4/,
		},
		{
			step: 'configure',
			inject: (lab) => lab.transport.sim.faults.failStep('set', 200),
			proxmox: /unable to parse net0 option: format error/,
		},
		{
			step: 'start',
			inject: (lab) => lab.transport.sim.faults.failStep('start', 200),
			proxmox: /startup for container '200' failed/,
		},
		{step: 'post-deploy', inject: (lab) => lab.transport.sim.faults.failStep('exec', 200), proxmox: /./},
	];
	for (const c of cases) {
		it(`${c.step}: stops, names the step, quotes Proxmox, journals it, reports leftovers; deploying again finishes`, async () => {
			const lab = simLab();
			c.inject(lab);
			const first = await deploy(lab, withPost);
			expect(first.result.result).toBe('failed');
			expect(first.result.failure?.step).toBe(c.step);
			expect(first.result.failure?.message).toMatch(new RegExp(`^${c.step} failed: `));
			expect(first.result.failure?.message).toMatch(c.proxmox);
			const journal = await lab.journal.read();
			expect(journal.at(-1)).toMatchObject({
				action: 'deploy',
				target: 'postgresql (200)',
				result: 'failed',
				failedStep: c.step,
				user: 'tester',
				context: 'demo',
			});
			// Anything this run made is reported, never silently left.
			if (guest200(lab))
				expect(first.result.leftovers.join(' ')).toMatch(/guest 200 \(postgresql-db\), created by this run, exists/);
			else expect(first.result.leftovers).toEqual([]);

			lab.transport.sim.faults.clear();
			const second = await deploy(lab, withPost);
			expect(second.result.result).toBe('ok');
			expect(guest200(lab)?.status).toBe('running');
			expect(guest200(lab)?.nics[0]?.ip).toBe('10.0.30.10/24');
			expect(guest200(lab)?.tags).toContain('proxdeck-deployed');
			// The resume does not clone again when the first run got that far.
			const clones = second.result.commands.filter((x) => x.command.startsWith('pct clone')).length;
			expect(clones).toBe(['preflight', 'clone'].includes(c.step) ? 1 : 0);
		});
	}

	it('rollback removes only what this run created', async () => {
		const lab = simLab();
		lab.transport.sim.faults.failStep('start', 200);
		const {result} = await deploy(lab, postgresql(), {rollback: true});
		expect(result.failure?.step).toBe('start');
		expect(result.rolledBack).toEqual(['guest 200 (postgresql-db)']);
		expect(guest200(lab)).toBeUndefined();
		expect(lab.transport.sim.state.guests.find((g) => g.vmid === 900)?.template).toBe(true);
		expect(result.commands.at(-1)?.command).toBe('pct destroy 200');
		const line = JSON.parse((await readFile(lab.journal.path, 'utf8')).trim().split('\n').at(-1)!);
		expect(line.rolledBack).toEqual(['guest 200 (postgresql-db)']);
	});

	it('a health probe that never passes fails the health step after its timeout', async () => {
		const lab = simLab();
		const service = {...postgresql(), healthTimeoutSec: 20, probes: [{kind: 'tcp' as const, name: 'nothing', port: 9}]};
		const {result} = await deploy(lab, service);
		expect(result.failure?.step).toBe('health');
		expect(result.failure?.message).toBe(
			'health failed: nothing not passing after 20s: 10.0.30.10:9 does not accept connections',
		);
		expect((await lab.journal.read()).at(-1)?.failedStep).toBe('health');
	});

	it('cancels between polls and says so', async () => {
		const lab = simLab();
		const controller = new AbortController();
		const job = await planDeploy(lab.env, postgresql());
		const result = await runJob(job, lab.env, {
			journal: lab.journal,
			signal: controller.signal,
			listener: (e) => {
				if (e.step === 'wait-running' && e.state === 'running') controller.abort();
			},
		});
		expect(result.result).toBe('cancelled');
		expect(result.summary).toMatch(/cancelled during wait-running/);
		expect(result.leftovers.join(' ')).toMatch(/guest 200 \(postgresql-db\), created by this run, exists/);
	});
});
