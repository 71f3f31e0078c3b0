import {describe, it, expect} from 'vitest';
import {LogRing} from '../../source/store/ring.js';

describe('LogRing', () => {
	it('keeps the newest lines in order and counts what it pushed out', () => {
		const ring = new LogRing<number>(3);
		ring.pushAll([1, 2, 3, 4, 5]);
		expect(ring.toArray()).toEqual([3, 4, 5]);
		expect(ring.size).toBe(3);
		expect(ring.evicted).toBe(2);
		expect(ring.at(0)).toBe(3);
		expect(ring.at(3)).toBeUndefined();
	});

	it('holds fewer than capacity without evicting, and clear resets the counter', () => {
		const ring = new LogRing<string>(5000);
		ring.pushAll(['a', 'b']);
		expect(ring.toArray()).toEqual(['a', 'b']);
		expect(ring.evicted).toBe(0);
		ring.clear();
		expect(ring.size).toBe(0);
		ring.push('c');
		expect(ring.toArray()).toEqual(['c']);
	});

	it('stays bounded at 5,000 after 12,000 lines', () => {
		const ring = new LogRing<number>(5000);
		for (let i = 0; i < 12_000; i++) ring.push(i);
		expect(ring.size).toBe(5000);
		expect(ring.at(0)).toBe(7000);
		expect(ring.at(4999)).toBe(11_999);
		expect(ring.evicted).toBe(7000);
	});

	it('refuses a capacity below one', () => {
		expect(() => new LogRing(0)).toThrow(RangeError);
	});
});
