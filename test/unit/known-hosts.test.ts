import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {
	appendKnownHost,
	checkHostKey,
	entryMatchesHost,
	fingerprintSha256,
	formatKnownHostsLine,
	hostKeyAlgorithms,
	hostToken,
	parseKnownHosts,
} from '../../source/transport/known-hosts.js';

const dir = mkdtempSync(join(tmpdir(), 'pd-kh-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** A fresh key pair made by OpenSSH itself: [type, base64 blob]. */
function makeKey(
	name: string,
	type: 'ed25519' | 'ecdsa' | 'rsa',
): {type: string; text: string; blob: Buffer; path: string} {
	const path = join(dir, name);
	execFileSync('ssh-keygen', ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', '', '-f', path]);
	const [keyType, text] = readFileSync(`${path}.pub`, 'utf8').split(' ');
	return {type: keyType!, text: text!, blob: Buffer.from(text!, 'base64'), path};
}

const ed = makeKey('ed', 'ed25519');
const ed2 = makeKey('ed2', 'ed25519');
const ec = makeKey('ec', 'ecdsa');

describe('hostToken', () => {
	it('is the bare host on port 22 and [host]:port elsewhere', () => {
		expect(hostToken('pve.lan', 22)).toBe('pve.lan');
		expect(hostToken('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
	});
});

describe('parseKnownHosts', () => {
	it('keeps line numbers and markers, skips comments, blank lines and garbage', () => {
		const text = [
			'# a comment',
			'',
			`pve.lan,192.168.0.10 ${ed.type} ${ed.text} root@pve`,
			'this line is garbage',
			`@revoked * ${ed2.type} ${ed2.text}`,
			`@cert-authority *.lan ${ec.type} ${ec.text}`,
			`@bogus-marker pve.lan ${ec.type} ${ec.text}`,
			`pve.lan ssh-rsa ${ed.text}`,
		].join('\n');
		const entries = parseKnownHosts(text, '/k');
		expect(entries.map((e) => [e.line, e.marker ?? null, e.keyType])).toEqual([
			[3, null, 'ssh-ed25519'],
			[5, 'revoked', 'ssh-ed25519'],
			[6, 'cert-authority', 'ecdsa-sha2-nistp256'],
		]);
	});
});

describe('entryMatchesHost', () => {
	it('matches hashed entries written by ssh-keygen -H, for host and [host]:port tokens', () => {
		const file = join(dir, 'hashed');
		writeFileSync(file, `pve.lan ${ed.type} ${ed.text}\n[10.0.0.5]:2222 ${ec.type} ${ec.text}\n`);
		execFileSync('ssh-keygen', ['-q', '-H', '-f', file], {stdio: 'pipe'});
		const entries = parseKnownHosts(readFileSync(file, 'utf8'), file);
		expect(entries.every((e) => e.hosts.startsWith('|1|'))).toBe(true);
		expect(entryMatchesHost(entries[0]!, 'pve.lan')).toBe(true);
		expect(entryMatchesHost(entries[0]!, 'pve.lan2')).toBe(false);
		expect(entryMatchesHost(entries[1]!, '[10.0.0.5]:2222')).toBe(true);
		expect(entryMatchesHost(entries[1]!, '10.0.0.5')).toBe(false);
	});

	it('handles wildcards, negation and literal brackets', () => {
		expect(entryMatchesHost({hosts: '*.lan,!bad.lan'}, 'pve.lan')).toBe(true);
		expect(entryMatchesHost({hosts: '*.lan,!bad.lan'}, 'bad.lan')).toBe(false);
		expect(entryMatchesHost({hosts: '[127.0.0.1]:2223'}, '[127.0.0.1]:2223')).toBe(true);
		expect(entryMatchesHost({hosts: '[127.0.0.1]:2223'}, '127.0.0.1')).toBe(false);
		expect(entryMatchesHost({hosts: 'pve?.lan'}, 'pve2.lan')).toBe(true);
		expect(entryMatchesHost({hosts: 'PVE.lan'}, 'pve.LAN')).toBe(true);
	});
});

describe('checkHostKey', () => {
	const text = [
		`pve.lan ${ed.type} ${ed.text}`,
		`pve.lan ${ec.type} ${ec.text}`,
		`[pve.lan]:2222 ${ed2.type} ${ed2.text}`,
	].join('\n');
	const entries = parseKnownHosts(text, '/home/u/.ssh/known_hosts');

	it('accepts any of several keys known for the host', () => {
		expect(checkHostKey(entries, 'pve.lan', 22, ed.blob).result).toBe('ok');
		expect(checkHostKey(entries, 'pve.lan', 22, ec.blob).result).toBe('ok');
	});

	it('reports changed, with the offending line, only for a different key of the same type', () => {
		const verdict = checkHostKey(entries, 'pve.lan', 22, ed2.blob);
		expect(verdict.result).toBe('changed');
		expect(verdict.result === 'changed' && verdict.entry.line).toBe(1);
	});

	it('treats a key of a type not on file, for a host that is known, as changed (as OpenSSH does), naming the known line', () => {
		const onlyEc = parseKnownHosts(`pve.lan ${ec.type} ${ec.text}`, '/k');
		const verdict = checkHostKey(onlyEc, 'pve.lan', 22, ed.blob);
		expect(verdict).toMatchObject({
			result: 'changed',
			otherType: true,
			entry: {line: 1, keyType: 'ecdsa-sha2-nistp256'},
		});
		expect(checkHostKey(onlyEc, 'other.lan', 22, ed.blob)).toEqual({result: 'unknown'});
	});

	it('keeps ports apart: the port-22 key does not vouch for :2222', () => {
		expect(checkHostKey(entries, 'pve.lan', 2222, ed2.blob).result).toBe('ok');
		expect(checkHostKey(entries, 'pve.lan', 2222, ed.blob).result).toBe('changed');
		expect(checkHostKey(entries, 'other.lan', 22, ed.blob).result).toBe('unknown');
	});

	it('refuses a @revoked key even when another line trusts it', () => {
		const revoked = parseKnownHosts(`pve.lan ${ed.type} ${ed.text}\n@revoked * ${ed.type} ${ed.text}`, '/k');
		const verdict = checkHostKey(revoked, 'pve.lan', 22, ed.blob);
		expect(verdict.result).toBe('revoked');
		expect(verdict.result === 'revoked' && verdict.entry.line).toBe(2);
	});

	it('does not trust a @cert-authority line as a host key', () => {
		const ca = parseKnownHosts(`@cert-authority pve.lan ${ed.type} ${ed.text}`, '/k');
		expect(checkHostKey(ca, 'pve.lan', 22, ed.blob).result).toBe('unknown');
	});
});

describe('fingerprints, algorithms and appending', () => {
	it('prints the same SHA256 fingerprint as ssh-keygen -lf', () => {
		const fromKeygen = execFileSync('ssh-keygen', ['-lf', `${ed.path}.pub`], {encoding: 'utf8'}).split(' ')[1];
		expect(fingerprintSha256(ed.blob)).toBe(fromKeygen);
	});

	it('puts the known key types first and leaves unknown hosts to ssh2 defaults', () => {
		const entries = parseKnownHosts(`pve.lan ${ec.type} ${ec.text}`, '/k');
		expect(hostKeyAlgorithms(entries, 'pve.lan', 22)?.[0]).toBe('ecdsa-sha2-nistp256');
		expect(hostKeyAlgorithms(entries, 'pve.lan', 22)).toContain('ssh-ed25519');
		expect(hostKeyAlgorithms(entries, 'other', 22)).toBeUndefined();
	});

	it('appends hashed lines that OpenSSH finds with ssh-keygen -F', async () => {
		const file = join(dir, 'sub', 'known_hosts');
		await appendKnownHost(file, '127.0.0.1', 2299, ed.blob);
		await appendKnownHost(file, 'pve.lan', 22, ec.blob, {hashed: false});
		const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.1]:2299', '-f', file], {encoding: 'utf8'});
		expect(found).toContain(`${ed.type} ${ed.text}`);
		expect(readFileSync(file, 'utf8').split('\n')[1]).toBe(`pve.lan ${ec.type} ${ec.text}`);
		const line = formatKnownHostsLine('h', 22, ed.blob, {salt: Buffer.alloc(20, 1)});
		expect(entryMatchesHost(parseKnownHosts(line, 'x')[0]!, 'h')).toBe(true);
	});
});
