/**
 * Following a Proxmox task's log: a task that ends between a read of its log and a read of its
 * status still shows its last lines (`TASK OK` included), because its log is complete once it
 * has stopped; a task that stopped without a last line (killed) ends with its exit status.
 */
import {describe, expect, it} from 'vitest';
import type {StepContext} from '../../source/ops/job.js';
import {followTask} from '../../source/ops/task-run.js';

const UPID = 'UPID:pve:0000A1B2:0001C3D4:6741A2B0:vzdump:210:root@pam:';

/** A task whose log grows to `lines` and which ends when its status is read the `endsAt`-th time. */
function fakeTask(lines: readonly string[], options: {runningLines: number; endsAt: number; lastLines: boolean}) {
	let statusReads = 0;
	let ended = false;
	const shown: string[] = [];
	const visible = () => (ended && options.lastLines ? lines : lines.slice(0, options.runningLines));
	const ctx: StepContext = {
		env: {} as StepContext['env'],
		run: (command) => {
			const text = JSON.stringify(command);
			if (text.includes('/status')) {
				statusReads++;
				if (statusReads >= options.endsAt) ended = true;
				const status = ended
					? {status: 'stopped', exitstatus: options.lastLines ? 'OK' : 'unexpected status', upid: UPID}
					: {status: 'running', upid: UPID};
				return Promise.resolve({stdout: JSON.stringify(status), stderr: '', code: 0});
			}
			const start = Number(/"--start","(\d+)"/.exec(text)?.[1] ?? '0');
			const log = visible()
				.map((t, i) => ({n: i + 1, t}))
				.filter((l) => l.n > start);
			return Promise.resolve({stdout: JSON.stringify(log), stderr: '', code: 0});
		},
		progress: () => {},
		task: () => {},
		taskLog: (fresh) => shown.push(...fresh),
		now: () => 0,
		sleep: () => Promise.resolve(),
	};
	return {ctx, shown};
}

const LOG = [
	'INFO: starting new backup job: vzdump 210 --storage nas-backup',
	'INFO: Starting Backup of VM 210 (lxc)',
	"INFO: creating vzdump archive '/mnt/pve/nas-backup/dump/vzdump-lxc-210.tar.zst'",
	'INFO: Backup job finished successfully',
	'TASK OK',
];

describe('following a task', () => {
	it('a task that ends between a log read and a status read keeps its last lines', async () => {
		const {ctx, shown} = fakeTask(LOG, {runningLines: 3, endsAt: 1, lastLines: true});
		const outcome = await followTask(ctx, {upid: UPID, node: 'pve'}, 60_000);
		expect(outcome.state).toBe('ok');
		expect(outcome.lines.slice(-2)).toEqual(['INFO: Backup job finished successfully', 'TASK OK']);
		expect(shown).toEqual(LOG);
	});

	it('a task stopped without a last line ends with its exit status', async () => {
		const {ctx} = fakeTask(LOG, {runningLines: 3, endsAt: 1, lastLines: false});
		const outcome = await followTask(ctx, {upid: UPID, node: 'pve'}, 60_000);
		expect(outcome.status).toBe('unexpected status');
		expect(outcome.state).not.toBe('ok');
		expect(outcome.lines).toEqual(LOG.slice(0, 3));
	});
});
