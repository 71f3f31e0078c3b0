import {beforeEach, describe, expect, it} from 'vitest';
import {SimClock} from '../../source/sim/clock.js';
import {runSimCommand} from '../../source/sim/commands.js';
import {readPveFile} from '../../source/sim/render/pve-files.js';
import {createHomelab} from '../../source/sim/state.js';
import {MAX_EVENTS} from '../../source/sim/mutate.js';
import {MAX_TASKS} from '../../source/sim/tasks.js';
import type {SimState} from '../../source/sim/types.js';

const NOW = Date.UTC(2025, 10, 23, 11, 20, 0);
let state: SimState;
let clock: SimClock;
const pct = (...args: string[]) => runSimCommand(state, clock, ['pct', ...args]);
const config = (vmid: number) => readPveFile(state, `nodes/pve/lxc/${vmid}.conf`);

beforeEach(() => {
	state = createHomelab({now: NOW});
	clock = new SimClock({start: NOW});
});

describe('pct clone', () => {
	it('copies the template with the new hostname onto a new local-lvm volume and bumps versions', () => {
		const before = state.vmlistVersion;
		const result = pct('clone', '900', '200', '--hostname', 'postgresql-db', '--storage', 'local-lvm', '--full');
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('create full clone of mountpoint rootfs (local-hdd:900/base-900-disk-0.raw)');
		expect(result.stdout).toContain('Logical volume "vm-200-disk-0" created.');
		const text = config(200)!;
		expect(text).toContain('hostname: postgresql-db\n');
		expect(text).toContain('rootfs: local-lvm:vm-200-disk-0,size=8G\n');
		expect(text).toContain('bridge=vmbr2');
		expect(text).not.toContain('template: 1');
		expect(state.vmlistVersion).toBe(before + 1);
		expect(state.guests.find((g) => g.vmid === 200)!.version).toBe(state.cfsVersion);
		// A clone gets its own MAC address.
		expect(state.guests.find((g) => g.vmid === 200)!.nics[0]!.hwaddr).not.toBe(
			state.guests.find((g) => g.vmid === 900)!.nics[0]!.hwaddr,
		);
	});

	it('refuses an existing target, a missing storage, a linked clone of a raw volume and a locked source', () => {
		pct('clone', '900', '200', '--hostname', 'postgresql-db', '--storage', 'local-lvm', '--full');
		expect(pct('clone', '900', '200', '--full')).toMatchObject({
			code: 255,
			stderr: "CT 200 already exists on node 'pve'\n",
		});
		expect(pct('clone', '900', '201', '--storage', 'nope', '--full')).toMatchObject({
			code: 255,
			stderr: "storage 'nope' does not exist\n",
		});
		expect(pct('clone', '900', '201', '--storage', 'local', '--full').stderr).toBe(
			"storage 'local' does not support container directories\n",
		);
		expect(pct('clone', '900', '201').stderr).toBe(
			"Linked clone feature for 'local-hdd:900/base-900-disk-0.raw' is not available\n",
		);
		state.guests.find((g) => g.vmid === 901)!.lock = 'backup';
		expect(pct('clone', '901', '201', '--full').stderr).toBe('CT is locked (backup)\n');
		expect(pct('clone', '950', '201', '--full').stderr).toBe(
			"Configuration file 'nodes/pve/lxc/950.conf' does not exist\n",
		);
	});

	it('refuses to clone to another node on non-shared storage', () => {
		state = createHomelab({now: NOW, nodes: 2});
		expect(pct('clone', '900', '201', '--full', '--target', 'pve2', '--storage', 'local-lvm').stderr).toBe(
			"can't clone to non-shared storage 'local-lvm'\n",
		);
	});

	it('puts a clone on a zfspool storage into a subvol dataset', () => {
		expect(pct('clone', '901', '201', '--full', '--storage', 'service-pool').code).toBe(0);
		expect(config(201)).toContain('rootfs: service-pool:subvol-201-disk-0,size=8G');
		const zfs = runSimCommand(state, clock, [
			'zfs',
			'list',
			'-Hp',
			'-t',
			'filesystem,volume',
			'-o',
			'name,used,avail,refer,mountpoint',
		]).stdout;
		expect(zfs).toMatch(/^service-pool\/subvol-201-disk-0\t\d+\t\d+\t\d+\t\/service-pool\/subvol-201-disk-0$/m);
	});
});

describe('pct set', () => {
	it('sets the network, mounts, memory, cores, onboot and tags, and deletes keys', () => {
		pct('clone', '900', '200', '--hostname', 'postgresql-db', '--storage', 'local-lvm', '--full');
		const version = state.guests.find((g) => g.vmid === 200)!.version;
		expect(pct('set', '200', '--net0', 'name=eth0,bridge=vmbr2,ip=10.0.30.10/24,gw=10.0.30.1').code).toBe(0);
		expect(
			pct(
				'set',
				'200',
				'-mp0',
				'/media-pool,mp=/media-pool',
				'--memory',
				'2048',
				'--cores',
				'2',
				'--onboot',
				'1',
				'--tags',
				'database;prod',
			).code,
		).toBe(0);
		const text = config(200)!;
		expect(text).toMatch(
			/^net0: name=eth0,bridge=vmbr2,gw=10\.0\.30\.1,hwaddr=BC:24:11:[0-9A-F:]{8},ip=10\.0\.30\.10\/24,type=veth$/m,
		);
		expect(text).toContain('mp0: /media-pool,mp=/media-pool\n');
		expect(text).toContain('memory: 2048\n');
		expect(text).toContain('cores: 2\n');
		expect(text).toContain('onboot: 1\n');
		expect(text).toContain('tags: database;prod\n');
		expect(state.guests.find((g) => g.vmid === 200)!.version).toBeGreaterThan(version);
		expect(pct('set', '200', '--delete', 'mp0,tags').code).toBe(0);
		expect(config(200)).not.toContain('mp0:');
		expect(config(200)).not.toContain('tags:');
	});

	it('answers bad values with the API parameter error and unknown configs with Proxmox text', () => {
		expect(pct('set', '201', '--memory', '512')).toMatchObject({
			code: 255,
			stderr: "Configuration file 'nodes/pve/lxc/201.conf' does not exist\n",
		});
		const bad = pct('set', '105', '--net0', 'name=eth0,bridge=vmbr0,ip=10.0.30.999');
		expect(bad.code).toBe(255);
		expect(bad.stderr).toContain('400 Parameter verification failed.');
		expect(bad.stderr).toContain('net0.ip: invalid format');
		expect(pct('set', '105', '--net1', 'name=eth1,bridge=vmbr9').stderr).toBe("bridge 'vmbr9' does not exist\n");
		state.guests.find((g) => g.vmid === 105)!.lock = 'backup';
		expect(pct('set', '105', '--memory', '512').stderr).toBe('CT is locked (backup)\n');
	});
});

describe('lifecycle', () => {
	it('start, already running, stop, not running, shutdown, reboot', () => {
		expect(pct('start', '117').code).toBe(0);
		expect(pct('start', '117')).toMatchObject({code: 255, stderr: 'CT 117 already running\n'});
		expect(pct('stop', '117').code).toBe(0);
		expect(pct('stop', '117')).toMatchObject({code: 255, stderr: 'CT 117 not running\n'});
		expect(pct('shutdown', '117').stderr).toBe('CT 117 not running\n');
		expect(pct('reboot', '105').code).toBe(0);
		expect(pct('status', '105').stdout).toBe('status: stopped\n');
		clock.advance(2000);
		expect(pct('status', '105').stdout).toBe('status: running\n');
		expect(pct('start', '900').stderr).toBe("you can't start a CT if it's a template\n");
		expect(runSimCommand(state, clock, ['qm', 'start', '300']).stderr).toBe('VM 300 already running\n');
		expect(runSimCommand(state, clock, ['qm', 'stop', '300']).code).toBe(0);
		expect(runSimCommand(state, clock, ['qm', 'shutdown', '300']).stderr).toBe('VM 300 not running\n');
	});

	it('destroy refuses a running container and removes a stopped one', () => {
		expect(pct('destroy', '105')).toMatchObject({
			code: 255,
			stderr: 'unable to destroy CT 105 - container is running\n',
		});
		pct('clone', '900', '200', '--hostname', 'db', '--storage', 'local-lvm', '--full');
		const result = pct('destroy', '200');
		expect(result).toMatchObject({code: 0, stdout: '  Logical volume "vm-200-disk-0" successfully removed.\n'});
		expect(config(200)).toBeNull();
		expect(readPveFile(state, '.vmlist')).not.toContain('"200"');
	});

	it('template, resize and snapshot', () => {
		pct('clone', '900', '200', '--hostname', 'db', '--storage', 'local-lvm', '--full');
		const resize = pct('resize', '200', 'rootfs', '+10G');
		expect(resize.stdout).toBe(
			'  Size of logical volume pve/vm-200-disk-0 changed from 8.00 GiB (2048 extents) to 18.00 GiB (4608 extents).\n  Logical volume pve/vm-200-disk-0 successfully resized.\n',
		);
		expect(config(200)).toContain('rootfs: local-lvm:vm-200-disk-0,size=18G\n');
		expect(pct('resize', '200', 'rootfs', '4G').stderr).toBe('unable to shrink disk size\n');
		expect(pct('snapshot', '200', 'before-upgrade', '--description', 'pre 17').code).toBe(0);
		expect(config(200)).toMatch(/parent: before-upgrade\n[\s\S]*\n\[before-upgrade\]\n[\s\S]*snaptime: \d+\n/);
		expect(pct('snapshot', '200', 'before-upgrade').stderr).toBe("snapshot name 'before-upgrade' already used\n");
		expect(pct('template', '200').code).toBe(0);
		expect(config(200)).toContain('rootfs: local-lvm:base-200-disk-0,size=18G\n');
		expect(config(200)).toContain('template: 1\n');
		expect(pct('template', '105').stderr).toBe("you can't convert a CT to template if the CT is running\n");
	});

	it('pct exec on a stopped container says it is not running', () => {
		expect(pct('exec', '117', '--', 'true')).toMatchObject({code: 255, stderr: 'CT 117 not running\n'});
	});

	it('create refuses an existing vmid with the create error', () => {
		expect(pct('create', '105', 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst').stderr).toBe(
			"unable to create CT 105 - CT 105 already exists on node 'pve'\n",
		);
		expect(
			pct(
				'create',
				'250',
				'local:vztmpl/debian-11-standard_11.7-1_amd64.tar.zst',
				'--hostname',
				'scratch',
				'--rootfs',
				'local-lvm:4',
			).code,
		).toBe(0);
		expect(config(250)).toContain('rootfs: local-lvm:vm-250-disk-0,size=4G\n');
	});
});

describe('a homelab that runs for weeks', () => {
	it('keeps bounded histories: its saved state stops growing once tasks and journal are full', () => {
		const sizeAfterDays = (days: number): number => {
			for (let day = 0; day < days; day++) {
				for (let quarter = 0; quarter < 4; quarter++) {
					clock.advance(6 * 3600_000);
					// Scheduled backup jobs catch up as the host is read; a restart is two tasks.
					runSimCommand(state, clock, ['pvesh', 'get', '/cluster/tasks', '--output-format', 'json']);
					pct('stop', '101');
					clock.advance(60_000);
					pct('start', '101');
				}
			}
			return JSON.stringify(state).length;
		};
		const start = JSON.stringify(state).length;
		const full = sizeAfterDays(45);
		expect(full).toBeGreaterThan(start);
		expect(state.tasks).toHaveLength(MAX_TASKS);
		expect(state.events).toHaveLength(MAX_EVENTS);
		const twoMonths = sizeAfterDays(30);
		expect(twoMonths).toBeLessThan(full * 1.05);
		// The newest tasks are the ones kept.
		expect(state.tasks!.at(-1)!.start).toBeGreaterThan(clock.now() - 120_000);
	});
});
