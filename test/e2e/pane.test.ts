/**
 * `--pane` in a real terminal: three proxdeck processes side by side in one tmux window
 * (guests | zfs over network), each on the simulated homelab, started from the single-file
 * build as a user would on the host. The panes are resized, one is zoomed and back, the
 * window is shrunk as when a smaller client attaches, and one pane is squeezed below 40×8
 * and given room again; a single pane is detached and reattached from real terminals of
 * other sizes (util-linux `script`). After each step every pane still shows its data, its frame ends
 * above the last row (nothing scrolled or overflowed) and no line is wider than the pane
 * (nothing wrapped). Runs under `env -u CI` because Ink prints only the last frame when CI
 * is set.
 */
import {describe, it, expect, beforeAll, afterAll} from 'vitest';
import {execFileSync, spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {randomBytes} from 'node:crypto';
import {tmpdir} from 'node:os';
import {fileURLToPath} from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const socket = `pd-pane-${randomBytes(4).toString('hex')}`;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
// util-linux `script` gives a tmux client a real terminal of a chosen size (attach/detach).
const hasScript = spawnSync('script', ['--version']).status === 0;
const required = process.env['REQUIRE_E2E'] === '1';

if (!hasTmux || !hasScript) {
	const reason = `${hasTmux ? 'script (util-linux)' : 'tmux'} is not installed: the --pane end-to-end test is skipped`;
	if (required) throw new Error(`REQUIRE_E2E=1 but ${reason}`);
	process.stderr.write(`${reason}\n`);
}

function tmux(...args: string[]): string {
	return execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
}

interface PaneView {
	width: number;
	height: number;
	/** The visible lines, as tmux shows them (a wrapped line is two lines here). */
	lines: string[];
	/** The same screen with wrapped lines joined back (capture-pane -J). */
	joined: string[];
}

function view(pane: string): PaneView {
	const [width, height] = tmux('display-message', '-p', '-t', pane, '#{pane_width} #{pane_height}')
		.trim()
		.split(' ')
		.map(Number) as [number, number];
	const lines = tmux('capture-pane', '-p', '-t', pane).replace(/\n$/, '').split('\n');
	const joined = tmux('capture-pane', '-p', '-J', '-t', pane).replace(/\n$/, '').split('\n');
	return {width, height, lines, joined};
}

async function waitFor(
	pane: string,
	predicate: (v: PaneView) => boolean,
	what: string,
	timeoutMs = 20_000,
): Promise<PaneView> {
	const deadline = Date.now() + timeoutMs;
	let last = view(pane);
	while (Date.now() < deadline) {
		last = view(pane);
		if (predicate(last)) return last;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`timed out waiting for ${what} in ${last.width}×${last.height}; screen:\n${last.lines.join('\n')}`);
}

/** The frame fits: the bottom row stays empty (frame = rows - 1), no line is wider than the pane, none wrapped. */
function fits(v: PaneView): boolean {
	const bottom = v.lines[v.height - 1] ?? '';
	return (
		v.lines.length <= v.height &&
		bottom.trim() === '' &&
		v.lines.every((line) => [...line].length <= v.width) &&
		v.joined.length === v.lines.length
	);
}

interface Watch {
	pane: string;
	name: 'guests' | 'zfs' | 'network';
	header: RegExp;
	/** Something only this pane's data shows. */
	data: RegExp;
}

function showsData(watch: Watch, v: PaneView): boolean {
	return watch.header.test(v.lines[0] ?? '') && watch.data.test(v.lines.join('\n')) && fits(v);
}

async function expectAll(watches: Watch[], step: string): Promise<void> {
	for (const watch of watches) {
		const v = await waitFor(watch.pane, (x) => showsData(watch, x), `${watch.name} after ${step}`);
		expect(fits(v)).toBe(true);
		expect(v.lines[0]).toMatch(watch.header);
	}
}

/** A tmux client on a terminal of `cols`×`rows` attached to `session` (detach-client ends it). */
function attachClient(session: string, cols: number, rows: number): ChildProcess {
	const client = `stty cols ${cols} rows ${rows}; exec tmux -L ${socket} attach -t ${session}`;
	return spawn('script', ['-q', '-c', client, '/dev/null'], {
		stdio: ['pipe', 'ignore', 'ignore'],
		env: {...process.env, TERM: 'xterm-256color'},
	});
}

async function waitForClients(session: string, count: number): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		if (tmux('list-clients', '-t', session).trim().split('\n').filter(Boolean).length === count) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error(`expected ${count} tmux clients on ${session}`);
}

describe.skipIf(!hasTmux || !hasScript)('--pane in tmux: three panes side by side', () => {
	let dir = '';
	let bundle = '';

	beforeAll(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'pd-pane-e2e-'));
		bundle = path.join(dir, 'proxdeck.mjs');
		// One build for this file; the single file starts faster than tsx and is what users run.
		execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--outfile', bundle], {stdio: 'inherit'});
		tmux('start-server');
	});
	afterAll(() => {
		spawnSync('tmux', ['-L', socket, 'kill-server']);
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('shows guests, ZFS and network; survives resize, zoom, a smaller client and a too-small pane; quits with q', async () => {
		// LANG: UTF-8 glyphs. The exit status is printed after the app leaves the alternate screen.
		const command = (pane: string): string =>
			`env -u CI LANG=C.UTF-8 node ${bundle} --demo --pane ${pane}; echo "[proxdeck exited $?]"; sleep 600`;
		const guests = tmux(
			'new-session',
			'-d',
			'-P',
			'-F',
			'#{pane_id}',
			'-s',
			'panes',
			'-x',
			'200',
			'-y',
			'50',
			'-c',
			dir,
			command('guests'),
		).trim();
		const zfs = tmux('split-window', '-h', '-P', '-F', '#{pane_id}', '-t', guests, '-c', dir, command('zfs')).trim();
		const network = tmux(
			'split-window',
			'-v',
			'-P',
			'-F',
			'#{pane_id}',
			'-t',
			zfs,
			'-c',
			dir,
			command('network'),
		).trim();
		const watches: Watch[] = [
			{
				pane: guests,
				name: 'guests',
				header: /^Guests demo ● connected/,
				data: /\b\d{3} (swag|plex|wireguard)\b.*running/,
			},
			{pane: zfs, name: 'zfs', header: /^ZFS demo ● connected/, data: /^[› >]?media-pool\s.*\d+%/m},
			{
				pane: network,
				name: 'network',
				header: /^Network demo ● connected/,
				data: /^[› >]?[▸▾ ] vmbr0\s+UP\s+192\.168\.0\.2\/24/m,
			},
		];
		await expectAll(watches, 'start');
		// Wide: the guests pane shows every column but TAGS and NODE, the first to go on one node
		// (BACKUP and the room for the sort arrows took theirs).
		expect(view(guests).lines[1]).toMatch(/VMID▲ NAME\s+TYPE\s+STATUS\s+CPU%\s+MEM\s+DISK%\s+UPTIME\s+IP\s+BACKUP/);

		// Narrow the guests pane to 42 columns and the ZFS pane to 9 rows.
		tmux('resize-pane', '-t', guests, '-x', '42');
		tmux('resize-pane', '-t', zfs, '-y', '9');
		await expectAll(watches, 'resize-pane');
		const narrow = await waitFor(
			guests,
			(v) => v.width === 42 && /VMID▲ NAME\s+STATUS\s+CPU%\s*$/.test(v.lines[1] ?? ''),
			'the guests columns dropped to fit 42',
		);
		expect(narrow.lines[1]).not.toContain('MEM');
		const short = view(zfs);
		expect(short.height).toBe(9);
		expect(short.lines.filter((line) => line.trim() !== '')).toHaveLength(8);

		// Zoom the network pane to the whole window, then back.
		tmux('resize-pane', '-Z', '-t', network);
		const zoomed = await waitFor(
			network,
			(v) => v.width === 200 && showsData(watches[2]!, v),
			'the zoomed network pane',
		);
		expect(zoomed.height).toBe(50);
		// Every bridge, the VPN bridge among them, and the tunnel: their guests are folded.
		expect(zoomed.lines.join('\n')).toMatch(/^[› >]?[▸▾ ] vmbr1\s+UP[^]*wg0 in guest/m);
		tmux('resize-pane', '-Z', '-t', network);
		await expectAll(watches, 'unzoom');

		// A smaller client attaching shrinks the window: every pane re-lays out.
		// tmux takes the room from the first panes; share it out again, as a user would.
		tmux('resize-window', '-t', 'panes', '-x', '120', '-y', '30');
		tmux('resize-pane', '-t', guests, '-x', '48');
		tmux('resize-pane', '-t', zfs, '-y', '12');
		await expectAll(watches, 'resize-window 120×30');

		// Below 40 columns the guests pane says what it needs; given room again, it shows guests.
		tmux('resize-pane', '-t', guests, '-x', '30');
		const gate = await waitFor(guests, (v) => v.lines.join('\n').includes('need 40×8') && fits(v), 'the size gate');
		expect(gate.lines.join('\n')).toMatch(/have 30×\d+, need 40×8/);
		tmux('resize-pane', '-t', guests, '-x', '60');
		await expectAll(watches, 'growing the guests pane back');

		// q quits each pane with status 0.
		for (const watch of watches) {
			tmux('send-keys', '-t', watch.pane, 'q');
			const done = await waitFor(
				watch.pane,
				(v) => /\[proxdeck exited \d+\]/.test(v.lines.join('\n')),
				`${watch.name} to exit`,
				15_000,
			);
			expect(/\[proxdeck exited (\d+)\]/.exec(done.lines.join('\n'))![1]).toBe('0');
		}
	}, 150_000);

	it('keeps working when the window is detached and reattached from terminals of other sizes', async () => {
		const zfs = tmux(
			'new-session',
			'-d',
			'-P',
			'-F',
			'#{pane_id}',
			'-s',
			'solo',
			'-x',
			'120',
			'-y',
			'40',
			'-c',
			dir,
			`env -u CI LANG=C.UTF-8 node ${bundle} --demo --pane zfs; echo "[proxdeck exited $?]"; sleep 600`,
		).trim();
		const watch: Watch = {pane: zfs, name: 'zfs', header: /^ZFS demo ● connected/, data: /^[› >]?media-pool\s.*\d+%/m};
		await expectAll([watch], 'start');
		const clients: ChildProcess[] = [];
		try {
			// A 70×16 terminal attaches (tmux's status line takes one row), then detaches.
			clients.push(attachClient('solo', 70, 16));
			await waitForClients('solo', 1);
			let v = await waitFor(zfs, (x) => x.width === 70 && x.height === 15 && showsData(watch, x), 'the pane at 70×15');
			expect(v.lines.filter((line) => line.trim() !== '').length).toBe(14);
			tmux('detach-client', '-s', 'solo');
			await waitForClients('solo', 0);
			// Detached, it keeps refreshing; a 100×25 terminal attaches and sees the pane at its size.
			clients.push(attachClient('solo', 100, 25));
			await waitForClients('solo', 1);
			v = await waitFor(zfs, (x) => x.width === 100 && x.height === 24 && showsData(watch, x), 'the pane at 100×24');
			// The cursor's gutter marks the selected pool (no colour needed to see it).
			expect(v.lines[2]).toMatch(/^›media-pool\s+█+░*\s+\d+%/);
			tmux('detach-client', '-s', 'solo');
			await waitForClients('solo', 0);
		} finally {
			for (const client of clients) client.kill();
		}
		tmux('send-keys', '-t', zfs, 'q');
		await waitFor(zfs, (v) => /\[proxdeck exited 0\]/.test(v.lines.join('\n')), 'zfs to exit', 15_000);
	}, 60_000);
});
