import {describe, expect, it} from 'vitest';
import {SimClock} from '../../source/sim/clock.js';
import {runSimCommand} from '../../source/sim/commands.js';
import {faultControl} from '../../source/sim/faults.js';
import {createHomelab} from '../../source/sim/state.js';

const NOW = Date.UTC(2025, 10, 23, 11, 20, 0);

function setup() {
	const state = createHomelab({now: NOW});
	const clock = new SimClock({start: NOW});
	const faults = faultControl(
		() => state,
		() => clock.now(),
	);
	const run = (...argv: string[]) => runSimCommand(state, clock, argv);
	return {state, clock, faults, run};
}

describe('faults', () => {
	it('failCommand makes one section exit 1 with a realistic error and leaves others alone', () => {
		const {faults, run} = setup();
		faults.failCommand('zpool status');
		expect(run('zpool', 'status')).toMatchObject({
			code: 1,
			stderr: "The ZFS modules cannot be auto-loaded.\nTry running 'modprobe zfs' as root to manually load them.\n",
		});
		expect(run('zpool', 'list', '-Hp', '-o', 'name,size,alloc,free,frag,cap,dedup,health').code).toBe(0);
		faults.clear('failCommand');
		expect(run('zpool', 'status').code).toBe(0);
	});

	it('garbageCommand prints garbage with exit 0', () => {
		const {faults, run} = setup();
		faults.garbageCommand('pvesh');
		const result = run('pvesh', 'get', '/cluster/resources', '--output-format', 'json');
		expect(result.code).toBe(0);
		expect(() => JSON.parse(result.stdout)).toThrow();
	});

	it('degradedPool: DEGRADED media-pool with an UNAVAIL disk, CKSUM errors and a resilver', () => {
		const {faults, run, clock} = setup();
		faults.degradedPool('media-pool');
		expect(
			run('zpool', 'list', '-Hp', '-o', 'name,size,alloc,free,frag,cap,dedup,health').stdout.split('\n')[0],
		).toMatch(/\tDEGRADED$/);
		clock.advance(3_600_000);
		const status = run('zpool', 'status', 'media-pool').stdout;
		expect(status).toContain(' state: DEGRADED\n');
		expect(status).toContain('  scan: resilver in progress since Sun Nov 23 11:20:00 2025\n');
		expect(status).toContain('resilvered, 16.67% done, 05:00:00 to go');
		expect(status).toContain('\t      ata-WDC_WD80EFZZ-68BTXN0_WD-CA1KP9ZD  UNAVAIL      3   118    47\n');
		expect(status).toContain('  (resilvering)\n');
		expect(run('zpool', 'status', '-x').stdout).toContain('pool: media-pool');
		expect(run('journalctl', '-o', 'json', '-n', '200').stdout).toMatch(/vdev_state=UNAVAIL|zio pool=media-pool/);
	});

	it('fullRootfs: the rootfs reads 100 % and the guest journal says No space left on device', () => {
		const {faults, run} = setup();
		faults.fullRootfs(128);
		const entry = (
			JSON.parse(run('pvesh', 'get', '/cluster/resources', '--output-format', 'json').stdout) as {
				id: string;
				disk: number;
				maxdisk: number;
			}[]
		).find((e) => e.id === 'lxc/128')!;
		expect(entry.disk).toBe(entry.maxdisk);
		expect(run('pct', 'exec', '128', '--', 'journalctl', '-n', '30').stdout).toContain('No space left on device');
		expect(run('pct', 'exec', '128', '--', 'df', '-h', '/').stdout).toContain(' 100% /');
	});

	it('staleHandshake: the VPN provider peer last shook hands 10 minutes ago', () => {
		const {faults, run, clock} = setup();
		faults.staleHandshake();
		const provider = run('pct', 'exec', '116', '--', 'wg', 'show', 'all', 'dump').stdout.split('\n')[1]!.split('\t');
		expect(provider[3]).toBe('185.213.154.68:51820');
		expect(Math.floor(clock.now() / 1000) - Number(provider[5])).toBe(600);
	});

	it('failStep makes `pct <sub>` fail once, then succeed', () => {
		const {faults, run} = setup();
		faults.failStep('start', 117);
		expect(run('pct', 'start', '117')).toMatchObject({code: 255, stderr: "startup for container '117' failed\n"});
		expect(run('pct', 'start', '117').code).toBe(0);
		faults.failStep('clone');
		expect(run('pct', 'clone', '900', '200', '--full', '--storage', 'local-lvm').code).toBe(255);
		expect(run('pct', 'clone', '900', '200', '--full', '--storage', 'local-lvm').code).toBe(0);
	});

	it('noSudo and sudoPassword answer `sudo -n` like a host without sudo or with a password', () => {
		const {faults, run} = setup();
		expect(run('sudo', '-n', 'pct', 'status', '105').stdout).toBe('status: running\n');
		faults.sudoPassword();
		expect(run('sudo', '-n', 'pct', 'status', '105')).toMatchObject({
			code: 1,
			stderr: 'sudo: a password is required\n',
		});
		faults.clear();
		faults.noSudo();
		expect(run('sudo', '-n', 'pct', 'status', '105')).toMatchObject({code: 127});
		expect(run('sudo', '-n', 'pct', 'status', '105').stderr).toContain('sudo: command not found');
		expect(run('pct', 'status', '105').code).toBe(0);
		expect(run('timeout', '-k', '2', '10', 'pct', 'status', '105').stdout).toBe('status: running\n');
	});
});
