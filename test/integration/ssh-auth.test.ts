/** Agent, passphrase, ssh_config alias (Include, %d, ~) and ProxyJump logins against real sshds. */
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {connectTestHost, testHostOptions} from '../host/connect.js';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import {connectSsh} from '../../source/transport/ssh.js';
import {TransportError} from '../../source/transport/types.js';
import type {Prompter} from '../../source/transport/prompt.js';

const gate = requireE2E('ssh-auth');

describe.skipIf(gate.skip)('ssh transport: the ways OpenSSH users log in', () => {
	let host: TestHost;

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost({sim: false, bastion: true});
		// Like `ssh -F empty`: no alias, no IdentityFile, only what the test passes.
		writeFileSync(join(host.dir, 'empty-config'), '');
	});
	afterAll(async () => {
		await host?.close();
	});

	it('logs in through ssh-agent when SSH_AUTH_SOCK is set and no key file is given', async () => {
		const agent = await host.startAgent([host.clientKeyPath]);
		// No key files at all: a HOME without ~/.ssh/id_*, an empty config, no -i.
		const ssh = await connectTestHost(host, {
			identityFiles: [],
			sshConfigPath: join(host.dir, 'empty-config'),
			env: {HOME: join(host.dir, 'nohome'), USER: 'root', SSH_AUTH_SOCK: agent.socket},
		});
		try {
			expect((await ssh.exec('echo agent-ok')).stdout).toBe('agent-ok\n');
		} finally {
			await ssh.close();
			agent.stop();
		}
	});

	it('asks for the passphrase of a protected key and logs in with it', async () => {
		const questions: string[] = [];
		const prompt: Prompter = {
			confirmHostKey: async () => false,
			secret: async (question) => {
				questions.push(question);
				return questions.length === 1 ? 'wrong passphrase' : host.passphrase;
			},
		};
		const ssh = await connectTestHost(host, {
			identityFiles: [host.passphraseKeyPath],
			interactive: true,
			prompt,
			sshConfigPath: join(host.dir, 'empty-config'),
		});
		try {
			expect((await ssh.exec('echo unlocked')).stdout).toBe('unlocked\n');
			expect(questions).toEqual([
				`Enter passphrase for key '${host.passphraseKeyPath}': `,
				`Enter passphrase for key '${host.passphraseKeyPath}': `,
			]);
		} finally {
			await ssh.close();
		}
	});

	it('without a terminal, skips the protected key and says which methods were tried', async () => {
		const error = await connectTestHost(host, {
			identityFiles: [host.passphraseKeyPath],
			sshConfigPath: join(host.dir, 'empty-config'),
			env: {HOME: join(host.dir, 'nohome'), USER: 'root'},
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(TransportError);
		expect((error as TransportError).code).toBe('auth');
		expect((error as TransportError).message).toBe(
			`authentication failed for root@127.0.0.1:${host.port} (no method could be tried; ` +
				`key ${host.passphraseKeyPath} not tried: it needs a passphrase and there is no terminal; password not tried: no terminal)`,
		);
	});

	it('names the key it offered when the server refuses it', async () => {
		const stranger = join(host.dir, 'stranger');
		const {keygen} = await import('../host/sshd.js');
		keygen(stranger);
		const error = await connectTestHost(host, {
			identityFiles: [stranger],
			sshConfigPath: join(host.dir, 'empty-config'),
			env: {HOME: join(host.dir, 'nohome'), USER: 'root'},
		}).catch((e: unknown) => e);
		expect((error as TransportError).message).toBe(
			`authentication failed for root@127.0.0.1:${host.port} (tried: key ${stranger}; the server accepts only publickey)`,
		);
	});

	it('connects to an alias defined in an Included file, with IdentityFile %d expanded', async () => {
		const ssh = await connectSsh('pve-test', testHostOptions(host, {identityFiles: []}));
		try {
			expect(ssh.label).toBe(`root@127.0.0.1:${host.port}`);
			expect(ssh.resolved.identityFiles).toEqual([join(host.home, '.ssh', 'id_test')]);
			expect(ssh.resolved.identitiesOnly).toBe(true);
			expect((await ssh.exec('echo alias-ok')).stdout).toBe('alias-ok\n');
		} finally {
			await ssh.close();
		}
	});

	it('reaches the host through the ProxyJump bastion (forwardOut), verifying both host keys', async () => {
		const ssh = await connectSsh('pve-via-bastion', testHostOptions(host, {identityFiles: []}));
		try {
			expect(ssh.resolved.proxyJump).toEqual([{host: 'bastion-test'}]);
			expect((await ssh.exec('echo jumped')).stdout).toBe('jumped\n');
			// The bastion (which may only forward, to this port) opened the tunnel.
			expect(host.bastion!.log()).toMatch(
				new RegExp(`direct_tcpip: originator 127\\.0\\.0\\.1 port 0, target 127\\.0\\.0\\.1 port ${host.port}`),
			);
		} finally {
			await ssh.close();
		}
	});
});
