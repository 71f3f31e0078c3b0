import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parseBridgeLink} from '../../source/host/parse/bridge-link.js';
import {parseIpAddr, parseIpLink} from '../../source/host/parse/ip-addr.js';
import {parseIpRoute} from '../../source/host/parse/ip-route.js';
import {parseIpRule} from '../../source/host/parse/ip-rule.js';
import type {ParseResult} from '../../source/model/result.js';

function value<T>(result: ParseResult<T>): T {
	if (!result.ok) throw new Error(`expected ok, got: ${result.error.command}: ${result.error.message}`);
	return result.value;
}

/** Real iproute2 JSON captured from a namespace by scripts/capture-iproute.sh. */
const goldenDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden', 'iproute');
const golden = (file: string): string => readFileSync(join(goldenDir, file), 'utf8');

describe('iproute2 JSON (golden captures)', () => {
	it('ip -j addr show: bridges, ports with their master, addresses, the veth peer in another namespace', () => {
		const interfaces = value(parseIpAddr(golden('ip-addr.json')));
		expect(interfaces.map((entry) => entry.ifname)).toEqual(['lo', 'vmbr0', 'vmbr1', 'tap200i0', 'veth101i0']);
		const vmbr0 = interfaces.find((entry) => entry.ifname === 'vmbr0');
		expect(vmbr0?.addresses).toEqual([{family: 'inet', local: '192.168.0.2', prefixlen: 24, scope: 'global'}]);
		expect(vmbr0?.mtu).toBe(1500);
		expect(vmbr0?.mac).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
		expect(interfaces.find((entry) => entry.ifname === 'tap200i0')).toMatchObject({master: 'vmbr0', addresses: []});
		const veth = interfaces.find((entry) => entry.ifname === 'veth101i0');
		expect(veth).toMatchObject({master: 'vmbr1', operstate: 'UP'});
		expect(veth?.link).toMatch(/^if\d+$/);
		expect(
			interfaces
				.find((entry) => entry.ifname === 'lo')
				?.addresses.map((address) => `${address.local}/${address.prefixlen}`),
		).toEqual(['127.0.0.1/8', '::1/128']);
	});

	it('ip -j -details addr show: link kinds', () => {
		const kinds = Object.fromEntries(
			value(parseIpAddr(golden('ip-details-addr.json'))).map((entry) => [entry.ifname, entry.kind]),
		);
		expect(kinds).toEqual({lo: undefined, vmbr0: 'bridge', vmbr1: 'bridge', tap200i0: 'tun', veth101i0: 'veth'});
	});

	it('ip -j link show: the same interfaces, no addresses', () => {
		const links = value(parseIpLink(golden('ip-link.json')));
		expect(links.map((entry) => [entry.ifname, entry.master ?? null])).toEqual([
			['lo', null],
			['vmbr0', null],
			['vmbr1', null],
			['tap200i0', 'vmbr0'],
			['veth101i0', 'vmbr1'],
		]);
		expect(links.every((entry) => entry.addresses.length === 0)).toBe(true);
		expect(links.find((entry) => entry.ifname === 'vmbr1')?.flags).toContain('UP');
	});

	it('ip -j route show table all: default route in main, table 100, local table', () => {
		const routes = value(parseIpRoute(golden('ip-route-table-all.json')));
		expect(routes.find((route) => route.dst === 'default')).toEqual({
			dst: 'default',
			gateway: '192.168.0.1',
			dev: 'vmbr0',
			table: 'main',
		});
		expect(routes.find((route) => route.table === '100')).toEqual({
			dst: '172.16.0.0/16',
			gateway: '192.168.0.254',
			dev: 'vmbr0',
			table: '100',
		});
		expect(routes.find((route) => route.dst === '192.168.0.0/24')).toMatchObject({
			table: 'main',
			protocol: 'kernel',
			prefsrc: '192.168.0.2',
		});
		expect(routes.find((route) => route.dst === 'fe80::/64')?.metric).toBe(256);
		expect(routes.filter((route) => route.table === 'local').length).toBeGreaterThan(3);
	});

	it('ip -j rule show: the table-100 rule with its source put back as CIDR', () => {
		const rules = value(parseIpRule(golden('ip-rule.json')));
		expect(rules).toEqual([
			{priority: 0, src: 'all', table: 'local'},
			{priority: 32765, src: '10.10.10.0/24', table: '100'},
			{priority: 32766, src: 'all', table: 'main'},
			{priority: 32767, src: 'all', table: 'default'},
		]);
	});

	it('bridge -j link show: ports, masters, STP states', () => {
		const ports = value(parseBridgeLink(golden('bridge-link.json')));
		expect(ports.map((port) => [port.ifname, port.master, port.mtu])).toEqual([
			['tap200i0', 'vmbr0', 1500],
			['veth101i0', 'vmbr1', 1500],
		]);
		expect(ports.find((port) => port.ifname === 'veth101i0')?.state).toBe('forwarding');
		expect(ports.find((port) => port.ifname === 'tap200i0')?.state).toBe('disabled');
	});

	it('keeps fwmark/iif on rules and a named iif', () => {
		const rules = value(parseIpRule('[{"priority":100,"iif":"vmbr1","fwmark":"0x1","fwmask":"0xff","table":"vpn"}]'));
		expect(rules).toEqual([{priority: 100, iif: 'vmbr1', fwmark: '0x1/0xff', table: 'vpn'}]);
	});

	it('fails with the command named on garbage, objects, and cut JSON; skips unusable entries', () => {
		const cases: [(text: string) => ParseResult<unknown[]>, string][] = [
			[parseIpAddr, 'ip -j addr show'],
			[parseIpLink, 'ip -j link show'],
			[parseIpRoute, 'ip -j route show table all'],
			[parseIpRule, 'ip -j rule show'],
			[parseBridgeLink, 'bridge -j link show'],
		];
		for (const [parse, command] of cases) {
			for (const text of [
				'',
				'Object "netns" is unknown',
				'{"ifindex":1}',
				golden('ip-addr.json').slice(0, 300),
				'[1,2,3]',
			]) {
				expect(parse(text)).toMatchObject({ok: false, error: {kind: 'parse-error', command}});
			}
			expect(value(parse('[]'))).toEqual([]);
		}
		const mixed = parseIpAddr('[{"ifindex":1,"ifname":"lo","operstate":"UNKNOWN","flags":[]},{"bogus":true}]');
		expect(mixed).toMatchObject({ok: true, warnings: ['entry 2 is not usable']});
	});
});
