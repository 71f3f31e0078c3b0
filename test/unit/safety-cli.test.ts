/**
 * The safety net from the command line, in process against the simulated homelab: snapshot
 * list|create|rollback|delete, backup list|create|restore|protect, tasks, task log --follow,
 * and the backup audit in health (table, --json and Prometheus).
 */
import {describe, expect, it} from 'vitest';
import {cli} from './ops-cli-run.js';
import {parseExposition} from './ops-prometheus-parser.js';
import {simLab} from './ops-sim.js';

describe('proxdeck snapshot', () => {
	it('lists the tree as a table and as JSON', async () => {
		const lab = simLab();
		const table = await cli(lab, ['snapshot', 'list', '300']);
		expect(table.code).toBe(0);
		expect(table.out.split('\n').map((l) => l.replace(/\d{4}-\d\d-\d\d \d\d:\d\d/, 'TIME').trimEnd())).toEqual([
			'NAME                     TIME              RAM  DESCRIPTION',
			'`-> pre-25-1-upgrade     TIME  yes  before OPNsense 25.1',
			' `-> vlan-lab            TIME  no   VLAN trunk experiment (abandoned)',
			' `-> pre-25-7-upgrade    TIME  no   before 25.7; config export in /conf/backup',
			'  `-> current (running)                         you are here',
			'',
		]);
		const json = JSON.parse((await cli(lab, ['snapshot', 'list', '111', '--json'])).out) as {
			snapshots: {name: string; depth: number; parent?: string}[];
		};
		expect(json.snapshots.map((s) => [s.name, s.depth, s.parent ?? null])).toEqual([
			['before-compose-v2', 0, null],
			['pd_compose_update', 1, 'before-compose-v2'],
			['current', 2, 'pd_compose_update'],
		]);
	});

	it('takes, rolls back to and deletes a snapshot, printing the task and its log', async () => {
		const lab = simLab();
		const made = await cli(lab, ['snapshot', 'create', '104', 'before-upgrade', '--description', 'try 1.33', '--yes']);
		expect(made.code).toBe(0);
		expect(made.out).toMatch(
			/^\[create 104\] task UPID:pve:\S+:vzsnapshot:104:root@pam:\n\[create 104\] {3}\| TASK OK\n\[create 104\] ok {3}snapshot /,
		);
		const back = await cli(lab, ['snapshot', 'rollback', '104', 'before-upgrade', '--yes']);
		expect(back.code).toBe(0);
		expect(back.out).toContain('vaultwarden (104) is back at snapshot before-upgrade and running');
		expect((await cli(lab, ['snapshot', 'delete', '104', 'before-upgrade', '--yes'])).code).toBe(0);
		expect(lab.transport.sim.state.guests.find((g) => g.vmid === 104)?.snapshots.map((s) => s.name)).toEqual([
			'before-1-32',
		]);
	});

	it('refuses a name Proxmox would refuse, and rollback without a terminal or --yes', async () => {
		const lab = simLab();
		const bad = await cli(lab, ['snapshot', 'create', '104', 'a b']);
		expect(bad.code).toBe(2);
		expect(bad.err).toBe(
			'proxdeck: invalid snapshot name "a b": expected a letter then letters, digits, - or _ (2 to 40 characters)\n',
		);
		const ask = await cli(lab, ['snapshot', 'rollback', '104', 'before-1-32']);
		expect(ask.code).toBe(2);
		expect(ask.err).toContain('changes the host and stdin is not a terminal');
		expect((await cli(lab, ['snapshot', 'list'])).code).toBe(2);
		expect((await cli(lab, ['snapshot', 'rollback', '104', 'x', '--start', '--no-start'])).err).toContain(
			'contradict each other',
		);
	});
});

describe('proxdeck backup', () => {
	it("lists a guest's backups on every storage, with verification on the backup server", async () => {
		const lab = simLab();
		const list = await cli(lab, ['backup', 'list', '105']);
		expect(list.code).toBe(0);
		const rows = list.out.trim().split('\n');
		expect(rows[0]).toMatch(/^VMID\s+NAME\s+TIME\s+STORAGE\s+SIZE\s+PROTECTED\s+VERIFIED\s+NOTES\s+VOLID$/);
		expect(
			rows.slice(1).every((r) => /^105\s+immich\s+.*\s+pbs\s+.*never\s+immich\s+pbs:backup\/ct\/105\//.test(r)),
		).toBe(true);
		const json = JSON.parse((await cli(lab, ['backup', 'list', '--json'])).out) as {
			storagesRead: string[];
			backups: {storage: string}[];
		};
		expect(json.storagesRead).toEqual(['local', 'nas-backup', 'pbs', 'usb-backup']);
		expect(new Set(json.backups.map((b) => b.storage))).toEqual(new Set(['nas-backup', 'pbs', 'usb-backup']));
	});

	it("backs up to the guest's job storage by default, then protects and restores the archive over the stopped guest", async () => {
		const lab = simLab();
		const plan = await cli(lab, ['backup', 'create', '110', '--dry-run']);
		expect(plan.out).toContain(
			'$ setsid -f pvesh create /nodes/pve/vzdump --vmid 110 --storage nas-backup --mode snapshot --compress zstd </dev/null >/dev/null 2>&1',
		);
		const made = await cli(lab, ['backup', 'create', '110', '--mode', 'stop', '--notes', 'pre upgrade', '--yes']);
		expect(made.code).toBe(0);
		const volid = /backed up: (\S+)/.exec(made.out)![1]!;
		expect((await cli(lab, ['backup', 'protect', volid, '--yes'])).code).toBe(0);
		expect(lab.transport.sim.state.backups!.find((b) => b.volid === volid)?.protected).toBe(true);
		// Over the guest: refused while it runs, then the VMID must be typed.
		const refused = await cli(lab, ['backup', 'restore', volid, '--confirm', '110', '--yes']);
		expect(refused.code).toBe(1);
		expect(refused.out).toContain('guest 110 (grafana) is running: restoring over it is refused');
		expect((await cli(lab, ['stop', '110', '--yes'])).code).toBe(0);
		expect((await cli(lab, ['backup', 'restore', volid, '--yes'])).err).toContain(
			'needs the VMID typed: add --confirm 110 --yes',
		);
		const over = await cli(lab, ['backup', 'restore', volid, '--confirm', '110', '--yes']);
		expect(over.code).toBe(0);
		expect(over.out).toContain(`${volid} restored as grafana (110) (stopped)`);
	});

	it('refuses a volume id that is not a backup, and a mode vzdump does not have', async () => {
		const lab = simLab();
		expect((await cli(lab, ['backup', 'restore', 'local:iso/debian.iso'])).err).toContain(
			'invalid backup "local:iso/debian.iso"',
		);
		expect((await cli(lab, ['backup', 'create', '110', '--mode', 'fast'])).err).toBe(
			'proxdeck: invalid backup mode "fast": expected snapshot, suspend, stop\n',
		);
	});
});

describe('proxdeck tasks and task log', () => {
	it("lists recent tasks with a failed backup job's error line, and follows a running task to its end", async () => {
		const lab = simLab();
		const tasks = JSON.parse((await cli(lab, ['tasks', '--json'])).out) as {
			tasks: {type: string; status: string; errorLine?: string; upid: string}[];
		};
		const failed = tasks.tasks.find((t) => t.status === 'job errors');
		expect(failed?.errorLine).toMatch(
			/^Backup of VM 107 failed - command 'set -o pipefail && lxc-usernsexec -m u:0 …' failed: exit code 70; the log says: zstd: error 70 : Write error : cannot write block : No space left on device$/,
		);
		const table = await cli(lab, ['tasks', '--limit', '3']);
		expect(table.out.split('\n')[0]).toMatch(/^STARTED\s+TIME\s+NODE\s+TYPE\s+GUEST\s+USER\s+STATUS\s+UPID$/);

		// A backup started and left running (as a job cut off by a dropped link leaves it).
		await lab.transport.exec(
			'setsid -f pvesh create /nodes/pve/vzdump --vmid 109 --storage nas-backup --mode snapshot </dev/null >/dev/null 2>&1',
		);
		const running = JSON.parse((await cli(lab, ['tasks', '--running', '--json'])).out) as {tasks: {upid: string}[]};
		expect(running.tasks).toHaveLength(1);
		const followed = await cli(lab, ['task', 'log', running.tasks[0]!.upid, '--follow']);
		expect(followed.code).toBe(0);
		expect(followed.out.split('\n').slice(-3)).toEqual(['INFO: Backup job finished successfully', 'TASK OK', '']);
		const whole = await cli(lab, ['task', 'log', failed!.upid]);
		expect(whole.code).toBe(1);
		expect(whole.out.trim().split('\n').at(-1)).toBe('TASK ERROR: job errors');
		expect((await cli(lab, ['task', 'log', 'UPID:nope'])).err).toContain('invalid task id "UPID:nope"');
	});
});

describe('the backup audit in health', () => {
	it('names the uncovered guests, the failing job and the unverified backups, in the table, JSON and Prometheus', async () => {
		const lab = simLab();
		const table = await cli(lab, ['health']);
		expect(table.code).toBe(3);
		const failing = (text: string, check: string): string[] =>
			[...text.matchAll(new RegExp(`^FAIL\\s+guest:(\\d+)\\s+${check}\\s`, 'gm'))].map((m) => m[1]!);
		// The homelab leaves rustdeskserver, prowlarr, overseerr and autobrr in no job (flaresolverr is tagged nobackup).
		expect(failing(table.out, 'backup:job')).toEqual(['103', '108', '114', '118']);
		expect(failing(table.out, 'backup:last-run')).toEqual(['107', '113', '120', '121']);
		expect(table.out).toMatch(/^WARN\s+guest:117\s+backup:job\s+immich_backup is stopped and only in disabled job/m);
		expect(table.out).toMatch(/^WARN\s+guest:105\s+backup:verify\s+none of its 10 backups on pbs was ever verified/m);
		const json = JSON.parse((await cli(lab, ['health', '--json'])).out) as {
			results: {target: string; check: string; state: string}[];
		};
		expect(json.results.filter((r) => r.check === 'backup:job' && r.state === 'fail').map((r) => r.target)).toEqual([
			'guest:103',
			'guest:108',
			'guest:114',
			'guest:118',
		]);
		const metrics = parseExposition((await cli(lab, ['health', '--prometheus'])).out);
		expect(metrics.errors).toEqual([]);
		expect(
			metrics.samples.find((m) => m.labels['target'] === 'guest:107' && m.labels['check'] === 'backup:last-run')?.value,
		).toBe(2);
	});
});
