/**
 * The one-file install: `npm pack` (whose prepack runs the build) gives a package of
 * dist/proxdeck.mjs and the README; that one file, copied into an empty directory with no
 * node_modules anywhere above it, runs with plain node: the demo, the local transport (which
 * says clearly that this machine is not a Proxmox host), ssh2 in pure JavaScript against a
 * real sshd; and the tarball installed with `npm i -g` gives a working `proxdeck` bin. Its
 * chunks are written once per build to the cache directory (or a temporary one removed at
 * exit), written again when files of that directory went missing; `--version` alone loads
 * none of them, and the paths that print and exit run without the console's chunk.
 */
import {describe, it, expect, beforeAll, afterAll} from 'vitest';
import {execFileSync} from 'node:child_process';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import {requireE2E} from '../host/gate.js';
import {runPiped, type Run} from '../helpers/run.js';
import {startTestHost, type TestHost} from '../host/harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const gate = requireE2E('single-file over ssh');

let work = '';
let tarball = '';
let packed: string[] = [];
/** The empty directory the single file is copied into. */
let lonely = '';
let single = '';

/** Plain node, nothing on NODE_PATH, stdin and stdout pipes. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
	return runPiped(command, args, {
		cwd: lonely,
		env: {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: lonely, LANG: 'C.UTF-8', ...env},
	});
}

function noNodeModulesAbove(dir: string): boolean {
	for (let at = dir; ; at = path.dirname(at)) {
		if (existsSync(path.join(at, 'node_modules'))) return false;
		if (path.dirname(at) === at) return true;
	}
}

beforeAll(() => {
	work = mkdtempSync(path.join(tmpdir(), 'pd-single-'));
	// The one build of this file: npm pack runs prepack (npm run build).
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const info = JSON.parse(out.slice(out.indexOf('['))) as {filename: string; files: {path: string}[]}[];
	tarball = path.join(work, info[0]!.filename);
	packed = info[0]!.files.map((file) => file.path).sort();
	const unpacked = path.join(work, 'unpacked');
	mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
	lonely = path.join(work, 'empty');
	mkdirSync(lonely);
	single = path.join(lonely, 'proxdeck.mjs');
	copyFileSync(path.join(unpacked, 'package', 'dist', 'proxdeck.mjs'), single);
}, 120_000);
afterAll(() => {
	if (work) rmSync(work, {recursive: true, force: true});
});

describe('the single file', () => {
	it('npm pack ships just the bundle, the README and package.json', () => {
		expect(packed).toEqual(['README.md', 'dist/proxdeck.mjs', 'package.json']);
	});

	it('runs --demo --once --json alone in an empty directory with plain node', async () => {
		expect(readdirSync(lonely)).toEqual(['proxdeck.mjs']);
		expect(noNodeModulesAbove(lonely)).toBe(true);
		const result = await run(process.execPath, [single, '--demo', '--once', '--json']);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const snapshot = JSON.parse(result.stdout) as {
			schemaVersion: number;
			guests: {name: string}[];
			pools: {name: string}[];
		};
		expect(snapshot.schemaVersion).toBe(2);
		expect(snapshot.guests.length).toBeGreaterThan(30);
		expect(snapshot.guests.map((g) => g.name)).toContain('plex');
		expect(snapshot.pools.map((p) => p.name)).toEqual(['media-pool', 'service-pool', 'staging-pool']);
	});

	it('answers --version alone without writing or loading a chunk, as the program itself does', async () => {
		const cache = path.join(lonely, 'cache-version');
		const alone = await run(process.execPath, [single, '--version'], {XDG_CACHE_HOME: cache});
		expect(alone.stdout).toMatch(/^proxdeck \d+\.\d+\.\d+\n$/);
		expect(alone.code).toBe(0);
		expect(existsSync(cache)).toBe(false);
		// With another flag beside it, the program parses the line: the same answer.
		const parsed = await run(process.execPath, [single, '--no-color', '--version'], {XDG_CACHE_HOME: cache});
		expect(parsed.stdout).toBe(alone.stdout);
		expect(readdirSync(path.join(cache, 'proxdeck'))).toHaveLength(1);
	});

	it('writes its chunks once per build to the cache directory, and the printing paths never need the console', async () => {
		const cache = path.join(lonely, 'cache');
		const env = {XDG_CACHE_HOME: cache};
		expect((await run(process.execPath, [single, '--help'], env)).code).toBe(0);
		const builds = readdirSync(path.join(cache, 'proxdeck'));
		expect(builds).toHaveLength(1);
		const chunks = path.join(cache, 'proxdeck', builds[0]!);
		// The console's chunk (Ink and React) made to fail when loaded: what prints and exits still works.
		const consoleChunks = readdirSync(chunks).filter((name) =>
			readFileSync(path.join(chunks, name), 'utf8').includes('react-reconciler'),
		);
		expect(consoleChunks.length).toBeGreaterThan(0);
		for (const name of consoleChunks)
			writeFileSync(path.join(chunks, name), 'throw new Error("the console loaded");\n');
		const json = await run(process.execPath, [single, '--demo', '--once', '--json'], env);
		expect(json.stderr).toBe('');
		expect(json.code).toBe(0);
		expect((JSON.parse(json.stdout) as {context: string}).context).toBe('demo');
		const tables = await run(process.execPath, [single, '--demo', '--once'], env);
		expect(tables.stderr).toBe('');
		expect(tables.stdout).toMatch(/^Guests \(\d+\)$/m);
		expect(readdirSync(path.join(cache, 'proxdeck'))).toEqual(builds);
	});

	it('writes the chunks again when files of its cache directory went missing', async () => {
		const cache = path.join(lonely, 'cache-partial');
		const env = {XDG_CACHE_HOME: cache};
		const first = await run(process.execPath, [single, '--demo', '--once'], env);
		expect(first.code).toBe(0);
		const [build] = readdirSync(path.join(cache, 'proxdeck'));
		const chunks = path.join(cache, 'proxdeck', build!);
		const written = readdirSync(chunks).sort();
		// A cleaner of old cache files took every chunk but the entry.
		for (const name of written) if (name !== 'proxdeck.mjs') rmSync(path.join(chunks, name));
		const again = await run(process.execPath, [single, '--demo', '--once'], env);
		expect(again.stderr).toBe('');
		expect(again.code).toBe(0);
		expect(again.stdout).toMatch(/^Guests \(\d+\)$/m);
		expect(readdirSync(chunks).sort()).toEqual(written);
		expect(readdirSync(path.join(cache, 'proxdeck'))).toEqual([build]);
	});

	it('removes what a start that died while writing its chunks left in the cache, once it is a minute old', async () => {
		const cache = path.join(lonely, 'cache-leftovers');
		const builds = path.join(cache, 'proxdeck');
		const left = ['0123456789abcdef.4242.tmp', '0123456789abcdef.4242.stale'];
		const writing = 'fedcba9876543210.4343.tmp';
		for (const name of [...left, writing]) {
			mkdirSync(path.join(builds, name), {recursive: true});
			writeFileSync(path.join(builds, name, 'chunk-HALF.mjs'), '');
		}
		const hourAgo = new Date(Date.now() - 3_600_000);
		for (const name of left) utimesSync(path.join(builds, name), hourAgo, hourAgo);
		// This build's first start writes its chunks, then tidies the cache directory.
		const result = await run(process.execPath, [single, '--help'], {XDG_CACHE_HOME: cache});
		expect(result.code).toBe(0);
		const after = readdirSync(builds);
		for (const name of left) expect(after).not.toContain(name);
		// One written a moment ago may be another start's, still writing.
		expect(after).toContain(writing);
		expect(after.filter((name) => /^[0-9a-f]{16}$/.test(name))).toHaveLength(1);
	});

	it('runs from a private temporary directory, removed at exit, when the cache cannot be written', async () => {
		const scratch = mkdtempSync(path.join(work, 'tmp-'));
		// A file where the cache directory would be: nothing can be made under it.
		const result = await run(process.execPath, [single, '--demo', '--once', '--json'], {
			XDG_CACHE_HOME: single,
			TMPDIR: scratch,
		});
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout)).toHaveProperty('context', 'demo');
		expect(readdirSync(scratch)).toEqual([]);
	});

	it('--local --once loads the local transport and says in one sentence that this is not a Proxmox host (exit 1)', async () => {
		const result = await run(process.execPath, [single, '--local', '--once']);
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/^proxdeck: \S+ has no pvesh command: it does not look like a Proxmox VE host/);
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
		expect(result.stderr).not.toMatch(/^\s+at /m);
	});

	it('loads ssh2 without its native addon: an unreachable host is a one-line error, not a crash', async () => {
		const result = await run(process.execPath, [single, '--host', 'nobody@127.0.0.1:1', '--once']);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^proxdeck: cannot reach 127\.0\.0\.1:1: connection refused/);
		expect(result.stderr).not.toMatch(/^\s+at /m);
	});

	it('npm i -g of the tarball gives a proxdeck bin that works', async () => {
		const prefix = path.join(work, 'prefix');
		execFileSync(
			'npm',
			['install', '--global', '--prefix', prefix, '--offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball],
			{cwd: lonely, stdio: ['ignore', 'ignore', 'inherit']},
		);
		const result = await run(path.join(prefix, 'bin', 'proxdeck'), ['--demo', '--once', '--json']);
		expect(result.code).toBe(0);
		expect((JSON.parse(result.stdout) as {context: string}).context).toBe('demo');
	}, 120_000);
});

describe.skipIf(gate.skip)('the single file over SSH (pure-JS ssh2) against the test host', () => {
	let host: TestHost;
	beforeAll(async () => {
		gate.assert();
		host = await startTestHost();
	}, 120_000);
	afterAll(async () => {
		await host?.close();
	});

	it('--host <alias> --once --json reads the simulated homelab', async () => {
		const result = await run(process.execPath, [single, '--host', host.alias, '--once', '--json'], {
			HOME: host.home,
			USER: 'root',
		});
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const snapshot = JSON.parse(result.stdout) as {context: string; guests: unknown[]; bridges: {name: string}[]};
		expect(snapshot.context).toBe(host.alias);
		expect(snapshot.guests.length).toBeGreaterThan(30);
		expect(snapshot.bridges.map((b) => b.name)).toContain('vmbr1');
	}, 60_000);
});
