/**
 * A guest that floods, through the sshd test host: its `docker ps` prints 200 MB, and its
 * `docker logs -f` prints 700 MB in one line with no newline. proxdeck keeps 8 MB of the
 * section and says `output cut at 8 MB`, `--once --json` still prints the snapshot, the log
 * pane shows one line cut at 64K characters, refreshes go on meanwhile, and memory stays
 * bounded. The local transport is held to the same caps.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createCollector} from '../../source/host/collect.js';
import {setLogSource} from '../../source/store/actions/logs.js';
import {createAppStore, startPoller, stopPoller} from '../../source/store/app-store.js';
import type {AppStore} from '../../source/store/types.js';
import {createLocalTransport} from '../../source/transport/local.js';
import {OUTPUT_CAP_BYTES} from '../../source/transport/output-cap.js';
import type {SshTransport} from '../../source/transport/ssh.js';
import {connectTestHost} from '../host/connect.js';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import {swapCommand, type SwappedCommand} from '../host/hostile.js';
import {proxdeckOnHost} from '../host/cli.js';
import {peakWhile} from '../helpers/memory.js';

const gate = requireE2E('fault-flood');
const MB = 1024 * 1024;

describe.skipIf(gate.skip)('a guest that floods, through the sshd test host', () => {
	let host: TestHost;
	let ssh: SshTransport;
	let pct: SwappedCommand;

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost();
		ssh = await connectTestHost(host);
		pct = swapCommand(host, 'pct', [
			{startsWith: 'exec 111 -- docker ps', run: `"$REAL" "$@"; head -c ${200 * MB} /dev/zero | tr '\\0' x`},
		]);
	}, 120_000);
	afterAll(async () => {
		pct?.restore();
		await ssh?.close();
		await host?.close();
	});

	it('docker ps printing 200 MB: the section is cut at 8 MB and says so, every other section arrives, memory stays bounded', async () => {
		const collector = createCollector(ssh, {context: 'test-host', timeoutMs: 120_000});
		const {value: snapshot, peak} = await peakWhile(collector.collect());
		const cut = snapshot.errors.find((e) => e.command.includes('docker ps'));
		expect(cut).toMatchObject({section: 'containers', message: 'output cut at 8 MB (200 MB printed)', exitCode: 0});
		expect(snapshot.pools.find((p) => p.name === 'media-pool')?.capacity).toBe(84);
		expect(snapshot.guests.length).toBeGreaterThan(30);
		expect(snapshot.errors).toHaveLength(1);
		// 8 MB kept, its text, and the rest of the refresh; 200 MB held would be far above.
		expect(peak).toBeLessThan(120 * MB);
	}, 180_000);

	it('--once --json still prints the snapshot, with the cut section in errors[]', async () => {
		const {stdout} = await proxdeckOnHost(host, ['--once', '--json']);
		const snapshot = JSON.parse(stdout) as {errors: {command: string; message: string}[]; pools: unknown[]};
		expect(snapshot.errors.map((e) => e.message)).toEqual(['output cut at 8 MB (200 MB printed)']);
		expect(snapshot.pools).toHaveLength(3);
	}, 180_000);

	describe('a log line of 700 MB with no newline', () => {
		let store: AppStore;
		afterAll(() => {
			if (store) stopPoller(store);
		});

		it('shows one line cut at 64K characters, then the next line; refreshes go on; memory stays bounded', async () => {
			pct = swapCommand(host, 'pct', [
				{
					startsWith: 'exec 111 -- docker logs',
					run: `head -c ${700 * MB} /dev/zero | tr '\\0' A; printf '\\n2026-11-23T10:00:00.000000000Z after the flood\\n'; exec sleep 600`,
				},
			]);
			store = createAppStore({
				collector: createCollector(ssh, {context: 'test-host'}),
				transport: ssh,
				context: 'test-host',
				host: ssh.label,
				readOnly: true,
				intervalMs: 1000,
			});
			startPoller(store);
			await expect.poll(() => store.getState().refresh.lastOkAt, {timeout: 60_000}).not.toBeNull();
			const floodStarted = Date.now();
			const lines = (): string[] =>
				store
					.getState()
					.logRing.toArray()
					.map((l) => l.message);
			const {peak} = await peakWhile(
				(async () => {
					setLogSource(store, {kind: 'container', vmid: 111, container: 'nextcloud', node: 'pve'});
					await expect
						.poll(() => lines().some((l) => l.includes('after the flood')), {timeout: 150_000, interval: 100})
						.toBe(true);
				})(),
			);
			const [cut, after] = lines();
			expect(cut!.startsWith('A'.repeat(64 * 1024))).toBe(true);
			expect(cut).toMatch(/ … \[line cut at 64K characters\]$/);
			expect(cut!.length).toBeLessThan(64 * 1024 + 64);
			expect(after).toBe('after the flood');
			// The console kept refreshing while the flood came in.
			expect(store.getState().refresh.lastOkAt!).toBeGreaterThan(floodStarted);
			expect(peak).toBeLessThan(120 * MB);
		}, 240_000);
	});
});

describe('the local transport holds the same caps', () => {
	it('an exec printing 100 MB keeps 8 MB of it and says what it printed', async () => {
		const local = createLocalTransport();
		const {value: result, peak} = await peakWhile(local.exec(`head -c ${100 * MB} /dev/zero | tr '\\0' x`));
		expect(result.code).toBe(0);
		expect(result.stdout).toHaveLength(OUTPUT_CAP_BYTES);
		expect(result.cut).toEqual({limit: OUTPUT_CAP_BYTES, stdout: 100 * MB});
		expect(peak).toBeLessThan(64 * MB);
		await local.close();
	}, 60_000);

	it('a stream with a 200 MB line and no newline delivers one cut line', async () => {
		const local = createLocalTransport();
		const lines: string[] = [];
		const handle = local.stream(`head -c ${200 * MB} /dev/zero | tr '\\0' A; echo; echo next`, {
			onLine: (line) => lines.push(line),
		});
		const {peak} = await peakWhile(handle.done);
		expect(lines.map((l) => l.slice(-40))).toEqual([' … [line cut at 64K characters]'.padStart(40, 'A'), 'next']);
		expect(peak).toBeLessThan(64 * MB);
		await local.close();
	}, 60_000);
});
