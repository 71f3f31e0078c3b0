import {describe, expect, it} from 'vitest';
import {parsePctDf} from '../../source/host/parse/pct-df.js';
import {parsePctList} from '../../source/host/parse/pct-list.js';
import {parsePveamAvailable, parsePveamList} from '../../source/host/parse/pveam.js';
import {parsePvecmNodes, parsePvecmStatus} from '../../source/host/parse/pvecm.js';
import {parsePvesmStatus} from '../../source/host/parse/pvesm-status.js';
import {parsePveversion} from '../../source/host/parse/pveversion.js';
import {parseQmList} from '../../source/host/parse/qm-list.js';
import type {ParseResult} from '../../source/model/result.js';
import {parseHumanSize, toNumber} from '../../source/host/parse/units.js';
import {listFixtures, readFixture} from '../helpers/fixtures.js';

function value<T>(result: ParseResult<T>): T {
	if (!result.ok) throw new Error(`expected ok, got: ${result.error.message}`);
	return result.value;
}

const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

describe('units', () => {
	it('parseHumanSize reads binary units, suffixes and plain bytes', () => {
		expect(parseHumanSize('629.0M')).toBe(Math.round(629 * MiB));
		expect(parseHumanSize('1.03T')).toBe(Math.round(1.03 * 1024 ** 4));
		expect(parseHumanSize('22.5G')).toBe(22.5 * GiB);
		expect(parseHumanSize('8G')).toBe(8 * GiB);
		expect(parseHumanSize('1.5KiB')).toBe(1536);
		expect(parseHumanSize('219.95MB')).toBe(Math.round(219.95 * MiB));
		expect(parseHumanSize('4096')).toBe(4096);
		expect(parseHumanSize('0B')).toBe(0);
		expect(parseHumanSize('2P')).toBe(2 * 1024 ** 5);
		for (const bad of ['', '-', 'N/A', 'G', '1.2.3G', '12X', '-5G']) expect(parseHumanSize(bad)).toBeNull();
	});

	it('toNumber accepts numbers and numeric strings only', () => {
		expect(toNumber(106)).toBe(106);
		expect(toNumber('106')).toBe(106);
		expect(toNumber(' 2.5 ')).toBe(2.5);
		for (const bad of ['', 'abc', '12abc', null, undefined, {}, Number.NaN, Infinity, '0x10']) expect(toNumber(bad)).toBeNull();
	});
});

describe('parsePctList', () => {
	it('reads the first-stopped list with non-contiguous vmids', () => {
		expect(value(parsePctList(readFixture('pct-list/3cts-first-stopped-ordenador2-grundius1.txt')))).toEqual([
			{vmid: 102, status: 'stopped', name: 'openclaw'},
			{vmid: 105, status: 'running', name: 'picoclaw'},
			{vmid: 200, status: 'running', name: 'ollama'},
		]);
	});

	it('reads names that overflow the 20-character column', () => {
		const rows = value(parsePctList(readFixture('pct-list/pve8-7cts-stopped-name-overflow-kneutron.txt')));
		expect(rows).toHaveLength(7);
		expect(rows.filter((row) => row.status === 'stopped')).toHaveLength(5);
		expect(rows.find((row) => row.vmid === 118)?.name).toBe('proxmox-fileserver-ctr');
		expect(rows.at(-1)).toEqual({vmid: 124, status: 'stopped', name: 'debian-qdevice-dellap'});
	});

	it('reads one row with trailing spaces; a lock column; and nothing at all', () => {
		expect(value(parsePctList(readFixture('pct-list/pve8.4-one-running-ct-trailing-spaces-cyberrange.txt')))).toEqual([{vmid: 400, status: 'running', name: 'ghosts-api'}]);
		const locked = 'VMID       Status     Lock         Name                \n101        running    backup       web                 \n102        stopped    mounted                          \n';
		expect(value(parsePctList(locked))).toEqual([
			{vmid: 101, status: 'running', lock: 'backup', name: 'web'},
			{vmid: 102, status: 'stopped', lock: 'mounted', name: ''},
		]);
		expect(value(parsePctList(''))).toEqual([]);
	});
});

describe('parseQmList', () => {
	it('reads 29 VMs with 4-digit vmids, PID 0 for stopped ones', () => {
		const rows = value(parseQmList(readFixture('qm-list/pve8.4-29vms-4digit-vmid-trailing-spaces-cyberrange.txt')));
		expect(rows).toHaveLength(29);
		expect(rows[0]).toEqual({vmid: 100, name: 'rick', status: 'running', memMb: 6144, bootdiskGb: 1863.02, pid: 3145750});
		expect(rows.find((row) => row.vmid === 3020)).toEqual({vmid: 3020, name: 'relics-vm', status: 'stopped', memMb: 12288, bootdiskGb: 119.5, pid: 0});
		expect(rows.filter((row) => row.status === 'running')).toHaveLength(12);
	});

	it('reads the small lists', () => {
		expect(value(parseQmList(readFixture('qm-list/pve9.2-single-vm-cyberrange.txt')))).toEqual([{vmid: 170, name: 'so01', status: 'running', memMb: 40960, bootdiskGb: 300, pid: 416387}]);
		expect(value(parseQmList(readFixture('qm-list/2vms-running-ovh1-openfoodfacts.txt'))).map((row) => [row.vmid, row.name, row.memMb])).toEqual([
			[202, 'discourse', 4096],
			[203, 'monitoring', 12288],
		]);
		expect(value(parseQmList(''))).toEqual([]);
	});
});

describe('parsePvesmStatus', () => {
	it('old unitless headers: KiB to bytes', () => {
		const rows = value(parsePvesmStatus(readFixture('pvesm-status/pve8-dir-zfspool-cyberrange.txt')));
		expect(rows).toHaveLength(5);
		expect(rows[0]).toEqual({name: 'hot', type: 'dir', status: 'active', total: 3844550452 * KiB, used: 2744304544 * KiB, available: 1061159352 * KiB, percent: 71.38});
		expect(rows.find((row) => row.name === 'vmdata')?.type).toBe('zfspool');
	});

	it('39 TB pool with 0.00%', () => {
		const rows = value(parsePvesmStatus(readFixture('pvesm-status/pre-pve9-unitless-headers-39TB-4-storages-off2-openfoodfacts.txt')));
		expect(rows.map((row) => row.name)).toEqual(['backups', 'local', 'zfs-hdd', 'zfs-nvme']);
		expect(rows[0]?.total).toBe(40342492676096);
		expect(rows[0]?.percent).toBe(0);
	});

	it('PVE 9 KiB headers, disabled with N/A, inactive with zeros', () => {
		const disabled = value(parsePvesmStatus(readFixture('pvesm-status/pve9-KiB-disabled-zfspool-NA-ordenador1-grundius1.txt')));
		expect(disabled[0]).toEqual({name: 'HHDD', type: 'zfspool', status: 'disabled', total: 0, used: 0, available: 0, percent: null});
		expect(disabled[1]).toMatchObject({name: 'NFS_ord2', type: 'nfs', total: 938764288 * KiB, percent: 0.07});
		const inactive = value(parsePvesmStatus(readFixture('pvesm-status/pve9-KiB-nfs-inactive-zeros-ordenador2-grundius1.txt')));
		expect(inactive.find((row) => row.name === 'NFS_ord2')).toMatchObject({status: 'inactive', total: 0, percent: 0});
		const cyber = value(parsePvesmStatus(readFixture('pvesm-status/pve9.2-KiB-headers-inactive-storage-cyberrange.txt')));
		expect(cyber.find((row) => row.name === 'media')).toMatchObject({percent: 94.04, used: 3674024972 * KiB});
		expect(cyber.find((row) => row.name === 'moar')?.status).toBe('inactive');
	});
});

describe('pvecm', () => {
	it('pvecm status: cluster name, quorum numbers, members by ring address', () => {
		const status = value(parsePvecmStatus(readFixture('pvecm/status-4node-quorate-pvedocs.txt')));
		expect(status).toMatchObject({name: 'prod-central', quorate: true, nodes: 4, configVersion: 3, transport: 'knet', expectedVotes: 4, totalVotes: 4, quorum: 3});
		expect(status.members).toHaveLength(4);
		expect(status.members[1]).toEqual({nodeid: 2, votes: 1, name: '192.168.15.92', local: true});
		expect(status.fields['Ring ID']).toBe('1.1a8');
	});

	it('pvecm nodes: the (local) marker', () => {
		const nodes = value(parsePvecmNodes(readFixture('pvecm/nodes-4node-pvedocs.txt')));
		expect(nodes.map((node) => node.name)).toEqual(['hp1', 'hp2', 'hp3', 'hp4']);
		expect(nodes.filter((node) => node.local).map((node) => node.name)).toEqual(['hp2']);
		expect(value(parsePvecmNodes(readFixture('pvecm/nodes-node4-local-pvedocs.txt'))).find((node) => node.local)).toEqual({nodeid: 4, votes: 1, name: 'node4', local: true});
		expect(value(parsePvecmNodes(readFixture('pvecm/nodes-after-removal-pvedocs.txt')))).toHaveLength(3);
	});

	it('the not-in-a-cluster error is a failure naming the command', () => {
		const text = "Error: Corosync config '/etc/pve/corosync.conf' does not exist - is this node part of a cluster?\n";
		const status = parsePvecmStatus(text);
		expect(status.ok ? '' : status.error.command).toBe('pvecm status');
		const nodes = parsePvecmNodes(text);
		expect(nodes.ok ? '' : nodes.error.command).toBe('pvecm nodes');
	});
});

describe('parsePveversion', () => {
	it('short one-liners', () => {
		expect(value(parsePveversion(readFixture('pveversion/short-pve9.0.10-communityscripts7768.txt')))).toEqual({managerVersion: '9.0.10', kernel: '6.14.11-2-pve', packages: {'pve-manager': '9.0.10'}});
		expect(value(parsePveversion(readFixture('pveversion/short-pve8.0.3-osxproxmox30.txt'))).kernel).toBe('6.2.16-3-pve');
	});

	it('full -v list', () => {
		const result = parsePveversion(readFixture('pveversion/v-pve9.1.1-full-trixie-emesix-qotom01.txt'));
		const version = value(result);
		expect(result.ok && result.warnings).toBeUndefined();
		expect(version.managerVersion).toBe('9.1.1');
		expect(version.kernel).toBe('6.17.2-1-pve');
		expect(version.packages['proxmox-ve']).toBe('9.1.0');
		expect(version.packages['zfsutils-linux']).toBe('2.3.4-pve1');
		expect(version.packages['pve-container']).toBe('6.0.18');
		expect(Object.keys(version.packages)).toHaveLength(59); // 60 lines, proxmox-kernel-helper twice
	});

	it('truncated -v list keeps the complete lines and warns', () => {
		const result = parsePveversion(readFixture('pveversion/v-pve8.3.2-TRUNCATED-antidetection28.txt'));
		const version = value(result);
		expect(version).toMatchObject({managerVersion: '8.3.2', kernel: '6.8.12-5-pve'});
		expect(version.packages['pve-cluster']).toBe('8.0.10');
		expect(Object.keys(version.packages)).toHaveLength(42); // 43 lines, proxmox-kernel-helper twice
		expect(result.ok ? result.warnings : []).toEqual(['the package list stops after pve-cluster without zfsutils-linux: output looks truncated']);
	});

	it('a list cut mid-line warns about the partial line', () => {
		const result = parsePveversion('proxmox-ve: 8.3.0 (running kernel: 6.8.12-5-pve)\npve-manager: 8.3.2 (running version: 8.3.2/3e76eec21c4a14a7)\npve-co');
		expect(value(result).managerVersion).toBe('8.3.2');
		expect(result.ok && result.warnings?.[0]).toBe('output ends mid-line (truncated?): pve-co');
	});
});

describe('parsePctDf', () => {
	it('raw pct df with human units', () => {
		expect(value(parsePctDf(readFixture('pct-df/118-rootfs-mp0-zfs-kneutron.txt')))).toEqual([
			{mp: 'rootfs', volume: 'zfs2nvme:subvol-118-disk-0', size: 8 * GiB, used: 629 * MiB, avail: Math.round(7.4 * GiB), percent: 7.7, path: '/'},
			{mp: 'mp0', volume: 'zfs3nvme1T:subvol-118-disk-0', size: 50 * GiB, used: Math.round(39.1 * GiB), avail: Math.round(10.9 * GiB), percent: 78.2, path: '/mnt/proxmox-ctr-share'},
		]);
	});

	it('column -t output from a loop over two CTs, with a bind mount', () => {
		const rows = value(parsePctDf(readFixture('pct-df/COLUMN-T-REFORMATTED-ct110-bindmount-mp0-mp1-kneutron.txt')));
		expect(rows.map((row) => [row.vmid, row.mp])).toEqual([
			[105, 'rootfs'],
			[110, 'rootfs'],
			[110, 'mp0'],
			[110, 'mp1'],
		]);
		expect(rows[2]).toMatchObject({volume: '/mnt/seatera4-xfs/bindmt-container', size: Math.round(3.6 * 1024 ** 4), percent: 39.1, path: '/mnt/bindhost-xfs'});
	});
});

describe('pveam', () => {
	it('pveam available --section system', () => {
		const rows = value(parsePveamAvailable(readFixture('pveam/available-section-system-pvedocs.txt')));
		expect(rows).toHaveLength(18);
		expect(rows[0]).toEqual({section: 'system', template: 'alpine-3.12-default_20200823_amd64.tar.xz'});
		expect(rows.some((row) => row.template === 'debian-10-standard_10.7-1_amd64.tar.gz')).toBe(true);
	});

	it('pveam list local', () => {
		expect(value(parsePveamList(readFixture('pveam/list-local-pvedocs.txt')))).toEqual([
			{volid: 'local:vztmpl/debian-10.0-standard_10.0-1_amd64.tar.gz', file: 'debian-10.0-standard_10.0-1_amd64.tar.gz', size: Math.round(219.95 * MiB)},
		]);
		expect(value(parsePveamList('NAME                                                         SIZE\n'))).toEqual([]);
	});
});

const TABLE_PARSERS: Record<string, (file: string, text: string) => ParseResult<unknown>> = {
	'pct-list': (_file, text) => parsePctList(text),
	'qm-list': (_file, text) => parseQmList(text),
	'pvesm-status': (_file, text) => parsePvesmStatus(text),
	pvecm: (file, text) => (file.startsWith('status') ? parsePvecmStatus(text) : parsePvecmNodes(text)),
	pveversion: (_file, text) => parsePveversion(text),
	'pct-df': (_file, text) => parsePctDf(text),
	pveam: (file, text) => (file.startsWith('list') ? parsePveamList(text) : parsePveamAvailable(text)),
};

describe('every table fixture parses', () => {
	for (const [folder, parse] of Object.entries(TABLE_PARSERS)) {
		for (const file of listFixtures(folder)) {
			it(`${folder}/${file}`, () => {
				const result = parse(file, readFixture(`${folder}/${file}`));
				expect(result.ok).toBe(true);
				// Only the deliberately truncated fixture may warn.
				if (result.ok && !file.includes('TRUNCATED')) expect(result.warnings).toBeUndefined();
				if (result.ok && Array.isArray(result.value)) expect(result.value.length).toBeGreaterThan(0);
			});
		}
	}
});

describe('table parsers on garbage', () => {
	const garbage = ['\x00\x9f\xff\x01binary\x02', '<html><head><title>502 Bad Gateway</title></head></html>', '[{"vmid": 1'];
	const cases: [string, (text: string) => ParseResult<unknown>][] = [
		['pct list', parsePctList],
		['qm list', parseQmList],
		['pvesm status', parsePvesmStatus],
		['pvecm status', parsePvecmStatus],
		['pvecm nodes', parsePvecmNodes],
		['pveversion', parsePveversion],
		['pct df', parsePctDf],
		['pveam list', parsePveamList],
		['pveam available', parsePveamAvailable],
	];
	for (const [command, parse] of cases) {
		it(`${command} fails with its name`, () => {
			for (const text of garbage) {
				const result = parse(text);
				expect(result.ok ? 'ok' : result.error.command).toBe(command);
			}
			// pct list and qm list print nothing when there are no guests; the rest never do.
			const empty = parse('');
			if (command === 'pct list' || command === 'qm list') expect(empty).toEqual({ok: true, value: []});
			else expect(empty.ok ? 'ok' : empty.error.command).toBe(command);
		});
	}
});
