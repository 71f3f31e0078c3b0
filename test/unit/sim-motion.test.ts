import {describe, expect, it} from 'vitest';
import {SimClock} from '../../source/sim/clock.js';
import {runSimCommand} from '../../source/sim/commands.js';
import {createHomelab} from '../../source/sim/state.js';

const NOW = Date.UTC(2025, 10, 23, 11, 20, 0);

function setup() {
	const state = createHomelab({now: NOW});
	const clock = new SimClock({start: NOW});
	const run = (...argv: string[]) => runSimCommand(state, clock, argv);
	return {state, clock, run};
}

type Entry = {id: string; cpu: number; netin?: number; uptime: number; status?: string; mem: number};
const resources = (run: (...argv: string[]) => {stdout: string}) =>
	JSON.parse(run('pvesh', 'get', '/cluster/resources', '--output-format', 'json').stdout) as Entry[];

describe('time in the sim', () => {
	it('boots a started guest after ~2 s and answers its service a few seconds later', () => {
		const {clock, run} = setup();
		run('pct', 'clone', '900', '200', '--hostname', 'postgresql-db', '--storage', 'local-lvm', '--full');
		run('pct', 'set', '200', '--net0', 'name=eth0,bridge=vmbr2,ip=10.0.30.10/24,gw=10.0.30.1');
		expect(run('pct', 'start', '200').code).toBe(0);
		expect(run('pct', 'status', '200').stdout).toBe('status: stopped\n');
		clock.advance(1999);
		expect(run('pct', 'status', '200').stdout).toBe('status: stopped\n');
		clock.advance(1);
		expect(run('pct', 'status', '200').stdout).toBe('status: running\n');
		expect(run('pct', 'exec', '200', '--', 'pg_isready')).toMatchObject({
			code: 2,
			stdout: '/var/run/postgresql:5432 - no response\n',
		});
		expect(run('nc', '-z', '-w', '2', '10.0.30.10', '5432').code).toBe(1);
		clock.advance(5000);
		expect(run('pct', 'exec', '200', '--', 'pg_isready')).toMatchObject({
			code: 0,
			stdout: '/var/run/postgresql:5432 - accepting connections\n',
		});
		expect(run('nc', '-z', '-w', '2', '10.0.30.10', '5432').code).toBe(0);
		const lxc = resources(run).find((e) => e.id === 'lxc/200')!;
		expect(lxc.status).toBe('running');
		expect(lxc.uptime).toBe(5);
	});

	it('answers HTTP with 200 once the service is up, 000 before', () => {
		const {clock, run} = setup();
		run('pct', 'start', '117');
		clock.advance(2500);
		expect(run('curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', 'http://192.168.0.10:2283/')).toMatchObject({
			code: 7,
			stdout: '000',
		});
		clock.advance(5000);
		expect(run('curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', 'http://192.168.0.10:2283/')).toMatchObject({
			code: 0,
			stdout: '200',
		});
		expect(
			run('pct', 'exec', '105', '--', 'curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', 'http://localhost:2283')
				.stdout,
		).toBe('200');
	});

	it('moves cpu, memory, uptime and network counters', () => {
		const {clock, run} = setup();
		const a = resources(run).find((e) => e.id === 'lxc/105')!;
		clock.advance(60_000);
		const b = resources(run).find((e) => e.id === 'lxc/105')!;
		expect(b.uptime - a.uptime).toBe(60);
		expect(b.netin!).toBeGreaterThan(a.netin!);
		expect(b.cpu).not.toBe(a.cpu);
		expect(b.cpu).toBeGreaterThanOrEqual(0);
		expect(b.cpu).toBeLessThanOrEqual(1);
		expect(b.mem).not.toBe(a.mem);
	});

	it('grows media-pool so a trend is visible over an hour', () => {
		const {clock, run} = setup();
		const alloc = () =>
			Number(
				run('zpool', 'list', '-Hp', '-o', 'name,size,alloc,free,frag,cap,dedup,health')
					.stdout.split('\n')[0]!
					.split('\t')[2],
			);
		const before = alloc();
		clock.advance(3_600_000);
		expect(alloc() - before).toBe(3 * 1024 ** 3);
	});

	it('progresses the staging-pool scrub and finishes it', () => {
		const {clock, run} = setup();
		const status = () => run('zpool', 'status', 'staging-pool').stdout;
		expect(status()).toContain('  scan: scrub in progress since Sun Nov 23 10:40:00 2025\n');
		expect(status()).toContain('\t0B repaired, 33.33% done, 01:20:00 to go\n');
		clock.advance(40 * 60_000);
		expect(status()).toContain('0B repaired, 66.67% done, 00:40:00 to go');
		clock.advance(41 * 60_000);
		expect(status()).toContain('  scan: scrub repaired 0B in 02:00:00 with 0 errors on Sun Nov 23 12:40:00 2025\n');
	});

	it('refreshes WireGuard handshakes about every two minutes', () => {
		const {clock, run} = setup();
		const handshake = () =>
			Number(run('pct', 'exec', '116', '--', 'wg', 'show', 'all', 'dump').stdout.split('\n')[1]!.split('\t')[5]);
		for (let i = 0; i < 6; i++) {
			const age = Math.floor(clock.now() / 1000) - handshake();
			expect(age).toBeGreaterThanOrEqual(0);
			expect(age).toBeLessThan(120);
			clock.advance(47_000);
		}
	});

	it('writes new journal lines as time passes, including the actions taken', () => {
		const {clock, run} = setup();
		const last = () => run('journalctl', '-o', 'json', '-n', '1').stdout;
		const first = last();
		clock.advance(30_000);
		expect(last()).not.toBe(first);
		run('pct', 'start', '117');
		const lines = run('journalctl', '-o', 'json', '-n', '20')
			.stdout.trim()
			.split('\n')
			.map((l) => JSON.parse(l) as Record<string, string>);
		expect(
			lines.some((l) =>
				/starting task UPID:pve:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:vzstart:117:root@pam:/.test(l['MESSAGE']!),
			),
		).toBe(true);
	});
});
