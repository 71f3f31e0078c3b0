/**
 * What a new operator meets in the first hour, in a real terminal: tmux on its own socket,
 * proxdeck started as the README says (`npm start`, or the built file with node), keys sent
 * with send-keys and the screen read with capture-pane.
 */
import {describe, it, expect, beforeAll, afterAll} from 'vitest';
import {requireTmux, TmuxServer} from './tmux-session.js';

const tmux = new TmuxServer();

describe.skipIf(!requireTmux('the first-hour end-to-end test'))('the first hour, in tmux', () => {
	beforeAll(() => tmux.run('start-server'));
	afterAll(() => tmux.kill());

	it('console output written while drawing never lands on the screen; it is printed after', async () => {
		const s = 'console-writer';
		tmux.start(s, 100, 30, 'npm start --silent', {NODE_OPTIONS: '--import ./test/e2e/console-writer.mjs'});
		await tmux.waitFor(s, (screen) => screen.includes('1 Guests') && /\d+\.\d/.test(screen), 'the console', 60_000);
		const screen = await tmux.waitFor(s, (text) => text.includes('written to the console'), 'the notice');
		const lines = screen.split('\n');
		expect(lines[0]).toMatch(/^proxdeck /);
		expect(screen).not.toContain('a component wrote');
		expect(lines[28]).toMatch(/1 message written to the console while drawing: see \? help/);
		tmux.keys(s, '?');
		await tmux.waitFor(s, (text) => text.includes('Warning: a component wrote to the console'), 'the message in help');
		tmux.keys(s, 'q', 'q');
		const after = await tmux.waitFor(s, (text) => text.includes('[exited'), 'the exit');
		expect(after).toContain('proxdeck: written to the console while the screen was drawn:');
		expect(after).toContain('  Warning: a component wrote to the console');
		expect(after).toContain('[exited 0]');
	}, 120_000);
});
