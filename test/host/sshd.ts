/**
 * A real OpenSSH sshd for tests: its own config, host key and authorized keys in a temp dir,
 * run in the foreground as our child (`sshd -D -e -f cfg`) on 127.0.0.1 and a free port.
 * stop() also kills its per-connection children (sshd setsid()s them, so killing the
 * listener alone would leave established sessions alive), which is how a host going away
 * looks to a client.
 */
import {spawn, execFileSync, type ChildProcess} from 'node:child_process';
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer, connect} from 'node:net';
import {join} from 'node:path';
import {SSHD} from './gate.js';

export function run(command: string, args: readonly string[], input?: string): string {
	return execFileSync(command, args, {
		encoding: 'utf8',
		stdio: ['pipe', 'pipe', 'pipe'],
		...(input === undefined ? {} : {input}),
	});
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** ssh-keygen a key pair at `path` (and `path.pub`). */
export function keygen(
	path: string,
	options: {type?: 'ed25519' | 'rsa' | 'ecdsa'; passphrase?: string; comment?: string} = {},
): void {
	const type = options.type ?? 'ed25519';
	run('ssh-keygen', [
		'-q',
		'-t',
		type,
		...(type === 'rsa' ? ['-b', '2048'] : []),
		'-N',
		options.passphrase ?? '',
		'-C',
		options.comment ?? 'proxdeck-test',
		'-f',
		path,
	]);
}

/** Resolves when something on 127.0.0.1:port speaks SSH. */
async function waitForBanner(port: number, timeoutMs: number, process: ChildProcess): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (process.exitCode !== null) throw new Error(`sshd exited with code ${process.exitCode}`);
		const ok = await new Promise<boolean>((resolve) => {
			const socket = connect(port, '127.0.0.1');
			socket.setTimeout(500);
			socket.once('data', (data) => {
				socket.destroy();
				resolve(data.toString().startsWith('SSH-'));
			});
			socket.once('error', () => resolve(false));
			socket.once('timeout', () => {
				socket.destroy();
				resolve(false);
			});
		});
		if (ok) return;
		if (Date.now() > deadline) throw new Error(`sshd did not answer on port ${port} within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

/** Resolves when sshd's log says what `pattern` looks for. */
async function waitForLog(log: () => string, pattern: RegExp, timeoutMs: number, process: ChildProcess): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!pattern.test(log())) {
		if (process.exitCode !== null) throw new Error(`sshd exited with code ${process.exitCode}`);
		if (Date.now() > deadline) throw new Error(`sshd did not log ${pattern} within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

/** Every descendant of `pid`, deepest last, read from /proc. */
export function descendants(pid: number): number[] {
	const children = new Map<number, number[]>();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			const list = children.get(ppid) ?? [];
			list.push(Number(name));
			children.set(ppid, list);
		} catch {
			// The process ended while we looked.
		}
	}
	const out: number[] = [];
	const walk = (p: number): void => {
		for (const child of children.get(p) ?? []) {
			out.push(child);
			walk(child);
		}
	};
	walk(pid);
	return out;
}

export interface SshdOptions {
	dir: string;
	name: string;
	port: number;
	hostKey: string;
	authorizedKeysDir: string;
	forceCommand?: string;
	logLevel?: 'INFO' | 'VERBOSE' | 'DEBUG1';
	extraConfig?: string[];
	/** Listen here instead of 127.0.0.1 (a second cluster node, inside its own namespace). */
	listenAddress?: string;
	/** Run inside this network namespace: reachable only from what is linked to it. */
	netns?: string;
}

/** The HOME test-host sessions see (empty: no shell rc files). */
export function sessionHome(dir: string): string {
	return join(dir, 'session-home');
}

export class Sshd {
	readonly configPath: string;
	private child: ChildProcess | undefined;
	private logText = '';

	constructor(readonly options: SshdOptions) {
		mkdirSync('/run/sshd', {recursive: true, mode: 0o755});
		this.configPath = join(options.dir, `${options.name}_config`);
		const lines = [
			`Port ${options.port}`,
			`ListenAddress ${options.listenAddress ?? '127.0.0.1'}`,
			`HostKey ${options.hostKey}`,
			`PidFile ${join(options.dir, `${options.name}.pid`)}`,
			`AuthorizedKeysFile ${options.authorizedKeysDir}/%u`,
			'UsePAM no',
			'StrictModes no',
			'PermitRootLogin prohibit-password',
			'PasswordAuthentication no',
			'KbdInteractiveAuthentication no',
			'UseDNS no',
			'MaxSessions 64',
			'MaxStartups 64',
			'AllowTcpForwarding yes',
			'AllowAgentForwarding no',
			'PrintMotd no',
			'PrintLastLog no',
			`LogLevel ${options.logLevel ?? 'VERBOSE'}`,
			...(options.forceCommand ? [`ForceCommand ${options.forceCommand}`] : []),
			// sshd runs every command through the login shell, and Debian's bash sources
			// ~/.bashrc for ssh commands: whatever the machine's root dotfiles do (a pyenv
			// rehash waiting on a stale lock hung every session here) must not reach the test
			// host. Sessions get a HOME of their own, with no dotfiles.
			`SetEnv HOME=${sessionHome(options.dir)}`,
			...(options.extraConfig ?? []),
		];
		mkdirSync(sessionHome(options.dir), {recursive: true, mode: 0o755});
		writeFileSync(this.configPath, lines.join('\n') + '\n');
	}

	get port(): number {
		return this.options.port;
	}

	/** What sshd logged (-e sends it to stderr), for assertions and for failure messages. */
	log(): string {
		return this.logText;
	}

	async start(): Promise<void> {
		if (this.child && this.child.exitCode === null) return;
		const {netns} = this.options;
		const argv = [SSHD, '-D', '-e', '-f', this.configPath];
		// `ip netns exec` execs sshd itself: the child is still sshd, and stop() works the same.
		const child = netns
			? spawn('ip', ['netns', 'exec', netns, ...argv], {stdio: ['ignore', 'ignore', 'pipe']})
			: spawn(argv[0]!, argv.slice(1), {stdio: ['ignore', 'ignore', 'pipe']});
		child.stderr?.on('data', (chunk: Buffer) => {
			this.logText += chunk.toString('utf8');
		});
		this.child = child;
		try {
			// Inside another namespace nothing here can connect to it: its log says when it listens.
			if (netns) await waitForLog(() => this.logText, /Server listening on/, 10_000, child);
			else await waitForBanner(this.options.port, 10_000, child);
		} catch (error) {
			throw new Error(`${(error as Error).message}\n--- sshd log ---\n${this.logText}`, {cause: error});
		}
	}

	/**
	 * SIGSTOP every session process (not the listener): established connections go silent
	 * without closing, like a link that died, while new connections still work. Returns thaw().
	 */
	freezeSessions(): () => void {
		const pids = this.child?.pid ? descendants(this.child.pid) : [];
		const signal = (name: NodeJS.Signals): void => {
			for (const pid of pids) {
				try {
					process.kill(pid, name);
				} catch {
					// Gone.
				}
			}
		};
		signal('SIGSTOP');
		return () => signal('SIGCONT');
	}

	/** Stop the listener and every session it has: to the client the host is gone. */
	async stop(): Promise<void> {
		const child = this.child;
		if (!child?.pid || child.exitCode !== null) return;
		for (const pid of descendants(child.pid).reverse()) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
		}
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		child.kill('SIGTERM');
		await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		this.child = undefined;
	}
}
