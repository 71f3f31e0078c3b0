/**
 * The safety net's state with every remote text hostile (snapshot descriptions, backup notes,
 * job comments, task types, users and statuses, error lines and log lines), for the test
 * that draws the safety views and looks for anything raw reaching the terminal.
 */
import type {SafetyData, TaskEntry} from '../../source/model/safety.js';
import type {Snapshot} from '../../source/model/snapshot.js';
import {auditBackups} from '../../source/ops/backup-audit.js';
import type {SafetyState} from '../../source/store/safety-state.js';

export const HOSTILE_UPID = 'UPID:pve:00003E31:03A2CB9D:6B138C40:vzdump::root@pam:';

/** `payloads` (hostile strings) appended to every free text of one guest's safety data. */
export function hostileSafety(snapshot: Snapshot, vmid: number, payloads: readonly string[]): SafetyState {
	const p = (i: number): string => payloads[i % payloads.length]!;
	const now = Date.now();
	const sec = Math.floor(now / 1000);
	const task: TaskEntry = {
		upid: HOSTILE_UPID,
		node: `pve${p(0)}`,
		pid: 1,
		pstart: 1,
		starttime: sec - 600,
		type: `vzdump${p(1)}`,
		id: String(vmid),
		user: `root@pam${p(2)}`,
		endtime: sec - 60,
		status: `job errors${p(3)}`,
		state: 'error',
	};
	const data: SafetyData = {
		takenAt: now,
		jobs: [
			{
				id: `backup-${p(4)}`,
				enabled: true,
				schedule: 'daily 02:00',
				storage: 'nas',
				node: null,
				mode: 'snapshot',
				all: true,
				vmids: [],
				exclude: [],
				pool: null,
				nextRun: null,
				comment: `nightly${p(5)}`,
			},
		],
		backups: [
			{
				volid: `nas:backup/vzdump-lxc-${vmid}-2026_11_22-02_00_03.tar.zst`,
				storage: 'nas',
				node: 'pve',
				vmid,
				subtype: 'lxc',
				format: 'tar.zst',
				size: 1_000_000_000,
				ctime: sec - 3600,
				notes: `notes ${p(6)}`,
				protected: false,
				verification: {state: `failed${p(7)}`},
			},
		],
		storagesRead: ['nas'],
		backupTasks: [task],
		failedRuns: {[HOSTILE_UPID]: [{vmid, ok: false, error: `Backup of VM ${vmid} failed - ${p(8)}`, storage: 'nas'}]},
		utcOffsetMinutes: 0,
		errors: [{section: 'backups-1', command: 'pvesh get', message: `offline${p(9)}`, exitCode: 1}],
	};
	return {
		audit: {status: 'ok', data, report: auditBackups(snapshot, data, now, {skipTags: []}), error: null, at: now},
		snapshots: {
			[vmid]: {
				status: 'ok',
				error: null,
				list: [
					{name: 'pre', description: `before${p(10)}`, snaptime: sec - 86_400, vmstate: true, current: false},
					{
						name: 'current',
						description: `You are here${p(11)}`,
						snaptime: null,
						parent: 'pre',
						current: true,
						running: true,
					},
				],
			},
		},
		tasks: {
			status: 'ok',
			list: [task],
			errorLines: {[HOSTILE_UPID]: `ERROR: Backup of VM ${vmid} failed - ${p(12)}`},
			error: null,
			runningOnly: false,
		},
		taskLog: {
			ref: {upid: HOSTILE_UPID, node: 'pve'},
			lines: [`INFO: starting${p(13)}`, `ERROR: ${p(14)}`, 'TASK ERROR: job errors'],
			read: 3,
			dropped: 0,
			state: 'error',
			error: null,
		},
	};
}
