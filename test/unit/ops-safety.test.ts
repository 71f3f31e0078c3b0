/**
 * Snapshots, rollback, backups and restore as jobs on the simulated homelab, with the
 * collector and a clock the jobs' polls move: every write is a Proxmox task the job finds by
 * its UPID and follows through its log; a task that fails fails the step with its error line;
 * a link that drops while following leaves the task running on the host and the UPID in the
 * journal; and a deploy that changes an existing guest returns it to its snapshot when its
 * health check fails.
 */
import {describe, expect, it} from 'vitest';
import {defaultCatalog, findService} from '../../source/catalog/defaults.js';
import {buildBackupJob, buildRestoreJob} from '../../source/ops/backup.js';
import {planDeploy} from '../../source/ops/deploy.js';
import {fetchSnapshots} from '../../source/ops/guest-api.js';
import type {JobEvent} from '../../source/ops/job.js';
import {runJob} from '../../source/ops/runner.js';
import {readSnapshot} from '../../source/ops/shared.js';
import {buildRollbackJob, buildSnapshotCreateJob, buildSnapshotDeleteJob} from '../../source/ops/snapshot.js';
import {createSafetyReader} from '../../source/ops/safety-read.js';
import {simLab, type SimLab} from './ops-sim.js';

async function snap(lab: SimLab) {
	const read = await readSnapshot(lab.env);
	return read.snapshot!;
}

async function run(lab: SimLab, job: Parameters<typeof runJob>[0], events: JobEvent[] = [], rollback = false) {
	return runJob(job, lab.env, {
		journal: lab.journal,
		user: 'tester',
		listener: (e) => events.push(e),
		...(rollback ? {rollback: true} : {}),
	});
}

const simGuest = (lab: SimLab, vmid: number) => lab.transport.sim.state.guests.find((g) => g.vmid === vmid)!;

describe('snapshots as tasks', () => {
	it('takes a snapshot, follows its task, and rolls a broken container back to it, restarted', async () => {
		const lab = simLab();
		const events: JobEvent[] = [];
		const create = buildSnapshotCreateJob(
			{vmid: 104, name: 'known-good', description: 'before the upgrade'},
			await snap(lab),
			lab.env,
		);
		const made = await run(lab, create, events);
		expect(made.result).toBe('ok');
		expect(made.tasks?.[0]?.upid).toMatch(/^UPID:pve:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:vzsnapshot:104:root@pam:$/);
		expect(events.find((e) => e.task)?.task?.upid).toBe(made.tasks?.[0]?.upid);
		expect(events.flatMap((e) => e.log ?? [])).toEqual(['TASK OK']);
		const listed = await fetchSnapshots(lab.env, {vmid: 104, node: 'pve', type: 'lxc'});
		expect(listed.ok && listed.list.map((s) => [s.name, s.parent, s.current])).toEqual([
			['before-1-32', undefined, false],
			['known-good', 'before-1-32', false],
			['current', 'known-good', true],
		]);

		// A bad upgrade inside the guest: its service stops answering.
		await lab.transport.exec('pct exec 104 -- systemctl stop vaultwarden');
		expect(simGuest(lab, 104).services).toEqual([]);

		const existing = listed.ok ? listed.list : undefined;
		const back = buildRollbackJob({vmid: 104, name: 'known-good'}, await snap(lab), lab.env, existing);
		// A running container is stopped, rolled back and started again (pct rollback --start).
		expect(back.plan.steps[0]?.commands).toEqual([
			'setsid -f pvesh create /nodes/pve/lxc/104/snapshot/known-good/rollback --start 1 </dev/null >/dev/null 2>&1',
		]);
		expect(back.plan.dangerous).toBe(true);
		const rolled = await run(lab, back);
		expect(rolled.result).toBe('ok');
		expect(rolled.summary).toBe('vaultwarden (104) is back at snapshot known-good and running');
		expect(simGuest(lab, 104).services.map((s) => s.name)).toEqual(['vaultwarden']);
		expect(simGuest(lab, 104).lock).toBeUndefined();
		const journal = await lab.journal.read();
		expect(journal.map((e) => [e.action, e.result, e.tasks?.[0]?.upid.split(':')[5]])).toEqual([
			['snapshot', 'ok', 'vzsnapshot'],
			['rollback', 'ok', 'vzrollback'],
		]);
	});

	it('refuses what Proxmox would refuse before anything runs, naming the rule', async () => {
		const lab = simLab();
		const snapshot = await snap(lab);
		expect(() => buildSnapshotCreateJob({vmid: 104, name: '1st'}, snapshot, lab.env)).toThrow(
			'invalid snapshot name "1st": expected a letter then letters, digits, - or _ (2 to 40 characters)',
		);
		expect(() => buildSnapshotCreateJob({vmid: 104, name: 'vzdump'}, snapshot, lab.env)).toThrow(
			/Proxmox reserves them/,
		);
		// Bind mounts (/staging-pool…): Proxmox has no snapshot for such a container.
		const bound = buildSnapshotCreateJob({vmid: 107, name: 'try'}, snapshot, lab.env);
		expect(bound.plan.blockers).toEqual([
			'cannot snapshot qbittorrent (107): mp0 is a bind mount of /staging-pool: Proxmox cannot snapshot a container with bind mounts',
		]);
		const listed = await fetchSnapshots(lab.env, {vmid: 300, node: 'pve', type: 'qemu'});
		const gone = buildRollbackJob({vmid: 300, name: 'nope'}, snapshot, lab.env, listed.ok ? listed.list : undefined);
		expect(gone.plan.blockers).toEqual([
			'opnsense (300) has no snapshot named nope (it has pre-25-1-upgrade, vlan-lab, pre-25-7-upgrade)',
		]);
		const before = JSON.stringify(lab.transport.sim.state.guests);
		expect((await run(lab, bound)).result).toBe('failed');
		expect(JSON.stringify(lab.transport.sim.state.guests)).toBe(before);
	});

	it('rolls a VM back to a snapshot with RAM (it resumes by itself) and deletes a snapshot under its children', async () => {
		const lab = simLab();
		const listed = await fetchSnapshots(lab.env, {vmid: 300, node: 'pve', type: 'qemu'});
		const list = listed.ok ? listed.list : undefined;
		const back = buildRollbackJob({vmid: 300, name: 'pre-25-1-upgrade'}, await snap(lab), lab.env, list);
		expect(back.plan.steps[0]?.title).toMatch(/the VM resumes from the saved RAM/);
		expect(back.plan.steps[0]?.commands[0]).not.toContain('--start');
		expect((await run(lab, back)).result).toBe('ok');
		expect(simGuest(lab, 300).status).toBe('running');
		const del = buildSnapshotDeleteJob({vmid: 300, name: 'pre-25-1-upgrade'}, await snap(lab), lab.env, list);
		expect(del.plan.steps[0]?.title).toBe(
			'Delete snapshot pre-25-1-upgrade of opnsense (300) (vlan-lab, pre-25-7-upgrade will hang from its parent)',
		);
		expect((await run(lab, del)).result).toBe('ok');
		expect(simGuest(lab, 300).snapshots.map((s) => [s.name, s.parent])).toEqual([
			['vlan-lab', undefined],
			['pre-25-7-upgrade', undefined],
		]);
	});

	it("fails the step with the task's own error line", async () => {
		const lab = simLab();
		const listed = await fetchSnapshots(lab.env, {vmid: 104, node: 'pve', type: 'lxc'});
		const job = buildRollbackJob(
			{vmid: 104, name: 'before-1-32'},
			await snap(lab),
			lab.env,
			listed.ok ? listed.list : undefined,
		);
		// The guest is locked by a backup that starts between the plan and the run.
		simGuest(lab, 104).lock = 'backup';
		const result = await run(lab, job);
		expect(result.result).toBe('failed');
		expect(result.failure?.message).toMatch(
			/^task UPID:pve:\S+:vzrollback:104:root@pam: failed: CT is locked \(backup\)$/,
		);
	});
});

describe('backups and restores as tasks', () => {
	it('backs a guest up, then restores the archive to a new VMID and starts it', async () => {
		const lab = simLab();
		const events: JobEvent[] = [];
		// alpine_prometheus takes its address by DHCP: a copy can run beside it.
		const backup = buildBackupJob(
			{vmid: 109, storage: 'nas-backup', mode: 'snapshot', notes: 'before the upgrade'},
			await snap(lab),
			lab.env,
		);
		const done = await run(lab, backup, events);
		expect(done.result).toBe('ok');
		const log = events.flatMap((e) => e.log ?? []);
		expect(log[0]).toBe(
			"INFO: starting new backup job: vzdump 109 --storage nas-backup --mode snapshot --compress zstd --notes-template 'before the upgrade' --node pve",
		);
		expect(log).toContain('INFO: Backup job finished successfully');
		expect(log.at(-1)).toBe('TASK OK');
		// Each line once and in the order vzdump writes them, however the polls fell.
		expect(new Set(log).size).toBe(log.length);
		expect(log.indexOf('INFO: adding notes to backup')).toBeGreaterThan(
			log.findIndex((l) => l.startsWith('INFO: archive file size')),
		);
		expect(log.indexOf('INFO: adding notes to backup')).toBeLessThan(
			log.findIndex((l) => l.startsWith('INFO: Finished Backup of VM 109')),
		);
		expect(done.summary).toMatch(
			/^alpine_prometheus \(109\) backed up: nas-backup:backup\/vzdump-lxc-109-\d{4}_\d\d_\d\d-\d\d_\d\d_\d\d\.tar\.zst$/,
		);
		const volid = done.summary.split(': ')[1]!;

		const snapshot = await snap(lab);
		const data = await createSafetyReader({nodes: lab.env.nodes}).read(snapshot);
		const known = data.backups.find((b) => b.volid === volid);
		expect(known).toMatchObject({vmid: 109, subtype: 'lxc', notes: 'before the upgrade', protected: false});
		const restore = buildRestoreJob({volid, vmid: 150, storage: 'local-lvm', start: true}, snapshot, lab.env, known);
		expect(restore.plan.typedConfirmation).toBeUndefined();
		const restored = await run(lab, restore);
		expect(restored.result).toBe('ok');
		expect(restored.summary).toBe(`${volid} restored as new guest 150, running`);
		const copy = simGuest(lab, 150);
		expect(copy).toMatchObject({name: 'alpine_prometheus', status: 'running'});
		expect(copy.rootfs.volume).toBe('local-lvm:vm-150-disk-0');
		expect(copy.nics[0]?.hwaddr).not.toBe(simGuest(lab, 109).nics[0]?.hwaddr);
	});

	it('says in the plan that a storage is full, and refuses to restore over a running guest', async () => {
		const lab = simLab();
		const snapshot = await snap(lab);
		const full = buildBackupJob({vmid: 104, storage: 'usb-backup', mode: 'snapshot'}, snapshot, lab.env);
		expect(full.plan.blockers[0]).toMatch(
			/^storage usb-backup has \d+(\.\d)?M free, not enough for about 2\.6G: free space or prune old backups there first$/,
		);
		const data = await createSafetyReader({nodes: lab.env.nodes}).read(snapshot);
		const last = data.backups.filter((b) => b.vmid === 104).sort((a, b) => (b.ctime ?? 0) - (a.ctime ?? 0))[0]!;
		const over = buildRestoreJob({volid: last.volid, storage: 'service-pool'}, snapshot, lab.env, last);
		expect(over.plan.typedConfirmation).toBe('104');
		expect(over.plan.blockers).toEqual([
			'guest 104 (vaultwarden) is running: restoring over it is refused; stop it first (proxdeck stop 104) or restore to a new VMID',
		]);
		// A copy with the original's static address cannot run beside it.
		const copy = buildRestoreJob(
			{volid: last.volid, vmid: 150, storage: 'local-lvm', start: true},
			snapshot,
			lab.env,
			last,
		);
		expect(copy.plan.blockers).toEqual([
			"the copy keeps vaultwarden's address 192.168.0.248 while guest 104 runs: starting both makes an address conflict; restore without starting it, or stop 104 first",
		]);
	});

	it('leaves the task running and its UPID in the journal when the link drops while following it', async () => {
		const lab = simLab();
		const events: JobEvent[] = [];
		const backup = buildBackupJob({vmid: 104, storage: 'nas-backup', mode: 'snapshot'}, await snap(lab), lab.env);
		// The link goes three seconds after the task showed up.
		const watched = runJob(backup, lab.env, {
			journal: lab.journal,
			listener: (e) => {
				events.push(e);
				if (e.task) lab.transport.sim.faults.dropConnection(3);
			},
		});
		const result = await watched;
		const upid = events.find((e) => e.task)?.task?.upid;
		expect(result.result).toBe('failed');
		expect(result.failure?.message).toBe(
			`lost the connection while following task ${upid} (connection to the simulated host lost; reconnecting); the task goes on on pve: follow it with \`proxdeck task log ${upid} --follow\``,
		);
		const [entry] = await lab.journal.read();
		expect(entry?.tasks).toEqual([{step: 'backup', upid, node: 'pve'}]);
		// The host finished it meanwhile.
		lab.transport.sim.clock.advance(60_000);
		const task = lab.transport.sim.state.tasks!.find((t) => t.upid === upid)!;
		expect(task.status).toBe('OK');
	});
});

describe('snapshot before change', () => {
	it('returns a redeployed guest to its snapshot when the new config fails its health check', async () => {
		const lab = simLab();
		const service = findService(defaultCatalog(), 'postgresql')!;
		expect((await run(lab, await planDeploy(lab.env, service))).result).toBe('ok');
		// The catalog now puts postgresql on an address nothing answers on (a bad change).
		const moved = {...service, ip: '10.0.30.99/24', healthTimeoutSec: 5};
		simGuest(lab, 200).services = [];
		const job = await planDeploy(lab.env, moved);
		expect(job.plan.steps.map((s) => s.name)).toEqual([
			'preflight',
			'clone',
			'snapshot',
			'configure',
			'start',
			'wait-running',
			'post-deploy',
			'health',
		]);
		const result = await run(lab, job);
		expect(result.result).toBe('failed');
		expect(result.failure?.step).toBe('health');
		expect(result.rolledBack).toEqual([
			expect.stringMatching(/^guest 200 rolled back to pd_deploy_\d{14} and running again$/),
		]);
		expect(simGuest(lab, 200).nics[0]?.ip).toBe('10.0.30.10/24');
		expect(lab.transport.sim.state.guests.some((g) => g.vmid === 200)).toBe(true);
	});
});
