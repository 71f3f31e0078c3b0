/**
 * Ink keeps every text it measured (measure-text.js) and wrapped (wrap-text.js) in a cache,
 * unbounded as published: a logs pane streaming all day would keep every line it ever showed.
 * patches/ink+6.8.0.patch clears each cache when it reaches 2,000 entries (a frame measures a
 * few hundred texts; log rows, each new, never hit). Checked on the heap: 50,000–100,000
 * distinct journal lines through each cache leave under a megabyte behind (the last 2,000 at
 * most), not all of them.
 */
import {describe, expect, it} from 'vitest';
import measureText from '../../node_modules/ink/build/measure-text.js';
import wrapText from '../../node_modules/ink/build/wrap-text.js';
import {retainedBytes} from '../helpers/memory.js';

/** Memory in MB still held after `fill` ran (full collections before and after). */
async function retainedMb(fill: () => void): Promise<number> {
	const before = await retainedBytes();
	fill();
	return ((await retainedBytes()) - before) / 2 ** 20;
}

/** A journal line as the logs pane shows it, wider than the 80 columns it is cut to. */
const line = (i: number): string =>
	`${String(i).padStart(8, '0')} pvedaemon[1234]: worker finished request for root@pam in 0.4s (status 200, 4096 bytes)`;

describe('Ink text caches', () => {
	it('measuring a stream of distinct lines holds a bounded amount of memory', async () => {
		const held = await retainedMb(() => {
			for (let i = 0; i < 100_000; i++) measureText(line(i)); // unbounded: ~18 MB
		});
		expect(held).toBeLessThan(1.5);
	});

	it('wrapping a stream of distinct lines holds a bounded amount of memory', async () => {
		const held = await retainedMb(() => {
			for (let i = 0; i < 50_000; i++) wrapText(line(i), 80, 'truncate-end'); // unbounded: ~15 MB
		});
		expect(held).toBeLessThan(1.5);
	}, 60_000); // cutting 50,000 lines is slow on a busy machine
});
