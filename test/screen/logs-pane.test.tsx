import {describe, it, expect, afterEach} from 'vitest';
import {startPoller, stopPoller} from '../../source/store/app-store.js';
import type {AppStore} from '../../source/store/types.js';
import {journalRecord} from './fakes.js';
import {renderApp, KEYS, type Harness} from './harness.js';
import {loadedStore} from './setup.js';

let harness: Harness | null = null;
let running: AppStore | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
	if (running) stopPoller(running);
	running = null;
});

async function logsOpen(options: {cols?: number; rows?: number} = {}) {
	const loaded = loadedStore();
	running = loaded.store;
	startPoller(loaded.store);
	harness = await renderApp(loaded.store, {cols: options.cols ?? 100, rows: options.rows ?? 24});
	await harness.press('4');
	await harness.waitFor((f) => f.includes('4 Logs'));
	return {...loaded, harness};
}

describe('logs pane', () => {
	it('streams the host journal with units, and flushes in batches', async () => {
		const {transport, harness} = await logsOpen();
		const stream = transport.streams[0]!;
		stream.emit(journalRecord('starting pveproxy worker', {unit: 'pveproxy'}));
		stream.emit(journalRecord('zfs: sde FAULTED', {unit: 'zed', priority: 2}));
		const frame = await harness.waitFor((f) => f.includes('zfs: sde FAULTED'));
		expect(frame).toMatch(/pveproxy\[1234\]: starting pveproxy worker/);
		expect(frame).toContain('host journal [follow]');
		expect(frame).toContain('2 lines');
	});

	it('filters with / and keeps only matching lines', async () => {
		const {transport, harness} = await logsOpen();
		for (const message of ['backup job started', 'backup failed: storage full', 'login ok'])
			transport.streams[0]!.emit(journalRecord(message));
		await harness.waitFor((f) => f.includes('login ok'));
		await harness.press('/', 'b', 'a', 'c', 'k', 'u', 'p', KEYS.enter);
		const frame = await harness.waitFor((f) => f.includes('/backup/') && !f.includes('login ok'));
		expect(frame).toContain('backup failed: storage full');
		expect(frame).toContain('2/3 lines');
	});

	it('toggles follow, wrap and timestamps from the keys in the footer', async () => {
		const {transport, harness} = await logsOpen({cols: 70});
		transport.streams[0]!.emit(journalRecord(`a long line ${'x'.repeat(100)} END`));
		await harness.waitFor((f) => f.includes('a long line'));
		expect(harness.lastFrame()).not.toContain('END');
		await harness.press('w');
		let frame = await harness.waitFor((f) => f.includes('[follow wrap]'));
		expect(frame).toContain('END');
		await harness.press('f');
		await harness.waitFor((f) => f.includes('[paused wrap]'));
		await harness.press('t');
		frame = await harness.waitFor((f) => !/\d\d:\d\d:\d\d pveproxy/.test(f) && f.includes('pveproxy[1234]'));
		// At 70 columns the footer keeps the hints that rank first: follow, not wrap.
		expect(frame.split('\n').at(-1)).toContain('f follow');
	});

	it('f pauses on the lines in view, and new lines do not move them', async () => {
		const {transport, harness} = await logsOpen();
		for (let i = 0; i < 60; i++) transport.streams[0]!.emit(journalRecord(`line ${i} end`));
		const following = await harness.waitFor((f) => f.includes('line 59 end'), 'the newest line');
		const shown = (frame: string) => frame.split('\n').filter((l) => / line \d+ end/.test(l));
		await harness.press('f');
		let frame = await harness.waitFor((f) => f.includes('[paused]'), 'paused');
		expect(shown(frame)).toEqual(shown(following));
		expect(frame).not.toContain(' line 0 end');
		for (let i = 60; i < 70; i++) transport.streams[0]!.emit(journalRecord(`line ${i} end`));
		frame = await harness.waitFor((f) => f.includes('70 lines'), 'the new lines counted');
		expect(shown(frame)).toEqual(shown(following));
		await harness.press('k');
		frame = await harness.waitFor((f) => !f.includes('line 59 end'), 'one line up');
		expect(frame).toContain('line 58 end');
		// Wrapped lines: pausing keeps the newest line in view too.
		await harness.press('G', 'w');
		await harness.waitFor((f) => f.includes('[follow wrap]') && f.includes('line 69 end'), 'following, wrapped');
		transport.streams[0]!.emit(journalRecord(`long ${'y'.repeat(150)} tail`));
		await harness.waitFor((f) => f.includes(' tail'), 'the long line');
		await harness.press('f');
		frame = await harness.waitFor((f) => f.includes('[paused wrap]'), 'paused, wrapped');
		expect(frame).toContain(' tail');
		expect(frame).toContain('line 69 end');
	});

	it('shows a dropped-lines counter when the buffer overflows', async () => {
		const {transport, harness, store} = await logsOpen();
		// A small ring for the test: replace the session's ring contents by overflowing 5,000.
		for (let i = 0; i < 5030; i++) transport.streams[0]!.emit(journalRecord(`line ${i}`));
		const frame = await harness.waitFor((f) => f.includes('dropped 30'));
		expect(frame).toContain('5000 lines');
		expect(frame).toContain('line 5029');
		expect(store.getState().logs.received).toBe(5030);
	});

	it('switches source from the picker and cancels the old stream', async () => {
		const {transport, harness} = await logsOpen();
		await harness.press('s');
		await harness.waitFor((f) => f.includes('Log source'));
		await harness.press('j', KEYS.enter);
		const frame = await harness.waitFor((f) => f.includes('journal of 100 wireguard'));
		expect(transport.streams[0]!.stopped).toBe(true);
		expect(transport.streams[1]!.command).toBe('pct exec 100 -- journalctl -o json -n 200 -f');
		expect(frame).toContain('4 Logs');
	});

	it("L on a guest shows that guest's logs", async () => {
		const {transport, harness} = await logsOpen();
		await harness.press('1', 'j', 'L');
		await harness.waitFor((f) => f.includes('journal of 101 swag'));
		expect(transport.streams.at(-1)!.command).toBe('pct exec 101 -- journalctl -o json -n 200 -f');
	});

	it('keeps the title whole when there is room, and shortens its least useful words first when there is not', async () => {
		const {harness} = await logsOpen({cols: 120, rows: 40});
		await harness.press('s');
		await harness.waitFor((f) => f.includes('Log source'));
		await harness.press('j', KEYS.enter);
		await harness.waitFor((f) => f.includes('journal of 100 wireguard'));
		await harness.press('F');
		const title = (frame: string) => frame.split('\n').find((l) => l.includes('4 Logs')) ?? '';
		// About 60 columns for the pane: "tracks selection" gives way to "tracks", the source stays whole.
		const frame = await harness.waitFor((f) => /\[follow tracks\]/.test(title(f)), 'the shortened flags');
		expect(title(frame)).toContain('journal of 100 wireguard [follow tracks]');
		expect(title(frame)).not.toContain('…');
	});

	it('at 200 columns shortens "tracks selection" rather than cut a container source, the filter or the count', async () => {
		const {harness, store} = await logsOpen({cols: 200, rows: 50});
		store.setState({
			logs: {
				...store.getState().logs,
				source: {kind: 'container', vmid: 111, container: 'prometheus-pve-exporter', node: 'pve'},
				followSelection: true,
				wrap: true,
				filter: 'error|warn',
			},
		});
		const title = (frame: string) => frame.split('\n').find((l) => l.includes('4 Logs')) ?? '';
		const frame = await harness.waitFor((f) => title(f).includes('/error|warn/'), 'the filtered container source');
		expect(title(frame)).toContain('docker logs prometheus-pve-exporter (in 111) [follow wrap tracks] /error|warn/');
		expect(title(frame)).toMatch(/\d+\/\d+ lines/);
		expect(title(frame)).not.toContain('…');
	});
});
