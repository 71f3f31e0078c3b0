import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {
	expandTokens,
	matchHostPatterns,
	resolveSshHost,
	type ResolvedSshHost,
} from '../../source/transport/ssh-config.js';

const home = mkdtempSync(join(tmpdir(), 'pd-sshcfg-'));
afterAll(() => rmSync(home, {recursive: true, force: true}));
const ssh = join(home, '.ssh');
mkdirSync(join(ssh, 'conf.d'), {recursive: true});

writeFileSync(
	join(ssh, 'config'),
	[
		'# user config',
		'Include conf.d/*.conf',
		'Host pve pve-*',
		'    User admin',
		'    Port 2200',
		'Host *.lan !bad.lan',
		'    IdentityFile ~/.ssh/id_lan',
		'Host pve',
		'    HostName should-not-win.example',
		'    IdentityFile %d/.ssh/id_%h_%r',
		'Host jumpy',
		'    HostName 10.0.0.9',
		'    ProxyJump ops@bastion1:2022,bastion2',
		'Host quoted',
		'    HostName="quoted.example"',
		'    ServerAliveInterval=7',
		'Host badport',
		'    Port seventy',
		'Host *',
		'    ServerAliveCountMax 4',
	].join('\n'),
);
writeFileSync(join(ssh, 'conf.d', '10-pve.conf'), 'Host pve\n    HostName 192.168.0.10\n    IdentitiesOnly yes\n');
writeFileSync(join(ssh, 'conf.d', '20-pve.conf'), 'Host pve\n    HostName 192.168.0.99\n    User second\n');
writeFileSync(join(ssh, 'conf.d', 'ignored.txt'), 'Host pve\n    User never\n');

const options = {home, localUser: 'me', systemConfigPath: join(home, 'no-system-config')};

function resolve(host: string, extra: {user?: string; port?: number} = {}): ResolvedSshHost {
	const result = resolveSshHost({host, ...extra}, options);
	if (!result.ok) throw new Error(result.error.message);
	return result.value;
}

describe('resolveSshHost', () => {
	it('follows Include globs relative to ~/.ssh, in order, and the first value wins', () => {
		const pve = resolve('pve');
		expect(pve.hostName).toBe('192.168.0.10');
		expect(pve.user).toBe('second');
		expect(pve.port).toBe(2200);
		expect(pve.identitiesOnly).toBe(true);
		expect(pve.serverAliveCountMax).toBe(4);
	});

	it('expands %d %h %r and ~ in IdentityFile, collecting every match in order', () => {
		const pve = resolve('pve');
		expect(pve.identityFiles).toEqual([join(home, '.ssh', 'id_192.168.0.10_second')]);
		expect(resolve('db.lan').identityFiles).toEqual([join(home, '.ssh', 'id_lan')]);
	});

	it('honours ! negation and falls back to the default identities', () => {
		const bad = resolve('bad.lan');
		expect(bad.identityFiles[0]).toBe(join(home, '.ssh', 'id_rsa'));
		expect(bad.identityFiles).toContain(join(home, '.ssh', 'id_ed25519'));
		expect(bad.user).toBe('me');
		expect(bad.port).toBe(22);
	});

	it('lets user@ and :port on the command line beat the config', () => {
		const pve = resolve('pve', {user: 'root', port: 22});
		expect(pve.user).toBe('root');
		expect(pve.port).toBe(22);
	});

	it('parses a chained ProxyJump into hops', () => {
		expect(resolve('jumpy').proxyJump).toEqual([{host: 'bastion1', user: 'ops', port: 2022}, {host: 'bastion2'}]);
	});

	it('reads Key=value with quotes', () => {
		const q = resolve('quoted');
		expect(q.hostName).toBe('quoted.example');
		expect(q.serverAliveIntervalSec).toBe(7);
	});

	it('reports a bad value with its file and line instead of throwing', () => {
		const result = resolveSshHost({host: 'badport'}, options);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.error.message).toBe(
			`${join(ssh, 'config')}:18: port 'seventy' is not a number in 1-65535`,
		);
	});

	it('reports a missing explicit config file (like ssh -F)', () => {
		const result = resolveSshHost({host: 'x'}, {...options, configPath: join(home, 'nope')});
		expect(!result.ok && result.error.message).toBe(`cannot read ${join(home, 'nope')}: no such file`);
	});
});

describe('matchHostPatterns and expandTokens', () => {
	it('matches like ssh Host lines', () => {
		expect(matchHostPatterns(['pve-*'], 'pve-2')).toBe(true);
		expect(matchHostPatterns(['*', '!pve'], 'pve')).toBe(false);
		expect(matchHostPatterns(['a,b'], 'b')).toBe(true);
		expect(matchHostPatterns(['?x'], 'ax')).toBe(true);
		expect(matchHostPatterns(['?x'], 'abx')).toBe(false);
	});

	it('expands tokens and leaves unknown ones alone', () => {
		const v = {home: '/h', hostName: 'pve.lan', originalHost: 'pve', port: 22, remoteUser: 'root', localUser: 'me'};
		expect(expandTokens('~/.ssh/%n-%h-%p-%r-%u-%%-%Z', v)).toBe('/h/.ssh/pve-pve.lan-22-root-me-%-%Z');
	});
});
