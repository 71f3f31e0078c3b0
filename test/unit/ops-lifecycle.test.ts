import {describe, expect, it} from 'vitest';
import {buildLifecycleJob} from '../../source/ops/lifecycle.js';
import {buildResizeJob, buildSetJob} from '../../source/ops/scale.js';
import {changeSnapshotName} from '../../source/ops/change-snapshot.js';
import {buildCloneJob} from '../../source/ops/clone.js';
import {formatPlan} from '../../source/ops/plan-text.js';
import {preflight} from '../../source/ops/preflight.js';
import {guest, snapshot} from './ops-snapshot-fixture.js';
import {createNodeRouter} from '../../source/host/node-router.js';
import {fakeTransport} from '../screen/fakes.js';

const NOW = Date.parse('2025-01-31T14:05:00Z');
const env = {nodes: createNodeRouter(fakeTransport(), {sudo: false}), pollMs: 1000, now: () => NOW};

describe('lifecycle plans', () => {
	const snap = snapshot({
		guests: [
			guest({vmid: 200, name: 'postgresql-db', status: 'running'}),
			guest({vmid: 201, name: 'redis', status: 'stopped'}),
			guest({
				vmid: 111,
				name: 'docker',
				stacks: [
					{name: 'media', status: 'running(5)', running: 5, total: 5, configFiles: '/srv/containers/media/compose.yml'},
				],
				containers: [
					{
						id: 'x',
						name: 'plex',
						image: 'plexinc/pms-docker',
						state: 'running',
						status: 'Up',
						ports: '',
						runtime: 'docker',
					},
				],
			}),
		],
	});

	it('destroy needs the VMID typed and is refused while the guest runs', () => {
		const running = buildLifecycleJob({action: 'destroy', vmid: 200}, snap, env);
		expect(running.plan.typedConfirmation).toBe('200');
		expect(running.plan.dangerous).toBe(true);
		expect(running.plan.blockers).toEqual(['guest 200 (postgresql-db) is running: stop it first (proxdeck stop 200)']);
		expect(running.plan.steps[0]?.name).toBe('preflight');
		const stopped = buildLifecycleJob({action: 'destroy', vmid: 201}, snap, env);
		expect(stopped.plan.blockers).toEqual([]);
		expect(stopped.plan.steps.map((s) => s.commands)).toEqual([['pct destroy 201']]);
	});

	it('shutdown shuts down cleanly, then stops only if still running', () => {
		const job = buildLifecycleJob({action: 'shutdown', vmid: 200, timeoutSec: 30}, snap, {
			...env,
			nodes: createNodeRouter(fakeTransport(), {sudo: true}),
		});
		expect(job.plan.steps.map((s) => `${s.name}: ${s.commands.join(' && ')}`)).toEqual([
			'shutdown: sudo -n pct shutdown 200 --timeout 30',
			'stop: sudo -n pct status 200 && sudo -n pct stop 200',
		]);
		expect(buildLifecycleJob({action: 'shutdown', vmid: 201}, snap, env).plan.nothingToDo).toBe(true);
	});

	it('template is refused while the guest runs', () => {
		expect(buildLifecycleJob({action: 'template', vmid: 200}, snap, env).plan.blockers).toEqual([
			'guest 200 is running: stop it first',
		]);
	});

	it('says in the plan when the guest cannot be snapshotted before a change, and why', () => {
		const bound = snapshot({
			guests: [
				guest({
					vmid: 107,
					name: 'qbittorrent',
					mounts: [
						{key: 'rootfs', source: 'local-lvm:vm-107-disk-0', path: '/'},
						{key: 'mp2', source: '/media-pool', path: '/media-pool'},
					],
				}),
			],
		});
		const job = buildSetJob({vmid: 107, cores: 2}, bound, env);
		expect(job.plan.steps[0]).toMatchObject({
			name: 'snapshot',
			skip: 'no snapshot to return to: mp2 is a bind mount of /media-pool: Proxmox cannot snapshot a container with bind mounts',
		});
		const onDir = snapshot({
			guests: [
				guest({vmid: 120, name: 'plex', mounts: [{key: 'rootfs', source: 'local:120/vm-120-disk-0.raw', path: '/'}]}),
			],
		});
		expect(buildResizeJob({vmid: 120, disk: 'rootfs', size: '+1G'}, onDir, env).plan.steps[0]?.skip).toBe(
			'no snapshot to return to: rootfs is on local (dir), which cannot snapshot container volumes',
		);
	});

	it('names a missing guest', () => {
		expect(buildLifecycleJob({action: 'start', vmid: 555}, snap, env).plan.blockers).toEqual([
			'guest 555 does not exist',
		]);
		expect(changeSnapshotName('resize', NOW)).toBe('pd_resize_20250131140500');
	});
});

describe('preflight and clone plans', () => {
	it('checks template, VMID, node, storage room and content, bridge and IP', () => {
		const base = {
			templateVmid: 900,
			vmid: 200,
			hostname: 'postgresql-db',
			storage: 'local-lvm',
			bridge: 'vmbr2',
			ip: '10.0.30.10/24',
		};
		const ok = preflight(snapshot(), base);
		expect(ok.blockers).toEqual([]);
		expect(ok.checks.map((c) => c.detail)).toEqual([
			'VMID 200 is free',
			'template 900 (postgresql-template) on pve',
			'node pve is online',
			'storage local-lvm holds rootdir, 128G free (needs 4G)',
			'bridge vmbr2 exists (10.0.30.2/24)',
			'10.0.30.10 is not used by any other guest',
		]);
		const bad = preflight(snapshot(), {...base, templateVmid: 105, storage: 'local', bridge: 'vmbr9'});
		expect(bad.blockers).toEqual([
			'guest 105 (immich) is not a template (convert it: pct template 105)',
			'storage local does not hold container volumes (content: iso,vztmpl,backup; needs rootdir)',
			'bridge vmbr9 does not exist on pve',
		]);
		const full = snapshot();
		full.storages[0]!.used = full.storages[0]!.total! - 1024 ** 3;
		expect(preflight(full, base).blockers).toEqual(['storage local-lvm has 1G free; the clone needs 4G']);
		const offline = snapshot();
		offline.nodes[0]!.online = false;
		expect(preflight(offline, base).blockers).toEqual([
			'node pve is offline (cluster status): deploy on another node, or when it is back',
		]);
	});

	it('a locked half-made guest at the VMID is reported, not resumed', () => {
		const snap = snapshot();
		snap.guests.push(guest({vmid: 200, name: 'postgresql-db', lock: 'create', status: 'stopped'}));
		expect(
			preflight(snap, {templateVmid: 900, vmid: 200, hostname: 'postgresql-db', storage: 'local-lvm'}).blockers[0],
		).toMatch(/^guest 200 \(postgresql-db\) is locked \(create\): a task did not finish/);
	});

	it('clone plan: full clone, then net0 when an address is given', () => {
		const job = buildCloneJob(
			{
				templateVmid: 900,
				vmid: 210,
				hostname: 'pg-replica',
				storage: 'local-lvm',
				ip: '10.0.30.11/24',
				gw: '10.0.30.1',
				bridge: 'vmbr2',
			},
			snapshot(),
			env,
		);
		expect(job.plan.blockers).toEqual([]);
		expect(
			formatPlan(job.plan)
				.split('\n')
				.filter((l) => l.includes('$')),
		).toEqual([
			'       $ pct clone 900 210 --hostname pg-replica --storage local-lvm --full',
			'       $ pct set 210 --net0 name=eth0,bridge=vmbr2,ip=10.0.30.11/24,gw=10.0.30.1',
		]);
		const taken = buildCloneJob({templateVmid: 900, vmid: 105}, snapshot(), env);
		expect(taken.plan.blockers).toEqual(['VMID 105 is taken by guest "immich"']);
	});
});
