/**
 * Nothing React (or anything else) writes to the console may land on the terminal while the
 * console draws: the views never give React a reason to warn (their rows are keyed by
 * position), and whatever is written anyway goes to a bounded in-app list, shown in help,
 * and to stderr once the screen is given back.
 */
import {describe, it, expect, afterEach, vi} from 'vitest';
import {PassThrough} from 'node:stream';
import {routeConsoleMessages, MAX_CONSOLE_MESSAGES} from '../../screens/console-messages.js';
import {renderApp, KEYS, type Harness} from './harness.js';
import {loadedStore} from './setup.js';

let harness: Harness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
	vi.restoreAllMocks();
});

describe('console messages while drawing', () => {
	it('help, scrolled to its end at 120×40 and 200×50, gives React nothing to warn about', async () => {
		const error = vi.spyOn(console, 'error');
		const warn = vi.spyOn(console, 'warn');
		for (const size of [
			{cols: 120, rows: 40},
			{cols: 200, rows: 50},
		]) {
			const {store} = loadedStore();
			harness = await renderApp(store, size);
			await harness.press('?');
			await harness.waitFor((f) => f.includes('? or q to close'), 'help');
			await harness.press('G');
			await harness.waitFor((f) => f.includes('Guest filter (/)'), 'the end of help');
			await harness.press('g', KEYS.esc, KEYS.enter);
			await harness.waitFor((f) => f.includes('NICS ('), 'a guest detail');
			harness.unmount();
			harness = null;
		}
		expect(error.mock.calls.map((call) => String(call[0]))).toEqual([]);
		expect(warn.mock.calls.map((call) => String(call[0]))).toEqual([]);
	});

	it('routes console output to the store while drawing, shows it in help, and prints it after', async () => {
		const {store} = loadedStore();
		const stderr = new PassThrough();
		let printed = '';
		stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
		const written = vi.spyOn(process.stderr, 'write');
		const original = {error: console.error, warnings: process.listeners('warning')};
		const route = routeConsoleMessages(store);
		console.error('Warning: Encountered two children with the same key, `%s`.', 'h:filter');
		console.warn('\u001B[2Jcleared?');
		process.emitWarning('a process warning');
		await new Promise((resolve) => setImmediate(resolve));
		expect(written).not.toHaveBeenCalled();
		expect(store.getState().consoleMessages).toEqual([
			'Warning: Encountered two children with the same key, `h:filter`.',
			'[2Jcleared?',
			'Warning: a process warning',
		]);
		expect(store.getState().notice).toMatch(/3 messages .*\? help/);
		harness = await renderApp(store, {cols: 120, rows: 40});
		await harness.press('?');
		const frame = await harness.waitFor((f) => f.includes('Console messages'), 'the messages in help');
		expect(frame).toContain('Encountered two children with the same key, `h:filter`');
		harness.unmount();
		harness = null;
		route.restore(stderr);
		expect(printed).toBe(
			'proxdeck: written to the console while the screen was drawn:\n' +
				'  Warning: Encountered two children with the same key, `h:filter`.\n' +
				'  [2Jcleared?\n' +
				'  Warning: a process warning\n',
		);
		// Restored: the console and Node's warning printer are what they were before.
		expect(console.error).toBe(original.error);
		expect(process.listeners('warning')).toEqual(original.warnings);
	});

	it('keeps a bounded number of messages', () => {
		const {store} = loadedStore();
		const route = routeConsoleMessages(store);
		for (let i = 0; i < MAX_CONSOLE_MESSAGES + 20; i++) console.log(`line ${i}`);
		route.restore(new PassThrough());
		const messages = store.getState().consoleMessages;
		expect(messages).toHaveLength(MAX_CONSOLE_MESSAGES);
		expect(messages.at(-1)).toBe(`line ${MAX_CONSOLE_MESSAGES + 19}`);
	});
});
