/**
 * The shell hand-off in a real terminal: `s` unmounts the console, the
 * guest's `pct enter` gets the terminal (here a fake shell through the local transport's
 * PTY path), and when it exits the console comes back with its state intact.
 */
import {describe, it, expect, beforeAll, afterAll} from 'vitest';
import {TmuxServer, requireTmux} from './tmux-session.js';

const hasTmux = requireTmux('the shell hand-off end-to-end test');
const tmux = new TmuxServer();

describe.skipIf(!hasTmux)('shell hand-off in tmux', () => {
	beforeAll(() => {
		tmux.run('start-server');
	});
	afterAll(() => {
		tmux.kill();
	});

	it('s gives the terminal to pct enter and the console comes back intact', async () => {
		const s = 'handoff';
		tmux.start(s, 120, 30, 'node --import tsx test/e2e/handoff-launcher.tsx');
		await tmux.waitFor(s, (t) => /\b110 grafana/.test(t) && t.includes('2 ZFS'), 'the console with data', 60_000);
		// Some state to find again afterwards: the ZFS pane beside the guests, cursor on 102.
		tmux.keys(s, 'j');
		tmux.keys(s, 'j');
		await tmux.waitFor(s, (t) => /›\s+102 fileserver/.test(t), 'the cursor on 102');
		tmux.keys(s, 's');
		let screen = await tmux.waitFor(s, (t) => t.includes('FAKE SHELL for pct enter 102'), 'the shell');
		expect(screen).not.toContain('1 Guests');
		tmux.run('send-keys', '-t', s, '-l', 'hello');
		tmux.keys(s, 'Enter');
		screen = await tmux.waitFor(
			s,
			(t) => t.includes('1 Guests') && t.includes('shell in fileserver (102) closed (exit 3)'),
			'the console back',
		);
		expect(screen).toMatch(/›\s+102 fileserver/);
		expect(screen).not.toContain('FAKE SHELL');
		expect(screen.split('\n')[0]).toMatch(/^proxdeck demo demo nodes 1\/1 \[RW\] ● connected/);
		// Keys work again: the next one clears the notice, q quits cleanly.
		tmux.keys(s, 'q');
		screen = await tmux.waitFor(s, (t) => /\[exited \d+\]/.test(t), 'the console to exit');
		expect(/\[exited (\d+)\]/.exec(screen)![1]).toBe('0');
	}, 120_000);
});
