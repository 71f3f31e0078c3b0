/**
 * Throwaway local accounts for the non-root tests: created with useradd, given the test
 * client key, deleted afterwards. They get no sudoers entry, so `sudo -n` (when sudo is
 * installed at all) says a password is required.
 */
import {randomBytes} from 'node:crypto';
import {chmodSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {run} from './sshd.js';

export interface TestUser {
	name: string;
	remove(): void;
}

export function createTestUser(authorizedKeysDir: string, publicKey: string): TestUser {
	const name = `proxdeck-nr-${randomBytes(3).toString('hex')}`;
	run('useradd', ['-m', '-s', '/bin/sh', name]);
	// useradd leaves the password field "!" (locked); without PAM, sshd refuses locked accounts
	// even for key logins. "*" means "no password" without the lock.
	run('usermod', ['-p', '*', name]);
	const keys = join(authorizedKeysDir, name);
	writeFileSync(keys, publicKey);
	chmodSync(keys, 0o644);
	return {
		name,
		remove() {
			try {
				run('userdel', ['-r', '-f', name]);
			} catch {
				// Already gone.
			}
		},
	};
}
