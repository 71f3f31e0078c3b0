/**
 * The live console in a real terminal: tmux on its own socket, started the way the README
 * says (`npm start`, the simulated homelab). Visits every pane, filters, opens a detail view
 * and quits; checks the frame never overflows at 80×24 and 200×50.
 */
import {describe, it, expect, beforeAll, afterAll} from 'vitest';
import {writeFileSync} from 'node:fs';
import {TmuxServer, refreshShown, requireTmux} from './tmux-session.js';

const hasTmux = requireTmux('the terminal end-to-end test of the console');
const tmux = new TmuxServer();

function start(session: string, cols: number, rows: number): void {
	tmux.start(session, cols, rows, 'npm start --silent');
}

async function exitStatus(session: string): Promise<string> {
	const screen = await tmux.waitFor(session, (text) => /\[exited \d+\]/.test(text), 'the console to exit', 15_000);
	return /\[exited (\d+)\]/.exec(screen)![1]!;
}

const TITLES = ['1 Guests', '2 ZFS & storage', '3 Network / VPN', '4 Logs'];

describe.skipIf(!hasTmux)('console in tmux (npm start)', () => {
	beforeAll(() => {
		tmux.run('start-server');
	});
	afterAll(() => {
		tmux.kill();
	});

	it('80×24: visits every pane, filters, opens a detail view and quits cleanly', async () => {
		const s = 'small';
		start(s, 80, 24);
		let screen = await tmux.waitFor(
			s,
			(text) => text.includes('1 Guests') && refreshShown(text),
			'the guests pane with data',
			60_000,
		);
		expect(screen.split('\n')[0]).toMatch(/^proxdeck /);
		for (const [i, title] of TITLES.entries()) {
			tmux.keys(s, String(i + 1));
			screen = await tmux.waitFor(s, (text) => text.includes(title), title);
			expect(screen.split('\n')[0]).toMatch(/^proxdeck /);
			expect(screen.trimEnd().split('\n').length).toBeLessThanOrEqual(23);
		}
		// grafana runs as a guest only (plex would also match the Docker host's plex container).
		tmux.keys(s, '1', '/', 'g', 'r', 'a', 'f', 'a', 'n', 'a', 'Enter');
		screen = await tmux.waitFor(s, (text) => text.includes('/grafana/') && / of \d+/.test(text), 'the filtered guests');
		expect(screen).toMatch(/\d+ grafana/);
		expect(screen).not.toMatch(/\d+ plex/);
		tmux.keys(s, 'Enter');
		screen = await tmux.waitFor(s, (text) => /Guest \d+ grafana/.test(text), 'the detail view');
		expect(screen).toContain('NICS (');
		tmux.keys(s, 'q');
		await tmux.waitFor(s, (text) => text.includes('1 Guests'), 'back to the guests pane');
		tmux.keys(s, 'Escape');
		await tmux.waitFor(s, (text) => !text.includes('/grafana/'), 'the filter cleared');
		tmux.keys(s, 'q');
		expect(await exitStatus(s)).toBe('0');
		// The alternate screen is gone: the console's frame is no longer on the terminal.
		expect(tmux.capture(s)).not.toContain('1 Guests');
	}, 120_000);

	it('200×50: shows the four panes at once without overflowing; redraws whole after a resize and on Ctrl-L', async () => {
		const s = 'wide';
		start(s, 200, 50);
		let screen = await tmux.waitFor(
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
		const styled = tmux.capture(s, {escapes: true}).split('\n');
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
		tmux.run('resize-window', '-t', s, '-x', '120', '-y', '36');
		// (tmux crops the old screen from the top: its footer alone lands on row 35 too.)
		screen = await tmux.waitFor(
			s,
			(text) => /^proxdeck /.test(text) && /\? help/.test(text.split('\n')[34] ?? ''),
			'the header on row 1 and the footer on row 35 of 36',
		);
		lines = screen.split('\n');
		expect(lines[0]).toMatch(/^proxdeck /);
		expect(lines.every((line) => [...line].length <= 120)).toBe(true);
		expect(tmux.run('capture-pane', '-p', '-J', '-t', s).split('\n')).toHaveLength(lines.length);
		expect(lines[35] ?? '').toBe('');

		// Something else writes on the terminal (a wall message, a stray background job): on the
		// footer row and on the last row, below the frame, which no frame ever writes again.
		const tty = tmux.run('display-message', '-p', '-t', s, '#{pane_tty}').trim();
		writeFileSync(tty, '\u001B[35;60HBROADCAST MESSAGE FROM ROOT\u001B[36;1HSTRAY OUTPUT');
		await tmux.waitFor(s, (text) => text.includes('STRAY OUTPUT'), 'the stray text on screen');
		tmux.keys(s, 'C-l');
		screen = await tmux.waitFor(
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
		tmux.keys(s, 'C-c');
		expect(await exitStatus(s)).toBe('0');
	}, 120_000);
});
