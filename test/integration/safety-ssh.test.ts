/**
 * The safety net end to end through the real ssh transport and a real sshd whose sessions run
 * the simulated homelab (test/host): snapshot, break the guest, roll back, healthy again;
 * back up, restore to a new VMID, healthy; and a link that drops while a backup task runs: the
 * task goes on on the host (detached with the real `setsid -f`), the journal keeps its UPID,
 * and `task log <UPID> --follow` picks it up after the reconnect.
 */
import {describe, expect, it} from 'vitest';
import type {JobEvent} from '../../source/ops/job.js';
import {requireE2E} from '../host/gate.js';
import {subcommandOn} from '../host/cli.js';
import {journaledTestHost} from '../host/journaled.js';

const gate = requireE2E('safety-ssh');

describe.skipIf(gate.skip)('snapshots, backups and tasks through the sshd test host', () => {
	const lab = journaledTestHost(gate, 'safety-ssh');

	async function cli(
		argv: string[],
		listen?: (event: JobEvent) => void,
	): Promise<{code: number; out: string; err: string}> {
		const run = await subcommandOn(lab.ssh, argv, {
			journal: lab.journal,
			onOutput: (text, stream) => {
				// The progress printer's task line: what a test can act on mid-run.
				const upid = stream === 'stdout' ? /\] task (UPID:\S+)/.exec(text)?.[1] : undefined;
				if (upid && listen)
					listen({
						jobId: '',
						action: '',
						target: '',
						step: '',
						state: 'running',
						elapsedMs: 0,
						task: {upid, node: 'pve'},
					});
			},
		});
		return {code: run.code, out: run.stdout, err: run.stderr};
	}

	const probe = (out: string): string =>
		/^(PASS|FAIL)\s+service:postgresql\s+probe:pg_isready\s.*$/m.exec(out)?.[0] ?? 'no probe line';

	it('snapshot → break the guest → rollback → healthy', async () => {
		expect((await cli(['deploy', 'postgresql', '--yes'])).code).toBe(0);
		const snap = await cli([
			'snapshot',
			'create',
			'200',
			'known-good',
			'--description',
			'deployed and healthy',
			'--yes',
		]);
		expect(snap.err).toBe('');
		expect(snap.out).toMatch(
			/\[create 200\] task UPID:pve:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:vzsnapshot:200:root@pam:/,
		);
		// On local-lvm (thin) the task log has LVM's own line.
		expect(snap.out).toContain('|   Logical volume "snap_vm-200-disk-0_known-good" created.');
		const list = JSON.parse((await cli(['snapshot', 'list', '200', '--json'])).out) as {
			snapshots: {name: string; current: boolean}[];
		};
		expect(list.snapshots.map((s) => s.name)).toEqual(['known-good', 'current']);

		// Break it: the database stops inside the guest.
		expect((await lab.ssh.exec('pct exec 200 -- systemctl stop postgresql')).code).toBe(0);
		expect(probe((await cli(['health', 'postgresql'])).out)).toMatch(/^FAIL/);

		const back = await cli(['snapshot', 'rollback', '200', 'known-good', '--yes']);
		expect(back.code).toBe(0);
		expect(back.out).toContain('postgresql-db (200) is back at snapshot known-good and running');
		// The services answer a few seconds after the boot.
		for (let i = 0; i < 40 && (await lab.ssh.exec('pct exec 200 -- pg_isready')).code !== 0; i++)
			await new Promise((r) => setTimeout(r, 500));
		expect(probe((await cli(['health', 'postgresql'])).out)).toMatch(/^PASS/);
	}, 180_000);

	it('back up → restore to a new VMID → healthy', async () => {
		const made = await cli(['backup', 'create', '200', '--storage', 'nas-backup', '--yes']);
		expect(made.code).toBe(0);
		const volid = /backed up: (\S+)/.exec(made.out)?.[1] ?? '';
		expect(volid).toMatch(/^nas-backup:backup\/vzdump-lxc-200-\d{4}_\d\d_\d\d-\d\d_\d\d_\d\d\.tar\.zst$/);
		const list = await cli(['backup', 'list', '200']);
		expect(list.out).toContain(volid);
		// 200 keeps its static address while it runs: the copy may start only once 200 is stopped.
		expect((await cli(['backup', 'restore', volid, '--vmid', '210', '--start', '--yes'])).out).toContain(
			'starting both makes an address conflict',
		);
		expect((await cli(['stop', '200', '--yes'])).code).toBe(0);
		const restored = await cli([
			'backup',
			'restore',
			volid,
			'--vmid',
			'210',
			'--storage',
			'local-lvm',
			'--start',
			'--yes',
		]);
		expect(restored.code).toBe(0);
		expect(restored.out).toContain(`${volid} restored as new guest 210, running`);
		expect(restored.out).toMatch(/\|\s+recovering backed-up configuration from 'nas-backup:backup\//);
		const health = await cli(['health', '210']);
		expect(health.out).toMatch(/^PASS\s+guest:210\s+running\s+postgresql-db is running$/m);
	}, 180_000);

	it('a link that drops during a backup leaves the task running and its UPID journaled; it is followed after the reconnect', async () => {
		let upid = '';
		let dropped: Promise<void> | null = null;
		const run = await cli(['backup', 'create', '210', '--storage', 'nas-backup', '--yes'], (event) => {
			upid = event.task!.upid;
			// sshd goes away while the task runs, and comes back a moment later.
			dropped ??= lab.host.restart();
		});
		await dropped;
		expect(run.code).toBe(1);
		expect(upid).toMatch(/:vzdump:210:root@pam:$/);
		expect(run.out).toContain(`the task goes on on pve: follow it with \`proxdeck task log ${upid} --follow\``);
		const entry = (await lab.journal.read()).at(-1);
		expect(entry).toMatchObject({action: 'backup', result: 'failed', tasks: [{step: 'backup', upid, node: 'pve'}]});
		const followed = await cli(['task', 'log', upid, '--follow']);
		expect(followed.code).toBe(0);
		expect(followed.out.trim().split('\n').slice(-2)).toEqual(['INFO: Backup job finished successfully', 'TASK OK']);
	}, 180_000);
});
