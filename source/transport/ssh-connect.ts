/**
 * Opening one authenticated ssh2 Client to a resolved host, through its ProxyJump chain
 * (each hop verified and authenticated on its own, the next one reached through the previous
 * hop's forwardOut channel). Used for the first connection and for every reconnect.
 */
import {Socket} from 'node:net';
import type {Duplex} from 'node:stream';
import ssh2 from 'ssh2';
import type {ClientChannel, ParsedKey} from 'ssh2';
import {createAuthHandler} from './auth.js';
import {authError, connectError, hostPort, type Endpoint} from './errors.js';
import {prepareHostKeyCheck, strictness, type HostKeyFlags, type HostKeyPolicy} from './host-key.js';
import {resolveSshHost, type ResolvedSshHost, type SshConfigOptions} from './ssh-config.js';
import {TransportError} from './types.js';

const {Client} = ssh2;
export type SshClient = InstanceType<typeof Client>;

export interface ConnectSettings {
	hostKeys: Omit<HostKeyPolicy, 'knownHostsFiles' | 'writeFile' | 'strict'> &
		HostKeyFlags & {
			/** Overrides the config's UserKnownHostsFile. */
			userFile?: string;
			globalFile: string;
		};
	agentSocket?: string;
	/** Extra identity files (like ssh -i), tried before the config's. */
	identityFiles?: readonly string[];
	keyCache: Map<string, ParsedKey>;
	keepaliveIntervalMs: number;
	keepaliveCountMax: number;
	readyTimeoutMs: number;
	config: SshConfigOptions;
	home: string;
}

export interface ConnectedChain {
	client: SshClient;
	/** The jump hosts' clients, outermost first (closed together with the target). */
	jumps: SshClient[];
	/** The TCP connection to the first hop (the target itself without jumps): what carries it all. */
	socket: Socket;
}

/** An authenticated client and, for the first hop, the TCP socket it runs on. */
interface Hop {
	client: SshClient;
	socket: Socket | undefined;
}

/**
 * The TCP connection for a hop, opened here rather than by ssh2 so that it runs with
 * TCP_NODELAY: SSH sends many small packets that wait for an answer (channel open, exec
 * request, window adjusts), and Nagle's algorithm holding each one back until the previous
 * is acknowledged, against the peer's delayed ACK, costs tens of milliseconds per exchange.
 * OpenSSH sets the same option on its interactive sessions.
 */
function openSocket(host: string, port: number): Socket {
	const socket = new Socket();
	socket.setNoDelay(true);
	socket.setMaxListeners(0);
	socket.connect({host, port});
	return socket;
}

/** A connect timer that stops while the user answers a question (a passphrase, a host key). */
function pausableTimer(ms: number, onExpire: () => void): {pause(): void; resume(): void; clear(): void} {
	let remaining = ms;
	let started = Date.now();
	let timer: NodeJS.Timeout | undefined = setTimeout(onExpire, remaining);
	return {
		pause() {
			if (!timer) return;
			clearTimeout(timer);
			timer = undefined;
			remaining -= Date.now() - started;
		},
		resume() {
			if (timer) return;
			started = Date.now();
			timer = setTimeout(onExpire, Math.max(remaining, 1000));
		},
		clear() {
			clearTimeout(timer);
			timer = undefined;
		},
	};
}

async function connectHop(
	resolved: ResolvedSshHost,
	settings: ConnectSettings,
	sock: Duplex | undefined,
): Promise<Hop> {
	const endpoint: Endpoint = {user: resolved.user, host: resolved.hostName, port: resolved.port};
	const userFile =
		settings.hostKeys.userFile ?? resolved.userKnownHostsFiles?.[0] ?? `${settings.home}/.ssh/known_hosts`;
	const keyHost = resolved.hostKeyAlias ?? resolved.hostName;
	const hostKeys = await prepareHostKeyCheck(keyHost, resolved.port, {
		...settings.hostKeys,
		strict: strictness(resolved.strictHostKeyChecking, settings.hostKeys, resolved.alias),
		knownHostsFiles: [userFile, ...(resolved.userKnownHostsFiles?.slice(1) ?? []), settings.hostKeys.globalFile],
		writeFile: userFile,
	});
	let asking = 0;
	// Assigned once the connect timer exists; questions pause it.
	let onAsk: (asking: boolean) => void = () => undefined;
	const prompter = settings.hostKeys.prompter;
	const auth = createAuthHandler({
		endpoint,
		...(settings.agentSocket ? {agentSocket: settings.agentSocket} : {}),
		identityFiles: [...(settings.identityFiles ?? []), ...resolved.identityFiles],
		identitiesOnly: resolved.identitiesOnly,
		interactive: settings.hostKeys.interactive,
		passwordAllowed: () => hostKeys.trusted(),
		keyCache: settings.keyCache,
		home: settings.home,
		prompter: {
			confirmHostKey: (info) => prompter.confirmHostKey(info),
			async secret(question) {
				onAsk(true);
				try {
					return await prompter.secret(question);
				} finally {
					onAsk(false);
				}
			},
		},
	});

	const client = new Client();
	const timeoutMs = resolved.connectTimeoutSec ? resolved.connectTimeoutSec * 1000 : settings.readyTimeoutMs;
	return new Promise<Hop>((resolve, reject) => {
		let settled = false;
		// Only the first hop has a TCP socket of its own; a later one runs in a forwarded channel.
		const socket = sock ? undefined : openSocket(resolved.hostName, resolved.port);
		const fail = (error: TransportError): void => {
			if (settled) return;
			settled = true;
			timer.clear();
			client.removeAllListeners('ready');
			client.on('error', () => undefined);
			client.end();
			// A connect still under way (an address that never answers) would hold the process
			// open until the system gives up on it, minutes later.
			socket?.destroy();
			reject(error);
		};
		const timer = pausableTimer(timeoutMs, () =>
			fail(connectError(Object.assign(new Error('timed out'), {level: 'client-timeout'}), endpoint, timeoutMs)),
		);
		onAsk = (now) => {
			asking += now ? 1 : -1;
			if (asking > 0) timer.pause();
			else timer.resume();
		};
		hostKeys.onAsk = (now) => onAsk(now);

		client.on('ready', () => {
			if (settled) return;
			settled = true;
			timer.clear();
			resolve({client, socket});
		});
		client.on('error', (error: Error & {level?: string}) => {
			// An agent that is not there, or a key that cannot sign, only skips that method.
			if (error.level === 'agent') return;
			if (error.level === 'client-authentication' && !/All configured/i.test(error.message)) return;
			if (error.level === 'client-authentication') return fail(authError(endpoint, auth.tried, auth.notTried));
			fail(hostKeys.refusal() ?? connectError(error, endpoint, timeoutMs));
		});
		client.on('close', () =>
			fail(
				hostKeys.refusal() ??
					new TransportError('disconnected', `${hostPort(endpoint)} closed the connection during login`),
			),
		);

		client.connect({
			host: resolved.hostName,
			port: resolved.port,
			username: resolved.user,
			sock: sock ?? socket,
			authHandler: auth.handler,
			hostVerifier: hostKeys.verifier,
			...(hostKeys.algorithms ? {algorithms: {serverHostKey: hostKeys.algorithms as never}} : {}),
			keepaliveInterval: settings.keepaliveIntervalMs,
			keepaliveCountMax: settings.keepaliveCountMax,
			// Our own pausable timer bounds the handshake; ssh2's would fire during a prompt.
			readyTimeout: 0x7fffffff,
		});
	});
}

function forwardTo(client: SshClient, host: string, port: number): Promise<ClientChannel> {
	return new Promise((resolve, reject) => {
		client.forwardOut('127.0.0.1', 0, host, port, (error, channel) => {
			if (error)
				reject(
					new TransportError('unreachable', `the jump host cannot reach ${hostPort({host, port})}: ${error.message}`),
				);
			else resolve(channel);
		});
	});
}

/** Connect to `resolved`, through its ProxyJump hops if any. */
export async function connectChain(resolved: ResolvedSshHost, settings: ConnectSettings): Promise<ConnectedChain> {
	const jumps: SshClient[] = [];
	let socket: Socket | undefined;
	try {
		let sock: Duplex | undefined;
		for (const hop of resolved.proxyJump) {
			const hopResolved = resolveSshHost(hop, settings.config);
			if (!hopResolved.ok) throw new TransportError('config', hopResolved.error.message);
			// A hop's own ProxyJump is not followed (the chain is the target's list), as ssh -J does.
			const connected = await connectHop({...hopResolved.value, proxyJump: []}, settings, sock);
			const hopClient = connected.client;
			socket ??= connected.socket;
			jumps.push(hopClient);
			sock = undefined;
			const next =
				jumps.length < resolved.proxyJump.length
					? resolveSshHost(resolved.proxyJump[jumps.length]!, settings.config)
					: null;
			if (next && !next.ok) throw new TransportError('config', next.error.message);
			const to = next ? next.value : resolved;
			sock = await forwardTo(hopClient, to.hostName, to.port);
		}
		const target = await connectHop(resolved, settings, sock);
		socket ??= target.socket;
		if (!socket) throw new Error('the first hop has no TCP socket');
		return {client: target.client, jumps, socket};
	} catch (error) {
		for (const jump of jumps.reverse()) jump.end();
		socket?.destroy();
		throw error;
	}
}
