/**
 * A live console whose reconnect meets a host key known_hosts no longer has, in a real terminal
 * (tmux) against the sshd test host: the question is a modal inside the console's frame, never
 * OpenSSH's prompt written over the screen through /dev/tty; `y` trusts the key, writes it to
 * known_hosts, and the console is connected again.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import {hasTmux, testTmux} from '../host/tmux.js';
import {consoleCommand, projectRoot} from '../host/cli.js';

const gate = requireE2E('host-key-reconnect');
if (!hasTmux && process.env['REQUIRE_E2E'] === '1') throw new Error('REQUIRE_E2E=1 but tmux is not installed');

describe.skipIf(gate.skip || !hasTmux)('the host key question on a live reconnect', () => {
	const server = testTmux('pd-hostkey');
	const tmux = server.run;
	const screenWith = (pattern: RegExp, what: string, timeoutMs?: number): Promise<string> =>
		server.screenWith('console', pattern, what, timeoutMs);
	let host: TestHost;

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost();
	}, 120_000);
	afterAll(async () => {
		server.kill();
		await host?.close();
	});

	it('asks in a modal inside the frame; y trusts the key and the console is connected again', async () => {
		tmux(
			'-f',
			'/dev/null',
			'new-session',
			'-d',
			'-s',
			'console',
			'-x',
			'160',
			'-y',
			'40',
			'-c',
			projectRoot,
			consoleCommand(host),
		);
		await screenWith(/● connected/, 'the console connected');
		// known_hosts forgets the host; sshd comes back with the same key: the reconnect meets an unknown key.
		writeFileSync(host.knownHostsPath, '');
		await host.restart();
		const asked = await screenWith(/Unknown host key/, 'the host key modal');
		expect(asked).toContain(`The authenticity of host '[127.0.0.1]:${host.port}' can't be established.`);
		expect(asked).toMatch(/ED25519 key fingerprint is SHA256:\S+\./);
		// The console's own frame: its header on the first line, and no prompt from under it.
		expect(asked.split('\n')[0]).toMatch(/^proxdeck /);
		expect(asked).not.toMatch(/continue connecting \(yes\/no\)/);
		tmux('send-keys', '-t', 'console', 'y');
		await screenWith(/● connected/, 'connected again');
		const again = tmux('capture-pane', '-p', '-t', 'console');
		expect(again).not.toContain('Unknown host key');
		expect(readFileSync(host.knownHostsPath, 'utf8')).toMatch(/^\|1\|\S+ ssh-ed25519 /);
		tmux('send-keys', '-t', 'console', 'C-c');
		await screenWith(/\[proxdeck exited 0\]/, 'the console to quit', 20_000);
	}, 180_000);
});
