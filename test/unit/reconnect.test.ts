import {describe, expect, it} from 'vitest';
import {backoffDelay, describeState, StateCell} from '../../source/transport/reconnect.js';
import type {ConnectionState} from '../../source/transport/types.js';

describe('backoffDelay', () => {
	const options = {baseMs: 1000, maxMs: 30_000};

	it('doubles per attempt, between half and all of the ceiling', () => {
		expect([1, 2, 3, 4].map((n) => backoffDelay(n, options, () => 0))).toEqual([500, 1000, 2000, 4000]);
		expect([1, 2, 3, 4].map((n) => backoffDelay(n, options, () => 0.999999))).toEqual([1000, 2000, 4000, 8000]);
	});

	it('is capped at maxMs however many attempts', () => {
		expect(backoffDelay(6, options, () => 0.999999)).toBe(30_000);
		expect(backoffDelay(500, options, () => 0.999999)).toBe(30_000);
		expect(backoffDelay(500, options, () => 0)).toBe(15_000);
	});

	it('stays within its bounds for random jitter', () => {
		for (let attempt = 1; attempt <= 12; attempt++) {
			const ceiling = Math.min(30_000, 1000 * 2 ** (attempt - 1));
			for (let i = 0; i < 50; i++) {
				const delay = backoffDelay(attempt, options);
				expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
				expect(delay).toBeLessThanOrEqual(ceiling);
			}
		}
	});
});

describe('StateCell', () => {
	it('tells listeners about every change and survives a throwing listener', () => {
		const cell = new StateCell({kind: 'connected', since: 1});
		const seen: string[] = [];
		cell.subscribe(() => {
			throw new Error('ui bug');
		});
		const unsubscribe = cell.subscribe((s) => seen.push(s.kind));
		cell.set({kind: 'reconnecting', attempt: 1, retryAt: 5, reason: 'connection lost'});
		cell.set({kind: 'connected', since: 9});
		unsubscribe();
		cell.set({kind: 'failed', reason: 'closed'});
		expect(seen).toEqual(['reconnecting', 'connected']);
	});

	it('waitFor resolves on the matching state, or with the current one at the timeout', async () => {
		const cell = new StateCell({kind: 'reconnecting', attempt: 1, retryAt: 0, reason: 'x'});
		const waiting = cell.waitFor((s) => s.kind === 'connected', 5_000);
		cell.set({kind: 'connected', since: 2});
		expect((await waiting).kind).toBe('connected');
		const timedOut = await new StateCell({kind: 'failed', reason: 'r'}).waitFor((s) => s.kind === 'connected', 10);
		expect(timedOut.kind).toBe('failed');
	});
});

describe('describeState', () => {
	it('says what a status line shows', () => {
		const states: ConnectionState[] = [
			{kind: 'connected', since: 0},
			{kind: 'reconnecting', attempt: 3, retryAt: 10_400, reason: 'connection refused'},
			{kind: 'failed', reason: 'authentication failed'},
		];
		expect(states.map((s) => describeState(s, 6_000))).toEqual([
			'connected',
			'reconnecting in 5 s (attempt 3: connection refused)',
			'failed: authentication failed',
		]);
	});
});
