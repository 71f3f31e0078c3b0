/**
 * A tmux server on its own socket for the end-to-end tests: start proxdeck in a window of a
 * chosen size, send keys, read the screen (plain or with its escape sequences), wait for a
 * frame. Each test file gets its own socket, so files run in parallel without meeting.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {fileURLToPath} from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** Skips a suite without tmux, or fails it under REQUIRE_E2E=1. */
export function requireTmux(what: string): boolean {
	if (hasTmux) return true;
	const reason = `tmux is not installed: ${what} is skipped`;
	if (process.env['REQUIRE_E2E'] === '1') throw new Error(`REQUIRE_E2E=1 but ${reason}`);
	process.stderr.write(`${reason}\n`);
	return false;
}

/**
 * The first refresh is on the screen: no pane waits for it and the header no longer says
 * loading. Log lines stream in before it (their timestamps are no sign of data).
 */
export function refreshShown(screen: string): boolean {
	return !screen.includes('waiting for the first refresh') && !screen.includes('loading…');
}

export class TmuxServer {
	readonly socket = `pd-${randomBytes(4).toString('hex')}`;

	run(...args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, ...args], {encoding: 'utf8'});
	}

	/**
	 * A window running `command` from the repository root. Ink prints only the last frame when
	 * CI is set, and FORCE_COLOR=0 (the test runner's) would turn colour off: both are unset.
	 * The exit status is printed after the program, and the window stays open to read it.
	 */
	start(session: string, cols: number, rows: number, command: string, env: Record<string, string> = {}): void {
		const assignments = Object.entries({LANG: 'C.UTF-8', ...env}).map(([k, v]) => `${k}='${v}'`);
		this.run(
			'new-session',
			'-d',
			'-s',
			session,
			'-x',
			String(cols),
			'-y',
			String(rows),
			'-c',
			root,
			`env -u CI -u FORCE_COLOR ${assignments.join(' ')} ${command}; echo "[exited $?]"; sleep 600`,
		);
	}

	capture(session: string, options: {escapes?: boolean} = {}): string {
		return this.run('capture-pane', '-p', ...(options.escapes ? ['-e'] : []), '-t', session);
	}

	keys(session: string, ...names: string[]): void {
		for (const name of names) this.run('send-keys', '-t', session, name);
	}

	async waitFor(session: string, predicate: (screen: string) => boolean, what: string, timeoutMs = 20_000) {
		const deadline = Date.now() + timeoutMs;
		let screen = '';
		while (Date.now() < deadline) {
			screen = this.capture(session);
			if (predicate(screen)) return screen;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
	}

	kill(): void {
		spawnSync('tmux', ['-L', this.socket, 'kill-server']);
	}
}
