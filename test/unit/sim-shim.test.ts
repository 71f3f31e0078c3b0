import {execFile, spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, existsSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {installSimHost, type InstalledSimHost} from '../../source/sim/host-install.js';
import {readState} from '../../source/sim/state-file.js';

const run = promisify(execFile);
let dir: string;
let host: InstalledSimHost;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'pd-simhost-'));
	host = await installSimHost(dir);
}, 60_000);
afterAll(() => rmSync(dir, {recursive: true, force: true}));

async function shim(name: string, ...args: string[]): Promise<{stdout: string; stderr: string; code: number}> {
	try {
		const {stdout, stderr} = await run(join(host.binDir, name), args, {env: {PATH: process.env['PATH'] ?? ''}});
		return {stdout, stderr, code: 0};
	} catch (error) {
		const e = error as {stdout: string; stderr: string; code: number};
		return {stdout: e.stdout, stderr: e.stderr, code: e.code};
	}
}

describe('the test-host shims', () => {
	it('installs wrappers, the bundled shim, the state file and the /etc/pve tree', () => {
		for (const name of ['pvesh', 'pct', 'qm', 'zpool', 'zfs', 'wg', 'journalctl', 'pveversion'])
			expect(existsSync(join(host.binDir, name))).toBe(true);
		expect(readFileSync(join(host.binDir, 'pct'), 'utf8')).toMatch(
			/^#!\/bin\/sh\n[\s\S]*exec '[^']+' '[^']+\/pd-sim\.mjs' pct "\$@"\n$/,
		);
		expect(readFileSync(join(host.pveDir, '.vmlist'), 'utf8')).toMatch(/^\{\n"version": \d+,\n"ids": \{\n"100": /);
		expect(readFileSync(join(host.pveDir, 'nodes/pve/lxc/107.conf'), 'utf8')).toContain(
			'net1: name=eth1,bridge=vmbr1,gw=10.10.10.1',
		);
		expect(readState(host.stateFile).guests).toHaveLength(host.state.guests.length);
	});

	it('shares state between processes: a clone shows up in the next pvesh call and in /etc/pve', async () => {
		const clone = await shim(
			'pct',
			'clone',
			'900',
			'200',
			'--hostname',
			'postgresql-db',
			'--storage',
			'local-lvm',
			'--full',
		);
		expect(clone.code).toBe(0);
		expect(clone.stdout).toContain('Logical volume "vm-200-disk-0" created.');
		const resources = await shim('pvesh', 'get', '/cluster/resources', '--output-format', 'json');
		const entry = (JSON.parse(resources.stdout) as {id: string; name: string; status: string}[]).find(
			(e) => e.id === 'lxc/200',
		);
		expect(entry).toMatchObject({name: 'postgresql-db', status: 'stopped'});
		const conf = readFileSync(join(host.pveDir, 'nodes/pve/lxc/200.conf'), 'utf8');
		expect(conf).toContain('hostname: postgresql-db\n');
		expect(conf).toContain('rootfs: local-lvm:vm-200-disk-0,size=8G\n');
		expect(readFileSync(join(host.pveDir, '.vmlist'), 'utf8')).toContain(
			'"200": { "node": "pve", "type": "lxc", "version": ',
		);
		const again = await shim('pct', 'clone', '900', '200', '--full');
		expect(again).toMatchObject({code: 255, stderr: "CT 200 already exists on node 'pve'\n"});
	});

	it('leaves the state file alone when a command only reads it', async () => {
		const before = statSync(host.stateFile, {bigint: true});
		const reads = await Promise.all([
			shim('pvesh', 'get', '/cluster/resources', '--output-format', 'json'),
			shim('pct', 'list'),
			shim('zfs', 'list', '-Hp'),
		]);
		expect(reads.map((r) => r.code)).toEqual([0, 0, 0]);
		const after = statSync(host.stateFile, {bigint: true});
		// Not written (a write replaces the file: a new inode) and not touched.
		expect([after.ino, after.mtimeNs]).toEqual([before.ino, before.mtimeNs]);
		expect(existsSync(`${host.stateFile}.lock`)).toBe(false);
	});

	it('keeps every write when processes race for the lock', async () => {
		const results = await Promise.all(
			[210, 211, 212, 213].map((id) => shim('pct', 'clone', '901', String(id), '--full', '--storage', 'local-lvm')),
		);
		expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
		const ids = readState(host.stateFile).guests.map((g) => g.vmid);
		expect(ids).toEqual(expect.arrayContaining([210, 211, 212, 213]));
	});

	it('follows the journal until killed', async () => {
		const child = spawn(join(host.binDir, 'journalctl'), ['-o', 'json', '-n', '3', '-f']);
		let out = '';
		const closed = new Promise((resolve) => child.on('close', resolve));
		// The three backlog lines, however long a loaded machine takes to print them.
		const backlog = new Promise<void>((resolve) =>
			child.stdout.on('data', (chunk: Buffer) => {
				out += chunk.toString();
				if (out.split('\n').length > 3) resolve();
			}),
		);
		await Promise.race([backlog, closed]);
		// Following: still running a while after its backlog (a follower never ends on its own).
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(child.exitCode).toBeNull();
		child.kill('SIGTERM');
		await closed;
		const lines = out.trim().split('\n');
		expect(lines.length).toBeGreaterThanOrEqual(3);
		expect((JSON.parse(lines[0]!) as Record<string, string>)['_HOSTNAME']).toBe('pve');
	});
});
