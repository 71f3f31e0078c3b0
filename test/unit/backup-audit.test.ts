/**
 * The backup coverage audit's verdicts on a crafted two-node cluster: guests in no job (a
 * running one fails, a stopped one warns, a tagged one is left out on purpose), jobs that
 * cover by list, by `all` minus `exclude`, by pool and only on their node, backups older than
 * the schedule allows, a last run that failed (and one a later backup made good), and
 * backups on a backup server never verified or failing verification.
 */
import {describe, expect, it} from 'vitest';
import type {BackupJob, BackupVolume, SafetyData, TaskEntry} from '../../source/model/safety.js';
import {auditBackups, jobsFor} from '../../source/ops/backup-audit.js';
import {guest, snapshot} from './ops-snapshot-fixture.js';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const S = (iso: string): number => Date.parse(iso) / 1000;

function job(partial: Partial<BackupJob> & {id: string}): BackupJob {
	return {
		enabled: true,
		schedule: '02:00',
		storage: 'nas',
		node: null,
		mode: 'snapshot',
		all: false,
		vmids: [],
		exclude: [],
		pool: null,
		nextRun: null,
		...partial,
	};
}

function backup(vmid: number, iso: string, storage = 'nas', extra: Partial<BackupVolume> = {}): BackupVolume {
	return {
		volid: `${storage}:backup/vzdump-lxc-${vmid}-${iso}.tar.zst`,
		storage,
		node: 'pve1',
		vmid,
		subtype: 'lxc',
		format: 'tar.zst',
		size: 1,
		ctime: S(iso),
		protected: false,
		...extra,
	};
}

function task(upid: string, iso: string, status: string): TaskEntry {
	return {
		upid,
		node: 'pve1',
		pid: 1,
		pstart: 1,
		starttime: S(iso),
		type: 'vzdump',
		id: '',
		user: 'root@pam',
		endtime: S(iso) + 60,
		status,
		state: status === 'OK' ? 'ok' : 'error',
	};
}

const cluster = snapshot({
	nodes: [
		{name: 'pve1', state: 'online', online: true, local: true, cpu: 0, maxcpu: 8, mem: 1, maxmem: 2, uptime: 1},
		{name: 'pve2', state: 'online', online: true, local: false, cpu: 0, maxcpu: 8, mem: 1, maxmem: 2, uptime: 1},
	],
	guests: [
		guest({vmid: 100, name: 'web', node: 'pve1'}),
		guest({vmid: 101, name: 'forgotten', node: 'pve1'}),
		guest({vmid: 102, name: 'spare', node: 'pve1', status: 'stopped'}),
		guest({vmid: 103, name: 'cache', node: 'pve1', tags: ['NoBackup']}),
		guest({vmid: 104, name: 'elsewhere', node: 'pve2'}),
		guest({vmid: 105, name: 'stale', node: 'pve1'}),
		guest({vmid: 106, name: 'pooled', node: 'pve2', pool: 'prod'}),
		guest({vmid: 107, name: 'media', node: 'pve1'}),
		guest({vmid: 108, name: 'fixed', node: 'pve1'}),
		guest({vmid: 109, name: 'unverified', node: 'pve1'}),
		guest({vmid: 110, name: 'corrupt', node: 'pve1'}),
		guest({vmid: 111, name: 'excluded', node: 'pve2'}),
		guest({vmid: 900, name: 'tpl', node: 'pve1', template: true}),
	],
	storages: [
		{
			storage: 'nas',
			node: 'pve1',
			type: 'nfs',
			content: ['backup'],
			status: 'available',
			shared: true,
			used: 1,
			total: 100,
		},
		{
			storage: 'usb',
			node: 'pve1',
			type: 'dir',
			content: ['backup'],
			status: 'available',
			shared: false,
			used: 99,
			total: 100,
		},
		{
			storage: 'pbs',
			node: 'pve1',
			type: 'pbs',
			content: ['backup'],
			status: 'available',
			shared: true,
			used: 1,
			total: 100,
		},
	],
});

const data: SafetyData = {
	takenAt: NOW,
	jobs: [
		job({id: 'nightly', vmids: [100, 105, 108, 109, 110], comment: 'to the NAS'}),
		job({id: 'pinned', vmids: [104], node: 'pve1'}),
		job({id: 'by-pool', pool: 'prod', schedule: 'sat 04:00'}),
		job({id: 'media', vmids: [107], storage: 'usb', schedule: 'sat 04:00'}),
		job({id: 'everything', all: true, exclude: [111], enabled: false}),
		job({id: 'pbs', vmids: [109, 110], storage: 'pbs', schedule: 'mon..sat 03:30'}),
	],
	backups: [
		backup(100, '2026-11-23T02:05:00Z'),
		backup(105, '2026-11-20T02:05:00Z'),
		backup(106, '2026-11-21T04:10:00Z'),
		backup(107, '2026-11-14T04:05:00Z', 'usb'),
		backup(108, '2026-11-23T02:05:00Z'),
		backup(109, '2026-11-23T02:05:00Z'),
		backup(110, '2026-11-23T02:05:00Z'),
		backup(109, '2026-11-23T03:31:00Z', 'pbs'),
		backup(109, '2026-11-21T03:31:00Z', 'pbs'),
		backup(110, '2026-11-23T03:31:00Z', 'pbs', {verification: {state: 'failed'}}),
		backup(110, '2026-11-21T03:31:00Z', 'pbs', {verification: {state: 'ok'}}),
	],
	storagesRead: ['nas', 'usb', 'pbs'],
	backupTasks: [
		task('UPID:pve1:00000002:00000001:6B1CAD50:vzdump::root@pam:', '2026-11-23T02:00:00Z', 'job errors'),
		task('UPID:pve1:00000001:00000001:6B10D460:vzdump::root@pam:', '2026-11-21T04:00:00Z', 'job errors'),
	],
	failedRuns: {
		'UPID:pve1:00000001:00000001:6B10D460:vzdump::root@pam:': [
			{
				vmid: 107,
				ok: false,
				storage: 'usb',
				error: 'Backup of VM 107 failed - vma_queue_write: write error - No space left on device',
			},
		],
		'UPID:pve1:00000002:00000001:6B1CAD50:vzdump::root@pam:': [
			{vmid: 108, ok: false, storage: 'nas', error: 'Backup of VM 108 failed - CT is locked (snapshot)'},
		],
	},
	utcOffsetMinutes: 0,
	errors: [],
};

/** The non-passing verdicts as `vmid check state`. */
function verdicts(report: ReturnType<typeof auditBackups>): string[] {
	return report.results.filter((r) => r.state !== 'pass').map((r) => `${r.target} ${r.check} ${r.state}`);
}

describe('the backup coverage audit', () => {
	const report = auditBackups(cluster, data, NOW, {skipTags: ['nobackup']});

	it('names exactly the guests that are not covered, and how bad each is', () => {
		expect(verdicts(report)).toEqual([
			'guest:101 backup:job fail',
			'guest:102 backup:job warn',
			'guest:104 backup:job fail',
			'guest:105 backup:age warn',
			'guest:107 backup:age warn',
			'guest:107 backup:last-run fail',
			'guest:109 backup:verify warn',
			'guest:110 backup:verify fail',
			'guest:111 backup:job fail',
		]);
	});

	it('says why, in words an operator can act on', () => {
		const detail = (vmid: number, check: string): string =>
			report.results.find((r) => r.target === `guest:${vmid}` && r.check === check)?.detail ?? '';
		expect(detail(101, 'backup:job')).toBe('forgotten runs and is only in disabled job everything');
		expect(detail(102, 'backup:job')).toBe('spare is stopped and only in disabled job everything');
		expect(detail(103, 'backup:job')).toBe(
			'cache is only in disabled job everything; tagged NoBackup: left out on purpose',
		);
		expect(detail(111, 'backup:job')).toBe('excluded runs and is in no enabled backup job');
		expect(detail(105, 'backup:age')).toBe(
			'last good backup on nas is 3d09h old; nightly (to the NAS) (02:00) should have made one at 2026-11-23 02:00 UTC',
		);
		expect(detail(107, 'backup:last-run')).toBe(
			'the last backup run (2026-11-21 04:00 UTC) failed with usb 99% full (1B free): Backup of VM 107 failed - vma_queue_write: write error - No space left on device',
		);
		expect(report.results.find((r) => r.check === 'backup:last-run')?.hint).toBe(
			'read the whole log: proxdeck task log UPID:pve1:00000001:00000001:6B10D460:vzdump::root@pam:',
		);
		expect(detail(109, 'backup:verify')).toBe('none of its 2 backups on pbs was ever verified');
		expect(detail(110, 'backup:verify')).toBe(
			'the last verification of pbs:backup/vzdump-lxc-110-2026-11-23T03:31:00Z.tar.zst says failed',
		);
	});

	it("covers by list, all minus exclude, pool, and only on the job's node", () => {
		const jobs = data.jobs!;
		const find = (vmid: number) => cluster.guests.find((g) => g.vmid === vmid)!;
		expect(jobsFor(find(106), jobs).map((j) => j.id)).toEqual(['by-pool', 'everything']);
		// Pinned to pve1, the job leaves out a guest on pve2; only the disabled 'everything' still names it.
		expect(jobsFor(find(104), jobs).map((j) => j.id)).toEqual(['everything']);
		expect(jobsFor(find(111), jobs)).toEqual([]);
		expect(jobsFor(find(101), jobs).map((j) => j.id)).toEqual(['everything']);
	});

	it('forgets a failed run once a later backup succeeded, and waits out a run still in its window', () => {
		expect(report.results.some((r) => r.target === 'guest:108' && r.check === 'backup:last-run')).toBe(false);
		// At 03:00 the 02:00 run may still be going: yesterday's backup is not late yet.
		const early = auditBackups(
			cluster,
			{...data, backups: [backup(100, '2026-11-22T02:05:00Z')]},
			Date.parse('2026-11-23T03:00:00Z'),
			{skipTags: []},
		);
		expect(early.results.find((r) => r.target === 'guest:100' && r.check === 'backup:age')?.state).toBe('pass');
		const late = auditBackups(
			cluster,
			{...data, backups: [backup(100, '2026-11-22T02:05:00Z')]},
			Date.parse('2026-11-23T09:00:00Z'),
			{skipTags: []},
		);
		expect(late.results.find((r) => r.target === 'guest:100' && r.check === 'backup:age')?.state).toBe('warn');
	});

	it("reads the schedule in the host's time zone", () => {
		// 02:00 in UTC+3 is 23:00 UTC the day before: a backup at 23:05 UTC is on time.
		const east = auditBackups(
			cluster,
			{...data, utcOffsetMinutes: 180, backups: [backup(100, '2026-11-22T23:05:00Z')]},
			NOW,
			{skipTags: []},
		);
		expect(east.results.find((r) => r.target === 'guest:100' && r.check === 'backup:age')?.state).toBe('pass');
	});

	it('gives the guests pane a label and a state per guest, templates left out', () => {
		expect(report.coverage[100]).toEqual({vmid: 100, state: 'pass', label: '10h'});
		expect(report.coverage[101]).toEqual({vmid: 101, state: 'fail', label: 'none'});
		expect(report.coverage[103]).toEqual({vmid: 103, state: 'pass', label: 'skip'});
		expect(report.coverage[107]).toEqual({vmid: 107, state: 'fail', label: 'fail'});
		expect(report.coverage[900]).toBeUndefined();
	});

	it('says it cannot judge coverage when the jobs could not be read, and still judges the rest', () => {
		const blind = auditBackups(
			cluster,
			{
				...data,
				jobs: null,
				errors: [{section: 'backup-jobs', command: 'pvesh get /cluster/backup', message: 'permission denied'}],
			},
			NOW,
			{skipTags: []},
		);
		expect(blind.results.filter((r) => r.check === 'backup:job')).toEqual([]);
		expect(blind.results.find((r) => r.target === 'host')).toMatchObject({check: 'backup:jobs', state: 'warn'});
		expect(blind.results.some((r) => r.target === 'guest:107' && r.check === 'backup:last-run')).toBe(true);
		expect(blind.coverage[101]?.label).toBe('?');
	});
});
