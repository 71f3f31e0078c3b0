/**
 * Contexts in a real terminal: the console started on the demo context
 * switches with `:ctx` to the sshd test host (a read-only, red PROD context) and back; the
 * read-only one refuses a deploy and says why; a remapped key (F = stop) and an unbound one
 * (r = refresh) work as the config says and show in `?` help. Needs tmux and the test host
 * (sshd, root): skipped with the reason, or a failure when REQUIRE_E2E=1.
 */
import {describe, it, expect, beforeAll, afterAll} from 'vitest';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import {TmuxServer, requireTmux} from './tmux-session.js';

const gate = requireE2E('console :ctx');
const hasTmux = requireTmux('the :ctx end-to-end test');
const tmux = new TmuxServer();
const capture = (s: string): string => tmux.capture(s);

/** One key per send-keys, a beat apart: tmux would glue Escape to the next key (an Alt chord). */
async function keys(s: string, ...names: string[]): Promise<void> {
	for (const name of names) {
		tmux.keys(s, name);
		await new Promise((resolve) => setTimeout(resolve, 60));
	}
}

/** Types a palette command: `:`, the text in one go, Enter. */
async function palette(s: string, line: string): Promise<void> {
	await keys(s, ':');
	tmux.run('send-keys', '-t', s, '-l', line);
	await keys(s, 'Enter');
}

const headerOf = (screen: string): string => screen.split('\n')[0] ?? '';

describe.skipIf(gate.skip || !hasTmux)('console contexts in tmux: :ctx between the demo and the sshd test host', () => {
	let host: TestHost;
	let config: string;
	let state: string;

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost();
		const dir = mkdtempSync(path.join(tmpdir(), 'proxdeck-ctx-'));
		state = path.join(dir, 'state');
		config = path.join(dir, 'config.json');
		writeFileSync(
			config,
			JSON.stringify({
				version: 1,
				defaultContext: 'demo',
				contexts: [
					{name: 'demo', target: 'demo'},
					{name: 'testhost', target: 'host', host: host.alias, readOnly: true, colour: 'red', banner: 'PROD'},
				],
				keymap: {'guests.stop': 'F', 'app.refresh': '<disabled>'},
			}),
			{mode: 0o600},
		);
		tmux.run('start-server');
	}, 60_000);
	afterAll(async () => {
		tmux.kill();
		await host?.close();
	});

	it('switches back and forth; the read-only one refuses a deploy and says why; remapped and unbound keys work and show in ?', async () => {
		const s = 'ctx';
		// HOME: the test host's ~/.ssh/config (the alias) and known_hosts; node directly, not npx, so HOME does not matter to npm.
		tmux.start(s, 200, 90, `node --import tsx source/cli.tsx --config ${config} --context demo`, {
			HOME: host.home,
			USER: 'root',
			XDG_STATE_HOME: state,
		});
		let screen = await tmux.waitFor(
			s,
			// The header counts the nodes once the first refresh has landed; wait for that, not a digit anywhere.
			(t) => t.includes('1 Guests') && / nodes 1\/1 /.test(t),
			'the demo console with data',
			60_000,
		);
		expect(headerOf(screen)).toMatch(/^proxdeck demo demo nodes 1\/1 \[RW\]/);

		// ? shows the keys in effect: F stops, refresh is unbound.
		await keys(s, '?');
		screen = await tmux.waitFor(
			s,
			(t) => t.includes('Help') && t.includes('guests.stop'),
			'help with the guest actions',
		);
		expect(screen).toMatch(/\(unbound\)\s+Refresh now\s+app\.refresh/);
		expect(screen).toMatch(/F\s+Stop the guest, or every marked guest \(no clean shutdown\)\s+guests\.stop/);
		await keys(s, 'q');
		await tmux.waitFor(s, (t) => t.includes('1 Guests'), 'back from help');

		// The remapped key opens the stop dialog; the old one does nothing.
		await keys(s, 'x');
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(capture(s)).not.toContain('Stop swag (100)?');
		await keys(s, 'F');
		screen = await tmux.waitFor(s, (t) => t.includes('Stop swag (100)?'), 'the stop dialog from F');
		expect(screen).toContain('$ pct stop 100');
		expect(screen).toContain('> Cancel <');
		await keys(s, 'Escape');
		await tmux.waitFor(s, (t) => !t.includes('Stop swag (100)?'), 'the dialog closed');

		// To the test host over ssh: read-only, red PROD banner, its own data.
		await palette(s, 'ctx testhost');
		screen = await tmux.waitFor(
			s,
			(t) => headerOf(t).includes('PROD testhost') && headerOf(t).includes('nodes 1/1') && /\b110 grafana/.test(t),
			'the test host context with data',
			60_000,
		);
		expect(headerOf(screen)).toMatch(/^proxdeck PROD testhost root@127\.0\.0\.1:\d+ nodes 1\/1 \[RO\] ● connected/);
		await keys(s, 'd');
		screen = await tmux.waitFor(s, (t) => t.includes('disabled (read-only'), 'the refusal');
		expect(screen).toContain(
			'Deploy a catalog service (pick it, and the node in a cluster): disabled (read-only mode [RO]: context "testhost" is readOnly in the config (--write overrides))',
		);
		// The footer names the refusal; the picker (titled just "Deploy a catalog service") never opened.
		expect(screen).not.toMatch(/Deploy a catalog service(?! \(pick)/);
		await palette(s, 'deploy postgresql');
		screen = await tmux.waitFor(s, (t) => t.includes(':deploy: refused'), 'the palette refusal');
		expect(screen).toContain(
			':deploy: refused (read-only mode [RO]: context "testhost" is readOnly in the config (--write overrides))',
		);

		// And back: read-write again, and the deploy picker opens.
		await palette(s, 'ctx demo');
		screen = await tmux.waitFor(
			s,
			(t) => /^proxdeck demo demo nodes 1\/1/.test(headerOf(t)) && /\b110 grafana/.test(t),
			'the demo again',
			60_000,
		);
		expect(headerOf(screen)).toContain('[RW]');
		expect(headerOf(screen)).not.toContain('PROD');
		await keys(s, 'd');
		await tmux.waitFor(
			s,
			(t) => t.includes('Deploy a catalog service') && t.includes('postgresql'),
			'the deploy picker',
		);
		await keys(s, 'Escape');
		await keys(s, 'q');
		screen = await tmux.waitFor(s, (t) => /\[exited \d+\]/.test(t), 'the console to exit', 20_000);
		expect(/\[exited (\d+)\]/.exec(screen)![1]).toBe('0');
	}, 180_000);
});
