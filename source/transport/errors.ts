/**
 * Every way an SSH connection can fail, as one TransportError with a sentence a user can act
 * on. ssh2 reports failures as an Error with a `level` (client-socket, client-dns,
 * client-timeout, handshake, client-authentication) and, for sockets, a Node `code`.
 */
import {homedir} from 'node:os';
import {TransportError} from './types.js';
import {hostToken, keyTypeLabel} from './known-hosts.js';
import {shellJoin} from '../host/quote.js';

export interface Endpoint {
	user: string;
	host: string;
	port: number;
}

const SOCKET_REASONS: Record<string, string> = {
	ECONNREFUSED: 'connection refused (is sshd running? is the port right?)',
	EHOSTUNREACH: 'no route to host (is it powered on and on this network?)',
	ENETUNREACH: "network unreachable (check this machine's network)",
	ETIMEDOUT: 'connection timed out (is a firewall dropping port 22?)',
	ENOTFOUND: 'no such host name (check the spelling or your DNS)',
	EAI_AGAIN: 'the host name could not be resolved right now (DNS is not answering)',
	ECONNRESET: 'the connection was reset by the other end',
	EPIPE: 'the connection was closed by the other end',
};

export function hostPort({host, port}: Pick<Endpoint, 'host' | 'port'>): string {
	return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Paths as a user would type them: $HOME shown as ~. */
export function tildify(path: string, home = homedir()): string {
	return home && home !== '/' && path.startsWith(home + '/') ? '~' + path.slice(home.length) : path;
}

/** Map an error from ssh2 or the socket under it (other than auth and host keys) to a TransportError. */
export function connectError(error: unknown, endpoint: Endpoint, readyTimeoutMs?: number): TransportError {
	if (error instanceof TransportError) return error;
	const err = error as Error & {code?: string; level?: string};
	const where = hostPort(endpoint);
	const code = err.code ?? '';
	if (code === 'ECONNREFUSED') return new TransportError('refused', `cannot reach ${where}: ${SOCKET_REASONS[code]}`);
	if (code in SOCKET_REASONS)
		return new TransportError('unreachable', `cannot reach ${where}: ${SOCKET_REASONS[code]}`);
	if (err.level === 'client-timeout' || /timed out/i.test(err.message)) {
		const seconds = readyTimeoutMs ? ` within ${Math.round(readyTimeoutMs / 1000)} s` : '';
		return new TransportError(
			'timeout',
			`cannot reach ${where}: no SSH handshake${seconds} (host down, or a firewall dropping packets?)`,
		);
	}
	if (err.level === 'handshake' && /no matching/i.test(err.message)) {
		return new TransportError(
			'unreachable',
			`cannot talk to ${where}: ${err.message.replace(/^Handshake failed: /, '')} ` +
				'(the server allows only algorithms ssh2 lacks; keep curve25519-sha256 enabled in its sshd_config)',
		);
	}
	return new TransportError('unreachable', `cannot reach ${where}: ${err.message}`);
}

/** `tried` lists what was offered: "agent", "key ~/.ssh/id_ed25519", "password". */
export function authError(endpoint: Endpoint, tried: readonly string[], notTried: readonly string[]): TransportError {
	const parts = [tried.length > 0 ? `tried: ${tried.join(', ')}` : 'no method could be tried', ...notTried];
	return new TransportError(
		'auth',
		`authentication failed for ${endpoint.user}@${hostPort(endpoint)} (${parts.join('; ')})`,
	);
}

export interface HostKeyFacts {
	host: string;
	port: number;
	keyType: string;
	fingerprint: string;
}

/** OpenSSH's warning for a changed host key, naming the offending known_hosts line. */
export function hostKeyChangedError(
	facts: HostKeyFacts,
	offending: {file: string; line: number; keyType: string},
	otherType = false,
): TransportError {
	const label = keyTypeLabel(facts.keyType);
	const token = hostToken(facts.host, facts.port);
	const file = tildify(offending.file);
	const message = [
		'@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
		'@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
		'@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
		'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
		'Someone could be eavesdropping on you right now (man-in-the-middle attack)!',
		'It is also possible that a host key has just been changed.',
		`The fingerprint for the ${label} key sent by the remote host is`,
		`${facts.fingerprint}.`,
		...(otherType
			? [`${token} is known by its ${keyTypeLabel(offending.keyType)} key, and now shows a ${label} key instead.`]
			: []),
		`Add correct host key in ${file} to get rid of this message.`,
		`Offending ${keyTypeLabel(offending.keyType)} key in ${file}:${offending.line}`,
		`  remove with: ${shellJoin(['ssh-keygen', '-f', offending.file, '-R', token])}`,
		`Host key for ${token} has changed; proxdeck did not connect and ran nothing.`,
	].join('\n');
	return new TransportError('host-key-changed', message);
}

export function hostKeyRevokedError(facts: HostKeyFacts, entry: {file: string; line: number}): TransportError {
	return new TransportError(
		'host-key-revoked',
		`the ${keyTypeLabel(facts.keyType)} host key of ${hostToken(facts.host, facts.port)} (${facts.fingerprint}) is marked @revoked ` +
			`in ${tildify(entry.file)}:${entry.line}; proxdeck did not connect.`,
	);
}

export function hostKeyUnknownError(
	facts: HostKeyFacts,
	reason: 'declined' | 'non-interactive' | 'strict',
): TransportError {
	const token = hostToken(facts.host, facts.port);
	const what = `the authenticity of host '${token}' can't be established (${keyTypeLabel(facts.keyType)} key fingerprint is ${facts.fingerprint})`;
	const why = {
		declined: `${what}; the key was not accepted, so proxdeck did not connect.`,
		'non-interactive': `${what} and there is no terminal to ask: connect once with ssh to check and accept it, or pass --accept-new-host-key.`,
		strict: `${what} and ssh_config sets StrictHostKeyChecking yes: add its key to known_hosts first (connect once with ssh -o StrictHostKeyChecking=ask and check the fingerprint).`,
	};
	return new TransportError('host-key-unknown', why[reason]);
}

export function notProxmoxError(host: string): TransportError {
	return new TransportError(
		'not-proxmox',
		`${host} has no pvesh command: it does not look like a Proxmox VE host (or pvesh is not on the PATH of this login).`,
	);
}

export function commandNotFoundError(command: string, host: string): TransportError {
	return new TransportError(
		'command-not-found',
		`'${command}' is not installed on ${host} (the shell said: command not found).`,
	);
}
