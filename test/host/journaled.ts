/**
 * One sshd test host for a whole test file, connected with short keepalives and backoff (a
 * dropped or killed link is noticed within a second), and an action journal in a state
 * directory of its own, removed afterwards. Its fields are set once the file's tests start.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll} from 'vitest';
import {createJournal, type Journal} from '../../source/journal/journal.js';
import type {SshTransport} from '../../source/transport/ssh.js';
import {connectTestHost} from './connect.js';
import type {E2eGate} from './gate.js';
import {startTestHost, type TestHost} from './harness.js';

export interface JournaledHost {
	readonly host: TestHost;
	readonly ssh: SshTransport;
	readonly journal: Journal;
}

export function journaledTestHost(gate: E2eGate, name: string): JournaledHost {
	const lab = {} as {host: TestHost; ssh: SshTransport; journal: Journal};
	let stateDir: string | undefined;
	beforeAll(async () => {
		gate.assert();
		lab.host = await startTestHost();
		lab.ssh = await connectTestHost(lab.host, {
			keepaliveIntervalMs: 500,
			keepaliveCountMax: 2,
			reconnect: {baseMs: 100, maxMs: 400},
		});
		stateDir = mkdtempSync(join(tmpdir(), `proxdeck-${name}-`));
		lab.journal = createJournal({env: {XDG_STATE_HOME: stateDir}});
	}, 120_000);
	afterAll(async () => {
		await lab.ssh?.close();
		await lab.host?.close();
		if (stateDir) rmSync(stateDir, {recursive: true, force: true});
	});
	return lab;
}
