/**
 * ssh's order of authentication: the agent (SSH_AUTH_SOCK), then each identity file (asking
 * for its passphrase when there is a terminal), then a password, only when there is a
 * terminal. Passwords and passphrases are used once and dropped; only keys decrypted this
 * session are kept in memory, so a reconnect does not ask again.
 */
import {existsSync, readFileSync} from 'node:fs';
import ssh2 from 'ssh2';
import type {AuthHandlerMiddleware, AnyAuthMethod, ParsedKey} from 'ssh2';
import {tildify, type Endpoint} from './errors.js';
import type {Prompter} from './prompt.js';

const {OpenSSHAgent, utils} = ssh2;

export interface AuthPlan {
	endpoint: Endpoint;
	agentSocket?: string;
	identityFiles: readonly string[];
	/** IdentitiesOnly yes: the agent may offer only keys that match the identity files. */
	identitiesOnly: boolean;
	prompter: Prompter;
	/** May we ask on a terminal? (passphrases, passwords) */
	interactive: boolean;
	/** False when the host key did not match (let through on purpose): no password may go out. */
	passwordAllowed?: () => boolean;
	/** Keys decrypted earlier in this session, by path. */
	keyCache: Map<string, ParsedKey>;
	home?: string;
}

export interface AuthAttempt {
	handler: AuthHandlerMiddleware;
	/** What was offered, for the failure message: "agent", "key ~/.ssh/id_ed25519", "password". */
	tried: string[];
	/** Why something was not tried: "password not tried: no terminal". */
	notTried: string[];
}

const PASSPHRASE_TRIES = 3;

function isEncryptedKeyError(error: Error): boolean {
	return /encrypted|passphrase/i.test(error.message);
}

/** The agent, limited to the identity files' public keys when IdentitiesOnly is set. */
function agentFor(plan: AuthPlan): InstanceType<typeof OpenSSHAgent> | undefined {
	if (!plan.agentSocket || !existsSync(plan.agentSocket)) return undefined;
	if (!plan.identitiesOnly) return new OpenSSHAgent(plan.agentSocket);
	const allowed = plan.identityFiles.flatMap((file) => {
		const text = [`${file}.pub`, file].filter((f) => existsSync(f)).map((f) => readFileSync(f, 'utf8'));
		for (const candidate of text) {
			const key = utils.parseKey(candidate);
			if (!(key instanceof Error)) return [key.getPublicSSH().toString('base64')];
		}
		return [];
	});
	class FilteredAgent extends OpenSSHAgent {
		override getIdentities(cb: Parameters<InstanceType<typeof OpenSSHAgent>['getIdentities']>[0]): void {
			super.getIdentities((err, keys) => {
				if (err || !keys) return cb(err, keys);
				cb(
					err,
					keys.filter((k) => 'getPublicSSH' in k && allowed.includes(k.getPublicSSH().toString('base64'))),
				);
			});
		}
	}
	return new FilteredAgent(plan.agentSocket);
}

/** Load one identity file, asking for its passphrase if needed. null: skip it (reason recorded). */
async function loadIdentity(file: string, plan: AuthPlan, notTried: string[]): Promise<ParsedKey | null> {
	const cached = plan.keyCache.get(file);
	if (cached) return cached;
	let data: Buffer;
	try {
		data = readFileSync(file);
	} catch {
		return null;
	}
	const shown = tildify(file, plan.home);
	let key = utils.parseKey(data);
	if (key instanceof Error && isEncryptedKeyError(key)) {
		if (!plan.interactive) {
			notTried.push(`key ${shown} not tried: it needs a passphrase and there is no terminal`);
			return null;
		}
		for (let i = 0; i < PASSPHRASE_TRIES && key instanceof Error; i++) {
			const passphrase = await plan.prompter.secret(`Enter passphrase for key '${shown}': `);
			if (passphrase === null) break;
			key = utils.parseKey(data, passphrase);
		}
		if (key instanceof Error) {
			notTried.push(`key ${shown} not tried: no correct passphrase given`);
			return null;
		}
	}
	if (key instanceof Error) {
		notTried.push(`key ${shown} not tried: ${key.message}`);
		return null;
	}
	const parsedKey = Array.isArray(key) ? (key[0] as ParsedKey) : key;
	plan.keyCache.set(file, parsedKey);
	return parsedKey;
}

/** The server's list of methods still allowed; null before the first answer (allow all). */
function allows(authsLeft: readonly string[] | null, method: string): boolean {
	return authsLeft === null || authsLeft.includes(method);
}

export function createAuthHandler(plan: AuthPlan): AuthAttempt {
	const tried: string[] = [];
	const notTried: string[] = [];
	const username = plan.endpoint.user;
	const steps: Array<(authsLeft: readonly string[] | null) => Promise<AnyAuthMethod | null>> = [];

	steps.push(async (authsLeft) => {
		const agent = agentFor(plan);
		if (!agent || !allows(authsLeft, 'publickey')) return null;
		tried.push('agent');
		return {type: 'agent', username, agent};
	});
	for (const file of plan.identityFiles) {
		steps.push(async (authsLeft) => {
			if (!allows(authsLeft, 'publickey') || !existsSync(file)) return null;
			const key = await loadIdentity(file, plan, notTried);
			if (!key) return null;
			tried.push(`key ${tildify(file, plan.home)}`);
			return {type: 'publickey', username, key};
		});
	}
	let passwordTries = 0;
	const passwordStep = async (authsLeft: readonly string[] | null): Promise<AnyAuthMethod | null> => {
		const kbd = allows(authsLeft, 'keyboard-interactive');
		if (!kbd && !allows(authsLeft, 'password')) {
			if (authsLeft && !notTried.some((n) => n.startsWith('the server accepts'))) {
				notTried.push(`the server accepts only ${authsLeft.join(', ') || 'nothing more'}`);
			}
			return null;
		}
		if (plan.passwordAllowed?.() === false) {
			notTried.push('password not offered: the host key did not match, and whoever holds it would read the password');
			return null;
		}
		if (!plan.interactive) {
			notTried.push('password not tried: no terminal');
			return null;
		}
		if (passwordTries >= PASSPHRASE_TRIES) return null;
		passwordTries++;
		const host = plan.endpoint.host;
		const password = await plan.prompter.secret(`${username}@${host}'s password: `);
		if (password === null) return null;
		if (!tried.includes('password')) tried.push('password');
		// Sessions set up with PAM ask through keyboard-interactive; answer its prompt with the password.
		if (kbd) {
			return {
				type: 'keyboard-interactive',
				username,
				prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)),
			};
		}
		return {type: 'password', username, password};
	};

	let index = 0;
	const handler: AuthHandlerMiddleware = (authsLeft, _partial, next) => {
		void (async () => {
			while (index < steps.length) {
				const step = steps[index++]!;
				const method = await step(authsLeft as string[] | null).catch(() => null);
				if (method) return next(method);
			}
			const password = await passwordStep(authsLeft as string[] | null).catch(() => null);
			if (password) return next(password);
			next(false as unknown as AnyAuthMethod);
		})();
	};
	return {handler, tried, notTried};
}
