/**
 * The host key question during a live session is a modal in the console: OpenSSH's words and
 * the fingerprint, `y` trusts, `n`, Esc and q refuse, Enter does nothing, and a console that
 * quits answers no. (The terminal under the console is never written to.)
 */
import {afterEach, describe, expect, it} from 'vitest';
import {consolePrompter} from '../../source/store/host-key-prompt.js';
import type {HostKeyQuestion} from '../../source/transport/prompt.js';
import {renderApp, KEYS, type Harness} from './harness.js';
import {loadedStore} from './setup.js';

const QUESTION: HostKeyQuestion = {
	host: '192.168.0.2',
	port: 22,
	keyType: 'ssh-ed25519',
	fingerprint: 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU',
};

let harness: Harness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
});

async function asked() {
	const {store} = loadedStore();
	harness = await renderApp(store, {cols: 120, rows: 30});
	const answer = consolePrompter(store).confirmHostKey(QUESTION);
	const frame = await harness.waitFor((f) => f.includes('Unknown host key'), 'the host key modal');
	return {store, answer, frame, harness};
}

describe('the host key question in the console', () => {
	it("shows OpenSSH's question and the fingerprint inside the frame; y trusts it", async () => {
		const {store, answer, frame, harness: h} = await asked();
		expect(frame).toContain("The authenticity of host '192.168.0.2' can't be established.");
		expect(frame).toContain('ED25519 key fingerprint is SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU.');
		expect(frame.split('\n').length).toBeLessThanOrEqual(30);
		await h.press(KEYS.enter);
		expect(store.getState().modals.at(-1)?.kind).toBe('hostkey');
		await h.press('y');
		expect(await answer).toBe(true);
		expect(store.getState().modals).toEqual([]);
		await h.waitFor((f) => !f.includes('Unknown host key'), 'the modal gone');
	});

	for (const [name, key] of [
		['n', 'n'],
		['Esc', KEYS.esc],
		['q', 'q'],
	] as const) {
		it(`${name} refuses it, and the console stays open`, async () => {
			const {store, answer, harness: h} = await asked();
			await h.press(key);
			expect(await answer).toBe(false);
			expect(store.getState().quit).toBe(false);
			expect(store.getState().modals).toEqual([]);
		});
	}

	it('a console that quits while asking answers no', async () => {
		const {store, answer} = await asked();
		store.setState({quit: true});
		expect(await answer).toBe(false);
	});
});
