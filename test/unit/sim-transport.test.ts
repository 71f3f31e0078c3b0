import {describe, expect, it} from 'vitest';
import {renderBatch} from '../../source/host/batch.js';
import {splitBatchOutput} from '../../source/host/batch-output.js';
import {containerLogs, guestJournal, hostJournal, READS} from '../../source/host/commands.js';
import {shellJoin} from '../../source/host/quote.js';
import {SimClock} from '../../source/sim/clock.js';
import {createHomelab} from '../../source/sim/state.js';
import {createSimTransport} from '../../source/sim/transport.js';
import type {ConnectionState} from '../../source/transport/types.js';

const NOW = Date.UTC(2025, 10, 23, 11, 20, 0);

function driven(rate?: number) {
	const clock = new SimClock({start: NOW});
	const transport = createSimTransport({state: createHomelab({now: NOW}), clock, rate});
	return {clock, transport};
}

function collect(transport: ReturnType<typeof driven>['transport'], command: string) {
	const lines: {line: string; stream: string}[] = [];
	const handle = transport.stream(command, {onLine: (line, stream) => lines.push({line, stream})});
	return {lines, handle};
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SimTransport', () => {
	it('execs a batch and counts it', async () => {
		const {transport} = driven();
		const batch = renderBatch([{id: 'zpool', argv: READS.zpoolList}]);
		const result = await transport.exec(batch.script);
		expect(result.code).toBe(0);
		expect(splitBatchOutput(result.stdout, result.stderr, batch.marker).get('zpool')!.stdout.split('\n')).toHaveLength(
			4,
		);
		expect(transport.stats()).toEqual({execs: 1, streams: 0});
		expect(transport.kind).toBe('sim');
	});

	it('holds its output to the same caps as a real host: kept up to the cap, the rest counted', async () => {
		const {transport} = driven();
		const full = await transport.exec(shellJoin(READS.resources));
		const capped = await transport.exec(shellJoin(READS.resources), {maxBytes: 1000});
		expect(capped.stdout).toBe(full.stdout.slice(0, 1000));
		expect(capped.cut).toEqual({limit: 1000, stdout: Buffer.byteLength(full.stdout)});
		expect(full.cut).toBeUndefined();
	});

	it('streams the host journal: the last N lines, then new ones as the clock moves, until stopped', async () => {
		const {clock, transport} = driven();
		const {lines, handle} = collect(transport, shellJoin(hostJournal(5)));
		await flush();
		expect(lines).toHaveLength(5);
		const firstTime = Number((JSON.parse(lines[4]!.line) as Record<string, string>)['__REALTIME_TIMESTAMP']);
		clock.advance(20_000);
		expect(lines.length).toBeGreaterThan(5);
		const later = lines
			.slice(5)
			.map((l) => Number((JSON.parse(l.line) as Record<string, string>)['__REALTIME_TIMESTAMP']));
		expect(later.every((t) => t > firstTime && t <= (NOW + 20_000) * 1000)).toBe(true);
		handle.stop();
		const count = lines.length;
		clock.advance(20_000);
		expect(lines).toHaveLength(count);
		expect(await handle.done).toEqual({code: null, reason: 'stopped'});
		expect(transport.stats().streams).toBe(1);
	});

	it('follows the crash-looping qbittorrent container with its s6 error on stderr', async () => {
		const {clock, transport} = driven();
		const {lines, handle} = collect(transport, shellJoin(containerLogs(111, 'qbittorrent', 4)));
		await flush();
		expect(lines.map((l) => l.line.replace(/^\S+ /, ''))).toEqual([
			'[migrations] started',
			'[migrations] no migrations found',
			'usermod: no changes',
			's6-ipcserver-socketbinder: fatal: unable to create socket: Permission denied',
		]);
		expect(lines[3]!.stream).toBe('stderr');
		expect(lines[0]!.line).toMatch(/^2025-11-23T11:19:\d\d(\.\d+)?Z \[migrations\] started$/);
		clock.advance(60_000);
		expect(lines.length).toBe(8);
		handle.stop();
	});

	it('ends a guest stream with Proxmox error when the container is not running', async () => {
		const {transport} = driven();
		const {lines, handle} = collect(transport, shellJoin(guestJournal(117, 10)));
		expect(await handle.done).toEqual({code: 255});
		expect(lines).toEqual([{line: 'CT 117 not running', stream: 'stderr'}]);
	});

	it('pours logs at a high rate when asked', async () => {
		const {clock, transport} = driven(5000);
		const {lines, handle} = collect(transport, shellJoin(hostJournal(0)));
		await flush();
		clock.advance(1000);
		expect(lines.length).toBeGreaterThanOrEqual(4990);
		expect(lines.length).toBeLessThanOrEqual(5010);
		handle.stop();
	});

	it('drops the connection, rejects execs while reconnecting, then recovers', async () => {
		const {clock, transport} = driven();
		const states: ConnectionState['kind'][] = [];
		transport.onStateChange((s) => states.push(s.kind));
		const {handle} = collect(transport, shellJoin(hostJournal(1)));
		await flush();
		transport.sim.faults.dropConnection(5);
		expect(transport.state()).toMatchObject({kind: 'reconnecting', retryAt: NOW + 5000});
		expect(await handle.done).toEqual({code: null, reason: 'disconnected'});
		await expect(transport.exec('pveversion')).rejects.toMatchObject({name: 'TransportError', code: 'disconnected'});
		clock.advance(5000);
		expect(transport.state().kind).toBe('connected');
		expect((await transport.exec('pveversion')).stdout).toBe(
			'pve-manager/9.0.10/deb1ca707ec72a89 (running kernel: 6.14.11-2-pve)\n',
		);
		expect(states).toEqual(['reconnecting', 'connected']);
	});

	it('applies latency, and times out or aborts a slow exec', async () => {
		const {transport} = driven();
		transport.sim.faults.latency(30);
		const slow = await transport.exec('pveversion');
		expect(slow.durationMs).toBeGreaterThanOrEqual(25);
		expect(await transport.exec('pveversion', {timeoutMs: 5})).toMatchObject({code: null, interrupted: 'timeout'});
		const controller = new AbortController();
		const pending = transport.exec('pveversion', {signal: controller.signal});
		controller.abort();
		expect(await pending).toMatchObject({code: null, interrupted: 'aborted'});
	});

	it('shares one state between exec and the sim handle', async () => {
		const {clock, transport} = driven();
		await transport.exec('pct clone 900 200 --hostname postgresql-db --storage local-lvm --full');
		await transport.exec('pct start 200');
		clock.advance(2000);
		expect((await transport.exec('pct status 200')).stdout).toBe('status: running\n');
		expect(transport.sim.state.guests.some((g) => g.vmid === 200)).toBe(true);
		await transport.close();
		await expect(transport.exec('true')).rejects.toMatchObject({code: 'disconnected'});
	});
});
