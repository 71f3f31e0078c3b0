/**
 * The live console in a real terminal: tmux on its own socket, started the way the README
 * says (`npm start`, the simulated homelab) or, while the simulated homelab is not in the
 * tree, the sample-homelab launcher. Visits every pane, filters, opens a detail view and
 * quits; checks the frame never overflows at 80×24 and 200×50. Runs under `env -u CI`
 * because Ink prints only the last frame when CI is set.
 */
import {describe, it, expect, beforeAll, afterAll} from 'vitest';
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, writeFileSync} from 'node:fs';
import {randomBytes} from 'node:crypto';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import {refreshShown} from './tmux-session.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const socket = `pd-e2e-${randomBytes(4).toString('hex')}`;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const required = process.env['REQUIRE_E2E'] === '1';
// PD_E2E_LAUNCHER=sample runs the sample-homelab launcher even when the simulated homelab exists.
const simReady =
	process.env['PD_E2E_LAUNCHER'] !== 'sample' &&
	existsSync(path.join(root, 'source/sim/transport.ts')) &&
	existsSync(path.join(root, 'source/sim/homelab.ts'));
const launch = simReady ? 'npm start --silent' : 'node --import tsx test/e2e/console-launcher.tsx';

if (!hasTmux) {
	const reason = 'tmux is not installed: the terminal end-to-end test of the console is skipped';
	if (required) throw new Error(`REQUIRE_E2E=1 but ${reason}`);
	process.stderr.write(`${reason}\n`);
}

function tmux(...args: string[]): string {
	return execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
}

function capture(session: string): string {
	return tmux('capture-pane', '-p', '-t', session);
}

async function waitFor(
	session: string,
	predicate: (screen: string) => boolean,
	what: string,
	timeoutMs = 20_000,
): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	let screen = '';
	while (Date.now() < deadline) {
		screen = capture(session);
		if (predicate(screen)) return screen;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
}

function keys(session: string, ...names: string[]): void {
	for (const name of names) tmux('send-keys', '-t', session, name);
}

function start(session: string, cols: number, rows: number): void {
	// LANG: UTF-8 glyphs; the app falls back to ASCII for other locales. FORCE_COLOR=0 (the
	// test runner's) would turn colour off; a user's terminal has it on.
	// The exit status is printed after the app leaves the alternate screen (tmux's
	// pane_dead_status is not reliable across tmux versions).
	tmux(
		'new-session',
		'-d',
		'-s',
		session,
		'-x',
		String(cols),
		'-y',
		String(rows),
		'-c',
		root,
		`env -u CI -u FORCE_COLOR LANG=C.UTF-8 ${launch}; echo "[proxdeck exited $?]"; sleep 600`,
	);
}

async function exitStatus(session: string): Promise<string> {
	const screen = await waitFor(session, (text) => /\[proxdeck exited \d+\]/.test(text), 'the console to exit', 15_000);
	return /\[proxdeck exited (\d+)\]/.exec(screen)![1]!;
}

const TITLES = ['1 Guests', '2 ZFS & storage', '3 Network / VPN', '4 Logs'];

describe.skipIf(!hasTmux)(`console in tmux (${simReady ? 'npm start' : 'sample launcher'})`, () => {
	beforeAll(() => {
		tmux('start-server');
	});
	afterAll(() => {
		spawnSync('tmux', ['-L', socket, 'kill-server']);
	});

	it('80×24: visits every pane, filters, opens a detail view and quits cleanly', async () => {
		const s = 'small';
		start(s, 80, 24);
		let screen = await waitFor(
			s,
			(text) => text.includes('1 Guests') && refreshShown(text),
			'the guests pane with data',
			60_000,
		);
		expect(screen.split('\n')[0]).toMatch(/^proxdeck /);
		for (const [i, title] of TITLES.entries()) {
			keys(s, String(i + 1));
			screen = await waitFor(s, (text) => text.includes(title), title);
			expect(screen.split('\n')[0]).toMatch(/^proxdeck /);
			expect(screen.trimEnd().split('\n').length).toBeLessThanOrEqual(23);
		}
		// grafana runs as a guest only (plex would also match the Docker host's plex container).
		keys(s, '1', '/', 'g', 'r', 'a', 'f', 'a', 'n', 'a', 'Enter');
		screen = await waitFor(s, (text) => text.includes('/grafana/') && / of \d+/.test(text), 'the filtered guests');
		expect(screen).toMatch(/\d+ grafana/);
		expect(screen).not.toMatch(/\d+ plex/);
		keys(s, 'Enter');
		screen = await waitFor(s, (text) => /Guest \d+ grafana/.test(text), 'the detail view');
		expect(screen).toContain('NICS (');
		keys(s, 'q');
		await waitFor(s, (text) => text.includes('1 Guests'), 'back to the guests pane');
		keys(s, 'Escape');
		await waitFor(s, (text) => !text.includes('/grafana/'), 'the filter cleared');
		keys(s, 'q');
		expect(await exitStatus(s)).toBe('0');
		// The alternate screen is gone: the console's frame is no longer on the terminal.
		expect(capture(s)).not.toContain('1 Guests');
	}, 120_000);

	it('200×50: shows the four panes at once without overflowing; redraws whole after a resize and on Ctrl-L', async () => {
		const s = 'wide';
		start(s, 200, 50);
		let screen = await waitFor(
			s,
			(text) => TITLES.every((t) => text.includes(t)) && refreshShown(text),
			'the 2×2 grid',
			60_000,
		);
		let lines = screen.split('\n');
		expect(lines[0]).toMatch(/^proxdeck /);
		expect(lines[48]).toMatch(/\? help/);

		// Colour is drawn where it means something (tmux's -e keeps the escape sequences): the
		// product name and [RW] in the header, a running guest's status, the ZFS bars.
		const styled = tmux('capture-pane', '-p', '-e', '-t', s).split('\n');
		const esc = '\u001B[';
		expect(styled[0]).toContain(`${esc}1m${esc}36mproxdeck`);
		expect(styled[0]).toMatch(/\u001B\[32m\[RW\]/);
		expect(styled.find((line) => / 100 swag /.test(line))).toContain(`${esc}32m running `);
		expect(styled.find((line) => /media-pool +\u001B/.test(line))).toMatch(/media-pool +\u001B\[33m█+/);
		// The demo's road-warrior peer that never connected is waiting, not stale: health passes it,
		// so the network pane raises no warning for it either.
		expect(styled.filter((line) => line.includes('STALE wg0 peer'))).toEqual([]);

		// Frames are written as diffs of changed rows; a narrower, shorter window must still get
		// a whole, clean frame (no rows left over from the wide one, nothing wrapped).
		tmux('resize-window', '-t', s, '-x', '120', '-y', '36');
		// (tmux crops the old screen from the top: its footer alone lands on row 35 too.)
		screen = await waitFor(
			s,
			(text) => /^proxdeck /.test(text) && /\? help/.test(text.split('\n')[34] ?? ''),
			'the header on row 1 and the footer on row 35 of 36',
		);
		lines = screen.split('\n');
		expect(lines[0]).toMatch(/^proxdeck /);
		expect(lines.every((line) => [...line].length <= 120)).toBe(true);
		expect(tmux('capture-pane', '-p', '-J', '-t', s).split('\n')).toHaveLength(lines.length);
		expect(lines[35] ?? '').toBe('');

		// Something else writes on the terminal (a wall message, a stray background job): on the
		// footer row and on the last row, below the frame, which no frame ever writes again.
		const tty = tmux('display-message', '-p', '-t', s, '#{pane_tty}').trim();
		writeFileSync(tty, '\u001B[35;60HBROADCAST MESSAGE FROM ROOT\u001B[36;1HSTRAY OUTPUT');
		await waitFor(s, (text) => text.includes('STRAY OUTPUT'), 'the stray text on screen');
		keys(s, 'C-l');
		screen = await waitFor(
			s,
			(text) =>
				/^proxdeck /.test(text) &&
				/\? help/.test(text.split('\n')[34] ?? '') &&
				!text.includes('BROADCAST') &&
				!text.includes('STRAY'),
			'Ctrl-L to wipe the stray text and draw the whole frame',
		);
		expect(screen).toContain('1 Guests');
		expect(screen.split('\n')[34]).toMatch(/\? help/);
		keys(s, 'C-c');
		expect(await exitStatus(s)).toBe('0');
	}, 120_000);
});
