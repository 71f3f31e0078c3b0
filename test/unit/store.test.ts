import {describe, it, expect, vi, afterEach} from 'vitest';
import {createAppStore, jobsIdle, startPoller, stopPoller} from '../../source/store/app-store.js';
import {selectGuestRows, selectedIndex} from '../../source/store/guest-rows.js';
import {buildNetworkItems} from '../../source/store/network-items.js';
import {vpnRouting} from '../../source/ops/health/verdicts.js';
import {appendSample, daysUntilFull, MAX_SAMPLES, type PoolSample} from '../../source/store/trends.js';
import {parseDockerLine, parseJournalLine} from '../../source/store/log-lines.js';
import {computeLayout} from '../../source/store/layout.js';
import type {AppStore} from '../../source/store/types.js';
import type {Snapshot} from '../../source/model/snapshot.js';
import {sampleSnapshot} from '../helpers/sample-snapshot.js';
import {readFixture} from '../helpers/fixtures.js';
import {fakeCollector, fakeTransport, journalRecord} from '../screen/fakes.js';
import {setLogSource} from '../../source/store/actions/logs.js';
import {dispatch} from '../../source/store/actions/index.js';
import type {ActionId} from '../../keymaps/registry.js';

function makeStore(options: {logBufferLines?: number} = {}) {
	const collector = fakeCollector(sampleSnapshot);
	const transport = fakeTransport();
	const store = createAppStore({
		collector,
		transport,
		context: 'demo',
		host: 'demo',
		readOnly: false,
		term: {rows: 24, cols: 80},
		...options,
	});
	return {store, collector, transport};
}

function selectedName(store: AppStore): string {
	const state = store.getState();
	const rows = selectGuestRows(state);
	const row = rows.rows[selectedIndex(rows, state.guests)];
	if (!row || row.kind === 'group') return '';
	if (row.kind === 'stack') return `stack ${row.stack.project ?? ''}`;
	return row.kind === 'container' ? row.container.name : row.guest.name;
}

const stores: AppStore[] = [];
afterEach(() => {
	for (const store of stores.splice(0)) stopPoller(store);
	vi.useRealTimers();
});

describe('the poller in the store', () => {
	it('loads a snapshot, then keeps it (stale) with its age and the next retry while refreshes fail', async () => {
		vi.useFakeTimers();
		const {store, collector} = makeStore();
		stores.push(store);
		startPoller(store);
		await vi.advanceTimersByTimeAsync(0);
		const first = store.getState().snapshot;
		expect(first?.guests).toHaveLength(25);
		expect(store.getState().refresh.lastOkAt).not.toBeNull();
		collector.failWith = 'ssh: connection reset';
		await vi.advanceTimersByTimeAsync(2000);
		const state = store.getState();
		expect(state.snapshot).toBe(first);
		expect(state.refresh.failures).toBe(1);
		expect(state.refresh.error).toBe('ssh: connection reset');
		expect(state.refresh.nextAt! - Date.now()).toBe(4000);
		collector.failWith = null;
		await vi.advanceTimersByTimeAsync(4000);
		expect(store.getState().refresh.failures).toBe(0);
		expect(store.getState().snapshot).not.toBe(first);
	});

	it('follows the transport connection state', () => {
		const {store, transport} = makeStore();
		stores.push(store);
		startPoller(store);
		transport.setState({kind: 'reconnecting', attempt: 2, retryAt: 123, reason: 'Keepalive timeout'});
		expect(store.getState().connection).toEqual({
			kind: 'reconnecting',
			attempt: 2,
			retryAt: 123,
			reason: 'Keepalive timeout',
		});
	});
});

describe('health reads through the poller', () => {
	/** A collector whose reads wait until the test lets them finish. */
	function gatedCollector() {
		const waiting: (() => void)[] = [];
		const collector = {
			calls: 0,
			async collect(): Promise<Snapshot> {
				collector.calls++;
				await new Promise<void>((resolve) => waiting.push(resolve));
				return {...sampleSnapshot(), takenAt: new Date().toISOString()};
			},
			release: () => {
				for (const resolve of waiting.splice(0)) resolve();
			},
		};
		return collector;
	}

	it('H while a refresh is in flight: that refresh answers the health check, no second batch', async () => {
		const collector = gatedCollector();
		const store = createAppStore({
			collector,
			transport: fakeTransport(),
			context: 'demo',
			readOnly: false,
			catalog: {services: []},
		});
		stores.push(store);
		store.getState().setSnapshot(sampleSnapshot());
		startPoller(store, {logs: false});
		await vi.waitFor(() => expect(collector.calls).toBe(1));
		dispatch(store, 'guests.health');
		expect(store.getState().jobs.map((j) => j.target)).toEqual(['wireguard (100)']);
		collector.release();
		await jobsIdle(store);
		expect(collector.calls).toBe(1);
		expect(store.getState().refresh.lastOkAt).not.toBeNull();
		expect(store.getState().jobs[0]?.summary).toMatch(/^health wireguard \(100\): \d+ pass, \d+ warn, \d+ fail$/);
	});

	it('H between refreshes starts the next refresh now, and the panes get its snapshot', async () => {
		const collector = fakeCollector(sampleSnapshot);
		const store = createAppStore({
			collector,
			transport: fakeTransport(),
			context: 'demo',
			readOnly: false,
			catalog: {services: []},
			intervalMs: 60_000,
		});
		stores.push(store);
		startPoller(store, {logs: false});
		await vi.waitFor(() => expect(store.getState().snapshot).not.toBeNull());
		const first = store.getState().snapshot;
		dispatch(store, 'guests.health');
		await jobsIdle(store);
		expect(collector.calls).toBe(2);
		expect(store.getState().snapshot).not.toBe(first);
		expect(store.getState().jobs[0]?.summary).toMatch(/^health wireguard \(100\): \d+ pass, \d+ warn, \d+ fail$/);
	});
});

describe('guest actions', () => {
	function ready() {
		const {store} = makeStore();
		store.getState().setSnapshot(sampleSnapshot());
		return store;
	}

	it('moves with j/k, jumps with g/G, and steps over the templates heading', () => {
		const store = ready();
		const act = (id: ActionId): void => dispatch(store, id);
		expect(selectedName(store)).toBe('wireguard');
		act('nav.down');
		act('nav.down');
		expect(selectedName(store)).toBe('fileserver');
		act('nav.bottom');
		expect(selectedName(store)).toBe('pihole-tpl');
		act('nav.top');
		expect(selectedName(store)).toBe('wireguard');
		// homeassistant (301) is the last non-template; one more step skips the heading.
		for (let i = 0; i < 15; i++) act('nav.down');
		expect(selectedName(store)).toBe('homeassistant');
		act('nav.down');
		expect(selectedName(store)).toBe('postgresql-tpl');
	});

	it('keeps the selected guest when a refresh reorders the rows', () => {
		const store = ready();
		dispatch(store, 'nav.down');
		const next = sampleSnapshot();
		next.guests.reverse();
		store.getState().setSnapshot(next);
		expect(selectedName(store)).toBe('swag');
	});

	it('sorts with Shift-letters, and the same letter again reverses', () => {
		const store = ready();
		dispatch(store, 'guests.sortCpu');
		expect(store.getState().guests.sort).toEqual({key: 'cpu', desc: true});
		const names = selectGuestRows(store.getState())
			.rows.slice(0, 2)
			.map((r) => (r.kind === 'guest' ? r.guest.name : ''));
		expect(names).toEqual(['plex', 'qbittorrent']);
		dispatch(store, 'guests.sortCpu');
		expect(store.getState().guests.sort).toEqual({key: 'cpu', desc: false});
		dispatch(store, 'guests.sortName');
		expect(store.getState().guests.sort).toEqual({key: 'name', desc: false});
	});

	it('filters by regex, inverts with !, and treats a broken regex literally', () => {
		const store = ready();
		const shown = (filter: string) => {
			store.setState({guests: {...store.getState().guests, filter}});
			return selectGuestRows(store.getState()).shown;
		};
		expect(shown('vmbr1')).toBe(4);
		expect(shown('^10[78] ')).toBe(2);
		expect(shown('!template')).toBe(16);
		expect(shown('tpl(')).toBe(0);
	});

	it('brings a Docker host along when one of its containers matches', () => {
		const store = ready();
		store.setState({guests: {...store.getState().guests, filter: 'immich'}});
		const rows = selectGuestRows(store.getState()).rows;
		expect(rows.map((r) => r.key)).toEqual(['g:105', 's:105:cloud', 'c:105:immich-server']);
	});

	it("expands and collapses a Docker host's stacks and containers", () => {
		const store = ready();
		store.setState({guests: {...store.getState().guests, selected: 'g:105'}});
		dispatch(store, 'guests.toggleExpand');
		const rows = selectGuestRows(store.getState()).rows;
		// Stacks by name, each followed by its own containers.
		const tree = rows.filter((r) => r.kind !== 'guest' && r.kind !== 'group').map((r) => r.key.split(':')[2]);
		expect(tree.join(' ')).toBe('cloud collabora immich-server nextcloud web homepage overseerr');
		dispatch(store, 'nav.down');
		expect(selectedName(store)).toBe('stack cloud');
		dispatch(store, 'nav.down');
		expect(selectedName(store)).toBe('collabora');
		dispatch(store, 'guests.collapse');
		expect(selectedName(store)).toBe('docker');
		expect(selectGuestRows(store.getState()).rows.filter((r) => r.kind === 'container')).toHaveLength(0);
	});

	it('marks with Space and a range with v', () => {
		const store = ready();
		const act = (id: ActionId): void => dispatch(store, id);
		act('guests.mark');
		expect(store.getState().guests.marks).toEqual(['g:100']);
		expect(selectedName(store)).toBe('swag');
		act('guests.range');
		act('nav.down');
		act('nav.down');
		act('guests.range');
		expect([...store.getState().guests.marks].sort()).toEqual(['g:100', 'g:101', 'g:104', 'g:105']);
		act('app.back');
		expect(store.getState().guests.marks).toEqual([]);
	});

	it('q closes views first and quits at the top; Esc and Backspace never quit', () => {
		const store = ready();
		const act = (id: ActionId): void => dispatch(store, id);
		act('guests.detail');
		expect(store.getState().modals).toEqual([{kind: 'detail', vmid: 100}]);
		act('app.backOrQuit');
		expect(store.getState().modals).toEqual([]);
		expect(store.getState().quit).toBe(false);
		for (let i = 0; i < 5; i++) act('app.back');
		expect(store.getState().quit).toBe(false);
		act('app.backOrQuit');
		expect(store.getState().quit).toBe(true);
	});

	it('moves by half a page with Ctrl-D / Ctrl-U', () => {
		const store = ready();
		dispatch(store, 'nav.halfDown');
		// 80×24 single pane: 21 body rows - border - title - header = 17 list rows, half = 8.
		expect(store.getState().guests.index).toBe(8);
		dispatch(store, 'nav.halfUp');
		expect(store.getState().guests.index).toBe(0);
	});
});

describe('log stream', () => {
	it('batches lines into the ring, and a new source stops the old stream and ignores its lines', async () => {
		vi.useFakeTimers();
		const {store, transport} = makeStore();
		stores.push(store);
		store.getState().setSnapshot(sampleSnapshot());
		startPoller(store);
		const host = transport.streams[0]!;
		expect(host.command).toBe('journalctl -o json -n 200 -f');
		host.emit(journalRecord('pveproxy started', {priority: 6}));
		host.emit(journalRecord('disk error on sde', {priority: 3}));
		expect(store.getState().logRing.size).toBe(0);
		const revision = store.getState().logs.revision;
		await vi.advanceTimersByTimeAsync(50);
		expect(
			store
				.getState()
				.logRing.toArray()
				.map((l) => l.message),
		).toEqual(['pveproxy started', 'disk error on sde']);
		expect(store.getState().logs.revision).toBe(revision + 1);

		setLogSource(store, {kind: 'container', vmid: 105, container: 'nextcloud', node: 'pve'});
		expect(host.stopped).toBe(true);
		const docker = transport.streams[1]!;
		expect(docker.command).toBe('pct exec 105 -- docker logs -f -t --tail 200 nextcloud');
		host.emit(journalRecord('late line from the old stream'));
		docker.emit('2026-11-23T10:00:01.123456789Z GET /status.php 200');
		await vi.advanceTimersByTimeAsync(50);
		expect(
			store
				.getState()
				.logRing.toArray()
				.map((l) => l.message),
		).toEqual(['GET /status.php 200']);
	});

	it('counts dropped lines when the buffer overflows', async () => {
		vi.useFakeTimers();
		const {store, transport} = makeStore({logBufferLines: 10});
		stores.push(store);
		startPoller(store);
		for (let i = 0; i < 25; i++) transport.streams[0]!.emit(journalRecord(`line ${i}`));
		await vi.advanceTimersByTimeAsync(50);
		expect(store.getState().logs.dropped).toBe(15);
		expect(store.getState().logRing.toArray().at(-1)?.message).toBe('line 24');
	});

	it('does not try pct exec on a VM', () => {
		const {store, transport} = makeStore();
		stores.push(store);
		store.getState().setSnapshot(sampleSnapshot());
		startPoller(store);
		setLogSource(store, {kind: 'guest', vmid: 301, name: 'homeassistant', node: 'pve'});
		expect(transport.streams).toHaveLength(1);
		expect(store.getState().logs.status).toMatch(/no journal for a VM/);
	});
});

describe('derived views', () => {
	it('finds VPN egress and the leak on the VPN bridge', () => {
		const [routing] = vpnRouting(sampleSnapshot());
		expect(routing!.gatewayIps).toEqual([{bridge: 'vmbr1', ip: '10.10.10.1'}]);
		expect(routing!.egress.map((e) => e.guest.name)).toEqual(['qbittorrent', 'prowlarr']);
		expect(routing!.leaks.map((l) => `${l.guest.vmid} ${l.reason}`)).toEqual([
			'115 gateway 10.10.10.254 is not the VPN gateway 10.10.10.1',
		]);
		const warnings = buildNetworkItems(sampleSnapshot(), true).filter((i) => i.kind === 'warning');
		expect(warnings).toHaveLength(2);
	});

	it('predicts when a growing pool is full', () => {
		const day = 86_400_000;
		const samples: PoolSample[] = [0, 1, 2].map((i) => ({
			t: i * day,
			alloc: 800 + i * 10,
			size: 1000,
			capacity: 80 + i,
		}));
		expect(daysUntilFull(samples)).toBeCloseTo(18, 5);
		expect(daysUntilFull(samples.map((s) => ({...s, alloc: 800})))).toBeNull();
	});

	it('keeps 15 minutes of pool history or more at a 2 s refresh, and forecasts only after 10 minutes of it', () => {
		let samples: readonly PoolSample[] = [];
		const at = (second: number) => ({t: second * 1000, alloc: 500 + second, size: 100_000, capacity: 1});
		for (let second = 0; second <= 300; second += 2) samples = appendSample(samples, at(second));
		expect(daysUntilFull(samples)).toBeNull();
		expect(samples.at(-1)!.t).toBe(300_000);
		for (let second = 302; second <= 1800; second += 2) samples = appendSample(samples, at(second));
		expect(samples.at(-1)!.t - samples[0]!.t).toBeGreaterThanOrEqual(15 * 60_000);
		expect(samples.length).toBeLessThanOrEqual(MAX_SAMPLES);
		// 1 byte a second of 100,000 (1 % in 17 minutes), 97,700 free: about 1.1 days.
		expect(daysUntilFull(samples)).toBeCloseTo(97_700 / 86_400, 1);
	});

	it('lays out a grid at 200×50, two columns at 120×40, one pane at 80×24, and a gate below 60×16', () => {
		expect(computeLayout({cols: 200, rows: 50}, 'guests', false, 'zfs').panes.map((p) => p.id)).toEqual([
			'guests',
			'zfs',
			'network',
			'logs',
		]);
		expect(computeLayout({cols: 120, rows: 40}, 'logs', false, 'zfs').panes.map((p) => p.id)).toEqual([
			'guests',
			'logs',
		]);
		expect(computeLayout({cols: 80, rows: 24}, 'network', false, 'zfs').panes.map((p) => p.id)).toEqual(['network']);
		expect(computeLayout({cols: 59, rows: 24}, 'guests', false, 'zfs').mode).toBe('too-small');
		expect(computeLayout({cols: 80, rows: 24}, 'guests', false, 'zfs').frameRows).toBe(23);
	});

	it('parses journal JSON (string or byte-array messages) and docker -t lines', () => {
		const line = parseJournalLine(
			readFixture('journalctl/json-modern-compact-fedora-runtime-scope-ddmicroagent.jsonl').split('\n')[0]!,
		);
		expect(line).toMatchObject({
			message: 'setroubleshootd.service: Deactivated successfully.',
			priority: 6,
			unit: 'systemd',
			pid: 1,
			time: 1_782_840_698_615,
		});
		expect(parseJournalLine('{"MESSAGE":[104,105],"PRIORITY":"3"}')).toMatchObject({message: 'hi', priority: 3});
		expect(parseJournalLine('-- No entries --')).toEqual({time: null, message: '-- No entries --'});
		expect(parseDockerLine('2026-11-23T10:00:01.123456789Z hello', 'stdout')).toEqual({
			time: Date.parse('2026-11-23T10:00:01.123Z'),
			message: 'hello',
		});
	});
});
