/**
 * What the logs pane holds per line: 5,000 journal lines (the ring's size) streamed through
 * the log session take the text of the lines and a small record each. A line copied by
 * spreading (`{...line, seq}`) got a hidden class of its own in V8 (~400 bytes a line instead of ~150),
 * and a stream at 5,000 lines/s turned the ring over every second.
 */
import {describe, expect, it} from 'vitest';
import type {NodeRouter} from '../../source/host/node-router.js';
import {createLogSession} from '../../source/store/log-session.js';
import type {RenderedLogLine} from '../../source/store/log-lines.js';
import {LogRing} from '../../source/store/ring.js';
import type {StreamOptions} from '../../source/transport/types.js';
import {retainedBytes} from '../helpers/memory.js';

const LINES = 5000;

/** A `journalctl -o json` record as a Proxmox host writes it, its message `chars` long. */
function journalRecord(i: number, chars: number): string {
	const message = `pvedaemon worker ${i} finished request`.padEnd(chars, '.');
	return JSON.stringify({
		__REALTIME_TIMESTAMP: String(1_733_500_000_000_000 + i * 1000),
		PRIORITY: '6',
		SYSLOG_IDENTIFIER: 'pvedaemon',
		_PID: String(1000 + (i % 50)),
		_HOSTNAME: 'pve',
		MESSAGE: message,
	});
}

/** A router whose one stream hands its lines to the test. */
function routerFeeding(): {router: NodeRouter; feed: (line: string, stream?: 'stdout' | 'stderr') => void} {
	let options: StreamOptions | null = null;
	const router = {
		stream(_command: unknown, streamOptions: StreamOptions) {
			options = streamOptions;
			return {stop() {}, done: new Promise(() => {})};
		},
	} as unknown as NodeRouter;
	return {router, feed: (line, stream = 'stdout') => options!.onLine(line, stream)};
}

async function heldPerLine(records: (i: number) => string): Promise<{bytes: number; ring: LogRing<RenderedLogLine>}> {
	const ring = new LogRing<RenderedLogLine>(LINES);
	const {router, feed} = routerFeeding();
	const session = createLogSession(router, ring, () => {}, 1);
	session.start({kind: 'host'});
	const raw = Array.from({length: LINES}, (_, i) => records(i));
	const before = await retainedBytes();
	for (const line of raw) feed(line);
	await new Promise((resolve) => setTimeout(resolve, 20)); // the batch reaches the ring
	const after = await retainedBytes();
	session.stop();
	// The raw lines stay alive until here: the figure is what the ring adds to them.
	expect(raw).toHaveLength(LINES);
	return {bytes: (after - before) / LINES, ring};
}

describe('log lines held by the ring', () => {
	it('a journal line costs its text and a small record, not a hidden class of its own', async () => {
		const chars = 100;
		const {bytes, ring} = await heldPerLine((i) => journalRecord(i, chars));
		expect(ring.size).toBe(LINES);
		expect(ring.at(LINES - 1)).toMatchObject({unit: 'pvedaemon', hostname: 'pve', seq: LINES - 1});
		// The text and the record: 140-240 bytes a line here. A copy per line took ~400.
		expect(bytes).toBeLessThan(300);
	});
});
