import {describe, it, expect, vi, beforeEach, afterEach} from 'vitest';
import {
	FIRST_REFRESH_DEADLINE_MS,
	MAX_REFRESH_DEADLINE_MS,
	alignedDelay,
	backoffDelay,
	createPoller,
	refreshDeadline,
} from '../../source/store/poller.js';
import {sampleSnapshot} from '../helpers/sample-snapshot.js';
import type {Snapshot} from '../../source/model/snapshot.js';

describe('poller', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	function setup(collect: (signal: AbortSignal) => Promise<Snapshot>) {
		const events: string[] = [];
		const nextAts: number[] = [];
		const poller = createPoller(
			{
				collect,
				onStart: () => events.push('start'),
				onSuccess: (_s, at, _d, nextAt) => {
					events.push('ok');
					nextAts.push(nextAt - at);
				},
				onFailure: (error, failures, at, nextAt) => {
					events.push(`fail${failures}:${error.message}`);
					nextAts.push(nextAt - at);
				},
			},
			{intervalMs: 2000},
		);
		return {poller, events, nextAts};
	}

	it('refreshes every 2 s', async () => {
		const collect = vi.fn(async () => sampleSnapshot());
		const {poller, events} = setup(collect);
		poller.start();
		await vi.advanceTimersByTimeAsync(0);
		expect(collect).toHaveBeenCalledTimes(1);
		await vi.advanceTimersByTimeAsync(1999);
		expect(collect).toHaveBeenCalledTimes(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(collect).toHaveBeenCalledTimes(2);
		expect(events).toEqual(['start', 'ok', 'start', 'ok']);
		poller.stop();
	});

	it('never overlaps a slow refresh', async () => {
		let release: () => void = () => {};
		const collect = vi.fn(() => new Promise<Snapshot>((resolve) => (release = () => resolve(sampleSnapshot()))));
		const {poller} = setup(collect);
		poller.start();
		await vi.advanceTimersByTimeAsync(0);
		expect(poller.inFlight).toBe(true);
		poller.refreshNow();
		await vi.advanceTimersByTimeAsync(10_000);
		expect(collect).toHaveBeenCalledTimes(1);
		release();
		await vi.advanceTimersByTimeAsync(0);
		expect(poller.inFlight).toBe(false);
		await vi.advanceTimersByTimeAsync(2000);
		expect(collect).toHaveBeenCalledTimes(2);
		poller.stop();
	});

	it('skips the ticks a refresh outlasts instead of queueing them: the next starts a whole interval after it ends', async () => {
		let release: () => void = () => {};
		const collect = vi.fn(() => new Promise<Snapshot>((resolve) => (release = () => resolve(sampleSnapshot()))));
		const {poller} = setup(collect);
		poller.start();
		await vi.advanceTimersByTimeAsync(0);
		// Three intervals pass and a refresh is asked for by hand: none of it waits in line.
		await vi.advanceTimersByTimeAsync(6000);
		poller.refreshNow();
		release();
		await vi.advanceTimersByTimeAsync(1999);
		expect(collect).toHaveBeenCalledTimes(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(collect).toHaveBeenCalledTimes(2);
		poller.stop();
	});

	it('backs off while failing and returns to the interval after a success', async () => {
		let fail = true;
		const collect = vi.fn(async () => {
			if (fail) throw new Error('connection lost');
			return sampleSnapshot();
		});
		const {poller, events, nextAts} = setup(collect);
		poller.start();
		await vi.advanceTimersByTimeAsync(0);
		await vi.advanceTimersByTimeAsync(4000);
		await vi.advanceTimersByTimeAsync(8000);
		expect(events).toEqual([
			'start',
			'fail1:connection lost',
			'start',
			'fail2:connection lost',
			'start',
			'fail3:connection lost',
		]);
		expect(nextAts).toEqual([4000, 8000, 16_000]);
		fail = false;
		await vi.advanceTimersByTimeAsync(16_000);
		expect(events.at(-1)).toBe('ok');
		expect(nextAts.at(-1)).toBe(2000);
		poller.stop();
	});

	it('collect() shares the refresh in flight: one batch answers both', async () => {
		let release: () => void = () => {};
		const collect = vi.fn(() => new Promise<Snapshot>((resolve) => (release = () => resolve(sampleSnapshot()))));
		const {poller, events} = setup(collect);
		poller.start();
		await vi.advanceTimersByTimeAsync(0);
		const asked = poller.collect();
		release();
		await expect(asked).resolves.toMatchObject({context: 'demo'});
		expect(collect).toHaveBeenCalledTimes(1);
		expect(events).toEqual(['start', 'ok']);
		poller.stop();
	});

	it('collect() between ticks refreshes now, reports it, and moves the next tick a whole interval on', async () => {
		const collect = vi.fn(async () => sampleSnapshot());
		const {poller, events} = setup(collect);
		poller.start();
		await vi.advanceTimersByTimeAsync(0);
		await vi.advanceTimersByTimeAsync(1500);
		await poller.collect();
		expect(collect).toHaveBeenCalledTimes(2);
		expect(events).toEqual(['start', 'ok', 'start', 'ok']);
		await vi.advanceTimersByTimeAsync(1999);
		expect(collect).toHaveBeenCalledTimes(2);
		await vi.advanceTimersByTimeAsync(1);
		expect(collect).toHaveBeenCalledTimes(3);
		poller.stop();
	});

	it("collect() rejects with the refresh's error, which is reported as a failure too", async () => {
		const collect = vi.fn(async (): Promise<Snapshot> => {
			throw new Error('connection lost');
		});
		const {poller, events} = setup(collect);
		poller.start();
		await vi.advanceTimersByTimeAsync(0);
		await vi.advanceTimersByTimeAsync(1000);
		await expect(poller.collect()).rejects.toThrow('connection lost');
		expect(events).toEqual(['start', 'fail1:connection lost', 'start', 'fail2:connection lost']);
		poller.stop();
	});

	it('caps the backoff at 30 s', () => {
		expect(backoffDelay(2000, 0, 30_000)).toBe(2000);
		expect(backoffDelay(2000, 1, 30_000)).toBe(4000);
		expect(backoffDelay(2000, 9, 30_000)).toBe(30_000);
	});

	it('aborts a refresh that takes too long and counts it as a failure', async () => {
		const collect = vi.fn(async (signal: AbortSignal) => {
			// The first refresh comes back; the next one hangs.
			if (collect.mock.calls.length === 1) return sampleSnapshot();
			return new Promise<Snapshot>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
		});
		const {poller, events} = setup(collect);
		poller.start();
		await vi.advanceTimersByTimeAsync(2000 + 15_000);
		expect(events).toEqual(['start', 'ok', 'start', 'fail1:refresh took longer than 15000 ms']);
		poller.stop();
	});

	it('gives the first refresh a minute, and one that outlasts its deadline a longer one next time', async () => {
		// Every refresh of this big host takes 70 s: longer than even the first refresh's minute.
		const collect = vi.fn(
			(signal: AbortSignal) =>
				new Promise<Snapshot>((resolve, reject) => {
					const done = setTimeout(() => resolve(sampleSnapshot()), 70_000);
					signal.addEventListener('abort', () => {
						clearTimeout(done);
						reject(signal.reason);
					});
				}),
		);
		const {poller, events, nextAts} = setup(collect);
		poller.start();
		await vi.advanceTimersByTimeAsync(60_000);
		expect(events).toEqual(['start', 'fail1:refresh took longer than 60000 ms']);
		// The retry (after the 4 s backoff) may take two minutes, and gets through at 70 s.
		await vi.advanceTimersByTimeAsync(nextAts[0]! + 70_000);
		expect(events).toEqual(['start', 'fail1:refresh took longer than 60000 ms', 'start', 'ok']);
		// From now on the deadline follows the host: a refresh this slow is not cut.
		await vi.advanceTimersByTimeAsync(2000 + 70_000);
		expect(events.slice(4)).toEqual(['start', 'ok']);
		poller.stop();
	});

	it('doubles the deadline per cut refresh in a row, up to five minutes, and learns it from the last good one', () => {
		expect(refreshDeadline(15_000, null, 0)).toBe(FIRST_REFRESH_DEADLINE_MS);
		expect(refreshDeadline(15_000, null, 1)).toBe(2 * FIRST_REFRESH_DEADLINE_MS);
		expect(refreshDeadline(15_000, null, 9)).toBe(MAX_REFRESH_DEADLINE_MS);
		expect(refreshDeadline(15_000, 2_000, 0)).toBe(15_000);
		expect(refreshDeadline(15_000, 2_000, 1)).toBe(30_000);
		expect(refreshDeadline(15_000, 20_000, 0)).toBe(60_000);
	});
});

describe('a poller kept to the clock (a fleet member)', () => {
	beforeEach(() => vi.useFakeTimers({now: 0}));
	afterEach(() => vi.useRealTimers());

	it('starts each refresh on the next multiple of the interval, whatever the last one took', async () => {
		const started: number[] = [];
		const collect = vi.fn(async () => {
			started.push(Date.now());
			// Each refresh takes a different time: 300 ms, then 1,200 ms, then 100 ms.
			await new Promise((resolve) => setTimeout(resolve, [300, 1200, 100][started.length - 1] ?? 100));
			return sampleSnapshot();
		});
		const nextAts: number[] = [];
		const poller = createPoller(
			{collect, onStart: () => {}, onSuccess: (_s, _at, _d, nextAt) => nextAts.push(nextAt), onFailure: () => {}},
			{intervalMs: 2000, alignToInterval: true},
		);
		poller.start();
		await vi.advanceTimersByTimeAsync(9000);
		poller.stop();
		// 1,200 ms into the interval is more than half: the next refresh skips to the one after.
		expect(started.slice(0, 4)).toEqual([0, 2000, 6000, 8000]);
		expect(nextAts.slice(0, 3)).toEqual([2000, 6000, 8000]);
	});

	it('waits at least half an interval after a refresh', () => {
		expect(alignedDelay(10_300, 2000)).toBe(1700);
		expect(alignedDelay(11_000, 2000)).toBe(1000);
		expect(alignedDelay(11_500, 2000)).toBe(2500);
		expect(alignedDelay(12_000, 2000)).toBe(2000);
	});
});
