/**
 * The test host every integration test connects to: a real OpenSSH sshd on 127.0.0.1 with
 * fresh host and client keys, whose sessions see the simulated homelab (the sim's commands
 * on the PATH sharing one state file, /etc/pve served from the sim in a private mount
 * namespace, real `ip`/`bridge` answered from a network namespace built from the sim's plan).
 * Optionally a second sshd as a ProxyJump bastion that may only forward to the first, and
 * other cluster nodes behind the first (test/host/cluster-nodes.ts) that only it can reach.
 */
import {randomBytes} from 'node:crypto';
import {chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {deleteNamespace} from './netns.js';
import {startSimHost, type SimHost} from './sim-host.js';
import {Sshd, freePort, keygen, run} from './sshd.js';
import {createTestUser, type TestUser} from './users.js';
import {startAgent, type TestAgent} from './agent.js';
import {sessionScripts} from './session.js';
import {startOtherNodes, type OtherNode, type OtherNodes} from './cluster-nodes.js';

export interface TestHostOptions {
	/** Log in as this user: 'root' (default) or 'non-root' for a throwaway account. */
	user?: 'root' | 'non-root';
	/** Serve the simulated homelab (default true). */
	sim?: boolean;
	bastion?: boolean;
	/** Serve the simulated homelab as a cluster of this many nodes (each node after the first behind it). */
	nodes?: number;
}

export interface TestBastion {
	port: number;
	alias: string;
	/** sshd's log: shows the direct-tcpip forwards it made. */
	log(): string;
}

export interface TestHost {
	host: '127.0.0.1';
	port: number;
	user: string;
	dir: string;
	/** A HOME with .ssh/config (Include config.d/*.conf), known_hosts and the client key. */
	home: string;
	/** Private key (no passphrase) authorised for the login user. */
	clientKeyPath: string;
	/** Private key protected by `passphrase`, authorised too. */
	passphraseKeyPath: string;
	passphrase: string;
	hostKeyPath: string;
	/** `[127.0.0.1]:port ssh-ed25519 ...` (plain) and the same hashed by ssh-keygen -H. */
	knownHostsPath: string;
	hashedKnownHostsPath: string;
	sshConfigPath: string;
	/** ssh_config aliases: `pve-test` (direct), `pve-via-bastion` (ProxyJump, with bastion). */
	alias: string;
	env: {HOME: string; USER: string};
	sim?: SimHost;
	bastion?: TestBastion;
	/** The cluster's other nodes, when asked for. */
	otherNodes?: OtherNode[];
	sshdLog(): string;
	stop(): Promise<void>;
	start(): Promise<void>;
	/** Freeze the live sessions (a dead link that keepalives must notice); returns thaw(). */
	freezeSessions(): () => void;
	/** stop() then start() on the SAME port with the same host key. */
	restart(): Promise<void>;
	startAgent(keys?: string[]): Promise<TestAgent>;
	close(): Promise<void>;
}

function publicKey(path: string): string {
	return readFileSync(`${path}.pub`, 'utf8');
}

export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
	const dir = mkdtempSync('/tmp/pdth-');
	// Sessions of a non-root user read the session scripts and their authorized keys here.
	chmodSync(dir, 0o755);
	// A session's simulated host may still be saving its state for a moment after sshd stops
	// (sshd does not wait for its sessions' children), so the removal goes again when a file
	// appears in a directory it is emptying (ENOTEMPTY) rather than leaving the directory behind.
	const cleanups: Array<() => void | Promise<void>> = [
		() => rmSync(dir, {recursive: true, force: true, maxRetries: 10, retryDelay: 100}),
	];
	const close = async (): Promise<void> => {
		for (const cleanup of cleanups.reverse()) await cleanup();
	};
	try {
		const home = join(dir, 'home');
		const sshDir = join(home, '.ssh');
		mkdirSync(join(sshDir, 'config.d'), {recursive: true, mode: 0o700});
		const authorizedKeysDir = join(dir, 'authorized_keys');
		mkdirSync(authorizedKeysDir, {mode: 0o755});

		const hostKeyPath = join(dir, 'ssh_host_ed25519_key');
		const clientKeyPath = join(dir, 'client_ed25519');
		const passphraseKeyPath = join(dir, 'client_passphrase_ed25519');
		const passphrase = 'correct horse battery staple';
		keygen(hostKeyPath, {comment: 'proxdeck-test-host'});
		keygen(clientKeyPath);
		keygen(passphraseKeyPath, {passphrase});
		copyFileSync(clientKeyPath, join(sshDir, 'id_test'));
		chmodSync(join(sshDir, 'id_test'), 0o600);
		const clientKeys = publicKey(clientKeyPath) + publicKey(passphraseKeyPath);

		let user = 'root';
		if (options.user === 'non-root') {
			const created: TestUser = createTestUser(authorizedKeysDir, clientKeys);
			cleanups.push(() => created.remove());
			user = created.name;
		} else {
			writeFileSync(join(authorizedKeysDir, 'root'), clientKeys);
		}

		let sim: SimHost | undefined;
		let others: OtherNodes | undefined;
		const netns = `pdth-${randomBytes(3).toString('hex')}`;
		if (options.sim !== false) {
			const started = await startSimHost(join(dir, 'sim'), netns, options.nodes ?? 1);
			sim = started;
			cleanups.push(() => deleteNamespace(netns));
			chmodSync(join(dir, 'sim'), 0o755);
			if ((options.nodes ?? 1) > 1) {
				others = await startOtherNodes({dir, sim, state: started.state, firstNetns: netns, authorizedKeysDir});
				cleanups.push(() => others!.stop());
			}
		}

		const session = sessionScripts(dir, sim, sim ? netns : undefined, others ? {rootHome: others.rootHome} : {});
		const port = await freePort();
		const sshd = new Sshd({dir, name: 'sshd', port, hostKey: hostKeyPath, authorizedKeysDir, forceCommand: session});
		await sshd.start();
		cleanups.push(() => sshd.stop());

		const hostLine = readFileSync(`${hostKeyPath}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
		const knownLines = [`[127.0.0.1]:${port} ${hostLine}`];

		let bastion: TestBastion | undefined;
		const configLines = [
			'Host pve-test',
			'\tHostName 127.0.0.1',
			`\tPort ${port}`,
			`\tUser ${user}`,
			'\tIdentityFile %d/.ssh/id_test',
			'\tIdentitiesOnly yes',
			'\tServerAliveInterval 5',
		];
		if (options.bastion) {
			const bastionKey = join(dir, 'bastion_host_ed25519_key');
			keygen(bastionKey, {comment: 'proxdeck-test-bastion'});
			const bastionPort = await freePort();
			const jump = new Sshd({
				dir,
				name: 'bastion',
				port: bastionPort,
				hostKey: bastionKey,
				authorizedKeysDir,
				// A bastion only forwards, and only to the test host.
				forceCommand: '/bin/false',
				logLevel: 'DEBUG1',
				extraConfig: [`PermitOpen 127.0.0.1:${port}`],
			});
			await jump.start();
			cleanups.push(() => jump.stop());
			knownLines.push(
				`[127.0.0.1]:${bastionPort} ${readFileSync(`${bastionKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}`,
			);
			bastion = {port: bastionPort, alias: 'bastion-test', log: () => jump.log()};
			configLines.push(
				'Host bastion-test',
				'\tHostName 127.0.0.1',
				`\tPort ${bastionPort}`,
				`\tUser ${user}`,
				'\tIdentityFile ~/.ssh/id_test',
				'Host pve-via-bastion',
				'\tHostName 127.0.0.1',
				`\tPort ${port}`,
				`\tUser ${user}`,
				'\tIdentityFile ~/.ssh/id_test',
				'\tProxyJump bastion-test',
			);
		}

		const knownHostsPath = join(sshDir, 'known_hosts');
		writeFileSync(knownHostsPath, knownLines.join('\n') + '\n');
		const hashedKnownHostsPath = join(dir, 'known_hosts.hashed');
		copyFileSync(knownHostsPath, hashedKnownHostsPath);
		run('ssh-keygen', ['-q', '-H', '-f', hashedKnownHostsPath]);
		rmSync(`${hashedKnownHostsPath}.old`, {force: true});

		const sshConfigPath = join(sshDir, 'config');
		writeFileSync(sshConfigPath, '# proxdeck test host\nInclude config.d/*.conf\n');
		writeFileSync(join(sshDir, 'config.d', 'test-host.conf'), configLines.join('\n') + '\n');

		return {
			host: '127.0.0.1',
			port,
			user,
			dir,
			home,
			clientKeyPath,
			passphraseKeyPath,
			passphrase,
			hostKeyPath,
			knownHostsPath,
			hashedKnownHostsPath,
			sshConfigPath,
			alias: 'pve-test',
			env: {HOME: home, USER: 'root'},
			...(sim ? {sim} : {}),
			...(bastion ? {bastion} : {}),
			...(others ? {otherNodes: others.nodes} : {}),
			sshdLog: () => sshd.log(),
			stop: () => sshd.stop(),
			freezeSessions: () => sshd.freezeSessions(),
			start: () => sshd.start(),
			async restart() {
				await sshd.stop();
				await sshd.start();
			},
			async startAgent(keys = [clientKeyPath]) {
				const agent = await startAgent(join(dir, `agent-${randomBytes(3).toString('hex')}.sock`), keys);
				cleanups.push(() => agent.stop());
				return agent;
			},
			close,
		};
	} catch (error) {
		await close();
		throw error;
	}
}
