import {describe, it, expect, afterEach, vi} from 'vitest';
import {refreshNow, setRedrawHook, startPoller, stopPoller} from '../../source/store/app-store.js';
import type {AppStore} from '../../source/store/types.js';
import {colorEnabled, asciiOnly} from '../../screens/run-console.js';
import {renderApp, KEYS, type Harness} from './harness.js';
import {loadedStore} from './setup.js';
import {sampleSnapshot} from '../helpers/sample-snapshot.js';

let harness: Harness | null = null;
let running: AppStore | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
	if (running) stopPoller(running);
	running = null;
	vi.useRealTimers();
});

const TITLES = ['1 Guests', '2 ZFS & storage', '3 Network / VPN', '4 Logs'];

describe('app shell', () => {
	it('shows all four panes in a 2×2 grid at 200×50, within 49 lines', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 200, rows: 50});
		const frame = harness.lastFrame();
		for (const title of TITLES) expect(frame).toContain(title);
		expect(harness.lines().length).toBe(49);
		expect(harness.lines()[0]).toMatch(/^proxdeck demo root@pve:22 nodes 1\/1 \[RW\] ● connected\s+updated just now/);
	});

	it('shows guests beside one other pane at 120×30, and one pane at a time with digits at 80×24', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 120, rows: 30});
		expect(harness.lastFrame()).toContain('1 Guests');
		expect(harness.lastFrame()).toContain('2 ZFS & storage');
		expect(harness.lastFrame()).not.toContain('4 Logs');
		harness.unmount();
		harness = await renderApp(store, {cols: 80, rows: 24});
		expect(harness.lines().length).toBe(23);
		const seen: string[] = [];
		for (const key of ['1', '2', '3', '4']) {
			await harness.press(key);
			const frame = harness.lastFrame();
			seen.push(TITLES.filter((t) => frame.includes(t)).join(','));
			expect(harness.lines().length).toBeLessThanOrEqual(23);
		}
		expect(seen).toEqual(TITLES);
		await harness.press(KEYS.tab);
		expect(harness.lastFrame()).toContain('1 Guests');
	});

	it('zooms with + and returns with _', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 200, rows: 50});
		await harness.press('2', '+');
		let frame = await harness.waitFor((f) => !f.includes('1 Guests'));
		expect(frame).toContain('2 ZFS & storage');
		await harness.press('_');
		frame = await harness.waitFor((f) => f.includes('1 Guests'));
		expect(frame).toContain('4 Logs');
	});

	it('gates a terminal below the minimum: have W×H, need W×H', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 50, rows: 12});
		expect(harness.lastFrame()).toContain('have 50×12, need 60×16');
		expect(harness.lines().length).toBeLessThanOrEqual(11);
		store.getState().setTerm(24, 80);
		await harness.waitFor((f) => f.includes('1 Guests'));
	});

	it('? opens help generated from the keymap; Esc closes it; q at the top quits', async () => {
		const {store} = loadedStore(undefined, {readOnly: true});
		harness = await renderApp(store, {cols: 100, rows: 40});
		await harness.press('?');
		const frame = await harness.waitFor((f) => f.includes('Help'));
		expect(frame).toMatch(/Ctrl-C\s+Quit from anywhere/);
		expect(frame).toMatch(/Esc Bksp\s+Back: close a view/);
		expect(frame).toContain('[RO]');
		await harness.press(KEYS.esc);
		await harness.waitFor((f) => f.includes('1 Guests'));
		expect(store.getState().quit).toBe(false);
		await harness.press(KEYS.backspace, KEYS.esc);
		expect(store.getState().quit).toBe(false);
		await harness.press('q');
		expect(store.getState().quit).toBe(true);
	});

	it('Ctrl-C quits from inside a view and from the filter prompt', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 100, rows: 30});
		await harness.press('/', 'x', KEYS.ctrlC);
		expect(store.getState().quit).toBe(true);
	});

	it('every footer hint is a key that does something', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 200, rows: 50});
		const footer = harness.lines().at(-1)!;
		expect(footer).toMatch(/^\? help {2}q quit\/back {2}Enter detail {2}\/ filter {2}Space mark/);
		await harness.press(' ');
		expect(store.getState().guests.marks).toEqual(['g:100']);
		await harness.press('o');
		await harness.press('N');
		expect(store.getState().guests.sort.key).toBe('name');
	});

	it('Ctrl-L asks the screen to wipe the terminal and draw the frame again (seen in tmux: test/e2e/console)', async () => {
		const {store} = loadedStore();
		let redraws = 0;
		setRedrawHook(store, () => redraws++);
		harness = await renderApp(store, {cols: 100, rows: 30});
		await harness.press(KEYS.ctrlL);
		expect(redraws).toBe(1);
		await harness.press('j', KEYS.ctrlL);
		expect(redraws).toBe(2);
	});

	it('keeps stale data on screen with its age and the retry countdown, and refills when the host returns', async () => {
		const {store, collector} = loadedStore();
		running = store;
		startPoller(store);
		harness = await renderApp(store, {cols: 120, rows: 30});
		await harness.waitFor((f) => f.includes('connected'));
		collector.failWith = 'connection refused';
		refreshNow(store);
		store.setState({refresh: {...store.getState().refresh, lastOkAt: Date.now() - 34_000}});
		const frame = await harness.waitFor((f) => f.includes('STALE'), 'the stale header');
		expect(frame).toMatch(/refresh failing, retry in [3-5]s\s+STALE 3[3-5]s old\s+connection refused/);
		expect(frame).toContain('plex');
		collector.failWith = null;
		refreshNow(store);
		await harness.waitFor((f) => !f.includes('STALE') && f.includes('connected'), 'the fresh header');
	});

	it('says in the header which nodes are offline or stale, whether the cluster is quorate, and which node the panes show', async () => {
		const cluster = sampleSnapshot();
		const node = cluster.nodes[0]!;
		cluster.nodes = [
			node,
			{...node, name: 'pve2', local: false, route: 'hop'},
			{...node, name: 'pve3', local: false, online: false, state: 'offline', problem: 'offline (cluster status)'},
		];
		cluster.cluster = {name: 'homelab', quorate: true, nodes: 3};
		const {store} = loadedStore(cluster);
		harness = await renderApp(store, {cols: 140, rows: 30});
		expect(harness.lines()[0]).toMatch(
			/^proxdeck demo root@pve:22 nodes 2\/3 \(pve3 offline\) quorate \[RW\] ● connected\s+updated/,
		);

		// pve2 unreachable: the cluster still has it, its data is kept but stale.
		const stale = cluster.nodes.map((n) =>
			n.name === 'pve2'
				? {...n, state: 'stale' as const, problem: 'ssh: connect to host 10.0.0.2 port 22: Connection timed out'}
				: n,
		);
		store.getState().setSnapshot({...cluster, nodes: stale});
		let frame = await harness.waitFor((f) => f.includes('stale'), 'the stale node in the header');
		expect(frame.split('\n')[0]).toMatch(/nodes 1\/3 \(pve2 stale, pve3 offline\) quorate \[RW\]/);

		store.getState().setSnapshot({
			...cluster,
			cluster: {name: 'homelab', quorate: false, nodes: 3},
			nodes: cluster.nodes.map((n) => (n.local ? n : {...n, online: false, state: 'offline' as const})),
		});
		frame = await harness.waitFor((f) => f.includes('NO QUORUM'), 'the lost quorum in the header');
		expect(frame.split('\n')[0]).toMatch(/nodes 1\/3 \(pve2 offline, pve3 offline\) NO QUORUM \[RW\]/);

		store.setState({nodeFilter: 'pve'});
		frame = await harness.waitFor((f) => f.includes('[node pve]'), 'the node the panes show');
		expect(frame.split('\n')[0]).toMatch(/NO QUORUM \[node pve\] \[RW\]/);
	});

	it("shows the transport's reconnect countdown", async () => {
		const {store, transport} = loadedStore();
		running = store;
		startPoller(store);
		harness = await renderApp(store, {cols: 120, rows: 30});
		transport.setState({kind: 'reconnecting', attempt: 3, retryAt: Date.now() + 5000, reason: 'Keepalive timeout'});
		const frame = await harness.waitFor((f) => f.includes('reconnecting'));
		expect(frame).toMatch(/reconnecting in [4-6]s \(attempt 3\)\s+STALE \d+s old/);
	});

	it('honours NO_COLOR and --no-color, and picks ASCII for a non-UTF-8 locale', () => {
		expect(colorEnabled(false, {})).toBe(true);
		expect(colorEnabled(true, {})).toBe(false);
		expect(colorEnabled(false, {NO_COLOR: '1'})).toBe(false);
		expect(colorEnabled(false, {NO_COLOR: ''})).toBe(true);
		expect(asciiOnly({LANG: 'C'})).toBe(true);
		expect(asciiOnly({LANG: 'en_US.UTF-8'})).toBe(false);
		expect(asciiOnly({PROXDECK_ASCII: '1', LANG: 'en_US.UTF-8'})).toBe(true);
	});
});

describe('input batching', () => {
	it('handles keys that arrive together in one read (fast typing, tmux send-keys)', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 100, rows: 30});
		await harness.press('/plex\r');
		const frame = await harness.waitFor((f) => f.includes('/plex/') && f.includes('1 of 25'));
		expect(frame).toContain('120 plex');
		expect(store.getState().modals).toEqual([]);
	});
});
