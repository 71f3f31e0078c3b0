/**
 * Docker actions and the stack update on the simulated homelab (and its 3-node cluster, where
 * the Docker host lives on pve2): each command runs in the guest's node through the router,
 * refusals are said before anything runs, and the web stack's update pulls the one newer
 * image, snapshots the Docker host, recreates that container, sees its healthcheck fail and
 * rolls the guest back to the snapshot.
 */
import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {buildDockerJob, type DockerRequest} from '../../source/ops/docker.js';
import {Interrupted} from '../../source/ops/interrupt.js';
import {runJob} from '../../source/ops/runner.js';
import {readSnapshot} from '../../source/ops/shared.js';
import {interruptedUpdate} from '../../source/ops/stack-resume.js';
import {buildStackUpdateJob} from '../../source/ops/stack-update.js';
import {cli} from './ops-cli-run.js';
import {simLab, type SimLab} from './ops-sim.js';

const HOP_PVE2 = 'ssh -e none -o BatchMode=yes -o ConnectTimeout=5 -o HostKeyAlias=pve2 root@192.168.0.21';

async function docker(lab: SimLab, request: DockerRequest) {
	const read = await readSnapshot(lab.env);
	const job = buildDockerJob(request, read.snapshot, lab.env, read.error);
	return {job, result: await runJob(job, lab.env, {journal: lab.journal, user: 'tester'})};
}

const container = (lab: SimLab, name: string) =>
	lab.transport.sim.state.guests.find((g) => g.vmid === 111)?.docker?.containers.find((c) => c.name === name);

describe('container and stack actions', () => {
	it('stops, removes and restarts containers on the Docker host’s node, refusing what docker would refuse', async () => {
		const lab = simLab({nodes: 3});
		const running = await docker(lab, {action: 'container-rm', vmid: 111, container: 'sonarr'});
		expect(running.job.plan.blockers).toEqual([
			'sonarr is running: stop it first (docker rm refuses a running container) in docker (111)',
		]);
		expect(running.result.result).toBe('failed');
		expect(container(lab, 'sonarr')?.state).toBe('running');

		const stop = await docker(lab, {action: 'container-stop', vmid: 111, container: 'sonarr'});
		expect(stop.job.plan.steps[0]!.commands).toEqual([`${HOP_PVE2} 'pct exec 111 -- docker stop sonarr'`]);
		expect(stop.result.result).toBe('ok');
		expect(container(lab, 'sonarr')?.state).toBe('exited');
		const rm = await docker(lab, {action: 'container-rm', vmid: 111, container: 'sonarr'});
		expect(rm.result.result).toBe('ok');
		expect(container(lab, 'sonarr')).toBeUndefined();

		const restart = await docker(lab, {action: 'stack-restart', vmid: 111, stack: 'media'});
		expect(restart.job.plan.steps[0]!.commands).toEqual([
			`${HOP_PVE2} 'pct exec 111 -- docker compose -p media restart'`,
		]);
		expect(restart.result.result).toBe('ok');
		const unknown = await docker(lab, {action: 'stack-stop', vmid: 111, stack: 'nope'});
		expect(unknown.job.plan.blockers).toEqual(['no compose stack named nope in docker (111)']);

		const prune = await docker(lab, {action: 'docker-prune', vmid: 111});
		expect(prune.result.result).toBe('ok');
		// The OOM-killed collabora is the one stopped container left for the prune to remove.
		expect(prune.result.steps.at(-1)?.message).toBe('reclaimed 1.3GB');
	});
});

describe('prune', () => {
	it('says in its plan what docker system df counts as reclaimable, and nothing when it was not read', async () => {
		const lab = simLab();
		const read = await readSnapshot(lab.env);
		const host = read.snapshot!.guests.find((g) => g.vmid === 111)!;
		const note = () => buildDockerJob({action: 'docker-prune', vmid: 111}, read.snapshot, lab.env).plan.steps[0]!.note;
		delete host.dockerDisk;
		expect(note()).toBe('removes stopped containers, unused networks, dangling images and build cache');
		host.dockerDisk = [
			{type: 'Images', total: 12, active: 9, size: 8 * 1024 ** 3, reclaimable: 2 * 1024 ** 3},
			{type: 'Local Volumes', total: 3, active: 3, size: 1024 ** 3, reclaimable: 0},
			{type: 'Build Cache', total: 4, active: 0, size: 512 * 1024 ** 2, reclaimable: null},
		];
		expect(note()).toBe(
			'removes stopped containers, unused networks, dangling images and build cache; docker system df counts up to 2G reclaimable (Images 2G)',
		);
	});
});

describe('stack update', () => {
	it('pulls, finds the newer digest, snapshots, recreates, sees the healthcheck fail and rolls back', async () => {
		const lab = simLab();
		const read = await readSnapshot(lab.env);
		const job = buildStackUpdateJob({vmid: 111, stack: 'web'}, read.snapshot, lab.env);
		expect(job.plan.steps.map((s) => s.name)).toEqual(['pull', 'compare', 'snapshot', 'up', 'health']);
		const before = container(lab, 'wizarr')!.imageId;
		const result = await runJob(job, lab.env, {journal: lab.journal, user: 'tester'});
		expect(result.result).toBe('failed');
		const compare = result.steps.find((s) => s.name === 'compare');
		expect(compare?.message).toMatch(
			/^newer: wizarr \(ghcr\.io\/wizarrrr\/wizarr:latest [0-9a-f]{12} → [0-9a-f]{12}, sha256:/,
		);
		expect(result.failure?.message).toBe('web is not healthy after the update: wizarr is unhealthy');
		expect(result.rolledBack?.[0]).toMatch(/^guest 111 rolled back to pd_stack_\d{14} and running again$/);
		// Back on the image it ran before, and the snapshot is kept to look at.
		expect(container(lab, 'wizarr')!.imageId).toBe(before);
		expect(lab.transport.sim.state.guests.find((g) => g.vmid === 111)!.snapshots.map((s) => s.name)).toContainEqual(
			expect.stringMatching(/^pd_stack_/),
		);
		const journal = (await readFile(lab.journal.path, 'utf8'))
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l) as {action: string; result: string});
		expect(journal.at(-1)).toMatchObject({action: 'stack-update', result: 'failed'});
	});

	it('run again after a pull that was cut off, it still finds the newer image and goes on', async () => {
		const lab = simLab();
		// The first run's pull went through before the link dropped: the tag moved, wizarr did not.
		expect((await lab.transport.exec('pct exec 111 -- docker compose -p web pull')).code).toBe(0);
		const read = await readSnapshot(lab.env);
		const result = await runJob(buildStackUpdateJob({vmid: 111, stack: 'web'}, read.snapshot, lab.env), lab.env, {
			journal: lab.journal,
			user: 'tester',
		});
		expect(result.steps.find((s) => s.name === 'compare')?.message).toMatch(/^newer: wizarr /);
		expect(result.steps.find((s) => s.name === 'up')?.message).toBe('Container wizarr  Recreated');
	});

	it('a stack with nothing newer pulls and checks, and takes no snapshot', async () => {
		const lab = simLab();
		const read = await readSnapshot(lab.env);
		const snapshots = () => lab.transport.sim.state.guests.find((g) => g.vmid === 111)!.snapshots.map((s) => s.name);
		const before = snapshots();
		const result = await runJob(buildStackUpdateJob({vmid: 111, stack: 'media'}, read.snapshot, lab.env), lab.env, {
			journal: lab.journal,
			user: 'tester',
		});
		expect(result.result).toBe('ok');
		expect(result.steps.map((s) => `${s.name}: ${s.message ?? ''}`).slice(-3)).toEqual([
			'snapshot: nothing newer: no snapshot needed',
			'up: nothing newer: left as it is',
			// A crash loop this run did not cause is said, not blamed on the update.
			'health: nothing was recreated; now: qbittorrent is restarting',
		]);
		expect(snapshots()).toEqual(before);
	});
});

describe('a stack update cut off during its health wait', () => {
	/** The web stack's update, stopped by SIGTERM while it waits for the recreated wizarr. */
	async function cutOff(lab: SimLab) {
		const controller = new AbortController();
		const read = await readSnapshot(lab.env);
		const result = await runJob(buildStackUpdateJob({vmid: 111, stack: 'web'}, read.snapshot, lab.env), lab.env, {
			journal: lab.journal,
			user: 'tester',
			signal: controller.signal,
			listener: (event) => {
				if (event.step === 'health' && event.message === 'wizarr starting')
					controller.abort(new Interrupted('SIGTERM'));
			},
		});
		expect(result.result).toBe('interrupted');
		// On its way out it starts no rollback: the rerun decides.
		expect(result.rolledBack).toEqual([]);
		expect(result.leftovers.join(' ')).toMatch(
			/^the update of web is cut off after up -d; snapshot pd_stack_\d{14} holds guest 111 as it was, and running the update again resumes it/,
		);
		return updateSnapshots(lab);
	}
	const updateSnapshots = (lab: SimLab) =>
		lab.transport.sim.state.guests
			.find((g) => g.vmid === 111)!
			.snapshots.filter((s) => s.name.startsWith('pd_stack_'))
			.map((s) => ({name: s.name, description: s.description}));

	it('run again, it says it resumes, waits for the recreated container and rolls back to the first snapshot when it fails', async () => {
		const lab = simLab();
		const before = container(lab, 'wizarr')!.imageId;
		const [taken] = await cutOff(lab);
		expect(taken?.description).toBe('before the update of stack web (proxdeck)');

		const dry = await cli(lab, ['stack', 'update', '111', 'web', '--dry-run']);
		expect(dry.out).toContain(
			`warn resume: an update of web was cut off after recreating wizarr (snapshot ${taken!.name}, 12:00 UTC): this run resumes it, waits for their health and rolls back to that snapshot if it fails`,
		);
		expect(dry.out).toContain(
			`snapshot: No new snapshot: snapshot ${taken!.name}, taken by the cut-off update, stays the way back`,
		);
		expect(dry.out).toContain(
			'health: Wait for the health of the recreated containers of web (the cut-off update recreated wizarr)',
		);

		const again = await cli(lab, ['stack', 'update', '111', 'web', '--yes']);
		expect(again.code).toBe(1);
		expect(again.out).toContain(`resuming the update cut off after wizarr was recreated (snapshot ${taken!.name})`);
		expect(again.out).toContain('web is not healthy after the update: wizarr is unhealthy');
		expect(again.out).toContain(`guest 111 rolled back to ${taken!.name} and running again`);
		expect(container(lab, 'wizarr')!.imageId).toBe(before);
		// No second snapshot: the one taken before the update is the way back.
		expect(updateSnapshots(lab)).toEqual([taken]);
	});

	it('run again once the recreated container is healthy, it finishes as an update that was not cut off', async () => {
		const lab = simLab();
		const [taken] = await cutOff(lab);
		const wizarr = container(lab, 'wizarr')!;
		const updated = wizarr.imageId;
		// Its healthcheck passed while no proxdeck was watching.
		delete wizarr.healthFailsAt;
		wizarr.health = 'healthy';

		const again = await cli(lab, ['stack', 'update', '111', 'web', '--yes']);
		expect(again.code).toBe(0);
		expect(again.out).toContain('resuming the update cut off after wizarr was recreated');
		expect(again.out).toContain(
			`wizarr running, 1 healthy by a healthcheck; snapshot ${taken!.name} kept, noted as finished`,
		);
		expect(container(lab, 'wizarr')!.imageId).toBe(updated);
		expect(updateSnapshots(lab)).toEqual([
			{name: taken!.name, description: 'before the update of stack web, which finished healthy (proxdeck)'},
		]);
		// Finished: a later run has nothing to resume.
		const third = await cli(lab, ['stack', 'update', '111', 'web', '--dry-run']);
		expect(third.out).not.toContain('resume');
	});
});

describe('what counts as a cut-off update on the host', () => {
	const snap = (name: string, description: string, snaptime: number) => ({name, description, snaptime, current: false});
	const ctr = (container: string, createdMs: number | null) => ({
		container,
		image: 'x:latest',
		from: 'sha256:a',
		createdMs,
	});
	const T = 1_748_779_200;
	it('the newest snapshot of the stack’s updates, unfinished, with containers created since; nothing else', () => {
		const cut = snap('pd_stack_1', 'before the update of stack web (proxdeck)', T);
		const containers = [ctr('wizarr', T * 1000 + 5000), ctr('homepage', T * 1000 - 60_000), ctr('odd', null)];
		expect(interruptedUpdate([cut], 'web', containers)).toEqual({
			snapshot: 'pd_stack_1',
			snaptime: T,
			recreated: ['wizarr'],
		});
		// Finished since, by a later update of the same stack.
		const done = snap('pd_stack_2', 'before the update of stack web, which finished healthy (proxdeck)', T + 60);
		expect(interruptedUpdate([cut, done], 'web', containers)).toBeNull();
		// Another stack's update, or one cut off before anything was recreated.
		expect(interruptedUpdate([cut], 'media', containers)).toBeNull();
		expect(interruptedUpdate([cut], 'web', [ctr('homepage', T * 1000 - 60_000)])).toBeNull();
	});
});
