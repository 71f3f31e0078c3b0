/** A tmux server of a test's own (its own socket), and waiting for what a pane shows. */
import {execFileSync, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export interface TestTmux {
	run(...args: string[]): string;
	/** The pane's screen once it matches `pattern`; throws with the screen after `timeoutMs`. */
	screenWith(session: string, pattern: RegExp, what: string, timeoutMs?: number): Promise<string>;
	kill(): void;
}

export function testTmux(name: string): TestTmux {
	const socket = `${name}-${randomBytes(4).toString('hex')}`;
	const run = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
	return {
		run,
		async screenWith(session, pattern, what, timeoutMs = 60_000) {
			const deadline = Date.now() + timeoutMs;
			let screen = '';
			while (Date.now() < deadline) {
				screen = run('capture-pane', '-p', '-t', session);
				if (pattern.test(screen)) return screen;
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
			throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
		},
		kill: () => void spawnSync('tmux', ['-L', socket, 'kill-server']),
	};
}
