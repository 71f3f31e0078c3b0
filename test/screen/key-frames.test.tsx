/**
 * The console's frame-rate cap (Ink's maxFps throttle, patched in patches/ink+6.8.0.patch)
 * holds back background redraws such as log streams, never the frame that answers a key.
 * Ink writes no frames at all when it believes it runs in CI, so this file turns that off
 * before it loads Ink (every import below is dynamic for that reason).
 */
import {describe, it, expect, afterEach} from 'vitest';

process.env['CI'] = 'false';
const React = await import('react');
const {render} = await import('ink');
const {App} = await import('../../screens/app.js');
const {CONSOLE_RENDER_OPTIONS} = await import('../../screens/run-console.js');
const {loadedStore} = await import('./setup.js');
const {FakeStdout, FakeStdin} = await import('./harness.js');

/** Everything the terminal got since the last call, colours and cursor moves removed. */
function takeText(terminal: InstanceType<typeof FakeStdout>): string {
	const text = terminal.frames.join('').replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
	terminal.frames.length = 0;
	return text;
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const rowOf = (text: string, name: string) => text.split('\n').find((line) => line.includes(` ${name} `)) ?? '';

let cleanup: (() => void) | null = null;
afterEach(() => {
	cleanup?.();
	cleanup = null;
});

describe('frames under the frame-rate cap', () => {
	it('answers a key at once while background redraws wait for the next frame slot', async () => {
		const {store} = loadedStore();
		store.getState().setTerm(40, 120);
		const terminal = new FakeStdout(120, 40);
		const keyboard = new FakeStdin();
		// One frame per second: wide enough that "at once" and "at the next slot" cannot be confused.
		const instance = render(React.createElement(App, {store}), {
			...CONSOLE_RENDER_OPTIONS,
			maxFps: 1,
			stdout: terminal as unknown as NodeJS.WriteStream,
			stderr: new FakeStdout(120, 40) as unknown as NodeJS.WriteStream,
			stdin: keyboard as unknown as NodeJS.ReadStream,
		});
		cleanup = () => {
			instance.unmount();
			instance.cleanup();
		};
		await settle();
		expect(rowOf(takeText(terminal), 'wireguard')).toContain('›');

		// A key inside the throttle window: its frame is written before any timer runs.
		keyboard.write('j');
		await settle();
		const answered = takeText(terminal);
		expect(rowOf(answered, 'swag')).toContain('›');
		expect(rowOf(answered, 'wireguard')).not.toContain('›');

		// A background change right after it waits for the next slot instead of drawing now.
		const snapshot = store.getState().snapshot!;
		store.getState().setSnapshot({
			...snapshot,
			guests: snapshot.guests.map((g) => (g.name === 'plex' ? {...g, name: 'plex-renamed'} : g)),
		});
		await settle();
		expect(takeText(terminal)).not.toContain('plex-renamed');
		const deadline = Date.now() + 3000;
		let later = '';
		while (!later.includes('plex-renamed') && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 20));
			later += takeText(terminal);
		}
		expect(later).toContain('plex-renamed');
	});
});
