/**
 * `--pane` in a real terminal: three proxdeck processes side by side in one tmux window
 * (guests | zfs over network), each on the simulated homelab, started from the single-file
 * build as a user would on the host. The panes are resized, one is zoomed and back, the
 * window is shrunk as when a smaller client attaches, and one pane is squeezed below 40×8
 * and given room again. After each step every pane still shows its data, its frame ends
 * above the last row (nothing scrolled or overflowed) and no line is wider than the pane
 * (nothing wrapped). Runs under `env -u CI` because Ink prints only the last frame when CI
 * is set (ink-stack.md P12).
 */
import {describe, it, expect, beforeAll, afterAll} from 'vitest';
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {randomBytes} from 'node:crypto';
import {tmpdir} from 'node:os';
import {fileURLToPath} from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const socket = `pd-pane-${randomBytes(4).toString('hex')}`;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const required = process.env['REQUIRE_E2E'] === '1';

if (!hasTmux) {
	const reason = 'tmux is not installed: the --pane end-to-end test is skipped';
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
	const [width, height] = tmux('display-message', '-p', '-t', pane, '#{pane_width} #{pane_height}').trim().split(' ').map(Number) as [number, number];
	const lines = tmux('capture-pane', '-p', '-t', pane).replace(/\n$/, '').split('\n');
	const joined = tmux('capture-pane', '-p', '-J', '-t', pane).replace(/\n$/, '').split('\n');
	return {width, height, lines, joined};
}

async function waitFor(pane: string, predicate: (v: PaneView) => boolean, what: string, timeoutMs = 20_000): Promise<PaneView> {
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
	return v.lines.length <= v.height
		&& bottom.trim() === ''
		&& v.lines.every((line) => [...line].length <= v.width)
		&& v.joined.length === v.lines.length;
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

describe.skipIf(!hasTmux)('--pane in tmux: three panes side by side', () => {
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
		const command = (pane: string): string => `env -u CI LANG=C.UTF-8 node ${bundle} --demo --pane ${pane}; echo "[proxdeck exited $?]"; sleep 600`;
		const guests = tmux('new-session', '-d', '-P', '-F', '#{pane_id}', '-s', 'panes', '-x', '200', '-y', '50', '-c', dir, command('guests')).trim();
		const zfs = tmux('split-window', '-h', '-P', '-F', '#{pane_id}', '-t', guests, '-c', dir, command('zfs')).trim();
		const network = tmux('split-window', '-v', '-P', '-F', '#{pane_id}', '-t', zfs, '-c', dir, command('network')).trim();
		const watches: Watch[] = [
			{pane: guests, name: 'guests', header: /^Guests demo ● connected/, data: /\b\d{3} (swag|plex|wireguard)\b.*running/},
			{pane: zfs, name: 'zfs', header: /^ZFS demo ● connected/, data: /^media-pool\s.*\d+%/m},
			{pane: network, name: 'network', header: /^Network demo ● connected/, data: /^vmbr0\s+UP\s+192\.168\.0\.2\/24/m},
		];
		await expectAll(watches, 'start');
		// Wide: the guests pane shows its full column set.
		expect(view(guests).lines[1]).toMatch(/VMID▲ NAME\s+TYPE\s+NODE\s+STATUS\s+CPU%\s+MEM\s+DISK%\s+UPTIME\s+IP\s+TAGS/);

		// Narrow the guests pane to 42 columns and the ZFS pane to 9 rows.
		tmux('resize-pane', '-t', guests, '-x', '42');
		tmux('resize-pane', '-t', zfs, '-y', '9');
		await expectAll(watches, 'resize-pane');
		const narrow = await waitFor(guests, (v) => v.width === 42 && /VMID▲ NAME\s+STATUS\s+CPU%\s*$/.test(v.lines[1] ?? ''), 'the guests columns dropped to fit 42');
		expect(narrow.lines[1]).not.toContain('MEM');
		const short = view(zfs);
		expect(short.height).toBe(9);
		expect(short.lines.filter((line) => line.trim() !== '')).toHaveLength(8);

		// Zoom the network pane to the whole window, then back.
		tmux('resize-pane', '-Z', '-t', network);
		const zoomed = await waitFor(network, (v) => v.width === 200 && showsData(watches[2]!, v), 'the zoomed network pane');
		expect(zoomed.height).toBe(50);
		// Room for the second bridge: the VPN bridge and its guests.
		expect(zoomed.lines.join('\n')).toMatch(/^vmbr1\s+UP/m);
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
			const done = await waitFor(watch.pane, (v) => /\[proxdeck exited \d+\]/.test(v.lines.join('\n')), `${watch.name} to exit`, 15_000);
			expect(/\[proxdeck exited (\d+)\]/.exec(done.lines.join('\n'))![1]).toBe('0');
		}
	}, 150_000);
});
