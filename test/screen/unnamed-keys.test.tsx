/**
 * A modified key Ink's parser has no name for (Ctrl with an F-key code it does not know, as
 * some terminals send for Ctrl+F13…F20 or remapped keys) reaches the console as no input, not
 * as `undefined`. Unpatched, Ink handed `undefined` to the key handler, which threw and took
 * the whole console down (patches/ink+6.8.0.patch, use-input.js and parse-keypress.js).
 */
import {describe, it, expect, afterEach} from 'vitest';
import {renderApp, type Harness} from './harness.js';
import {loadedStore} from './setup.js';

let harness: Harness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
});

describe('keys Ink cannot name', () => {
	it('are ignored, and the next key still moves the selection', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 120, rows: 30});
		const before = store.getState().guests.selected;
		await harness.press('\u001B[99;5~', '\u001B[1;5Q', '\u001B[57;5u');
		expect(store.getState().quit).toBe(false);
		expect(store.getState().guests.selected).toBe(before);
		await harness.press('j');
		expect(store.getState().guests.selected).not.toBe(before);
	});
});
