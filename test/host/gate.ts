/**
 * Whether the real-sshd suites can run here. They need /usr/sbin/sshd and root (sshd runs as
 * root with its own config; network and mount namespaces need root too). Missing: the suite
 * is skipped with a printed reason, or FAILS when REQUIRE_E2E=1 (as .ci/run sets it).
 */
import {existsSync} from 'node:fs';

export const SSHD = '/usr/sbin/sshd';

export interface E2eGate {
	/** Pass to describe.skipIf(). */
	skip: boolean;
	/** Why it cannot run, or null when it can. */
	reason: string | null;
	/** Call in beforeAll: throws the reason when the suite is required but cannot run. */
	assert(): void;
}

/** null when sshd can run here, else the reason it cannot. */
export function sshdUnavailableReason(): string | null {
	if (!existsSync(SSHD)) return `${SSHD} is missing (apt-get install openssh-server)`;
	if (process.getuid?.() !== 0) return 'the test host needs root (sshd with its own config, network namespaces)';
	for (const tool of ['/usr/bin/ssh-keygen', '/usr/bin/unshare']) {
		if (!existsSync(tool)) return `${tool} is missing`;
	}
	return null;
}

export function sshdAvailable(): boolean {
	return sshdUnavailableReason() === null;
}

/** The gate for one suite; prints why it is skipped. */
export function requireE2E(suite: string): E2eGate {
	const reason = sshdUnavailableReason();
	const required = process.env.REQUIRE_E2E === '1';
	const skip = reason !== null && !required;
	if (skip) console.warn(`[${suite}] skipped: ${reason} (set REQUIRE_E2E=1 to make this a failure)`);
	return {
		skip,
		reason,
		assert() {
			if (reason !== null) throw new Error(`[${suite}] REQUIRE_E2E=1 but the test host cannot run: ${reason}`);
		},
	};
}
