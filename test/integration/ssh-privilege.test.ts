/** A non-root login without usable sudo gets one clear sentence, not a stack trace. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {existsSync} from 'node:fs';
import {proxdeckOnHost} from '../host/cli.js';
import {connectTestHost} from '../host/connect.js';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import {privilegeMessage, probeHost, probeProblem} from '../../source/host/privilege.js';
import type {SshTransport} from '../../source/transport/ssh.js';

const gate = requireE2E('ssh-privilege');

describe.skipIf(gate.skip)('ssh transport: a non-root user', () => {
	let host: TestHost;
	let ssh: SshTransport;

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost({user: 'non-root', sim: false});
		ssh = await connectTestHost(host, {sudo: true});
	});
	afterAll(async () => {
		await ssh?.close();
		await host?.close();
	});

	it('is probed in one exec and told what to do in one sentence', async () => {
		const execs = ssh.stats().execs;
		const probe = await probeHost(ssh);
		expect(ssh.stats().execs - execs).toBe(1);
		const hostname = (await ssh.exec('uname -n')).stdout.trim();
		// This machine either has no sudo at all, or a sudo with no rule for the throwaway user.
		const sudo = existsSync('/usr/bin/sudo') ? 'password' : 'missing';
		expect(probe).toEqual({user: host.user, uid: probe.uid, host: hostname, isRoot: false, hasPvesh: false, sudo});
		expect(probe.uid).toBeGreaterThan(0);
		const message = privilegeMessage(probe, {sudoConfigured: true});
		expect(message).toBe(
			sudo === 'missing'
				? `proxdeck logs in as '${host.user}', who is not root, and sudo is not installed on ${hostname}: install sudo and add /etc/sudoers.d/proxdeck (see README: Non-root users), or connect as root.`
				: `proxdeck logs in as '${host.user}', who is not root, and sudo on ${hostname} asks '${host.user}' for a password: add /etc/sudoers.d/proxdeck (see README: Non-root users) so the host commands run with sudo -n, or connect as root.`,
		);
		expect(message!.split('\n')).toHaveLength(1);
	});

	it('is refused by --once --json with the same sentence, the probe carried by the first refresh', async () => {
		const problem = probeProblem(await probeHost(ssh));
		const run = await proxdeckOnHost(host, ['--once', '--json']);
		expect(run.code).toBe(1);
		expect(run.stdout).toBe('');
		expect(problem).not.toBeNull();
		expect(run.stderr.trim()).toBe(`proxdeck: ${problem!.message}`);
	}, 60_000);
});
