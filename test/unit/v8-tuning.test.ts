/**
 * The interrupt budget (source/v8-tuning.ts) was measured on Node 20's V8 (11.3), against
 * that V8's own default. Another V8 tiers up differently, so there the console leaves V8's
 * budget alone; a budget given on the command line always wins.
 */
import {describe, expect, it} from 'vitest';
import {INTERRUPT_BUDGET, interruptBudgetFor} from '../../source/v8-tuning.js';

describe('interrupt budget', () => {
	it('is raised on the V8 it was measured on (Node 20)', () => {
		expect(interruptBudgetFor('11.3.244.8-node.38', [])).toBe(INTERRUPT_BUDGET);
	});

	it("is V8's own on any other V8", () => {
		expect(interruptBudgetFor('12.4.254.21-node.33', [])).toBeNull(); // Node 22
		expect(interruptBudgetFor('13.6.233.10-node.18', [])).toBeNull(); // Node 24
		expect(interruptBudgetFor('11.8.172.17-node.20', [])).toBeNull(); // Node 21
	});

	it('is left to the command line when one was given there', () => {
		expect(
			interruptBudgetFor('11.3.244.8-node.38', ['--max-semi-space-size=4', '--interrupt-budget=67584']),
		).toBeNull();
	});
});
