/**
 * Tasks: UPIDs, the task lists, one task's status and log, the task index, and what a task log
 * says. The list, status and log fixtures are the only real samples found: API answers printed
 * by Python (proxmoxer), so `repr`, not the JSON pvesh prints. Their strings hold no quote of
 * either kind and no True/False/None, so swapping ' for " gives exactly the JSON of the same
 * answer (keys in another order, which JSON does not care about): that is the one change made
 * before parsing them. No sample of `pvesh get /cluster/tasks` exists at all; its entries are
 * the node list's (pve-cluster get_tasklist returns each node's broadcast task list, whose
 * items pve-manager PVE/API2/Tasks.pm describes), written here from that schema.
 */
import {describe, expect, it} from 'vitest';
import {
	parseTaskIndex,
	parseTaskList,
	parseTaskLog,
	parseTaskStatus,
	parseUpid,
	taskErrorLine,
	taskLogEnd,
	taskStateOf,
	vzdumpOutcomes,
} from '../../source/host/parse/tasks.js';
import {listFixtures, readFixture} from '../helpers/fixtures.js';

const pythonRepr = (text: string): string => {
	// The one transformation: Python's single-quoted strings become JSON's double-quoted ones.
	expect(text).not.toMatch(/"|\bTrue\b|\bFalse\b|\bNone\b/);
	return text.replaceAll("'", '"');
};
const lines = (file: string): string[] => readFixture(`task-log/${file}`).split('\n');

describe('UPID', () => {
	it('reads every field of a real UPID (pve-common PVE::UPID::decode)', () => {
		expect(parseUpid('UPID:purple-server:0022310C:142DB8D8:6A5E85CE:vzstart:107:root@pam:')).toEqual({
			upid: 'UPID:purple-server:0022310C:142DB8D8:6A5E85CE:vzstart:107:root@pam:',
			node: 'purple-server',
			pid: 0x22310c,
			pstart: 0x142db8d8,
			starttime: 0x6a5e85ce,
			type: 'vzstart',
			id: '107',
			user: 'root@pam',
		});
		expect(parseUpid('UPID:mini-pve-0:000CFC5C:03E8D0C3:6194806C:aptupdate::root@pam:')?.id).toBe('');
	});

	it('refuses what is not one', () => {
		for (const bad of [
			'',
			'UPID:',
			'UPID:pve:1:2:3:vzdump:100:root@pam:',
			'UPID:pve:0022310C:142DB8D8:6A5E85CE:vzstart:107:root@pam',
			'upid:pve:0022310C:142DB8D8:6A5E85CE:x::root@pam:',
		])
			expect(parseUpid(bad)).toBeNull();
	});
});

describe('task lists', () => {
	it('reads the node task list fixture: a running vzdump without an end time, two finished tasks', () => {
		const result = parseTaskList(
			pythonRepr(
				readFixture(
					'pvesh-nodes-tasks/pyrepr-limit3-running-vzdump-no-endtime-aptupdate-vncshell-pve7-proxmoxer-docs.txt',
				),
			),
		);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.value.map((t) => [t.type, t.id, t.state, t.status, t.endtime])).toEqual([
			['vzdump', '103', 'running', 'RUNNING', null],
			['aptupdate', '', 'ok', 'OK', 1637122161],
			['vncshell', '', 'ok', 'OK', 1637121960],
		]);
		expect(result.value[0]).toMatchObject({node: 'mini-pve-0', user: 'root@pam', starttime: 1637122234, pid: 851962});
	});

	it('reads /cluster/tasks entries written from the API schema: a failed job, warnings, an error text as status', () => {
		// Shape: PVE/API2/Cluster.pm `tasks` returns get_tasklist()'s items, the same fields as a node's list.
		const list = JSON.stringify([
			{
				upid: 'UPID:pve2:0001A2B3:00C0FFEE:6B14C1A0:vzdump::root@pam:',
				node: 'pve2',
				pid: 107187,
				pstart: 12648430,
				starttime: 1796522400,
				type: 'vzdump',
				id: '',
				user: 'root@pam',
				endtime: 1796522436,
				status: 'job errors',
			},
			{
				upid: 'UPID:pve:0003A1B2:0B3C4D5E:6B14C2A0:vzstart:105:root@pam:',
				node: 'pve',
				pid: 237998,
				pstart: 188501342,
				starttime: 1796522656,
				type: 'vzstart',
				id: '105',
				user: 'root@pam',
				endtime: 1796522658,
				status: 'WARNINGS: 1',
			},
			{upid: 'garbage', node: 'pve'},
		]);
		const result = parseTaskList(list);
		expect(result.ok && result.value.map((t) => [t.node, t.state, t.status])).toEqual([
			['pve', 'warning', 'WARNINGS: 1'],
			['pve2', 'error', 'job errors'],
		]);
		expect(result.ok && result.warnings).toEqual(['entry 3 has no valid UPID']);
	});

	it('says what is wrong with garbage', () => {
		expect(parseTaskList('')).toMatchObject({ok: false, error: {message: 'empty output where JSON was expected'}});
		expect(parseTaskList('{"data": 5}')).toMatchObject({ok: false, error: {message: 'expected a JSON array of tasks'}});
	});
});

describe('task status and log', () => {
	it('reads a stopped task with its exit status', () => {
		const result = parseTaskStatus(
			pythonRepr(readFixture('pvesh-task-status/pyrepr-aptupdate-stopped-exitstatus-ok-pve7-proxmoxer-docs.txt')),
		);
		expect(result).toEqual({
			ok: true,
			value: {
				upid: 'UPID:mini-pve-0:000CFC5C:03E8D0C3:6194806C:aptupdate::root@pam:',
				node: 'mini-pve-0',
				running: false,
				exitstatus: 'OK',
				state: 'ok',
			},
		});
		expect(
			parseTaskStatus('{"upid":"UPID:pve:0003A1B2:0B3C4D5E:6B14C2A0:vzstart:105:root@pam:","status":"halfway"}'),
		).toMatchObject({ok: false, error: {message: 'expected status running or stopped, got "halfway"'}});
	});

	it('reads the log lines in order, ending in TASK OK', () => {
		const result = parseTaskLog(
			pythonRepr(readFixture('pvesh-task-log/pyrepr-aptupdate-n-t-lines-task-ok-pve7-proxmoxer-docs.txt')),
		);
		expect(result.ok && result.value.map((l) => l.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(result.ok && result.value.at(-1)).toEqual({n: 8, t: 'TASK OK'});
		expect(result.ok && taskLogEnd(result.value.map((l) => l.t))).toEqual({state: 'ok', status: 'OK'});
		expect(parseTaskLog('[{"n": 1}]')).toMatchObject({ok: false, error: {message: 'line entry 1 is not {n, t}'}});
	});

	it('cuts a log line longer than 64K characters, and keeps the lines after it', () => {
		const result = parseTaskLog(
			JSON.stringify([
				{n: 1, t: 'y'.repeat(1_000_000)},
				{n: 2, t: 'TASK OK'},
			]),
		);
		expect(result.ok && result.value[0]!.t.length).toBe(65_536 + ' … [line cut at 64K characters]'.length);
		expect(result.ok && result.value[1]).toEqual({n: 2, t: 'TASK OK'});
	});

	it('reads the task index (each line: UPID, end time in hex, status)', () => {
		const result = parseTaskIndex(
			readFixture('pve-tasks-index/grep-wipedisk-diskinit-upid-endtime-ok-pve9.2-duresa7.txt'),
		);
		expect(result.ok && result.value.map((t) => [t.type, t.id, t.endtime, t.status, t.state])).toEqual([
			['diskinit', 'sda', 0x6a6c9ed3, 'OK', 'ok'],
			['wipedisk', 'sda', 0x6a6c9ecf, 'OK', 'ok'],
		]);
		expect(parseTaskIndex('not a task\nnor this')).toMatchObject({ok: false});
	});

	it('normalises a status word the way PVE::UPID does', () => {
		expect(['OK', 'WARNINGS: 3', 'job errors', 'unexpected status', '', 'RUNNING'].map(taskStateOf)).toEqual([
			'ok',
			'warning',
			'error',
			'unknown',
			'unknown',
			'running',
		]);
	});
});

describe('what a task log says', () => {
	it('quotes the failed guest of a vzdump job rather than its "job errors"', () => {
		const log = lines('vzdump-failed-max-backup-limit-no-trailing-newline-pve6-checkmk.txt');
		expect(taskErrorLine(log)).toBe(
			'Backup of VM 100 failed - There is a max backup limit of 1 enforced by the target storage or the vzdump parameters. Either increase the limit or delete old backup(s).',
		);
		expect(taskLogEnd(log)).toEqual({state: 'error', status: 'job errors'});
		expect(vzdumpOutcomes(log)).toEqual([
			{
				vmid: 100,
				ok: false,
				storage: 'local',
				error:
					'Backup of VM 100 failed - There is a max backup limit of 1 enforced by the target storage or the vzdump parameters. Either increase the limit or delete old backup(s).',
			},
		]);
	});

	it('reads a finished guest of a PBS job whose log has no TASK line yet', () => {
		const log = lines('vzdump-pbs-one-lxc-finished-job-says-errors-non-info-lines-pve6-checkmk.txt');
		expect(vzdumpOutcomes(log)).toEqual([{vmid: 103, ok: true, storage: 'pbs-fra'}]);
		expect(taskErrorLine(log)).toBeNull();
		expect(taskLogEnd(log).state).toBe('running');
	});

	it('quotes the TASK ERROR of other tasks, and nothing of a log that ended well', () => {
		expect(taskErrorLine(lines('vzstart-ha-agent-failed-no-such-lv-pve9.2-duresa7.txt'))).toBe(
			'no such logical volume pve/vm-107-disk-0',
		);
		expect(taskErrorLine(lines('hamigrate-failed-exit-code-255-pve9.2-duresa7.txt'))).toBe(
			"command 'ha-manager migrate ct:108 blue-server' failed: exit code 255",
		);
		expect(taskErrorLine(lines('vzstart-task-ok-only-line-pve9.2-duresa7.txt'))).toBeNull();
		expect(taskLogEnd(lines('vzstart-task-ok-only-line-pve9.2-duresa7.txt'))).toEqual({state: 'ok', status: 'OK'});
	});

	it('takes the LVM and freeze lines of CLI snapshot and rollback output as a log without an end', () => {
		for (const file of listFixtures('task-log').filter((f) => f.startsWith('qm-'))) {
			expect(taskErrorLine(lines(file)), file).toBeNull();
			expect(taskLogEnd(lines(file)).state, file).toBe('running');
		}
	});

	it('cuts a failed pipeline to its first words and adds the cause the log named above it', () => {
		const log = [
			'INFO: Starting Backup of VM 107 (lxc)',
			'INFO: zstd: error 70 : Write error : cannot write block : No space left on device',
			"ERROR: Backup of VM 107 failed - command 'set -o pipefail && lxc-usernsexec -m u:0:100000:65536 -- tar cpf - ./ | zstd >/mnt/usb/dump/x.tar.dat' failed: exit code 70",
			'TASK ERROR: job errors',
		];
		expect(taskErrorLine(log)).toBe(
			"Backup of VM 107 failed - command 'set -o pipefail && lxc-usernsexec -m u:0 …' failed: exit code 70; the log says: zstd: error 70 : Write error : cannot write block : No space left on device",
		);
	});
});
