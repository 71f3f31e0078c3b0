import {describe, it, expect, afterEach} from 'vitest';
import {bigSnapshot} from '../helpers/sample-snapshot.js';
import {renderApp, KEYS, type Harness} from './harness.js';
import {loadedStore} from './setup.js';
import {simStore} from './sim-store.js';

let harness: Harness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
});

const rowOf = (frame: string, name: string) => frame.split('\n').find((line) => line.includes(` ${name} `)) ?? '';

describe('guests pane', () => {
	it('shows one line per guest with its columns, templates grouped at the end', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 200, rows: 50});
		const frame = harness.lastFrame();
		expect(frame).toContain('VMID▲ NAME');
		expect(rowOf(frame, 'plex')).toMatch(
			// One node: NODE gives way to BACKUP (… until the first backup audit is in).
			/120 plex\s+lxc\s+running\s+93\.0\s+3\.1G\/4G\s+38%\s+3d04h 192\.168\.0\.207\s+…/,
		);
		expect(rowOf(frame, 'sonarr')).toMatch(/stopped\s+-/);
		expect(frame).toContain('── templates (9) ──');
		expect(frame.indexOf('templates (9)')).toBeGreaterThan(frame.indexOf('homeassistant'));
	});

	it('filters live with / (regex, shown in the title), keeps it on Enter, clears it on Esc', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 120, rows: 40});
		await harness.press('/', 'm', 'e', 'd', 'i', 'a');
		let frame = await harness.waitFor((f) => f.includes('/media_/'), 'the filter in the title');
		expect(frame).toContain('5 of 25');
		for (const name of ['qbittorrent', 'prowlarr', 'sonarr', 'flaresolverr', 'plex'])
			expect(rowOf(frame, name)).not.toBe('');
		expect(rowOf(frame, 'grafana')).toBe('');
		await harness.press(KEYS.enter);
		frame = await harness.waitFor((f) => f.includes('/media/') && !f.includes('/media_/'));
		expect(frame).toContain('5 of 25');
		await harness.press(
			'/',
			KEYS.backspace,
			KEYS.backspace,
			KEYS.backspace,
			KEYS.backspace,
			KEYS.backspace,
			'!',
			't',
			'p',
			'l',
		);
		frame = await harness.waitFor((f) => f.includes('16 of 25'), 'the inverted filter');
		expect(frame).not.toContain('redis-tpl');
		await harness.press(KEYS.esc);
		frame = await harness.waitFor((f) => !f.includes('of 25'));
		expect(frame).toContain('redis-tpl');
	});

	it('keeps the cursor on the guest the filter showed when the filter is cleared', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 120, rows: 40});
		// The cursor on the last template, then a filter that hides it and shows plex alone.
		await harness.press('G');
		await harness.waitFor((f) => rowOf(f, 'pihole-tpl').includes('›'), 'the last template selected');
		await harness.press('/', 'p', 'l', 'e', 'x', KEYS.enter);
		let frame = await harness.waitFor((f) => f.includes('1 of 25'), 'plex alone');
		expect(rowOf(frame, 'plex')).toContain('›');
		await harness.press(KEYS.esc);
		frame = await harness.waitFor((f) => !f.includes('of 25'), 'the filter cleared');
		expect(rowOf(frame, 'plex')).toContain('›');
		expect(rowOf(frame, 'pihole-tpl')).not.toContain('›');
		// An action now acts on the guest the cursor shows.
		await harness.press('X');
		await harness.waitFor((f) => f.includes('Destroy plex (120)?'), 'the destroy dialog for plex');
		await harness.press(KEYS.esc, '/', 'g', 'r', 'a', 'f', KEYS.esc);
		frame = await harness.waitFor((f) => !f.includes('of 25'), 'the prompt cancelled');
		expect(rowOf(frame, 'grafana')).toContain('›');
	});

	it('sorts with Shift-letters and shows the indicator in the header', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 120, rows: 40});
		await harness.press('C');
		const frame = await harness.waitFor((f) => f.includes('CPU%▼'));
		const lines = frame.split('\n');
		const first = lines.findIndex((l) => l.includes('CPU%▼')) + 1;
		expect(lines[first]).toContain('plex');
		expect(lines[first + 1]).toContain('qbittorrent');
	});

	it('shows every sort arrow whole at 200 columns (DISK%▼, TYPE▲), not cut to DISK…', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 200, rows: 50});
		await harness.press('D');
		// Disk use sorts the fullest first.
		let frame = await harness.waitFor((f) => f.includes('DISK%▼'), 'DISK%▼ in the header');
		expect(frame).not.toContain('DISK…');
		await harness.press('T');
		frame = await harness.waitFor((f) => f.includes('TYPE▲'), 'TYPE▲ in the header');
		expect(frame).not.toContain('TYP…');
	});

	it('expands the Docker host to list its stacks and their containers', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 120, rows: 40});
		await harness.press('j', 'j', 'j', 'o');
		const frame = await harness.waitFor((f) => f.includes('overseerr'));
		expect(frame).toMatch(/├ cloud\s+1\/3 up/);
		expect(frame).toMatch(/│ ├ collabora\s+exited/);
		expect(frame).toMatch(/└ web\s+2\/2 up/);
		expect(frame).toMatch(/ {3}└ overseerr\s+running/);
		expect(frame).toContain('▾');
	});

	it('marks with Space and counts the marks in the title', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 120, rows: 40});
		await harness.press(' ', ' ');
		const frame = await harness.waitFor((f) => f.includes('2 marked'));
		expect(rowOf(frame, 'wireguard')).toContain('●');
		expect(rowOf(frame, 'swag')).toContain('●');
		expect(rowOf(frame, 'fileserver')).toContain('›');
	});

	it('opens the detail view with Enter: config, NICs, mounts, health; q goes back', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 120, rows: 40});
		await harness.press('G', 'g');
		for (let i = 0; i < 11; i++) await harness.press('j');
		await harness.press(KEYS.enter);
		const frame = await harness.waitFor((f) => f.includes('Guest 200 postgresql'));
		expect(frame).toMatch(/net0\s+eth0\s+bridge vmbr2\s+ip 10\.0\.30\.10\/24\s+gw 10\.0\.30\.1/);
		expect(frame).toContain('rootfs  /');
		expect(frame).toMatch(/PASS\s+tcp 5432\s+port 5432 answered in 3 ms/);
		await harness.press('q');
		await harness.waitFor((f) => f.includes('1 Guests'));
		expect(store.getState().quit).toBe(false);
	});

	it('with 1,000 guests in 80×24: at most 23 lines, and the selection scrolls the window', async () => {
		const {store} = loadedStore(bigSnapshot(1000));
		harness = await renderApp(store, {cols: 80, rows: 24});
		expect(harness.lines().length).toBeLessThanOrEqual(23);
		expect(harness.lastFrame()).toContain('1000');
		for (let i = 0; i < 40; i++) await harness.press('j');
		let frame = await harness.waitFor((f) => f.includes('›'));
		expect(harness.lines().length).toBeLessThanOrEqual(23);
		// Index 40: after the 16 sample guests (100-301) come svc-0000 (vmid 1000) onwards.
		expect(rowOf(frame, 'svc-0024')).toContain('›');
		expect(frame).not.toContain(' wireguard ');
		await harness.press('G');
		frame = await harness.waitFor((f) => rowOf(f, 'pihole-tpl').includes('›'));
		expect(harness.lines().length).toBeLessThanOrEqual(23);
		// The window ends at the last template: 7 svc rows, the heading, 9 templates = 17 rows.
		expect(frame.split('\n').filter((l) => /svc-\d{4}|-tpl |templates \(9\)/.test(l))).toHaveLength(17);
		expect(frame).toContain('svc-0974');
	});
});

describe('guest detail at 200 columns', () => {
	it("shows each container's whole status and image when there is room, and cuts them only when there is not", async () => {
		const lab = simStore();
		await lab.load();
		const docker = lab.store.getState().snapshot!.guests.find((g) => (g.containers ?? []).length > 0)!;
		const longest = [...docker.containers!].sort((a, b) => b.image.length - a.image.length)[0]!;
		expect(longest.image.length).toBeGreaterThan(30);
		harness = await renderApp(lab.store, {cols: 200, rows: 50});
		await harness.press('/', ...String(docker.vmid), KEYS.enter, KEYS.enter);
		let frame = await harness.waitFor((f) => f.includes('CONTAINERS'), 'the detail with its containers');
		const row = frame.split('\n').find((l) => l.includes(` ${longest.name} `)) ?? '';
		expect(row).toContain(longest.image);
		expect(row).toContain(longest.status);
		harness.unmount();
		// The same store, the detail still open, in a narrower terminal.
		harness = await renderApp(lab.store, {cols: 80, rows: 40});
		frame = await harness.waitFor((f) => f.includes('CONTAINERS'), 'the narrow detail');
		const narrow = frame.split('\n').find((l) => l.includes(longest.name.slice(0, 12))) ?? '';
		expect(narrow.length).toBeLessThanOrEqual(80);
		expect(narrow).not.toContain(longest.image);
	});
});
