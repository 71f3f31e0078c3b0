import {describe, expect, it} from 'vitest';
import type {ParseResult} from '../../source/model/result.js';
import {parseWgDump, parseWgShow, type VpnTunnelRow} from '../../source/host/parse/wg.js';
import {listFixtures, readFixture} from '../helpers/fixtures.js';

function value<T>(result: ParseResult<T>): T {
	if (!result.ok) throw new Error(`expected ok, got: ${result.error.command}: ${result.error.message}`);
	return result.value;
}

function only(tunnels: VpnTunnelRow[]): VpnTunnelRow {
	expect(tunnels).toHaveLength(1);
	return tunnels[0]!;
}

/** The time the pretty-form samples are read against (unix seconds). */
const NOW = 1_700_000_000;

describe('wg-show fixtures', () => {
	it('the folder holds exactly the three samples tested below', () => {
		expect(listFixtures('wg-show')).toEqual([
			'dump-one-device-anonymized-jc.txt',
			'pretty-boringtun-no-pubkey-psk-ipv6-endpoint-boringtun447.txt',
			'pretty-wg0-3peers-keys-masked-wireguardui6.txt',
		]);
	});

	it('every file parses ok with at least one peer', () => {
		for (const file of listFixtures('wg-show')) {
			const text = readFixture(`wg-show/${file}`);
			const tunnels = value(file.startsWith('dump') ? parseWgDump(text) : parseWgShow(text, NOW));
			expect(tunnels[0]?.peers.length, file).toBeGreaterThan(0);
		}
	});
});

describe('parseWgDump', () => {
	const text = readFixture('wg-show/dump-one-device-anonymized-jc.txt');

	it('reads the interface and its seven peers with real numbers', () => {
		const tunnel = only(value(parseWgDump(text)));
		expect(tunnel).toMatchObject({
			name: 'wg0',
			publicKey: 'PQsbRs4w2fidQ7uhjgCypl5fc/804bHZbfl83gGvakN=',
			listenPort: 51820,
		});
		expect(tunnel.fwmark).toBeUndefined();
		expect(tunnel.peers).toHaveLength(7);
		expect(tunnel.peers[0]).toEqual({
			publicKey: 'rQFRAjRdx1aD8DnTFpkcBOY9Edjt3ZU7+P9HokZv7xe=',
			endpoint: '82.132.137.204:50024',
			allowedIps: ['10.10.0.2/32'],
			latestHandshake: 1829439251,
			rx: 1536642,
			tx: 492320,
		});
		const silent = tunnel.peers.find((peer) => peer.allowedIps[0] === '10.10.0.4/32');
		expect(silent).toMatchObject({endpoint: null, latestHandshake: 0, rx: 0, tx: 0});
	});

	it('keeps the peer with the invalid port 67130 and warns about it', () => {
		const result = parseWgDump(text);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.value[0]?.peers.find((peer) => peer.allowedIps[0] === '10.10.0.6/32')?.endpoint).toBe(
			'82.132.137.204:67130',
		);
		expect(result.warnings).toEqual(['line 6 (wg0) peer 5: endpoint has an invalid port']);
	});

	it('never keeps the private key or a preshared key, not even in warnings', () => {
		const privateKey = 'ZkG2dvJSUq5ohkDFNWBqToaVSyk4Pp8/bULaf6yX+3N=';
		expect(text).toContain(privateKey);
		expect(JSON.stringify(parseWgDump(text))).not.toContain(privateKey);
		const psk = 'c2VjcmV0LXByZXNoYXJlZC1rZXktZG8tbm90LWxlYWs=';
		const withPsk = `wg1\tcHJpdmF0ZS1rZXktZG8tbm90LWxlYWstZXZlci0xMjM=\tcHVibGljLWtleQ==\t70000\t0xca6c\nwg1\tcGVlcg==\t${psk}\t[2001:db8::1]:51820\t10.0.0.0/24,fd00::/64\t1700000000\t10\t20\t25\n`;
		const result = parseWgDump(withPsk);
		const serialised = JSON.stringify(result);
		expect(serialised).not.toContain(psk);
		expect(serialised).not.toContain('cHJpdmF0ZS1rZXktZG8tbm90LWxlYWstZXZlci0xMjM=');
		const tunnel = only(value(result));
		expect(tunnel).toMatchObject({fwmark: '0xca6c', listenPort: 70000});
		expect(tunnel.peers[0]).toEqual({
			publicKey: 'cGVlcg==',
			endpoint: '[2001:db8::1]:51820',
			allowedIps: ['10.0.0.0/24', 'fd00::/64'],
			latestHandshake: 1700000000,
			rx: 10,
			tx: 20,
			keepalive: 25,
		});
		expect(result.ok && result.warnings).toEqual(['line 1 (wg1): invalid listen port']);
	});

	it('reads `wg show wg0 dump` (no interface column) when given the name', () => {
		const single = 'cHJpdg==\tcHVi\t51820\toff\ncGVlcg==\t(none)\t(none)\t(none)\t0\t0\t0\toff\n';
		const tunnel = only(value(parseWgDump(single, 'wg0')));
		expect(tunnel).toMatchObject({name: 'wg0', publicKey: 'cHVi', listenPort: 51820});
		expect(tunnel.peers[0]).toEqual({
			publicKey: 'cGVlcg==',
			endpoint: null,
			allowedIps: [],
			latestHandshake: 0,
			rx: 0,
			tx: 0,
		});
	});

	it('fails on empty output, random bytes, and text that is not a dump', () => {
		const bytes = new Uint8Array(1500).map((_, index) => (index * 97 + 31) % 256);
		for (const garbage of [
			'',
			'\n',
			new TextDecoder().decode(bytes),
			'Unable to access interface: Operation not permitted\n',
		]) {
			expect(parseWgDump(garbage)).toMatchObject({
				ok: false,
				error: {kind: 'parse-error', command: 'wg show all dump'},
			});
		}
	});

	it('a dump cut mid-line keeps the complete lines and warns', () => {
		const cut = text.slice(0, text.indexOf('180.255.226.203:21678') + 4);
		const result = parseWgDump(cut);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.value[0]?.peers).toHaveLength(3);
		expect(result.warnings?.[0]).toMatch(/^line 5 \(wg0\): \d fields/);
		for (let at = 0; at <= text.length; at += 11) expect(typeof parseWgDump(text.slice(0, at)).ok).toBe('boolean');
	});
});

describe('parseWgShow', () => {
	it('reads the masked wireguard-ui sample: handshake relative to now, transfer in bytes', () => {
		const tunnel = only(value(parseWgShow(readFixture('wg-show/pretty-wg0-3peers-keys-masked-wireguardui6.txt'), NOW)));
		expect(tunnel).toMatchObject({name: 'wg0', publicKey: 'gyxNMv/qwTHDxxxxX8mKi57VKKQoNi8qFmT0=', listenPort: 51820});
		expect(tunnel.peers).toHaveLength(3);
		expect(tunnel.peers[0]).toEqual({
			publicKey: '3ZkoVHfFzPwurxxxxaiQSi+hdoay8fWH6N3k=',
			endpoint: '116.106.9.236:62272',
			allowedIps: ['10.252.1.1/32'],
			latestHandshake: NOW - (18 * 3600 + 32 * 60 + 30),
			rx: Math.round(558.35 * 1024),
			tx: Math.round(8.88 * 1024 ** 2),
		});
		expect(tunnel.peers[2]).toEqual({
			publicKey: 'K6WbgQcj3ZdE+icxxxxQVpB1i5m9zYBOdLq6Hk=',
			endpoint: null,
			allowedIps: ['10.252.1.4/32'],
			latestHandshake: 0,
			rx: 0,
			tx: 0,
		});
	});

	it('reads boringtun: no public key, IPv6 endpoint, the 55-years bug as no handshake, hidden psk dropped', () => {
		const result = parseWgShow(
			readFixture('wg-show/pretty-boringtun-no-pubkey-psk-ipv6-endpoint-boringtun447.txt'),
			NOW,
		);
		const tunnel = only(value(result));
		expect(tunnel.publicKey).toBeUndefined();
		expect(tunnel.listenPort).toBe(58593);
		expect(tunnel.peers[0]).toEqual({
			publicKey: 'REDACTED1=',
			endpoint: '[2600:REDACTED]:56309',
			allowedIps: ['10.93.227.3/32', 'fd42:93:227::3/128'],
			latestHandshake: 0,
			rx: Math.round(13.88 * 1024 ** 2),
			tx: Math.round(241.09 * 1024 ** 2),
		});
		expect(tunnel.peers[1]).toMatchObject({
			publicKey: 'REDACTED2=',
			endpoint: null,
			allowedIps: ['10.93.227.2/32', 'fd42:93:227::2/128'],
		});
		expect(result.ok && result.warnings).toEqual([
			'line 8 (wg0 peer 1): handshake reported decades ago (epoch zero), treated as none',
		]);
		expect(JSON.stringify(result)).not.toContain('hidden');
	});

	it('reads keepalive, fwmark, `Now` and several interfaces', () => {
		const text =
			'interface: wg0\n  public key: QUJD\n  private key: (hidden)\n  listening port: 51820\n  fwmark: 0xca6c\n\npeer: UEVFUg==\n  endpoint: 203.0.113.9:51820\n  allowed ips: (none)\n  latest handshake: Now\n  transfer: 92 B received, 1.02 KiB sent\n  persistent keepalive: every 25 seconds\n\ninterface: wg1\n  listening port: 51821\n';
		const tunnels = value(parseWgShow(text, NOW));
		expect(tunnels.map((tunnel) => tunnel.name)).toEqual(['wg0', 'wg1']);
		expect(tunnels[0]?.fwmark).toBe('0xca6c');
		expect(tunnels[0]?.peers[0]).toEqual({
			publicKey: 'UEVFUg==',
			endpoint: '203.0.113.9:51820',
			allowedIps: [],
			latestHandshake: NOW,
			rx: 92,
			tx: 1044,
			keepalive: 25,
		});
	});

	it('fails on empty output and text with no interface; never throws on cut samples', () => {
		for (const garbage of ['', 'peer: abc\n  endpoint: 1.2.3.4:5\n', '\u0000\u00ff\u0010garbage']) {
			expect(parseWgShow(garbage, NOW)).toMatchObject({ok: false, error: {kind: 'parse-error', command: 'wg show'}});
		}
		for (const file of listFixtures('wg-show').filter((name) => name.startsWith('pretty'))) {
			const text = readFixture(`wg-show/${file}`);
			for (let at = 0; at <= text.length; at += 5)
				expect(typeof parseWgShow(text.slice(0, at), NOW).ok).toBe('boolean');
		}
	});
});
