/** The authentication plan when the host key was let through without matching (StrictHostKeyChecking no). */
import {describe, expect, it} from 'vitest';
import type {AnyAuthMethod} from 'ssh2';
import {createAuthHandler} from '../../source/transport/auth.js';
import {parseArgs} from '../../source/cli-args.js';

/** Drive the handler the way ssh2 does until it gives up; returns the methods it offered. */
async function offered(passwordAllowed: boolean): Promise<{methods: string[]; asked: string[]; notTried: string[]}> {
	const asked: string[] = [];
	const attempt = createAuthHandler({
		endpoint: {user: 'root', host: 'pve', port: 22},
		identityFiles: [],
		identitiesOnly: false,
		interactive: true,
		passwordAllowed: () => passwordAllowed,
		keyCache: new Map(),
		prompter: {confirmHostKey: async () => false, secret: async (question) => (asked.push(question), 'hunter2')},
	});
	const methods: string[] = [];
	for (;;) {
		const method = await new Promise<AnyAuthMethod | false>((resolve) =>
			attempt.handler(['password', 'keyboard-interactive'], false, resolve as never),
		);
		if (!method) break;
		methods.push(method.type);
		if (methods.length > 5) break;
	}
	return {methods, asked, notTried: attempt.notTried};
}

describe('passwords and unmatched host keys', () => {
	it('never asks for or sends a password to a host whose key did not match', async () => {
		const result = await offered(false);
		expect(result.methods).toEqual([]);
		expect(result.asked).toEqual([]);
		expect(result.notTried).toContain(
			'password not offered: the host key did not match, and whoever holds it would read the password',
		);
	});

	it('asks as usual when the key matched', async () => {
		const result = await offered(true);
		expect(result.methods[0]).toBe('keyboard-interactive');
		expect(result.asked[0]).toBe("root@pve's password: ");
	});

	it('--insecure-accept-any-host-key is a flag of its own, off unless given', () => {
		expect(parseArgs(['--host', 'pve']).options.insecureAcceptAnyHostKey).toBeUndefined();
		expect(parseArgs(['--host', 'pve', '--insecure-accept-any-host-key']).options.insecureAcceptAnyHostKey).toBe(true);
	});
});
