/**
 * Faults on the sshd test host while the console runs against it (real ssh transport, real
 * collector, store and screens): a host command that fails or prints garbage, sshd killed in
 * the middle of a refresh and started again, and a host answering slowly (2 s per command).
 * One test host for the file; short keepalives and backoff so each fault resolves quickly.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createCollector} from '../../source/host/collect.js';
import {withState} from '../../source/sim/state-file.js';
import {createAppStore, refreshNow, startPoller, stopPoller} from '../../source/store/app-store.js';
import type {AppStore} from '../../source/store/types.js';
import {selectGuestRows, selectedIndex} from '../../source/store/guest-rows.js';
import type {SshTransport} from '../../source/transport/ssh.js';
import {connectTestHost} from '../host/connect.js';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import {renderApp, type Harness} from '../screen/harness.js';

const gate = requireE2E('fault-refresh');

describe.skipIf(gate.skip)('faults while the console refreshes from the sshd test host', () => {
	let host: TestHost;
	let ssh: SshTransport;
	let store: AppStore;
	let app: Harness;

	function setFaults(faults: Record<string, unknown>): void {
		withState(host.sim!.stateFile, (state) => {
			state.faults = faults as typeof state.faults;
		});
	}

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost();
		ssh = await connectTestHost(host, {
			keepaliveIntervalMs: 500,
			keepaliveCountMax: 2,
			reconnect: {baseMs: 100, maxMs: 400},
		});
		const collector = createCollector(ssh, {context: 'test-host'});
		store = createAppStore({
			collector,
			transport: ssh,
			context: 'test-host',
			host: ssh.label,
			readOnly: true,
			intervalMs: 500,
		});
		app = await renderApp(store, {cols: 200, rows: 50});
		startPoller(store);
		await frameWith((frame) => /updated/.test(frame) && /› +100 /.test(frame), 'the first refresh on screen');
	}, 120_000);
	afterAll(async () => {
		if (store) stopPoller(store);
		app?.unmount();
		await ssh?.close();
		await host?.close();
	});

	/** The first frame that passes (a loaded CI machine may take longer than the harness's 3 s). */
	async function frameWith(predicate: (frame: string) => boolean, what: string): Promise<string> {
		const deadline = Date.now() + 30_000;
		while (!predicate(app.lastFrame())) {
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last frame:\n${app.lastFrame()}`);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		return app.lastFrame();
	}

	/** Resolves after a refresh that started after now has succeeded. */
	async function nextGoodRefresh(timeoutMs = 30_000): Promise<void> {
		const after = Date.now();
		await expect
			.poll(() => store.getState().refresh.lastOkAt ?? 0, {timeout: timeoutMs, interval: 50})
			.toBeGreaterThan(after);
	}

	it('a command that fails and one that prints garbage cost their sections only; the rest keeps updating', async () => {
		setFaults({failCommand: ['zpool list'], garbageCommand: ['pvesh get /cluster/status']});
		await nextGoodRefresh();
		await nextGoodRefresh();
		const snapshot = store.getState().snapshot!;
		const failed = Object.fromEntries(snapshot.errors.map((e) => [e.command, e]));
		expect(Object.keys(failed).sort()).toEqual([
			'pvesh get /cluster/status --output-format json',
			'zpool list -Hp -o name,size,alloc,free,frag,cap,dedup,health',
		]);
		expect(failed['zpool list -Hp -o name,size,alloc,free,frag,cap,dedup,health']).toMatchObject({
			section: 'pools',
			exitCode: 1,
			message: 'The ZFS modules cannot be auto-loaded.',
		});
		expect(failed['pvesh get /cluster/status --output-format json']).toMatchObject({section: 'nodes', exitCode: 0});
		expect(failed['pvesh get /cluster/status --output-format json']!.message).toMatch(/JSON/i);
		// Everything else arrived: guests, datasets, bridges, the VPN.
		expect(snapshot.guests.length).toBeGreaterThan(30);
		expect(snapshot.datasets.length).toBeGreaterThan(0);
		expect(snapshot.bridges.map((b) => b.name)).toEqual(expect.arrayContaining(['vmbr0', 'vmbr1', 'vmbr2']));
		expect(snapshot.vpn.tunnels.length).toBeGreaterThan(0);
		const frame = await frameWith((f) => f.includes('2 sections failed'), 'the header naming the failed sections');
		expect(frame).toMatch(/updated/);
		expect(frame).toMatch(/\b116 wireguard/);
		// Clearing the fault heals on the next refresh.
		setFaults({});
		await nextGoodRefresh();
		await nextGoodRefresh();
		expect(store.getState().snapshot!.errors).toEqual([]);
		expect(store.getState().snapshot!.pools.length).toBeGreaterThan(0);
	}, 90_000);

	it('sshd killed in the middle of a refresh: the data shows as stale, the transport reconnects, refreshes resume', async () => {
		// Each host command takes 400 ms, so a refresh is in flight for several seconds.
		setFaults({latencyMs: 400});
		await expect.poll(() => store.getState().refresh.inFlight, {timeout: 20_000, interval: 20}).toBe(true);
		const lastOk = store.getState().refresh.lastOkAt;
		await host.stop();
		await expect.poll(() => store.getState().connection.kind, {timeout: 15_000}).toBe('reconnecting');
		const stale = await frameWith(
			(f) => /STALE \S+ old/.test(f) && /reconnecting in \d+s \(attempt \d+\)/.test(f),
			'the STALE marker',
		);
		// The last good data stays on screen while the host is away.
		expect(stale).toMatch(/1 Guests +40/);
		expect(stale).toMatch(/› +\d+ \S+ +lxc/);
		// The refresh that was in flight fails (the frame may show STALE first: the connection dropped).
		await expect.poll(() => store.getState().refresh.failures, {timeout: 15_000}).toBeGreaterThan(0);
		expect(store.getState().refresh.lastOkAt).toBe(lastOk);

		setFaults({});
		await host.start();
		await expect.poll(() => store.getState().connection.kind, {timeout: 20_000}).toBe('connected');
		await nextGoodRefresh(40_000);
		expect(store.getState().refresh.failures).toBe(0);
		await frameWith((f) => /updated/.test(f) && !/STALE \S+ old/.test(f), 'fresh data again');
	}, 120_000);

	it('a host that takes 2 s per command: keys still move the selection while the refresh is in flight', async () => {
		setFaults({});
		await nextGoodRefresh();
		const slowFrom = Date.now();
		setFaults({latencyMs: 2000});
		refreshNow(store);
		// A refresh that started after the fault was set (one already running may still be fast).
		await expect
			.poll(() => store.getState().refresh.inFlight && (store.getState().refresh.lastAttemptAt ?? 0) >= slowFrom, {
				timeout: 20_000,
				interval: 20,
			})
			.toBe(true);
		const started = store.getState().refresh.lastAttemptAt;
		const rowsBefore = selectGuestRows(store.getState());
		const from = selectedIndex(rowsBefore, store.getState().guests);
		const target = rowsBefore.rows[from + 3];
		expect(target?.kind).toBe('guest');
		const vmid = target?.kind === 'guest' ? target.guest.vmid : 0;
		await app.press('j', 'j', 'j');
		await expect.poll(() => app.lastFrame(), {timeout: 10_000, interval: 20}).toMatch(new RegExp(`› +${vmid} `));
		await app.press('2');
		// Focus moved: the ZFS pane's border turns bold, the guests pane's cursor goes away.
		await expect.poll(() => app.lastFrame(), {timeout: 10_000, interval: 20}).not.toMatch(/› +\d+ /);
		// All of that happened while one slow refresh was still running.
		expect(store.getState().refresh.inFlight).toBe(true);
		expect(store.getState().refresh.lastAttemptAt).toBe(started);
		setFaults({});
	}, 90_000);
});
