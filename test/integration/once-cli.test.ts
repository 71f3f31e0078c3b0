/**
 * `--once` and `--once --json` as pipes and cron use them: stdout and stdin are pipes, no
 * colour is forced, the config is a fresh HOME's. Plain tables with no ANSI codes; `--pane`
 * narrows the tables to that pane's; the JSON parses and answers jq-style questions; exit
 * codes are 0 ok, 1 error, 2 usage (as the README says). Runs the single-file build (built once here)
 * because it starts in a third of tsx's time.
 */
import {describe, it, expect, beforeAll, afterAll} from 'vitest';
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import {runPiped, type Run} from '../helpers/run.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hasJq = spawnSync('jq', ['--version']).status === 0;
if (!hasJq)
	process.stderr.write('jq is not installed: the real `| jq` pipe test is skipped (the parsing tests still run)\n');

let dir = '';
let bundle = '';
let env: NodeJS.ProcessEnv = {};

/** Runs proxdeck with stdin and stdout as pipes (never a terminal), as cron does. */
function proxdeck(args: string[]): Promise<Run> {
	return runPiped(process.execPath, [bundle, ...args], {cwd: dir, env});
}

const ESC = '\u001B';

beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'pd-once-'));
	bundle = path.join(dir, 'proxdeck.mjs');
	execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--outfile', bundle], {stdio: 'inherit'});
	// A terminal-ish TERM and no FORCE_COLOR: colour must be off because stdout is a pipe.
	env = {
		PATH: process.env['PATH'] ?? '/usr/bin:/bin',
		HOME: dir,
		XDG_CONFIG_HOME: path.join(dir, '.config'),
		TERM: 'xterm-256color',
		LANG: 'C.UTF-8',
	};
}, 60_000);
afterAll(() => {
	if (dir) rmSync(dir, {recursive: true, force: true});
});

describe('--once in pipes and cron', () => {
	it('prints every table as plain text with no ANSI codes and no raw-mode error', async () => {
		const run = await proxdeck(['--demo', '--once']);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		expect(run.stdout).not.toContain(ESC);
		expect(run.stdout).toMatch(/^proxdeck — demo \(demo\) — nodes: pve — \d{4}-\d\d-\d\dT/);
		for (const title of [
			'Guests',
			'Containers',
			'Compose stacks',
			'ZFS pools',
			'Storages',
			'Bridges',
			'Routes',
			'VPN',
		]) {
			expect(run.stdout).toMatch(new RegExp(`^${title} \\(\\d+\\)$`, 'm'));
		}
		// ink-table rows: the demo's guests, pools and bridges.
		expect(run.stdout).toMatch(/│ 120\s+│ plex\s+│ lxc\s+│ pve\s+│ running\s+│/);
		expect(run.stdout).toMatch(/│ media-pool\s+│ 7\.3T\s+│/);
		expect(run.stdout).toMatch(/│ vmbr1\s+│/);
	});

	it("--pane zfs --interval 5 prints just the ZFS pane's tables", async () => {
		const run = await proxdeck(['--demo', '--once', '--pane', 'zfs', '--interval', '5']);
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/^ZFS pools \(3\)$/m);
		expect(run.stdout).toMatch(/^Storages \(\d+\)$/m);
		expect(run.stdout).not.toMatch(/^Guests \(/m);
		expect(run.stdout).not.toMatch(/^Bridges \(/m);
		expect(run.stdout).not.toContain(ESC);
	});

	it('--json prints schema v2 that answers jq-style questions', async () => {
		const run = await proxdeck(['--demo', '--once', '--json']);
		expect(run.code).toBe(0);
		expect(run.stderr).toBe('');
		const snapshot = JSON.parse(run.stdout) as {
			schemaVersion: number;
			context: string;
			takenAt: string;
			guests: {
				vmid: number;
				name: string;
				status: string;
				template: boolean;
				tags: string[];
				nics: {bridge: string; ip?: string}[];
			}[];
			pools: {node: string; name: string; capacity: number; level: string; health: string}[];
			nodes: {name: string; state: string; route: string}[];
			bridges: {name: string; guests: {vmid: number}[]}[];
			vpn: {tunnels: {name: string; gatewayVmid: number | null}[]};
			errors: unknown[];
		};
		expect(snapshot.schemaVersion).toBe(2);
		// jq '.nodes[] | {name, state}': the demo is one node, read through the connection itself.
		expect(snapshot.nodes.map(({name, state, route}) => ({name, state, route}))).toEqual([
			{name: 'pve', state: 'online', route: 'connected'},
		]);
		expect(snapshot.context).toBe('demo');
		expect(Number.isNaN(Date.parse(snapshot.takenAt))).toBe(false);
		// jq '.pools[] | {name, level}'
		expect(snapshot.pools.map(({node, name, level}) => ({node, name, level}))).toEqual([
			{node: 'pve', name: 'media-pool', level: 'warn'},
			{node: 'pve', name: 'service-pool', level: 'ok'},
			{node: 'pve', name: 'staging-pool', level: 'ok'},
		]);
		// jq '[.guests[] | select(.template) | .vmid]'
		expect(snapshot.guests.filter((g) => g.template).map((g) => g.vmid)).toEqual([
			900, 901, 902, 903, 904, 905, 906, 907, 908,
		]);
		// jq '.bridges[] | select(.name == "vmbr1") | .guests | length'
		expect(snapshot.bridges.find((b) => b.name === 'vmbr1')?.guests.length).toBeGreaterThan(0);
		// jq '.vpn.tunnels[0].gatewayVmid': the WireGuard gateway guest
		const gateway = snapshot.vpn.tunnels[0]?.gatewayVmid;
		expect(snapshot.guests.find((g) => g.vmid === gateway)?.name).toBe('wireguard');
		expect(snapshot.errors).toEqual([]);
		// Nothing but JSON on stdout: no ANSI, no banner.
		expect(run.stdout).not.toContain(ESC);
		expect(run.stdout.trimStart().startsWith('{')).toBe(true);
	});

	it.skipIf(!hasJq)('pipes into a real jq', () => {
		const out = execFileSync(
			'sh',
			['-c', `node '${bundle}' --demo --once --json | jq -r '.pools[] | "\\(.name) \\(.capacity) \\(.level)"'`],
			{env, cwd: dir, encoding: 'utf8'},
		);
		expect(
			out
				.trim()
				.split('\n')
				.map((line) => line.split(' ')[0]),
		).toEqual(['media-pool', 'service-pool', 'staging-pool']);
		expect(out).toMatch(/^media-pool \d+ warn$/m);
	});

	it('stops quietly when the reader closes the pipe early (| head)', () => {
		const script = `node '${bundle}' --demo --once 2>tables.err | head -1; echo "exit $?"; node '${bundle}' --demo --once --json 2>json.err | head -c 1; echo`;
		const out = execFileSync('bash', ['-o', 'pipefail', '-c', script], {env, cwd: dir, encoding: 'utf8'});
		expect(out).toMatch(/^proxdeck — demo \(demo\) — nodes: pve — \S+\nexit 0\n\{\n$/);
		expect(readFileSync(path.join(dir, 'tables.err'), 'utf8') + readFileSync(path.join(dir, 'json.err'), 'utf8')).toBe(
			'',
		);
	});

	it('exit codes: 2 for usage errors, 2 for the console without a terminal, 1 for an unreachable host', async () => {
		const [json, pane, console_, unreachable] = await Promise.all([
			proxdeck(['--demo', '--json']),
			proxdeck(['--demo', '--once', '--pane', 'disks']),
			proxdeck(['--demo', '--pane', 'guests']),
			proxdeck(['--host', 'nobody@127.0.0.1:1', '--once', '--json']),
		]);
		expect([json.code, json.stderr]).toEqual([2, 'proxdeck: --json prints one snapshot: use it with --once\n']);
		expect(pane.code).toBe(2);
		expect(pane.stderr).toBe('proxdeck: --pane wants one of guests, zfs, network, logs, not "disks"\n');
		expect(console_.code).toBe(2);
		expect(console_.stderr).toBe(
			'proxdeck: the console needs a terminal; use --once or --once --json in pipes and cron\n',
		);
		expect(console_.stdout).toBe('');
		expect(unreachable.code).toBe(1);
		expect(unreachable.stdout).toBe('');
		expect(unreachable.stderr).toMatch(/^proxdeck: cannot reach 127\.0\.0\.1:1: connection refused/);
		expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
	});
});
