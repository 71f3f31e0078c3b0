/**
 * Unknown is not zero, through the sshd test host: a pool gone UNAVAIL prints `-` for every
 * value in `zpool list`, and a `zfs list` that prints rows of another shape than asked for.
 * The JSON says null (not 0), the tables and the ZFS pane say `-`, health fails the pool on
 * its state and never passes it on "0 % used", and the bad `zfs list` is a typed error in
 * errors[] rather than datasets read into the wrong fields.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createCollector} from '../../source/host/collect.js';
import {createAppStore, startPoller, stopPoller} from '../../source/store/app-store.js';
import type {AppStore} from '../../source/store/types.js';
import type {SshTransport} from '../../source/transport/ssh.js';
import {connectTestHost} from '../host/connect.js';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import {swapCommand} from '../host/hostile.js';
import {proxdeckOnHost} from '../host/cli.js';
import {renderApp, type Harness} from '../screen/harness.js';

const gate = requireE2E('hostile-unknowns');

interface Json {
	pools: {
		name: string;
		size: number | null;
		alloc: number | null;
		capacity: number | null;
		dedup: number | null;
		health: string;
		level: string;
	}[];
	datasets: unknown[];
	errors: {section: string; command: string; message: string}[];
	health: {target: string; check: string; state: string; detail: string}[];
}

describe.skipIf(gate.skip)('values the host did not give stay unknown, through the sshd test host', () => {
	let host: TestHost;

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost();
		swapCommand(host, 'zpool', [
			{
				startsWith: 'list -Hp',
				run: `"$REAL" "$@" | sed 's/^media-pool\\t.*$/media-pool\\t-\\t-\\t-\\t-\\t-\\t-\\tUNAVAIL/'`,
			},
		]);
		// The mountpoint column missing from every row: read as asked, refer would be taken for it.
		swapCommand(host, 'zfs', [{startsWith: 'list -Hp', run: `"$REAL" "$@" | cut -f1-4`}]);
	}, 120_000);
	afterAll(async () => {
		await host?.close();
	});

	it("--once --json: the UNAVAIL pool's values are null, it is crit, health fails it and does not call it 0 % used; zfs list is a typed error", async () => {
		const {stdout} = await proxdeckOnHost(host, ['--once', '--json']);
		const snapshot = JSON.parse(stdout) as Json;
		expect(snapshot.pools.find((p) => p.name === 'media-pool')).toMatchObject({
			size: null,
			alloc: null,
			capacity: null,
			dedup: null,
			health: 'UNAVAIL',
			level: 'crit',
		});
		const health = snapshot.health.filter((h) => h.target === 'pool:media-pool');
		expect(health.map((h) => [h.check, h.state])).toEqual([
			['state', 'fail'],
			['capacity', 'warn'],
		]);
		expect(health.map((h) => h.detail).join(' ')).not.toMatch(/\b0%|\b0B/);
		expect(snapshot.datasets).toEqual([]);
		expect(snapshot.errors.find((e) => e.section === 'datasets')).toMatchObject({
			command: 'zfs list -Hp -t filesystem,volume -o name,used,avail,refer,mountpoint',
			message: 'line 1 has 4 fields where the columns (name,used,avail,refer,mountpoint) make 5',
		});
	}, 60_000);

	it('--once --pane zfs prints - for what is unknown, not 0B, 0% or 1.00x', async () => {
		const {stdout} = await proxdeckOnHost(host, ['--once', '--pane', 'zfs']);
		const row = stdout.split('\n').find((line) => line.includes('media-pool') && line.includes('UNAVAIL'))!;
		const cells = row.split(/ {2,}/).map((cell) => cell.trim());
		expect(cells.slice(0, 8)).toEqual(['media-pool', '-', '-', '-', '-', '-', '-', 'UNAVAIL']);
	}, 60_000);

	describe('the console', () => {
		let ssh: SshTransport;
		let store: AppStore;
		let app: Harness;
		afterAll(async () => {
			if (store) stopPoller(store);
			app?.unmount();
			await ssh?.close();
		});

		it("the ZFS pane shows the pool as unknown, and the pane's max leaves it out", async () => {
			ssh = await connectTestHost(host);
			store = createAppStore({
				collector: createCollector(ssh, {context: 'test-host'}),
				transport: ssh,
				context: 'test-host',
				host: ssh.label,
				readOnly: true,
				intervalMs: 1000,
			});
			app = await renderApp(store, {cols: 200, rows: 50});
			startPoller(store);
			await expect.poll(() => app.lastFrame(), {timeout: 60_000}).toMatch(/media-pool.*UNAVAIL/);
			const frame = app.lastFrame();
			// The ZFS pane's part of the screen line (the guests pane sits beside it).
			const row = frame
				.split('\n')
				.flatMap((line) => line.split(/[│┃]/))
				.find((cell) => /media-pool.*UNAVAIL/.test(cell))!;
			expect(row).toMatch(/media-pool\s+-\s+-\/-\s+UNAVAIL/);
			expect(row).not.toMatch(/0%|0B/);
			expect(frame).toMatch(/dedup -/);
			expect(frame).toMatch(/3 pools · 1 not ONLINE · max 60%/);
		}, 90_000);
	});
});
