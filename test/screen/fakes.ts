/**
 * Stand-ins for the collector and transport, for store and screen tests (and the e2e
 * launcher while the simulated homelab is not there): a collector that returns whatever
 * snapshot the test says (or fails on demand), and a transport whose streams emit journal
 * lines the test pushes.
 */
import type {Collector} from '../../source/host/collector-types.js';
import type {Snapshot} from '../../source/model/snapshot.js';
import type {ConnectionState, StreamHandle, StreamOptions, Transport} from '../../source/transport/types.js';

export interface FakeCollector extends Collector {
	calls: number;
	/** Make the next collect() calls reject with this message (null: succeed again). */
	failWith: string | null;
	snapshot: () => Snapshot;
}

export function fakeCollector(snapshot: () => Snapshot): FakeCollector {
	const collector: FakeCollector = {
		calls: 0,
		failWith: null,
		snapshot,
		async collect() {
			collector.calls++;
			if (collector.failWith) throw new Error(collector.failWith);
			return {...collector.snapshot(), takenAt: new Date().toISOString()};
		},
	};
	return collector;
}

export interface FakeStream {
	command: string;
	options: StreamOptions;
	stopped: boolean;
	emit(line: string, stream?: 'stdout' | 'stderr'): void;
	end(code: number | null, reason?: string): void;
}

export interface FakeTransport extends Transport {
	streams: FakeStream[];
	setState(state: ConnectionState): void;
}

export function fakeTransport(): FakeTransport {
	let state: ConnectionState = {kind: 'connected', since: Date.now()};
	const listeners = new Set<(state: ConnectionState) => void>();
	const streams: FakeStream[] = [];
	return {
		kind: 'sim',
		label: 'demo',
		streams,
		async exec() {
			return {stdout: '', stderr: '', code: 0, durationMs: 0};
		},
		stream(command, options): StreamHandle {
			let resolveDone: (r: {code: number | null; reason?: string}) => void = () => {};
			const done = new Promise<{code: number | null; reason?: string}>((resolve) => (resolveDone = resolve));
			const fake: FakeStream = {
				command,
				options,
				stopped: false,
				emit(line, stream = 'stdout') {
					if (!fake.stopped) options.onLine(line, stream);
				},
				end(code, reason) {
					if (fake.stopped) return;
					fake.stopped = true;
					const result = reason === undefined ? {code} : {code, reason};
					options.onEnd?.(result);
					resolveDone(result);
				},
			};
			streams.push(fake);
			return {
				stop() {
					fake.stopped = true;
					resolveDone({code: null, reason: 'stopped'});
				},
				done,
			};
		},
		state: () => state,
		onStateChange(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		setState(next) {
			state = next;
			for (const listener of listeners) listener(next);
		},
		stats: () => ({execs: 0, streams: streams.length}),
		async close() {},
	};
}

/** A journalctl -o json record, as the host would print it. */
export function journalRecord(
	message: string,
	extra: {priority?: number; unit?: string; timeMs?: number} = {},
): string {
	return JSON.stringify({
		__REALTIME_TIMESTAMP: String((extra.timeMs ?? Date.parse('2026-11-23T10:00:00Z')) * 1000),
		PRIORITY: String(extra.priority ?? 6),
		SYSLOG_IDENTIFIER: extra.unit ?? 'pveproxy',
		_PID: '1234',
		_HOSTNAME: 'pve',
		MESSAGE: message,
	});
}
