/** Host key verification against a real sshd: unknown (asked / refused), accepted (appended), changed (refused, nothing run). */
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {connectTestHost} from '../host/connect.js';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import {keygen} from '../host/sshd.js';
import {TransportError} from '../../source/transport/types.js';
import type {HostKeyQuestion, Prompter} from '../../source/transport/prompt.js';

const gate = requireE2E('ssh-hostkey');

function fingerprintOf(publicKeyPath: string): string {
	return execFileSync('ssh-keygen', ['-lf', publicKeyPath], {encoding: 'utf8'}).split(' ')[1]!;
}

describe.skipIf(gate.skip)('ssh transport: host key verification', () => {
	let host: TestHost;
	let n = 0;
	/** A fresh known_hosts file for one test. */
	const knownHosts = (content: string): string => {
		const file = join(host.dir, `known_hosts.${++n}`);
		writeFileSync(file, content);
		return file;
	};

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost({sim: false});
	});
	afterAll(async () => {
		await host?.close();
	});

	it('connects when known_hosts has the key hashed (ssh-keygen -H) next to other types', async () => {
		const other = join(host.dir, 'other_ecdsa');
		keygen(other, {type: 'ecdsa'});
		const ecdsaLine = `[127.0.0.1]:${host.port} ${readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`;
		const file = knownHosts(ecdsaLine + readFileSync(host.hashedKnownHostsPath, 'utf8'));
		const ssh = await connectTestHost(host, {knownHostsPath: file});
		try {
			expect((await ssh.exec('echo known')).stdout).toBe('known\n');
		} finally {
			await ssh.close();
		}
	});

	it('asks about an unknown host with the SHA256 fingerprint ssh-keygen shows, and appends the accepted key', async () => {
		const file = join(host.dir, 'known_hosts.fresh');
		const asked: HostKeyQuestion[] = [];
		const prompt: Prompter = {
			confirmHostKey: async (info) => {
				asked.push(info);
				return true;
			},
			secret: async () => null,
		};
		const ssh = await connectTestHost(host, {knownHostsPath: file, interactive: true, prompt});
		await ssh.close();
		expect(asked).toEqual([
			{
				host: '127.0.0.1',
				port: host.port,
				keyType: 'ssh-ed25519',
				fingerprint: fingerprintOf(`${host.hostKeyPath}.pub`),
			},
		]);
		// OpenSSH's own tool finds what we wrote, in its format.
		const found = execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${host.port}`, '-f', file], {encoding: 'utf8'});
		expect(found).toContain(readFileSync(`${host.hostKeyPath}.pub`, 'utf8').split(' ').slice(0, 2).join(' '));

		// Now known: no second question.
		const again = await connectTestHost(host, {knownHostsPath: file, interactive: true, prompt});
		await again.close();
		expect(asked).toHaveLength(1);
	});

	it('refuses an unknown host when the user says no, and writes nothing', async () => {
		const file = knownHosts('');
		const prompt: Prompter = {confirmHostKey: async () => false, secret: async () => null};
		const error = await connectTestHost(host, {knownHostsPath: file, interactive: true, prompt}).catch(
			(e: unknown) => e,
		);
		expect((error as TransportError).code).toBe('host-key-unknown');
		expect((error as Error).message).toMatch(/the key was not accepted, so proxdeck did not connect/);
		expect(readFileSync(file, 'utf8')).toBe('');
	});

	it('refuses an unknown host without a terminal, unless --accept-new-host-key', async () => {
		const file = knownHosts('');
		const error = await connectTestHost(host, {knownHostsPath: file}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(TransportError);
		expect((error as TransportError).code).toBe('host-key-unknown');
		expect((error as Error).message).toBe(
			`the authenticity of host '[127.0.0.1]:${host.port}' can't be established (ED25519 key fingerprint is ` +
				`${fingerprintOf(`${host.hostKeyPath}.pub`)}) and there is no terminal to ask: connect once with ssh to check and accept it, or pass --accept-new-host-key.`,
		);
		const ssh = await connectTestHost(host, {knownHostsPath: file, acceptNewHostKey: true});
		await ssh.close();
		expect(readFileSync(file, 'utf8')).toMatch(/^\|1\|[^ ]+ ssh-ed25519 /);
	});

	it("refuses a changed key with OpenSSH's warning naming the line, and runs nothing", async () => {
		const impostor = join(host.dir, 'impostor');
		keygen(impostor);
		const line = `[127.0.0.1]:${host.port} ${readFileSync(`${impostor}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}`;
		const file = knownHosts(`# first line\nother.example ssh-ed25519 ${line.split(' ')[2]}\n${line}\n`);
		const marker = join(host.dir, 'must-not-exist');
		const accepted = (host.sshdLog().match(/Accepted publickey/g) ?? []).length;

		const error = await connectTestHost(host, {knownHostsPath: file, acceptNewHostKey: true})
			.then((ssh) => ssh.exec(`touch ${marker}`))
			.catch((e: unknown) => e);

		expect(error).toBeInstanceOf(TransportError);
		expect((error as TransportError).code).toBe('host-key-changed');
		const message = (error as Error).message;
		expect(message).toContain('WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!');
		expect(message).toContain(
			`The fingerprint for the ED25519 key sent by the remote host is\n${fingerprintOf(`${host.hostKeyPath}.pub`)}.`,
		);
		expect(message).toContain(`Offending ED25519 key in ${file}:3`);
		expect(existsSync(marker)).toBe(false);
		// The login never got as far as authentication.
		expect((host.sshdLog().match(/Accepted publickey/g) ?? []).length).toBe(accepted);
		// --accept-new-host-key does not overwrite a changed key.
		expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
	});

	it('refuses a known host that now shows a key of another type, even with --accept-new-host-key, and writes nothing', async () => {
		// known_hosts knows this host by an ECDSA key; the server has only its ED25519 key to show.
		const other = join(host.dir, 'swap_ecdsa');
		keygen(other, {type: 'ecdsa'});
		const content = `[127.0.0.1]:${host.port} ${readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`;
		const file = knownHosts(content);
		const error = await connectTestHost(host, {knownHostsPath: file, acceptNewHostKey: true}).catch((e: unknown) => e);
		expect((error as TransportError).code).toBe('host-key-changed');
		expect((error as Error).message).toContain(
			`[127.0.0.1]:${host.port} is known by its ECDSA key, and now shows a ED25519 key instead.`,
		);
		expect((error as Error).message).toContain(`Offending ECDSA key in ${file}:1`);
		expect(readFileSync(file, 'utf8')).toBe(content);
	});

	describe('StrictHostKeyChecking from ~/.ssh/config', () => {
		/** An ssh config for the test host's address with this StrictHostKeyChecking. */
		const configWith = (value: string): string => {
			const file = join(host.dir, `ssh_config.${++n}`);
			writeFileSync(file, `Host 127.0.0.1\n\tStrictHostKeyChecking ${value}\n`);
			return file;
		};
		const askAnyway: Prompter = {confirmHostKey: async () => true, secret: async () => null};

		it('yes: an unknown host is refused without a question, even with a terminal to ask on', async () => {
			const file = knownHosts('');
			const asked: HostKeyQuestion[] = [];
			const prompt: Prompter = {confirmHostKey: async (q) => (asked.push(q), true), secret: async () => null};
			const error = await connectTestHost(host, {
				knownHostsPath: file,
				sshConfigPath: configWith('yes'),
				interactive: true,
				prompt,
			}).catch((e: unknown) => e);
			expect((error as TransportError).code).toBe('host-key-unknown');
			expect((error as Error).message).toMatch(
				/ssh_config sets StrictHostKeyChecking yes: add its key to known_hosts first/,
			);
			expect(asked).toEqual([]);
			expect(readFileSync(file, 'utf8')).toBe('');
		});

		it('accept-new: an unknown host is accepted and written down without a terminal; a changed key is still refused', async () => {
			const file = knownHosts('');
			const ssh = await connectTestHost(host, {knownHostsPath: file, sshConfigPath: configWith('accept-new')});
			await ssh.close();
			expect(readFileSync(file, 'utf8')).toMatch(/^\|1\|[^ ]+ ssh-ed25519 /);
			const impostor = join(host.dir, 'impostor-accept-new');
			keygen(impostor);
			const changed = knownHosts(
				`[127.0.0.1]:${host.port} ${readFileSync(`${impostor}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`,
			);
			const error = await connectTestHost(host, {
				knownHostsPath: changed,
				sshConfigPath: configWith('accept-new'),
			}).catch((e: unknown) => e);
			expect((error as TransportError).code).toBe('host-key-changed');
		});

		it('no (or off): refused with the reason and the way out, unless --insecure-accept-any-host-key; then even a changed key connects, and nothing is written', async () => {
			for (const value of ['no', 'off']) {
				const file = knownHosts('');
				const error = await connectTestHost(host, {
					knownHostsPath: file,
					sshConfigPath: configWith(value),
					interactive: true,
					prompt: askAnyway,
				}).catch((e: unknown) => e);
				expect((error as TransportError).code).toBe('config');
				expect((error as Error).message).toMatch(
					/StrictHostKeyChecking no for '127\.0\.0\.1': proxdeck does not connect without checking the host key/,
				);
				expect((error as Error).message).toMatch(/pass --insecure-accept-any-host-key to take that risk/);
			}
			const impostor = join(host.dir, 'impostor-no');
			keygen(impostor);
			const content = `[127.0.0.1]:${host.port} ${readFileSync(`${impostor}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`;
			const changed = knownHosts(content);
			const ssh = await connectTestHost(host, {
				knownHostsPath: changed,
				sshConfigPath: configWith('no'),
				insecureAcceptAnyHostKey: true,
			});
			try {
				expect((await ssh.exec('echo anyway')).stdout).toBe('anyway\n');
			} finally {
				await ssh.close();
			}
			expect(readFileSync(changed, 'utf8')).toBe(content);
		});

		it('a value ssh does not know is a config error naming the line', async () => {
			const error = await connectTestHost(host, {
				knownHostsPath: knownHosts(''),
				sshConfigPath: configWith('maybe'),
			}).catch((e: unknown) => e);
			expect((error as TransportError).code).toBe('config');
			expect((error as Error).message).toMatch(
				/:2: StrictHostKeyChecking 'maybe' is not one of yes, ask, accept-new, no/,
			);
		});
	});

	it('refuses a key marked @revoked', async () => {
		const file = knownHosts(
			readFileSync(host.knownHostsPath, 'utf8') +
				`@revoked * ${readFileSync(`${host.hostKeyPath}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`,
		);
		const error = await connectTestHost(host, {knownHostsPath: file}).catch((e: unknown) => e);
		expect((error as TransportError).code).toBe('host-key-revoked');
		expect((error as Error).message).toContain(`${file}:2`);
	});
});
