/**
 * Vertical and horizontal scaling: the preflight's refusals and warnings (with their numbers),
 * the commands built, the simulated `pct set` / `pct resize` with Proxmox's own answers, and
 * the CLI flows on the simulated homelab: `set` and `resize` change what the snapshot shows,
 * `deploy postgresql --instances 2` adds two healthy guests with distinct addresses.
 */
import {describe, expect, it} from 'vitest';
import {defaultCatalog, findService} from '../../source/catalog/defaults.js';
import {firstReplicaVmid, maxInstances, serviceInstance} from '../../source/catalog/instances.js';
import {createNodeRouter} from '../../source/host/node-router.js';
import {formatPlan} from '../../source/ops/plan-text.js';
import {buildResizeJob, buildSetJob} from '../../source/ops/scale.js';
import {SimClock} from '../../source/sim/clock.js';
import {runSimCommand} from '../../source/sim/commands.js';
import {createHomelab} from '../../source/sim/state.js';
import {fakeTransport} from '../screen/fakes.js';
import {cli} from './ops-cli-run.js';
import {hostState, simLab} from './ops-sim.js';
import {guest, snapshot} from './ops-snapshot-fixture.js';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const env = {nodes: createNodeRouter(fakeTransport(), {sudo: false}), pollMs: 1000, now: () => 0};

const snap = snapshot({
	nodes: [
		{
			name: 'pve',
			online: true,
			local: true,
			cpu: 0.1,
			maxcpu: 8,
			mem: 10 * GIB,
			maxmem: 16 * GIB,
			uptime: 1,
			state: 'online',
		},
	],
	guests: [
		guest({
			vmid: 200,
			name: 'postgresql-db',
			mem: 700 * MIB,
			maxmem: 1024 * MIB,
			swap: 512,
			mounts: [
				{key: 'rootfs', source: 'local-lvm:vm-200-disk-0', path: '/', size: 8 * GIB},
				{key: 'mp0', source: '/staging-pool', path: '/staging-pool'},
			],
		}),
		guest({vmid: 201, name: 'redis', status: 'stopped', maxmem: 512 * MIB}),
		guest({vmid: 900, name: 'postgresql-template', template: true, status: 'stopped'}),
	],
});

describe('set: memory, cores, swap', () => {
	it('builds one pct set with only what changes, and says it applies live to a running container', () => {
		const job = buildSetJob({vmid: 200, memory: 2048, cores: 1, swap: 1024}, snap, env);
		expect(job.plan.blockers).toEqual([]);
		const set = job.plan.steps.find((s) => s.name === 'set')!;
		expect(set.commands).toEqual(['pct set 200 --memory 2048 --swap 1024']);
		expect(set.title).toBe('Set postgresql-db (200): memory 1024 → 2048 MiB, swap 512 → 1024 MiB');
		expect(set.note).toMatch(/^applies live/);
		expect(buildSetJob({vmid: 201, cores: 2}, snap, env).plan.steps.at(-1)?.note).toBe(
			'takes effect at the next start (guest 201 is stopped)',
		);
		expect(buildSetJob({vmid: 200, memory: 1024, swap: 512}, snap, env).plan.nothingToDo).toBe(true);
	});

	it('refuses more memory or cores than the node has, and a limit below what a running guest uses, with numbers', () => {
		expect(buildSetJob({vmid: 200, memory: 32768}, snap, env).plan.blockers).toEqual([
			'node pve has 16G of memory; 32768 MiB is more than all of it: choose at most 16384 MiB',
		]);
		expect(buildSetJob({vmid: 200, cores: 16}, snap, env).plan.blockers).toEqual([
			'node pve has 8 CPUs; a container cannot have more cores than that: choose at most 8',
		]);
		expect(buildSetJob({vmid: 200, memory: 512}, snap, env).plan.blockers[0]).toMatch(
			/^guest 200 uses 700M now; a limit of 512 MiB would make its kernel kill processes: choose at least 700 MiB/,
		);
		expect(buildSetJob({vmid: 201, memory: 8}, snap, env).plan.blockers).toEqual([
			'memory 8: give MiB, a whole number of at least 16',
		]);
		expect(buildSetJob({vmid: 900, memory: 2048}, snap, env).plan.blockers[0]).toMatch(/is a template/);
	});

	it('warns, without refusing, when the raise is more than the node has free', () => {
		const job = buildSetJob({vmid: 200, memory: 10240}, snap, env);
		expect(job.plan.blockers).toEqual([]);
		expect(formatPlan(job.plan)).toContain(
			'  warn memory: node pve has 6G free of 16G; raising by 9G can push it into swap',
		);
	});
});

describe('resize: grow only, with room', () => {
	it('grows by +N or to a total, and refuses a shrink with Proxmox’s reason', () => {
		const grow = buildResizeJob({vmid: 200, disk: 'rootfs', size: '+10G'}, snap, env);
		expect(grow.plan.blockers).toEqual([]);
		expect(grow.plan.steps.find((s) => s.name === 'resize')).toMatchObject({
			commands: ['pct resize 200 rootfs +10G'],
			title: 'Grow rootfs of postgresql-db (200) by 10G to 18G',
			note: 'grows online: the volume and its filesystem grow while the container runs',
		});
		expect(buildResizeJob({vmid: 200, disk: 'rootfs', size: '8G'}, snap, env).plan.nothingToDo).toBe(true);
		expect(buildResizeJob({vmid: 200, disk: 'rootfs', size: '4G'}, snap, env).plan.blockers).toEqual([
			'rootfs is 8G; 4G would shrink it, and Proxmox cannot shrink a container disk ("unable to shrink disk size"): give a larger size, or +N to grow',
		]);
	});

	it('refuses a growth the storage cannot hold, a bind mount and a disk the guest does not have', () => {
		expect(buildResizeJob({vmid: 200, disk: 'rootfs', size: '+200G'}, snap, env).plan.blockers).toEqual([
			'storage local-lvm on pve has 128G free of 148G; growing by 200G does not fit: free space there, or grow by less',
		]);
		expect(buildResizeJob({vmid: 200, disk: 'mp0', size: '+1G'}, snap, env).plan.blockers[0]).toMatch(
			/^mp0 is a bind mount of \/staging-pool: it has no volume to grow/,
		);
		expect(buildResizeJob({vmid: 200, disk: 'mp3', size: '+1G'}, snap, env).plan.blockers).toEqual([
			'guest 200 has no mp3 (its disks: rootfs)',
		]);
		expect(buildResizeJob({vmid: 200, disk: 'rootfs', size: '+0G'}, snap, env).plan.blockers[0]).toMatch(
			/^\+0G is not a size to grow by/,
		);
	});
});

describe('the simulated pct set and pct resize', () => {
	const now = Date.UTC(2025, 10, 23, 11, 20, 0);
	it('answers a shrink as Proxmox does, grows a thin volume with lvextend’s words, and records a resize task', () => {
		const state = createHomelab({now});
		const pct = (...args: string[]) => runSimCommand(state, new SimClock({start: now}), ['pct', ...args]);
		expect(pct('resize', '100', 'rootfs', '2G')).toMatchObject({code: 255, stderr: 'unable to shrink disk size\n'});
		const grown = pct('resize', '100', 'rootfs', '+2G');
		expect(grown.code).toBe(0);
		expect(grown.stdout).toContain('Size of logical volume pve/vm-100-disk-0 changed from 4.00 GiB');
		expect(state.guests.find((g) => g.vmid === 100)!.rootfs.size).toBe(6 * GIB);
		// More than the thin pool has: it is promised anyway, with lvextend's warning.
		expect(pct('resize', '100', 'rootfs', '+500G').stderr).toMatch(/WARNING: Sum of all thin volume sizes exceeds/);
		expect(pct('set', '100', '--cores', 'two')).toMatchObject({code: 255});
		expect(pct('set', '100', '--swap', '1024').code).toBe(0);
		expect(state.guests.find((g) => g.vmid === 100)!.swap).toBe(1024);
		expect(
			runSimCommand(state, new SimClock({start: now}), ['pvesh', 'get', '/cluster/tasks', '--output-format', 'json'])
				.stdout,
		).toContain(':resize:100:');
	});

	it('fails on a directory storage that is full, naming resize2fs and the device', () => {
		const state = createHomelab({now});
		const pct = (...args: string[]) => runSimCommand(state, new SimClock({start: now}), ['pct', ...args]);
		expect(pct('clone', '900', '250', '--hostname', 'scratch', '--storage', 'local-hdd', '--full').code).toBe(0);
		const hdd = state.storages.find((s) => s.id === 'local-hdd')!;
		hdd.baseUsed = hdd.total;
		const full = pct('resize', '250', 'rootfs', '+1G');
		expect(full.code).toBe(255);
		expect(full.stderr).toMatch(/^resize2fs: No space left on device while trying to resize \/dev\/loop\d/);
		expect(state.guests.find((g) => g.vmid === 250)!.rootfs.size).toBe(8 * GIB);
	});
});

describe('proxdeck set and resize', () => {
	it('change what the snapshot shows, and refuse a shrink naming why', async () => {
		const lab = simLab();
		expect((await cli(lab, ['set', '110', '--memory', '2048', '--cores', '2', '--yes'])).code).toBe(0);
		expect((await cli(lab, ['resize', '110', 'rootfs', '+4G', '--yes'])).code).toBe(0);
		const grafana = (await lab.env.collector.collect()).guests.find((g) => g.vmid === 110)!;
		expect([grafana.maxmem, grafana.maxcpu, grafana.maxdisk]).toEqual([2048 * MIB, 2, 8 * GIB]);
		// A second resize moments after the first takes a snapshot of its own: no name clash.
		const again = await cli(lab, ['resize', '110', 'rootfs', '+1G', '--yes']);
		expect(again.code, again.out).toBe(0);
		expect((await lab.env.collector.collect()).guests.find((g) => g.vmid === 110)!.maxdisk).toBe(9 * GIB);
		const before = hostState(lab);
		const shrink = await cli(lab, ['resize', '110', 'rootfs', '2G', '--yes']);
		expect(shrink.code).toBe(1);
		expect(shrink.out).toContain('Proxmox cannot shrink a container disk');
		expect(hostState(lab)).toBe(before);
	});

	it('names a bad value and what to give instead', async () => {
		const lab = simLab();
		expect(await cli(lab, ['set', '110', '--memory', '4G'])).toMatchObject({
			code: 2,
			err: 'proxdeck: invalid --memory "4G": expected MiB as a whole number (4096 for 4G)\n',
		});
		expect((await cli(lab, ['set', '110'])).err).toBe(
			'proxdeck: set needs at least one of --memory MiB, --cores N, --swap MiB\n',
		);
		expect((await cli(lab, ['resize', '110', 'disk0', '+1G'])).err).toMatch(
			/invalid disk "disk0": expected rootfs or mp0/,
		);
	});
});

describe('deploy --instances', () => {
	it('lays replicas out as the homelab does: 210, 211 … at the next addresses, hostnames numbered', () => {
		const postgresql = findService(defaultCatalog(), 'postgresql')!;
		expect([firstReplicaVmid(200), firstReplicaVmid(201), firstReplicaVmid(208)]).toEqual([210, 220, 290]);
		expect(serviceInstance(postgresql, 3)).toMatchObject({vmid: 211, hostname: 'postgresql-db-2', ip: '10.0.30.12/24'});
		const grafana = serviceInstance(findService(defaultCatalog(), 'grafana')!, 2);
		expect(grafana.probes).toEqual([expect.objectContaining({url: 'http://10.0.30.61:3000/api/health'})]);
		expect(maxInstances(postgresql)).toBe(10);
	});

	it('adds two healthy guests with distinct addresses and one summary', async () => {
		const lab = simLab();
		const run = await cli(lab, ['deploy', 'postgresql', '--instances', '2', '--yes']);
		expect(run.code).toBe(0);
		expect(run.out.trim().split('\n').at(-1)).toBe(
			'postgresql: 2 of 2 instances healthy (200 postgresql-db at 10.0.30.10, 210 postgresql-db-1 at 10.0.30.11)',
		);
		const guests = (await lab.env.collector.collect()).guests.filter((g) => g.vmid === 200 || g.vmid === 210);
		expect(guests.map((g) => [g.vmid, g.name, g.status, g.nics[0]?.ip])).toEqual([
			[200, 'postgresql-db', 'running', '10.0.30.10/24'],
			[210, 'postgresql-db-1', 'running', '10.0.30.11/24'],
		]);
		// N counts the primary: scaling to three adds only the third, and says the others were there.
		const more = await cli(lab, ['deploy', 'postgresql', '--instances', '3', '--yes']);
		expect(more.out.trim().split('\n').at(-1)).toBe(
			'postgresql: 3 of 3 instances healthy (200 postgresql-db at 10.0.30.10 (already there), 210 postgresql-db-1 at 10.0.30.11 (already there), 211 postgresql-db-2 at 10.0.30.12)',
		);
		// health checks every instance, each probed at its own address; a replica stopped fails alone.
		expect((await cli(lab, ['stop', '211', '--yes'])).code).toBe(0);
		const health = JSON.parse((await cli(lab, ['health', 'postgresql', '--json'])).out) as {
			results: {target: string; check: string; state: string; detail: string}[];
		};
		const running = health.results
			.filter((r) => r.check === 'running' && r.target.startsWith('service:'))
			.map((r) => [r.target, r.state]);
		expect(running).toEqual([
			['service:postgresql', 'pass'],
			['service:postgresql#2', 'pass'],
			['service:postgresql#3', 'fail'],
		]);
		expect(health.results.filter((r) => r.target === 'service:postgresql#2' && r.check === 'probe:postgresql')).toEqual(
			[expect.objectContaining({state: 'pass', detail: '10.0.30.11:5432 accepts connections'})],
		);
		expect((await cli(lab, ['deploy', 'postgresql', 'redis', '--instances', '2'])).code).toBe(2);
		expect((await cli(lab, ['deploy', 'postgresql', '--instances', '11'])).err).toMatch(
			/expected a whole number from 1 to 10/,
		);
	});
});
