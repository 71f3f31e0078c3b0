/**
 * Snapshot lists and trees, backup jobs, backup content and `pvesm list`. Real outputs where
 * they exist (the `qm listsnapshot` trees, the backup jobs, `pvesm list`); no public sample
 * was found of a snapshot list as JSON or of a storage's backup content, so those inputs are
 * written here from Proxmox's own API schemas (pve-container src/PVE/API2/LXC/Snapshot.pm,
 * qemu-server src/PVE/API2/Qemu.pm `snapshot_list`, pve-storage
 * src/PVE/API2/Storage/Content.pm) and say so where they are.
 */
import {describe, expect, it} from 'vitest';
import {parseBackupContent, parseBackupJobs, parseBackupName, parsePvesmList} from '../../source/host/parse/backups.js';
import {nextRun, parseCalendarEvent, parseUtcOffset, previousRun} from '../../source/host/parse/calendar-event.js';
import {parseSnapshotList, parseSnapshotTree, snapshotTree} from '../../source/host/parse/snapshots.js';
import {readFixture} from '../helpers/fixtures.js';

describe('snapshot trees (qm/pct listsnapshot)', () => {
	it('reads one snapshot and current, its long description with : and / kept whole', () => {
		const result = parseSnapshotTree(
			readFixture('qm-listsnapshot/pve9.2-one-snapshot-long-description-then-current-duresa7.txt'),
		);
		expect(result.ok && result.value).toEqual([
			{
				name: 'baseline-tiles-2026-07-28',
				depth: 0,
				time: '2026-07-28 23:08:18',
				description:
					'Kasm baseline 2026-07-28: 6 vCPU, 12 GiB, 200G disk, 34 tiles suffixed Normal/VPN/Malware/Target/Review/Full, three concurrent sessions',
				current: false,
			},
			{
				name: 'current',
				depth: 1,
				parent: 'baseline-tiles-2026-07-28',
				time: null,
				description: 'You are here!',
				current: true,
			},
		]);
	});

	it('reads a guest without snapshots: only current', () => {
		const result = parseSnapshotTree(readFixture('qm-listsnapshot/pve9.2-no-snapshots-current-only-duresa7.txt'));
		expect(result.ok && result.value).toEqual([
			{name: 'current', depth: 0, time: null, description: 'You are here!', current: true},
		]);
	});

	it('reads the two-space indent of PVE before 7.2 (as the pve-guest-common change describes it)', () => {
		const old =
			'`-> first                          2021-01-02 03:04:05     one\n  `-> second                       2021-02-03 04:05:06     two\n    `-> current                                            You are here!\n';
		const result = parseSnapshotTree(old);
		expect(result.ok && result.value.map((r) => [r.name, r.depth, r.parent])).toEqual([
			['first', 0, undefined],
			['second', 1, 'first'],
			['current', 2, 'second'],
		]);
	});

	it('names the line that is not a tree line', () => {
		expect(parseSnapshotTree('')).toMatchObject({
			ok: false,
			error: {message: 'empty output (even a guest without snapshots prints "current")'},
		});
		expect(parseSnapshotTree('`-> a 2021-01-01 00:00:00 x\nNAME TIME\n')).toMatchObject({ok: false, error: {line: 2}});
		expect(parseSnapshotTree('   `-> orphan 2021-01-01 00:00:00 x\n')).toMatchObject({ok: false});
	});
});

describe('snapshot lists (the API)', () => {
	// Written from the schema: every snapshot {name, description, snaptime, parent?, vmstate (VMs)}, then current {name, digest, running, description, parent}.
	const vm = JSON.stringify([
		{name: 'pre-upgrade', description: 'before 25.1', snaptime: 1760000000, vmstate: 1},
		{name: 'lab', description: '', snaptime: 1760500000, vmstate: 0, parent: 'pre-upgrade'},
		{name: 'later', description: 'line one\nline two', snaptime: 1761000000, vmstate: 0, parent: 'pre-upgrade'},
		{name: 'current', digest: 'abc', running: 1, description: 'You are here!', parent: 'later'},
	]);

	it('reads names, times, RAM and the parent links; current has no time', () => {
		const result = parseSnapshotList(vm);
		expect(
			result.ok && result.value.map((s) => [s.name, s.snaptime, s.vmstate, s.parent, s.current, s.running]),
		).toEqual([
			['pre-upgrade', 1760000000, true, undefined, false, undefined],
			['lab', 1760500000, false, 'pre-upgrade', false, undefined],
			['later', 1761000000, false, 'pre-upgrade', false, undefined],
			['current', null, undefined, 'later', true, true],
		]);
	});

	it('orders the tree as Proxmox draws it: children under their parent, by time, current last', () => {
		const result = parseSnapshotList(vm);
		const tree = result.ok ? snapshotTree(result.value) : [];
		expect(tree.map((t) => `${' '.repeat(t.depth)}${t.snapshot.name}`)).toEqual([
			'pre-upgrade',
			' lab',
			' later',
			'  current',
		]);
	});

	it("cuts a description or a backup's notes longer than 4K characters, saying so", () => {
		const long = 'x'.repeat(100_000);
		const list = parseSnapshotList(JSON.stringify([{name: 'big', description: long, snaptime: 1760000000}]));
		const description = list.ok ? list.value[0]!.description : '';
		expect(description).toHaveLength(4096 + ' … [line cut at 4K characters]'.length);
		expect(description.endsWith('… [line cut at 4K characters]')).toBe(true);
		const content = parseBackupContent(
			JSON.stringify([
				{volid: 'nas:backup/vzdump-lxc-105-2026_11_22-02_00_03.tar.zst', content: 'backup', notes: long},
			]),
			'nas',
			'pve',
		);
		expect(content.ok && content.value[0]!.notes?.length).toBe(description.length);
	});

	it('keeps a snapshot time of 0 unknown, and warns when current is missing', () => {
		const result = parseSnapshotList('[{"name":"x","snaptime":0,"description":""}]');
		expect(result.ok && result.value[0]?.snaptime).toBeNull();
		expect(result.ok && result.warnings).toEqual(['the list has no "current" entry']);
		expect(parseSnapshotList('{"name":"current"}')).toMatchObject({
			ok: false,
			error: {message: 'expected a JSON array of snapshots'},
		});
	});
});

describe('backup jobs (/cluster/backup)', () => {
	it('reads a disabled job pinned to a node and a job that selects a pool', () => {
		const result = parseBackupJobs(
			readFixture(
				'pvesh-cluster-backup/jsonpretty-2jobs-disabled-vmid-pool-notes-template-prune-object-legacy-id-cv4pveadmin48.json',
			),
		);
		expect(result.ok && result.value).toEqual([
			{
				id: '6e3db65d0e925f0314fbbdadf9c8808801be0c85:2',
				enabled: false,
				schedule: 'fri 09:00',
				storage: 'local-templ-iso',
				node: 'pve-1',
				mode: 'snapshot',
				all: false,
				vmids: [102],
				exclude: [],
				pool: null,
				nextRun: 1687503600,
			},
			{
				id: 'a44de41ac2062aca2fcf6c9d3157519f21075123:1',
				enabled: true,
				schedule: '21:04',
				storage: 'pve-backup',
				node: null,
				mode: 'snapshot',
				all: false,
				vmids: [],
				exclude: [],
				pool: 'backup-24h',
				nextRun: 1687201440,
			},
		]);
	});

	it('reads a PVE 6 job converted from vzdump.cron (starttime and dow) and refuses garbage', () => {
		const result = parseBackupJobs(
			'[{"id":"x","starttime":"02:30","dow":"sat","all":1,"exclude":"101,102","storage":"nas"}]',
		);
		expect(result.ok && result.value[0]).toMatchObject({
			schedule: 'sat 02:30',
			all: true,
			exclude: [101, 102],
			enabled: true,
		});
		expect(parseBackupJobs('<html>')).toMatchObject({ok: false, error: {command: 'pvesh get /cluster/backup'}});
	});
});

describe('backup content and names', () => {
	it('reads a directory storage and a backup server (written from the content API schema)', () => {
		const dir = JSON.stringify([
			{
				volid: 'nas:backup/vzdump-lxc-105-2026_11_22-02_00_03.tar.zst',
				content: 'backup',
				format: 'tar.zst',
				size: 1073741824,
				ctime: 1795320003,
				vmid: 105,
				subtype: 'lxc',
				notes: 'immich',
				protected: 1,
			},
			{volid: 'nas:iso/debian.iso', content: 'iso', format: 'iso', size: 1},
		]);
		expect(parseBackupContent(dir, 'nas', 'pve')).toEqual({
			ok: true,
			value: [
				{
					volid: 'nas:backup/vzdump-lxc-105-2026_11_22-02_00_03.tar.zst',
					storage: 'nas',
					node: 'pve',
					vmid: 105,
					subtype: 'lxc',
					format: 'tar.zst',
					size: 1073741824,
					ctime: 1795320003,
					notes: 'immich',
					protected: true,
				},
			],
		});
		const pbs = JSON.stringify([
			{
				volid: 'pbs:backup/vm/300/2026-11-22T03:30:02Z',
				content: 'backup',
				format: 'pbs-vm',
				size: 5,
				ctime: 1795321802,
				vmid: 300,
				verification: {state: 'ok', upid: 'UPID:pbs:000A:0:6B0:verificationjob:x:root@pam:'},
			},
			{volid: 'pbs:backup/ct/105/2026-11-21T03:30:02Z', content: 'backup', format: 'pbs-ct'},
		]);
		const read = parseBackupContent(pbs, 'pbs', 'pve');
		expect(read.ok && read.value.map((b) => [b.vmid, b.subtype, b.ctime, b.size, b.verification?.state])).toEqual([
			[300, 'qemu', 1795321802, 5, 'ok'],
			// No size or time from the host: size stays unknown, the time comes from the snapshot's UTC name.
			[105, 'lxc', Date.parse('2026-11-21T03:30:02Z') / 1000, null, undefined],
		]);
	});

	it('reads a backup name: guest, type, and (for a backup server) the time', () => {
		expect(parseBackupName('local:backup/vzdump-qemu-300-2026_11_22-02_00_03.vma.zst')).toEqual({
			vmid: 300,
			subtype: 'qemu',
			time: null,
			stamp: '2026_11_22-02_00_03',
		});
		expect(parseBackupName('pbs:backup/ct/105/2026-11-22T03:30:02Z')?.time).toBe(
			Date.parse('2026-11-22T03:30:02Z') / 1000,
		);
		expect(parseBackupName('local:iso/x.iso')).toBeNull();
	});

	it('reads pvesm list rows without backups, and one without its VMID column', () => {
		const result = parsePvesmList(readFixture('pvesm-list/pve9.2-local-lvm-rootdir-3-volumes-no-backups-duresa7.txt'));
		expect(result.ok && result.value).toEqual([
			{volid: 'local-lvm:vm-104-disk-0', format: 'raw', type: 'rootdir', size: 17179869184, vmid: 104},
			{volid: 'local-lvm:vm-107-disk-0', format: 'raw', type: 'rootdir', size: 34359738368, vmid: 107},
			{volid: 'local-lvm:vm-108-disk-0', format: 'raw', type: 'rootdir', size: 16106127360, vmid: 108},
		]);
		const noVmid = parsePvesmList(
			'Volid Format  Type            Size\nlocal:backup/vzdump-lxc-100-2024_01_01-00_00_00.tar.zst tar.zst backup 12345\n',
		);
		expect(noVmid.ok && noVmid.value[0]?.vmid).toBe(100);
		expect(parsePvesmList('nothing here')).toMatchObject({ok: false, error: {line: 1}});
	});
});

describe('calendar events', () => {
	const at = (iso: string): number => Date.parse(iso);
	it('finds the last and next run of the schedules backup jobs use', () => {
		const daily = parseCalendarEvent('02:00')!;
		expect(new Date(previousRun(daily, at('2026-11-23T12:00:00Z'))!).toISOString()).toBe('2026-11-23T02:00:00.000Z');
		expect(new Date(nextRun(daily, at('2026-11-23T12:00:00Z'))!).toISOString()).toBe('2026-11-24T02:00:00.000Z');
		const weekdays = parseCalendarEvent('mon..sat 03:30')!;
		// 2026-11-23 is a Monday: the Sunday before had no run, so the last was Saturday's.
		expect(new Date(previousRun(weekdays, at('2026-11-23T01:00:00Z'))!).toISOString()).toBe('2026-11-21T03:30:00.000Z');
		expect(new Date(previousRun(parseCalendarEvent('sat 04:00')!, at('2026-11-23T12:00:00Z'))!).toISOString()).toBe(
			'2026-11-21T04:00:00.000Z',
		);
		expect(new Date(previousRun(parseCalendarEvent('monthly')!, at('2026-11-23T12:00:00Z'))!).toISOString()).toBe(
			'2026-11-01T00:00:00.000Z',
		);
		expect(new Date(nextRun(parseCalendarEvent('*/15')!, at('2026-11-23T12:07:00Z'))!).toISOString()).toBe(
			'2026-11-23T12:15:00.000Z',
		);
		expect(
			new Date(previousRun(parseCalendarEvent('sat..mon 22:00')!, at('2026-11-23T12:00:00Z'))!).toISOString(),
		).toBe('2026-11-22T22:00:00.000Z');
	});

	it("reads the host's local time through its UTC offset", () => {
		const offset = parseUtcOffset('+0100')!;
		expect(offset).toBe(60);
		expect(parseUtcOffset('-0530')).toBe(-330);
		// 02:00 on a host in UTC+1 is 01:00 UTC.
		expect(new Date(previousRun(parseCalendarEvent('02:00')!, at('2026-11-23T12:00:00Z'), offset)!).toISOString()).toBe(
			'2026-11-23T01:00:00.000Z',
		);
	});

	it('refuses what is not a schedule', () => {
		for (const bad of ['', 'sometimes', '25:00', 'mon mon 02:00', '02:00 03:00', 'fri 09:99'])
			expect(parseCalendarEvent(bad), bad).toBeNull();
		expect(parseUtcOffset('UTC')).toBeNull();
	});
});
