/**
 * known_hosts with OpenSSH's semantics (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): hashed
 * `|1|salt|hmac` names, `[host]:port` for ports other than 22, comma lists of patterns with
 * `*`, `?` and `!negation`, `@revoked`, several keys (of several types) per host. No npm parser
 * gets all of these right (most report "changed" for a host whose other key type matches),
 * hence this one.
 */
import {createHash, createHmac, randomBytes} from 'node:crypto';
import {appendFile, mkdir, readFile, stat} from 'node:fs/promises';
import {dirname} from 'node:path';

export interface KnownHostEntry {
	file: string;
	/** 1-based line number, for "Offending key in <file>:<line>". */
	line: number;
	marker?: 'revoked' | 'cert-authority';
	/** The host field as written: a comma list of patterns, or one `|1|salt|hash`. */
	hosts: string;
	keyType: string;
	key: Buffer;
}

export type HostKeyVerdict =
	| {result: 'ok'; entry: KnownHostEntry}
	| {result: 'unknown'}
	/** `otherType`: the host is known by a key of another type only (OpenSSH: a changed key too). */
	| {result: 'changed'; entry: KnownHostEntry; otherType: boolean}
	| {result: 'revoked'; entry: KnownHostEntry};

/** Parse one known_hosts file. Lines that are not entries (comments, garbage) are skipped. */
export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
	const entries: KnownHostEntry[] = [];
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const fields = lines[i]!.trim().split(/\s+/);
		if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) continue;
		let marker: KnownHostEntry['marker'];
		if (fields[0].startsWith('@')) {
			const word = fields.shift()!;
			if (word === '@revoked') marker = 'revoked';
			else if (word === '@cert-authority') marker = 'cert-authority';
			else continue;
		}
		const [hosts, keyType, keyText] = fields;
		if (hosts === undefined || keyType === undefined || keyText === undefined) continue;
		if (!/^[A-Za-z0-9+/]+=*$/.test(keyText)) continue;
		const key = Buffer.from(keyText, 'base64');
		// The blob names its own type; a line whose type field disagrees is corrupt.
		if (keyTypeOfBlob(key) !== keyType) continue;
		entries.push({file, line: i + 1, ...(marker ? {marker} : {}), hosts, keyType, key});
	}
	return entries;
}

/** Read and parse several files; a missing or unreadable file contributes nothing. */
export async function loadKnownHosts(files: readonly string[]): Promise<KnownHostEntry[]> {
	const all: KnownHostEntry[] = [];
	for (const file of files) {
		const text = await readFile(file, 'utf8').catch(() => null);
		if (text !== null) all.push(...parseKnownHosts(text, file));
	}
	return all;
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function hostToken(host: string, port: number): string {
	return port === 22 ? host : `[${host}]:${port}`;
}

function globToRegExp(pattern: string): RegExp {
	const body = pattern
		.replace(/[.+^${}()|[\]\\]/g, '\\$&')
		.replaceAll('*', '.*')
		.replaceAll('?', '.');
	return new RegExp(`^${body}$`, 'i');
}

/** Does this entry's host field name the token? (hashed or a pattern list with negation) */
export function entryMatchesHost(entry: Pick<KnownHostEntry, 'hosts'>, token: string): boolean {
	const hosts = entry.hosts;
	if (hosts.startsWith('|1|')) {
		const [, , saltText, hashText] = hosts.split('|');
		if (!saltText || !hashText) return false;
		const hmac = createHmac('sha1', Buffer.from(saltText, 'base64')).update(token).digest('base64');
		return hmac === hashText;
	}
	let matched = false;
	for (const pattern of hosts.split(',')) {
		if (pattern.startsWith('!')) {
			// A matching negated pattern vetoes the whole line, as in OpenSSH's match_hostname.
			if (globToRegExp(pattern.slice(1)).test(token)) return false;
		} else if (globToRegExp(pattern).test(token)) {
			matched = true;
		}
	}
	return matched;
}

/** The key type written inside an SSH public key blob (its first length-prefixed string). */
export function keyTypeOfBlob(blob: Buffer): string | null {
	if (blob.length < 4) return null;
	const length = blob.readUInt32BE(0);
	if (length === 0 || length > 64 || 4 + length > blob.length) return null;
	return blob.subarray(4, 4 + length).toString('latin1');
}

/** `SHA256:...` exactly as `ssh-keygen -lf` prints it. */
export function fingerprintSha256(blob: Buffer): string {
	return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/** `ED25519`, `RSA`, `ECDSA`: the word OpenSSH uses in "ED25519 key fingerprint is ...". */
export function keyTypeLabel(keyType: string): string {
	if (keyType === 'ssh-ed25519') return 'ED25519';
	if (keyType === 'ssh-rsa') return 'RSA';
	if (keyType.startsWith('ecdsa-')) return 'ECDSA';
	if (keyType === 'ssh-dss') return 'DSA';
	return keyType.toUpperCase();
}

/**
 * Check a presented host key. Revoked beats everything; a line with the same key is ok; a
 * line of the same type with a different key is "changed"; and so is a host known only by
 * keys of other types: a known host that now shows a key of a new type is what a
 * man-in-the-middle without the real key would show, so it is never accepted as new.
 */
export function checkHostKey(
	entries: readonly KnownHostEntry[],
	host: string,
	port: number,
	blob: Buffer,
): HostKeyVerdict {
	const token = hostToken(host, port);
	const type = keyTypeOfBlob(blob);
	const forHost = entries.filter((e) => entryMatchesHost(e, token));
	const revoked = forHost.find((e) => e.marker === 'revoked' && e.key.equals(blob));
	if (revoked) return {result: 'revoked', entry: revoked};
	const plain = forHost.filter((e) => e.marker === undefined);
	const same = plain.find((e) => e.key.equals(blob));
	if (same) return {result: 'ok', entry: same};
	const changed = plain.find((e) => e.keyType === type);
	if (changed) return {result: 'changed', entry: changed, otherType: false};
	const known = plain[0];
	if (known) return {result: 'changed', entry: known, otherType: true};
	return {result: 'unknown'};
}

/** Host key algorithms ssh2 1.17 can verify, in OpenSSH's order of preference. */
const SUPPORTED_ALGORITHMS = [
	'ssh-ed25519',
	'ecdsa-sha2-nistp256',
	'ecdsa-sha2-nistp384',
	'ecdsa-sha2-nistp521',
	'rsa-sha2-512',
	'rsa-sha2-256',
	'ssh-rsa',
];

function algorithmsFor(keyType: string): string[] {
	return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}

/**
 * The serverHostKey list for ssh2: the types known for this host first (so the server shows a
 * key we can check, as OpenSSH orders HostKeyAlgorithms), then the rest. Undefined for an
 * unknown host, which leaves ssh2's defaults in place.
 */
export function hostKeyAlgorithms(
	entries: readonly KnownHostEntry[],
	host: string,
	port: number,
): string[] | undefined {
	const token = hostToken(host, port);
	const known = new Set(
		entries
			.filter((e) => e.marker === undefined && entryMatchesHost(e, token))
			.flatMap((e) => algorithmsFor(e.keyType)),
	);
	if (known.size === 0) return undefined;
	const first = SUPPORTED_ALGORITHMS.filter((a) => known.has(a));
	return [...first, ...SUPPORTED_ALGORITHMS.filter((a) => !known.has(a))];
}

/** One known_hosts line in OpenSSH's format, hashed (`HashKnownHosts yes`) unless asked not to. */
export function formatKnownHostsLine(
	host: string,
	port: number,
	blob: Buffer,
	options: {hashed?: boolean; salt?: Buffer} = {},
): string {
	const token = hostToken(host, port);
	const type = keyTypeOfBlob(blob) ?? 'unknown';
	let name = token;
	if (options.hashed !== false) {
		const salt = options.salt ?? randomBytes(20);
		const hash = createHmac('sha1', salt).update(token).digest('base64');
		name = `|1|${salt.toString('base64')}|${hash}`;
	}
	return `${name} ${type} ${blob.toString('base64')}`;
}

/** Append an accepted key, creating ~/.ssh (0700) and the file (0600) as ssh does. */
export async function appendKnownHost(
	file: string,
	host: string,
	port: number,
	blob: Buffer,
	options: {hashed?: boolean} = {},
): Promise<string> {
	await mkdir(dirname(file), {recursive: true, mode: 0o700});
	const existing = await readFile(file, 'utf8').catch(() => '');
	const size = await stat(file)
		.then((s) => s.size)
		.catch(() => 0);
	const line = formatKnownHostsLine(host, port, blob, options);
	const separator = size > 0 && !existing.endsWith('\n') ? '\n' : '';
	await appendFile(file, `${separator}${line}\n`, {mode: 0o600});
	return line;
}
