/** sshd goes away mid-session and comes back: the transport reconnects by itself and says so. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {connectTestHost} from '../host/connect.js';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import type {SshTransport} from '../../source/transport/ssh.js';
import type {ConnectionState} from '../../source/transport/types.js';

const gate = requireE2E('ssh-reconnect');

function waitForState(ssh: SshTransport, kind: ConnectionState['kind'], timeoutMs = 10_000): Promise<ConnectionState> {
	return new Promise((resolve, reject) => {
		if (ssh.state().kind === kind) return resolve(ssh.state());
		const timer = setTimeout(
			() => reject(new Error(`no '${kind}' state within ${timeoutMs} ms (now ${JSON.stringify(ssh.state())})`)),
			timeoutMs,
		);
		const off = ssh.onStateChange((state) => {
			if (state.kind !== kind) return;
			clearTimeout(timer);
			off();
			resolve(state);
		});
	});
}

describe.skipIf(gate.skip)('ssh transport: reconnect', () => {
	let host: TestHost;
	let ssh: SshTransport;
	const states: ConnectionState[] = [];

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost({sim: false});
		ssh = await connectTestHost(host, {
			keepaliveIntervalMs: 500,
			keepaliveCountMax: 2,
			reconnect: {baseMs: 100, maxMs: 400},
		});
		ssh.onStateChange((state) => states.push(state));
	});
	afterAll(async () => {
		await ssh?.close();
		await host?.close();
	});

	it('reports reconnecting while sshd is down, then connected, and execs work again; a stream resumes', async () => {
		// Only the loop's own "session <pid>" lines count: when sshd dies, the shell may also
		// print bash's "Killed" on stderr, which is not a line of the stream's command.
		const sessions: string[] = [];
		let ended = false;
		// The loop writes a tick so that it dies of SIGPIPE once its channel is gone: without a
		// pty, sshd does not signal a command whose client went away.
		const stream = ssh.stream('echo "session $$"; while sleep 0.2; do echo tick; done', {
			onLine: (line, from) => {
				if (from === 'stdout' && /^session \d+$/.test(line)) sessions.push(line);
			},
			onEnd: () => (ended = true),
		});
		await expect.poll(() => sessions.length).toBe(1);
		expect((await ssh.exec('echo before')).stdout).toBe('before\n');

		await host.stop();
		const reconnecting = await waitForState(ssh, 'reconnecting');
		expect(reconnecting).toMatchObject({kind: 'reconnecting', attempt: 1});

		// An exec issued while the link is down waits for it instead of failing at once.
		const pending = ssh.exec('echo after', {timeoutMs: 15_000});
		// Let a few attempts be refused before sshd comes back.
		await new Promise((r) => setTimeout(r, 800));
		expect(ssh.state().kind).toBe('reconnecting');
		await host.start();
		await waitForState(ssh, 'connected');

		expect(await pending).toMatchObject({stdout: 'after\n', code: 0});
		expect((await ssh.exec('echo again')).stdout).toBe('again\n');

		const kinds = states.map((s) => s.kind);
		expect(kinds[0]).toBe('reconnecting');
		expect(kinds.at(-1)).toBe('connected');
		const attempts = states.flatMap((s) => (s.kind === 'reconnecting' ? [s] : []));
		expect(attempts.length).toBeGreaterThan(1);
		expect(attempts.slice(1).some((s) => /connection refused/.test(s.reason))).toBe(true);
		for (const s of attempts) expect(s.retryAt).toBeGreaterThan(0);

		// The stream was started again on the new connection: a second session, no end.
		await expect.poll(() => sessions.length, {timeout: 5000}).toBe(2);
		expect(sessions[1]).not.toBe(sessions[0]);
		expect(ended).toBe(false);

		// Again, a few times: whichever of the channel's close and the connection's loss comes
		// first, the stream comes back each time.
		for (let round = 3; round <= 5; round++) {
			await host.restart();
			await expect.poll(() => sessions.length, {timeout: 15_000}).toBe(round);
			expect(ended).toBe(false);
		}
		expect(new Set(sessions).size).toBe(5);
		stream.stop();
		expect(await stream.done).toEqual({code: null, reason: 'stopped'});
	}, 60_000);

	it('notices a link that went silent through keepalives, and reconnects', async () => {
		states.length = 0;
		const thaw = host.freezeSessions();
		try {
			const lost = await waitForState(ssh, 'reconnecting');
			expect(lost).toMatchObject({attempt: 1, reason: 'no answer to keepalives'});
			await waitForState(ssh, 'connected');
			expect((await ssh.exec('echo alive')).stdout).toBe('alive\n');
		} finally {
			thaw();
		}
	});
});
