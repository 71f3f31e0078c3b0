/**
 * The demo remembers between commands, as the README chains them: `proxdeck --demo deploy
 * postgresql --yes`, then `proxdeck --demo health postgresql` finds guest 200, and stop and
 * start follow on from there, each a separate process. Its homelab lives in the state
 * directory ($XDG_STATE_HOME, one per test here) and `proxdeck demo reset` starts it afresh.
 * With no config file and no target, commands use the default context, the demo; a --config
 * file that is not there is named as missing. Runs the single-file build (built once here).
 */
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {runPiped, type Run} from '../helpers/run.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir = '';
let bundle = '';
let state = '';

/** One proxdeck process, stdin and stdout pipes, a HOME with no config file and this test's state directory. */
function proxdeck(...args: string[]): Promise<Run> {
	const env = {
		PATH: process.env['PATH'] ?? '/usr/bin:/bin',
		HOME: dir,
		XDG_CONFIG_HOME: path.join(dir, '.config'),
		XDG_STATE_HOME: state,
		LANG: 'C.UTF-8',
	};
	return runPiped(process.execPath, [bundle, ...args], {cwd: dir, env});
}

async function guest(vmid: number, ...target: string[]): Promise<{status: string} | undefined> {
	const run = await proxdeck(...target, '--once', '--json');
	expect(run.code).toBe(0);
	return (JSON.parse(run.stdout) as {guests: {vmid: number; status: string}[]}).guests.find((g) => g.vmid === vmid);
}

beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'pd-demo-cli-'));
	bundle = path.join(dir, 'proxdeck.mjs');
	execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--outfile', bundle], {stdio: 'inherit'});
}, 60_000);
afterAll(() => {
	if (dir) rmSync(dir, {recursive: true, force: true});
});
beforeEach(() => {
	state = mkdtempSync(path.join(dir, 'state-'));
});

describe('the demo remembers between commands', () => {
	it('deploy, then health finds guest 200; stop and start chain on from there', async () => {
		const deploy = await proxdeck('--demo', 'deploy', 'postgresql', '--yes');
		expect(deploy.stdout).toContain('postgresql deployed: guest 200 running at 10.0.30.10 on vmbr2, probes passing');
		expect(deploy.code).toBe(0);

		const health = await proxdeck('--demo', 'health', 'postgresql');
		expect(health.stdout).toMatch(/^PASS\s+service:postgresql\s+running\s+guest 200 is running$/m);
		expect(health.stdout).toMatch(/^PASS\s+service:postgresql\s+probe:pg_isready\s+/m);
		// The guest the deploy just made is in no backup job yet: the backup audit fails it, and the run.
		expect(health.stdout).toMatch(/^FAIL\s+guest:200\s+backup:job\s+/m);
		expect(health.code).toBe(3);

		const again = await proxdeck('--demo', 'deploy', 'postgresql', '--yes');
		expect(again.stdout).toContain('[postgresql] skip clone          0.0s  guest 200 already exists');
		expect(again.stdout).toContain(
			'postgresql is already deployed: guest 200 running at 10.0.30.10 on vmbr2, probes passing; nothing changed',
		);

		expect((await proxdeck('--demo', 'stop', '200', '--yes')).code).toBe(0);
		expect(await guest(200, '--demo')).toMatchObject({status: 'stopped'});
		const down = await proxdeck('--demo', 'health', 'postgresql');
		expect(down.stdout).toMatch(/^FAIL\s+service:postgresql\s+running\s+/m);
		expect(down.code).toBe(3);

		expect((await proxdeck('--demo', 'start', '200', '--yes')).code).toBe(0);
		expect(await guest(200, '--demo')).toMatchObject({status: 'running'});

		const journal = await proxdeck('journal', '--json');
		expect((JSON.parse(journal.stdout) as {action: string; target: string}[]).map((e) => e.action)).toEqual([
			'deploy',
			'deploy',
			'stop',
			'start',
		]);
		expect(existsSync(path.join(state, 'proxdeck', 'demo-homelab.json'))).toBe(true);
	}, 120_000);

	it('a lost template 900 is made again from nothing, and postgresql deploys from it healthy', async () => {
		expect((await proxdeck('--demo', 'destroy', '900', '--confirm', '900', '--yes')).code).toBe(0);
		const made = await proxdeck('--demo', 'template', 'create', 'postgresql', '--yes');
		expect(made.stdout).toMatch(
			/^\[postgresql\] {3}\| debian-12-standard_12\.7-1_amd64\.tar\.zst \(120M\) \[#+\] 100%$/m,
		);
		expect(made.stdout).toContain('postgresql: template 900 made on pve (local-hdd)');
		expect(made.code).toBe(0);

		const deploy = await proxdeck('--demo', 'deploy', 'postgresql', '--yes');
		expect(deploy.stdout).toContain('cloned 900 to 200');
		expect(deploy.stdout).toContain('postgresql deployed: guest 200 running at 10.0.30.10 on vmbr2, probes passing');
		const list = await proxdeck('--demo', 'template', 'list');
		expect(list.stdout).toMatch(/^900\s+postgresql\s+pve\s+local-hdd\s+8G\s+\S+ ago\s+200 postgresql-db$/m);
	}, 60_000);

	it('keeps both changes of two commands run at the same time', async () => {
		const [a, b] = await Promise.all([
			proxdeck('--demo', 'stop', '112', '--yes'),
			proxdeck('--demo', 'stop', '113', '--yes'),
		]);
		expect([a.code, b.code]).toEqual([0, 0]);
		expect(await guest(112, '--demo')).toMatchObject({status: 'stopped'});
		expect(await guest(113, '--demo')).toMatchObject({status: 'stopped'});
	}, 60_000);

	it('starts afresh with `proxdeck demo reset` or --demo-reset', async () => {
		expect((await proxdeck('--demo', 'stop', '112', '--yes')).code).toBe(0);
		const reset = await proxdeck('demo', 'reset');
		expect(reset.code).toBe(0);
		expect(reset.stderr).toContain(
			`the demo's homelab starts afresh (${path.join(state, 'proxdeck', 'demo-homelab.json')})`,
		);
		expect(await guest(112, '--demo')).toMatchObject({status: 'running'});

		expect((await proxdeck('--demo', 'stop', '112', '--yes')).code).toBe(0);
		expect(await guest(112, '--demo-reset')).toMatchObject({status: 'running'});
		expect((await proxdeck('demo', 'path')).stdout).toBe(`${path.join(state, 'proxdeck', 'demo-homelab.json')}\n`);
	}, 60_000);
});

describe('no config file means the demo', () => {
	it('answers --once and subcommands from the demo when no target is named', async () => {
		const once = await proxdeck('--once', '--json');
		expect(once.code).toBe(0);
		expect((JSON.parse(once.stdout) as {context: string}).context).toBe('demo');
		const plan = await proxdeck('deploy', 'redis', '--dry-run');
		expect(plan.stdout).toContain('pct clone 901 201 --hostname redis --storage local-lvm --full');
		expect(plan.code).toBe(0);
		expect((await proxdeck('stop', '112', '--yes')).code).toBe(0);
		expect(await guest(112)).toMatchObject({status: 'stopped'});
	}, 60_000);

	it('names a --config file that is not there, and what to do', async () => {
		const missing = path.join(dir, 'nope.json');
		for (const args of [['--once'], ['health'], ['--demo', 'deploy', 'redis', '--dry-run']]) {
			const run = await proxdeck('--config', missing, ...args);
			expect(run.stdout).toBe('');
			expect(run.stderr).toBe(
				`proxdeck: --config ${missing}: no such file; create it with \`proxdeck config edit --config ${missing}\`, or leave out --config to use ${path.join(dir, '.config', 'proxdeck', 'config.json')}\n`,
			);
			expect(run.code).toBe(2);
		}
	});
});
