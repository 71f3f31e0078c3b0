/**
 * What a one-shot run over SSH waits for besides the work: nothing. `--once` exits as soon as
 * its output is out (no timer or socket left holding the process), the connection runs with
 * TCP_NODELAY (small SSH packets are not held back by Nagle's algorithm), and closing a link
 * whose server stopped answering lets go of its socket instead of waiting on it.
 */
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {projectRoot} from '../host/cli.js';
import {connectTestHost} from '../host/connect.js';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';

const gate = requireE2E('ssh-cold-start');

interface TimedRun {
	code: number | null;
	stdout: string;
	stderr: string;
	/** From the last byte on stdout to the process's exit, in ms. */
	lingerMs: number;
}

/**
 * The single-file build as its own process, timing its exit against its output. The build, not
 * the sources through tsx: tsx's own loader and compiler would be part of what is timed.
 */
function timedRun(host: TestHost, bundle: string, args: readonly string[]): Promise<TimedRun> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [bundle, '--host', host.alias, ...args], {
			cwd: projectRoot,
			env: {...process.env, HOME: host.home, USER: 'root'},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		let lastOutputAt = Number.NaN;
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			lastOutputAt = performance.now();
		});
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.once('error', reject);
		// 'exit' is the process ending; 'close' would also wait for the pipes to drain.
		child.once('exit', (code) => {
			const exitedAt = performance.now();
			// Output still in the pipe arrives after 'exit': it counts as output, not lingering.
			child.once('close', () => resolve({code, stdout, stderr, lingerMs: Math.max(0, exitedAt - lastOutputAt)}));
		});
	});
}

describe.skipIf(gate.skip)('ssh cold start: nothing but the work', () => {
	let host: TestHost;
	let dir = '';
	let bundle = '';

	beforeAll(async () => {
		gate.assert();
		dir = mkdtempSync(join(tmpdir(), 'pd-cold-'));
		bundle = join(dir, 'proxdeck.mjs');
		execFileSync(process.execPath, [join(projectRoot, 'scripts/build.mjs'), '--outfile', bundle], {stdio: 'inherit'});
		host = await startTestHost();
	}, 120_000);
	afterAll(async () => {
		await host?.close();
		if (dir) rmSync(dir, {recursive: true, force: true});
	});
	afterEach(() => {
		vi.restoreAllMocks();
	});

	it('--once --json exits within 300 ms of printing the snapshot', async () => {
		const run = await timedRun(host, bundle, ['--once', '--json']);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const snapshot = JSON.parse(run.stdout) as {guests: unknown[]};
		expect(snapshot.guests.length).toBeGreaterThan(0);
		expect(run.lingerMs).toBeLessThan(300);
	});

	it('--once tables exit within 300 ms of printing them too', async () => {
		const run = await timedRun(host, bundle, ['--once', '--pane', 'zfs']);
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/^ZFS pools \(\d+\)$/m);
		expect(run.lingerMs).toBeLessThan(300);
	});

	it('sets TCP_NODELAY on the socket that carries the connection', async () => {
		const setNoDelay = vi.spyOn(Socket.prototype, 'setNoDelay');
		const ssh = await connectTestHost(host);
		try {
			const toHost = setNoDelay.mock.contexts.filter(
				(socket, i) => (socket as Socket).remotePort === host.port && setNoDelay.mock.calls[i]?.[0] === true,
			);
			expect(toHost).toHaveLength(1);
			// It is the connection's own socket: commands run over it.
			expect((await ssh.exec('echo over-the-socket')).stdout).toBe('over-the-socket\n');
			expect((toHost[0] as Socket).bytesRead).toBeGreaterThan(0);
		} finally {
			await ssh.close();
		}
	});

	it('close() lets go of the socket of a server that stopped answering, within a second or so', async () => {
		const setNoDelay = vi.spyOn(Socket.prototype, 'setNoDelay');
		const ssh = await connectTestHost(host);
		const socket = setNoDelay.mock.contexts.find((s) => (s as Socket).remotePort === host.port) as Socket;
		expect(socket.destroyed).toBe(false);
		const thaw = host.freezeSessions();
		try {
			const started = performance.now();
			await ssh.close();
			expect(performance.now() - started).toBeLessThan(3000);
			// A socket left open would keep a finished `--once` alive until keepalives gave up.
			expect(socket.destroyed).toBe(true);
		} finally {
			thaw();
		}
	});
});
