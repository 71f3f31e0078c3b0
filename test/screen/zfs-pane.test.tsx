import {describe, it, expect, afterEach} from 'vitest';
import {sampleSnapshot} from '../helpers/sample-snapshot.js';
import {renderApp, KEYS, type Harness} from './harness.js';
import {loadedStore} from './setup.js';
import {simStore} from './sim-store.js';

let harness: Harness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
});

const line = (frame: string, text: string) => frame.split('\n').find((l) => l.includes(text)) ?? '';

describe('ZFS pane', () => {
	it('shows each pool with its percentage, bar, health, frag, dedup and scan', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 80, rows: 24});
		await harness.press('2');
		const frame = await harness.waitFor((f) => f.includes('2 ZFS & storage'));
		const lines = frame.split('\n');
		const at = lines.findIndex((l) => l.includes('media-pool '));
		expect(lines[at]).toMatch(/media-pool\s+█{8}░{2}\s+84% 4\.6T\/5\.5T\s+ONLINE/);
		expect(lines[at + 1]).toMatch(/frag 23% dedup 1\.00x\s+scrub 42\.7% eta 03:12:40/);
		expect(line(frame, 'staging-pool ')).toMatch(/63% 292G\/464G\s+DEGRADED/);
		expect(frame).toContain('3 pools · 1 not ONLINE · max 84%');
		expect(line(frame, 'local-lvm')).toMatch(/lvmthin\s+█+░+\s+72% 301G\/420G\s+available/);
	});

	it('draws a trend and says when a growing pool will be full', async () => {
		const {store} = loadedStore();
		const later = sampleSnapshot();
		const pool = later.pools[0]!;
		// +60 GiB (over 1 % of the pool) in six hours, with ~830 GiB free: full in about 3.5 days.
		pool.alloc = pool.alloc! + 60 * 1024 ** 3;
		pool.free = pool.free! - 60 * 1024 ** 3;
		later.takenAt = new Date(Date.parse(later.takenAt) + 6 * 3_600_000).toISOString();
		store.getState().setSnapshot(later);
		harness = await renderApp(store, {cols: 200, rows: 50});
		const lines = harness.lines();
		expect(lines[lines.findIndex((l) => l.includes('│ media-pool ')) + 1]).toMatch(/frag 23% .* {2}▁█ full in ~3 days/);
		expect(lines[lines.findIndex((l) => l.includes('│ service-pool ')) + 1]).toContain('steady');
	});

	it('gives no forecast from a day in which the pool grew by less than 1 % of its size', async () => {
		const {store} = loadedStore();
		const later = sampleSnapshot();
		const pool = later.pools[0]!;
		// +20 GiB of a 5.5 TiB pool in a day: growing, but too little to say when it is full.
		pool.alloc = pool.alloc! + 20 * 1024 ** 3;
		pool.free = pool.free! - 20 * 1024 ** 3;
		later.takenAt = new Date(Date.parse(later.takenAt) + 86_400_000).toISOString();
		store.getState().setSnapshot(later);
		harness = await renderApp(store, {cols: 200, rows: 50});
		const lines = harness.lines();
		const trend = lines[lines.findIndex((l) => l.includes('│ media-pool ')) + 1];
		expect(trend).toMatch(/▁█ growing/);
		expect(trend).not.toContain('full in');
	});

	it('gives no forecast from two samples 2 s apart: the pool is growing, nothing more', async () => {
		const {store} = loadedStore();
		const later = sampleSnapshot();
		const pool = later.pools[0]!;
		pool.alloc = pool.alloc! + 1024 ** 3;
		pool.free = pool.free! - 1024 ** 3;
		later.takenAt = new Date(Date.parse(later.takenAt) + 2000).toISOString();
		store.getState().setSnapshot(later);
		harness = await renderApp(store, {cols: 200, rows: 50});
		const lines = harness.lines();
		const trend = lines[lines.findIndex((l) => l.includes('│ media-pool ')) + 1];
		expect(trend).toMatch(/▁█ growing/);
		expect(trend).not.toContain('full in');
	});

	it('opens the pool detail with Enter: vdev tree with error counts', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 120, rows: 40});
		await harness.press('2', 'j', 'j', KEYS.enter);
		const frame = await harness.waitFor((f) => f.includes('Pool staging-pool'));
		expect(line(frame, 'sde')).toMatch(/sde\s+FAULTED\s+3\s+118\s+7\s+too many errors/);
		expect(line(frame, 'mirror-0')).toMatch(/DEGRADED\s+0\s+0\s+0/);
		expect(frame).toContain("action    Replace the device using 'zpool replace'.");
		expect(frame).toContain('scan      resilver done, 0 errors');
		await harness.press(KEYS.esc);
		await harness.waitFor((f) => f.includes('2 ZFS & storage'));
	});

	it("the pool detail shows each disk's whole id at 200 columns, serial and all, and cuts it only when there is no room", async () => {
		const lab = simStore();
		await lab.load();
		harness = await renderApp(lab.store, {cols: 200, rows: 50});
		await harness.press('2', KEYS.enter);
		let frame = await harness.waitFor((f) => f.includes('Pool media-pool'), 'the pool detail');
		// Two disks of one model: only the serial after the last _ tells them apart.
		expect(line(frame, 'WD-CA1K7X2L')).toMatch(/ata-WDC_WD80EFZZ-68BTXN0_WD-CA1K7X2L\s+ONLINE\s+0\s+0\s+0/);
		expect(line(frame, 'WD-CA1KP9ZD')).toMatch(/ata-WDC_WD80EFZZ-68BTXN0_WD-CA1KP9ZD\s+ONLINE/);
		harness.unmount();
		// At 60 columns the name column gives way so STATE and the counts stay.
		harness = await renderApp(lab.store, {cols: 60, rows: 30});
		await harness.press('2', '+', KEYS.enter);
		frame = await harness.waitFor((f) => f.includes('Pool media-pool'), 'the narrow pool detail');
		expect(line(frame, 'mirror-0')).toMatch(/ONLINE\s+0\s+0\s+0/);
	});

	it('starts on the first pool, never on a heading, and moves from pool to pool', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 120, rows: 40});
		await harness.press('2');
		let frame = await harness.waitFor((f) => line(f, 'media-pool ').includes('›'), 'the first pool selected');
		expect(line(frame, 'POOLS (3)')).not.toContain('›');
		await harness.press('k');
		await harness.waitFor((f) => line(f, 'media-pool ').includes('›'), 'still on the first pool');
		await harness.press('j');
		await harness.waitFor((f) => line(f, 'service-pool ').includes('›'), 'the next pool, past the info line');
		await harness.press('j', 'j');
		// Past the DATASETS heading, onto the biggest dataset.
		frame = await harness.waitFor((f) => f.split('\n').some((l) => /› +media-pool +4\.6T used/.test(l)), 'a dataset');
		expect(line(frame, 'DATASETS')).not.toContain('›');
		await harness.press('g', KEYS.enter);
		await harness.waitFor((f) => f.includes('Pool media-pool'), 'Enter on the first pool opens it');
	});

	it('before the first refresh the ZFS and network panes wait, and moving in them does nothing', async () => {
		const {store} = loadedStore();
		store.setState({snapshot: null});
		harness = await renderApp(store, {cols: 200, rows: 50});
		await harness.press('2', 'j', 'G', '3', 'j', 'k');
		const frame = await harness.waitFor((f) => f.includes('3 Network / VPN'), 'the grid');
		expect(frame.match(/waiting for the first refresh/g)?.length).toBeGreaterThanOrEqual(2);
		store.getState().setSnapshot(sampleSnapshot());
		await harness.press('g');
		await harness.waitFor((f) => line(f, 'LEAK 115').includes('›'), 'the first warning once data came');
	});

	it('colours by the configured thresholds: the ASCII fallback draws # bars', async () => {
		const {store} = loadedStore();
		store.getState().setDisplay({ascii: true, color: false});
		harness = await renderApp(store, {cols: 80, rows: 24});
		await harness.press('2');
		const frame = await harness.waitFor((f) => f.includes('2 ZFS & storage'));
		expect(line(frame, 'media-pool ')).toMatch(/media-pool\s+########\.\.\s+84%/);
		expect(frame).not.toMatch(/[█░╭┏]/);
	});
});
