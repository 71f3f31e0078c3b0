/** Key auth, exec (stdout, stderr, exit code, timeout, abort), streams and the PTY, against a real sshd. */
import {createServer, type AddressInfo} from 'node:net';
import {PassThrough} from 'node:stream';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {connectTestHost} from '../host/connect.js';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import {connectSsh, type SshTransport} from '../../source/transport/ssh.js';

const gate = requireE2E('ssh-exec');

describe.skipIf(gate.skip)('ssh transport: exec and streams on one connection', () => {
	let host: TestHost;
	let ssh: SshTransport;

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost({sim: false});
		ssh = await connectTestHost(host);
	});
	afterAll(async () => {
		await ssh?.close();
		await host?.close();
	});

	it('authenticates with the key and labels itself user@host:port', () => {
		expect(ssh.kind).toBe('ssh');
		expect(ssh.label).toBe(`root@127.0.0.1:${host.port}`);
		expect(ssh.state().kind).toBe('connected');
		expect(host.sshdLog()).toMatch(/Accepted publickey for root from 127\.0\.0\.1/);
	});

	it('returns stdout, stderr and the exit code apart', async () => {
		const result = await ssh.exec("printf 'one\\ntwo'; echo oops >&2; exit 7");
		expect(result).toMatchObject({stdout: 'one\ntwo', stderr: 'oops\n', code: 7});
		expect(result.interrupted).toBeUndefined();
	});

	it('runs many execs as channels of one connection', async () => {
		const before = ssh.stats().execs;
		const results = await Promise.all([1, 2, 3, 4, 5].map((n) => ssh.exec(`echo $((${n} * 10))`)));
		expect(results.map((r) => r.stdout)).toEqual(['10\n', '20\n', '30\n', '40\n', '50\n']);
		expect(ssh.stats().execs - before).toBe(5);
		expect(host.sshdLog().match(/Accepted publickey/g)).toHaveLength(1);
	});

	it('gives up on a command at its timeout', async () => {
		const result = await ssh.exec('sleep 20; echo late', {timeoutMs: 400});
		expect(result).toMatchObject({stdout: '', code: null, interrupted: 'timeout'});
		expect(result.durationMs).toBeLessThan(5000);
	});

	it('stops a command when its signal aborts', async () => {
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 200);
		const result = await ssh.exec('echo started; sleep 20', {signal: controller.signal});
		expect(result.interrupted).toBe('aborted');
		expect(result.code).toBeNull();
	});

	it('streams lines until stopped, then ends with reason "stopped"', async () => {
		const lines: string[] = [];
		const before = ssh.stats().streams;
		let sawThree!: () => void;
		const three = new Promise<void>((resolve) => (sawThree = resolve));
		const handle = ssh.stream('i=0; while true; do i=$((i+1)); echo "line $i"; sleep 0.05; done', {
			onLine: (line) => {
				lines.push(line);
				if (lines.length === 3) sawThree();
			},
		});
		await three;
		handle.stop();
		expect(await handle.done).toEqual({code: null, reason: 'stopped'});
		expect(lines.slice(0, 3)).toEqual(['line 1', 'line 2', 'line 3']);
		expect(ssh.stats().streams - before).toBe(1);
	});

	it('ends a stream whose command exits, with its code and its last unterminated line', async () => {
		const lines: Array<[string, string]> = [];
		const handle = ssh.stream("echo a; echo b >&2; printf 'c'; exit 3", {
			onLine: (line, stream) => lines.push([line, stream]),
		});
		expect(await handle.done).toEqual({code: 3});
		expect(lines).toContainEqual(['a', 'stdout']);
		expect(lines).toContainEqual(['b', 'stderr']);
		expect(lines).toContainEqual(['c', 'stdout']);
	});

	it('runs an interactive command on a PTY sized like the terminal, following resizes', async () => {
		const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
		const out = new PassThrough();
		const stdout = Object.assign(out, {rows: 33, columns: 101}) as unknown as NodeJS.WriteStream;
		let text = '';
		let resized = false;
		out.on('data', (chunk: Buffer) => {
			text += chunk.toString();
			// Resize once the first answer is in, as a user dragging the window would.
			if (!resized && text.includes('\n')) {
				resized = true;
				Object.assign(out, {rows: 40, columns: 120});
				out.emit('resize');
			}
		});
		const running = ssh.interactive('stty size; sleep 1; stty size', {stdin, stdout});
		expect(await running).toBe(0);
		expect(text.split(/\r?\n/).filter(Boolean)).toEqual(['33 101', '40 120']);
	});
});

describe('ssh transport: connection errors a user can act on', () => {
	it('says the port refused the connection', async () => {
		const {freePort} = await import('../host/sshd.js');
		const port = await freePort();
		const error = await connectSsh(`root@127.0.0.1:${port}`, {interactive: false, sshConfigPath: '/dev/null'}).catch(
			(e: unknown) => e,
		);
		expect(error).toMatchObject({
			code: 'refused',
			message: `cannot reach 127.0.0.1:${port}: connection refused (is sshd running? is the port right?)`,
		});
	});

	it('gives up on a server that never speaks SSH, within the connect timeout', async () => {
		const server = createServer(() => undefined);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const port = (server.address() as AddressInfo).port;
		try {
			const error = await connectSsh(`root@127.0.0.1:${port}`, {
				interactive: false,
				sshConfigPath: '/dev/null',
				readyTimeoutMs: 1000,
			}).catch((e: unknown) => e);
			expect(error).toMatchObject({
				code: 'timeout',
				message: `cannot reach 127.0.0.1:${port}: no SSH handshake within 1 s (host down, or a firewall dropping packets?)`,
			});
		} finally {
			server.close();
		}
	});

	it('names the bad --host value', async () => {
		await expect(connectSsh('root@pve:0', {interactive: false})).rejects.toMatchObject({
			code: 'config',
			message: "'root@pve:0': the port 0 is outside 1-65535",
		});
	});
});
