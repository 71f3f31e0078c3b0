/**
 * The hostVerifier proxdeck gives ssh2 (ssh2 accepts ANY key when none is set),
 * with OpenSSH's StrictHostKeyChecking. A known key: go on. A revoked key: refuse. A changed
 * key, or a known host showing a key of a type it was not known by: refuse, and nothing is
 * ever executed because the handshake never completes. An unknown host: `ask` (the default)
 * asks when there is someone to ask, `accept-new` (or --accept-new-host-key) accepts and
 * appends the key in OpenSSH's format, `yes` refuses. `no` would accept anything, changed
 * keys included: proxdeck refuses to connect under it unless the user passes
 * --insecure-accept-any-host-key, and then never offers a password to a changed key.
 */
import {TransportError} from './types.js';
import {
	appendKnownHost,
	checkHostKey,
	fingerprintSha256,
	hostKeyAlgorithms,
	keyTypeOfBlob,
	loadKnownHosts,
	type KnownHostEntry,
} from './known-hosts.js';
import {hostKeyChangedError, hostKeyRevokedError, hostKeyUnknownError, type HostKeyFacts} from './errors.js';
import type {Prompter} from './prompt.js';
import type {StrictHostKeyChecking} from './ssh-config.js';

export interface HostKeyPolicy {
	/** Files to read (user file first, then /etc/ssh/ssh_known_hosts). */
	knownHostsFiles: readonly string[];
	/** Where accepted keys are appended. */
	writeFile: string;
	/** What to do with unknown and changed keys, the flags already applied (strictness()). */
	strict: StrictHostKeyChecking;
	interactive: boolean;
	prompter: Prompter;
	/** Keys accepted in this process, by `host:port`: a reconnect needs no second question. */
	sessionKeys: Map<string, Buffer>;
}

/** The command line's say over host keys. */
export interface HostKeyFlags {
	/** --accept-new-host-key: StrictHostKeyChecking accept-new. */
	acceptNewHostKey: boolean;
	/** --insecure-accept-any-host-key: StrictHostKeyChecking no, knowingly. */
	insecureAcceptAnyHostKey: boolean;
}

/**
 * The StrictHostKeyChecking in effect for one host: the flags over ~/.ssh/config, `ask` when
 * neither says. The config's `no` alone is refused with the reason and the way out.
 */
export function strictness(
	configured: StrictHostKeyChecking | undefined,
	flags: HostKeyFlags,
	host: string,
): StrictHostKeyChecking {
	if (flags.insecureAcceptAnyHostKey) return 'no';
	if (configured === 'no') {
		throw new TransportError(
			'config',
			`ssh_config sets StrictHostKeyChecking no for '${host}': proxdeck does not connect without checking the host key, ` +
				'because anyone between you and the host could then read and change everything it sends. ' +
				'Set it to accept-new (or remove it), or pass --insecure-accept-any-host-key to take that risk.',
		);
	}
	if (flags.acceptNewHostKey) return 'accept-new';
	return configured ?? 'ask';
}

export interface HostKeyCheck {
	/** ssh2's serverHostKey preference for this host (undefined: ssh2's defaults). */
	algorithms: string[] | undefined;
	verifier: (key: Buffer, verify: (ok: boolean) => void) => void;
	/** Set when the key was refused: the error to report instead of ssh2's "Host denied". */
	refusal(): TransportError | undefined;
	/** False when a key that did not match was let through (StrictHostKeyChecking no): send no password. */
	trusted(): boolean;
	/** Called around a question, so the connect timeout can stop while a human thinks. */
	onAsk?: (asking: boolean) => void;
}

export async function prepareHostKeyCheck(host: string, port: number, policy: HostKeyPolicy): Promise<HostKeyCheck> {
	const entries: KnownHostEntry[] = await loadKnownHosts(policy.knownHostsFiles);
	let refusal: TransportError | undefined;
	let trusted = true;
	const check: HostKeyCheck = {
		algorithms: hostKeyAlgorithms(entries, host, port),
		refusal: () => refusal,
		trusted: () => trusted,
		verifier(key, verify) {
			const facts: HostKeyFacts = {
				host,
				port,
				keyType: keyTypeOfBlob(key) ?? 'unknown',
				fingerprint: fingerprintSha256(key),
			};
			const verdict = checkHostKey(entries, host, port, key);
			if (verdict.result === 'ok') return verify(true);
			if (verdict.result === 'revoked') {
				refusal = hostKeyRevokedError(facts, verdict.entry);
				return verify(false);
			}
			if (verdict.result === 'changed') {
				if (policy.strict === 'no') {
					// Let through, as asked; never written down, and no password goes to it.
					trusted = false;
					return verify(true);
				}
				refusal = hostKeyChangedError(facts, verdict.entry, verdict.otherType);
				return verify(false);
			}
			const sessionKey = policy.sessionKeys.get(`${host}:${port}`);
			if (sessionKey?.equals(key)) return verify(true);
			void (async () => {
				let accepted = policy.strict === 'accept-new' || policy.strict === 'no';
				if (policy.strict === 'yes') {
					refusal = hostKeyUnknownError(facts, 'strict');
				} else if (!accepted && policy.interactive) {
					check.onAsk?.(true);
					accepted = await policy.prompter.confirmHostKey(facts).catch(() => false);
					check.onAsk?.(false);
					if (!accepted) refusal = hostKeyUnknownError(facts, 'declined');
				} else if (!accepted) {
					refusal = hostKeyUnknownError(facts, 'non-interactive');
				}
				if (!accepted) return verify(false);
				policy.sessionKeys.set(`${host}:${port}`, key);
				// A key we cannot write down is still the one the user accepted for this session.
				await appendKnownHost(policy.writeFile, host, port, key).catch(() => undefined);
				verify(true);
			})();
		},
	};
	return check;
}
