/**
 * Without colour (NO_COLOR, --no-color) and in ASCII mode (a non-UTF-8 locale,
 * PROXDECK_ASCII=1) every state still shows: the selection has a marker, the focused pane a
 * border of its own, and ASCII mode prints nothing but ASCII, on every pane and view.
 */
import {describe, it, expect, afterEach} from 'vitest';
import {jobsIdle} from '../../source/store/app-store.js';
import {toAscii} from '../../screens/ascii-output.js';
import {PaneApp} from '../../screens/pane-app.js';
import {renderApp, renderElement, KEYS, type Harness} from './harness.js';
import {simStore} from './sim-store.js';

let harness: Harness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
});

const PLAIN_ASCII = {ascii: true, color: false};
const nonAscii = (frame: string): string[] => [...new Set(frame.match(/[^\u0000-\u007F]/gu) ?? [])];
const lineWith = (frame: string, text: string) => frame.split('\n').find((l) => l.includes(text)) ?? '';

describe('no colour, ASCII only', () => {
	for (const size of [
		{cols: 120, rows: 40},
		{cols: 80, rows: 24},
		{cols: 200, rows: 50},
	]) {
		it(`prints only ASCII on every pane and view at ${size.cols}×${size.rows}`, async () => {
			const lab = simStore({display: PLAIN_ASCII});
			await lab.load();
			harness = await renderApp(lab.store, size);
			const h = harness;
			const visit = async (what: string, until: (frame: string) => boolean, ...keys: string[]) => {
				await h.press(...keys);
				await h.waitFor(until, what);
			};
			await visit('guests', (f) => f.includes('1 Guests'), '1');
			await visit('zfs', (f) => f.includes('2 ZFS & storage'), '2');
			await visit('network', (f) => f.includes('3 Network / VPN'), '3');
			await visit('logs', (f) => f.includes('4 Logs'), '4');
			await visit('zoomed and back', (f) => f.includes('1 Guests'), '+', '_', '1');
			await visit('help', (f) => f.includes('? or q to close'), '?');
			await visit('the end of help', (f) => f.includes('Guest filter (/)'), 'G');
			await visit('guest detail', (f) => f.includes('NICS ('), KEYS.esc, KEYS.enter);
			await visit('pool detail', (f) => f.includes('Pool '), KEYS.esc, '2', KEYS.enter);
			await visit('stop dialog', (f) => f.includes('Esc cancels'), KEYS.esc, '1', 'x');
			await visit('catalog picker', (f) => f.includes('Deploy'), KEYS.esc, 'd');
			await visit('deploy dialog', (f) => f.includes('Deploy postgresql'), KEYS.enter);
			await visit('clone form', (f) => f.includes('Clone template'), KEYS.esc, 'G', 'c');
			await visit('journal', (f) => f.includes('Journal'), KEYS.esc, 'J');
			await visit('palette', (f) => f.includes(':hea'), KEYS.esc, ':', 'h', 'e', 'a');
			await visit('filter', (f) => f.includes('/pl'), KEYS.esc, '/', 'p', 'l');
			await visit('a health run', (f) => /health \S+ \(\d+\): \d+ pass/.test(f), KEYS.esc, 'g', 'H');
			await jobsIdle(lab.store);
			const found = h.stdout.frames.flatMap(nonAscii);
			expect([...new Set(found)]).toEqual([]);
		});
	}

	it('prints only ASCII in every --pane, down to 40×8', async () => {
		for (const pane of ['guests', 'zfs', 'network', 'logs'] as const) {
			for (const size of [
				{cols: 40, rows: 8},
				{cols: 80, rows: 24},
			]) {
				const lab = simStore({display: PLAIN_ASCII});
				await lab.load();
				harness = await renderElement(lab.store, <PaneApp store={lab.store} pane={pane} />, size);
				await harness.press('j', '?');
				await harness.waitFor((f) => f.includes('Help') || f.includes('need 40'), `help over ${pane}`);
				expect(harness.stdout.frames.flatMap(nonAscii)).toEqual([]);
				harness.unmount();
				harness = null;
			}
		}
	});

	it('marks the selected row and the focused pane without colour', async () => {
		const lab = simStore({display: {ascii: false, color: false}});
		await lab.load();
		harness = await renderApp(lab.store, {cols: 200, rows: 50});
		await harness.press('2');
		let frame = await harness.waitFor((f) => lineWith(f, 'media-pool ').includes('›'), 'the selected pool');
		// The focused pane's border differs from the others' (double lines against round corners).
		expect(frame.split('\n')[1]).toMatch(/╭─+╮╔═+╗/);
		await harness.press('3');
		frame = await harness.waitFor((f) => lineWith(f, 'vmbr0 ').includes('›'), 'the selected bridge');
		expect(frame.split('\n').find((l) => l.includes('3 Network / VPN'))).toMatch(/^║/);
	});

	it('in ASCII the focused pane is drawn with # and =, the others with + - |', async () => {
		const lab = simStore({display: PLAIN_ASCII});
		await lab.load();
		harness = await renderApp(lab.store, {cols: 200, rows: 50});
		const frame = await harness.waitFor((f) => f.includes('1 Guests'), 'the grid');
		const top = frame.split('\n')[1]!;
		expect(top).toMatch(/^#=+#\+-+\+$/);
		expect(lineWith(frame, '1 Guests')).toMatch(/^#1 Guests .*#\|2 ZFS/);
		expect(lineWith(frame, ' 100 swag ')).toMatch(/^#> +100 swag/);
	});

	it('spells remote text in ASCII at the same width', () => {
		expect(toAscii('café · plex…')).toBe('caf? . plex~');
		expect(toAscii('日本 ✓ done')).toBe('???? + done');
		expect(toAscii('e\u0301 ok')).toBe('e ok');
		expect(toAscii('┃│━╭█')).toBe('||-+#');
		expect(toAscii('\u001B[1mbold\u001B[22m')).toBe('\u001B[1mbold\u001B[22m');
	});
});
