/**
 * The hostVerifier proxdeck gives ssh2 (ssh2 accepts ANY key when none is set).
 * Known key: go on. Revoked or changed key: refuse, and nothing is ever executed because the
 * handshake never completes. Unknown host: ask (or accept with --accept-new-host-key, like
 * OpenSSH's StrictHostKeyChecking=accept-new), then append the key in OpenSSH's format.
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

export interface HostKeyPolicy {
	/** Files to read (user file first, then /etc/ssh/ssh_known_hosts). */
	knownHostsFiles: readonly string[];
	/** Where accepted keys are appended. */
	writeFile: string;
	acceptNewHostKey: boolean;
	interactive: boolean;
	prompter: Prompter;
	/** Keys accepted in this process, by `host:port`: a reconnect needs no second question. */
	sessionKeys: Map<string, Buffer>;
}

export interface HostKeyCheck {
	/** ssh2's serverHostKey preference for this host (undefined: ssh2's defaults). */
	algorithms: string[] | undefined;
	verifier: (key: Buffer, verify: (ok: boolean) => void) => void;
	/** Set when the key was refused: the error to report instead of ssh2's "Host denied". */
	refusal(): TransportError | undefined;
	/** Called around a question, so the connect timeout can stop while a human thinks. */
	onAsk?: (asking: boolean) => void;
}

export async function prepareHostKeyCheck(host: string, port: number, policy: HostKeyPolicy): Promise<HostKeyCheck> {
	const entries: KnownHostEntry[] = await loadKnownHosts(policy.knownHostsFiles);
	let refusal: TransportError | undefined;
	const check: HostKeyCheck = {
		algorithms: hostKeyAlgorithms(entries, host, port),
		refusal: () => refusal,
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
				refusal = hostKeyChangedError(facts, verdict.entry);
				return verify(false);
			}
			const sessionKey = policy.sessionKeys.get(`${host}:${port}`);
			if (sessionKey?.equals(key)) return verify(true);
			void (async () => {
				let accepted = policy.acceptNewHostKey;
				if (!accepted && policy.interactive) {
					check.onAsk?.(true);
					accepted = await policy.prompter
						.confirmHostKey({...facts, ...(verdict.otherTypes.length > 0 ? {otherKnownTypes: verdict.otherTypes} : {})})
						.catch(() => false);
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
