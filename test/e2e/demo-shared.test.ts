/**
 * The demo's homelab is shared by every proxdeck process of the user, in a real terminal:
 * two guests panes run side by side in tmux while separate CLI commands stop a guest and
 * reset the demo; both panes follow on their next refresh. Each process is the single-file
 * build with this test's own $XDG_STATE_HOME.
 */
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const socket = `pd-demo-${randomBytes(4).toString('hex')}`;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) {
	const reason = 'tmux is not installed: the shared-demo end-to-end test is skipped';
	if (process.env['REQUIRE_E2E'] === '1') throw new Error(`REQUIRE_E2E=1 but ${reason}`);
	process.stderr.write(`${reason}\n`);
}

function tmux(...args: string[]): string {
	return execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
}

function screen(pane: string): string {
	return tmux('capture-pane', '-p', '-t', pane);
}

async function waitFor(pane: string, pattern: RegExp, what: string, timeoutMs = 20_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	let last = screen(pane);
	while (Date.now() < deadline) {
		last = screen(pane);
		if (pattern.test(last)) return last;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`timed out waiting for ${what}; the pane shows:\n${last}`);
}

describe.skipIf(!hasTmux)('one demo homelab for every process', () => {
	let dir = '';
	let bundle = '';
	let env: NodeJS.ProcessEnv = {};

	function proxdeck(...args: string[]): Promise<{code: number | null; stderr: string}> {
		return new Promise((resolve, reject) => {
			const child = spawn(process.execPath, [bundle, ...args], {env, stdio: ['ignore', 'ignore', 'pipe']});
			let stderr = '';
			child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
			child.on('error', reject);
			child.on('close', (code) => resolve({code, stderr}));
		});
	}

	beforeAll(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'pd-demo-shared-'));
		bundle = path.join(dir, 'proxdeck.mjs');
		execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--outfile', bundle], {stdio: 'inherit'});
		env = {
			...process.env,
			HOME: dir,
			XDG_CONFIG_HOME: path.join(dir, '.config'),
			XDG_STATE_HOME: path.join(dir, 'state'),
		};
		tmux('start-server');
	}, 60_000);
	afterAll(() => {
		spawnSync('tmux', ['-L', socket, 'kill-server']);
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('shows two open panes what separate commands change, and a reset', async () => {
		const command = `env -u CI LANG=C.UTF-8 HOME=${dir} XDG_STATE_HOME=${env['XDG_STATE_HOME']} node ${bundle} --demo --pane guests; sleep 600`;
		const left = tmux(
			'new-session',
			'-d',
			'-P',
			'-F',
			'#{pane_id}',
			'-s',
			'demo',
			'-x',
			'200',
			'-y',
			'40',
			'-c',
			dir,
			command,
		).trim();
		const right = tmux('split-window', '-h', '-P', '-F', '#{pane_id}', '-t', left, '-c', dir, command).trim();
		const sonarr = (status: string) => new RegExp(`\\b112 sonarr\\s.*\\b${status}\\b`);
		for (const pane of [left, right]) await waitFor(pane, sonarr('running'), 'sonarr running');

		const stop = await proxdeck('--demo', 'stop', '112', '--yes');
		expect(stop.code).toBe(0);
		for (const pane of [left, right]) await waitFor(pane, sonarr('stopped'), 'sonarr stopped after the CLI stopped it');

		const reset = await proxdeck('demo', 'reset');
		expect(reset.stderr).toContain("the demo's homelab starts afresh");
		for (const pane of [left, right]) await waitFor(pane, sonarr('running'), 'sonarr running again after the reset');
	}, 120_000);
});
