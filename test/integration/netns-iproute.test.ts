/**
 * Runs the REAL `ip -j` / `bridge -j` against a network namespace built here, laid out like a
 * small Proxmox host (two bridges, a tap port, a container veth, a default route, a policy rule),
 * and parses the output. Only namespaces this test creates are touched, never the host's own
 * interfaces. Needs root; skips with the reason printed otherwise, unless REQUIRE_E2E=1.
 */
import {execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseBridgeLink} from '../../source/host/parse/bridge-link.js';
import {parseIpAddr} from '../../source/host/parse/ip-addr.js';
import {parseIpRoute} from '../../source/host/parse/ip-route.js';
import {parseIpRule} from '../../source/host/parse/ip-rule.js';
import type {ParseResult} from '../../source/model/result.js';

const REQUIRED = process.env['REQUIRE_E2E'] === '1';
const namespace = `pdtest-${randomBytes(4).toString('hex')}`;
/** A second namespace plays the container, so the veth shows its peer as `ifN` like on a real host. */
const guestNamespace = `${namespace}-ct`;
const created: string[] = [];
let unavailable: string | null = null;

function run(command: string, args: readonly string[]): string {
	return execFileSync(command, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
}

const inNamespace = (...args: string[]): string => run('ip', ['-n', namespace, ...args]);

/** The first line of what the command printed on stderr, else the error message. */
function reasonOf(error: unknown): string {
	const stderr = (error as {stderr?: unknown} | null)?.stderr;
	const text =
		typeof stderr === 'string' && stderr.trim() !== ''
			? stderr
			: error instanceof Error
				? error.message
				: String(error);
	return text.trim().split('\n')[0] ?? '';
}

function value<T>(result: ParseResult<T>): T {
	if (!result.ok) throw new Error(`expected ok, got: ${result.error.command}: ${result.error.message}`);
	return result.value;
}

beforeAll(() => {
	if (typeof process.getuid === 'function' && process.getuid() !== 0)
		unavailable = 'not root (ip netns add needs CAP_SYS_ADMIN)';
	else {
		try {
			run('ip', ['netns', 'add', namespace]);
			created.push(namespace);
			run('ip', ['netns', 'add', guestNamespace]);
			created.push(guestNamespace);
		} catch (error) {
			unavailable = `ip netns add failed: ${reasonOf(error)}`;
		}
	}
	if (unavailable === null) {
		try {
			buildHostLayout();
		} catch (error) {
			unavailable = `namespace setup failed: ${reasonOf(error)}`;
		}
	}
	if (unavailable !== null) {
		if (REQUIRED) throw new Error(`REQUIRE_E2E=1 but the namespace test cannot run: ${unavailable}`);
		console.warn(`[netns-iproute] skipped: ${unavailable}`);
	}
});

/** Two bridges, a VM tap and a container veth, a default route, a policy rule with its table. */
function buildHostLayout(): void {
	inNamespace('link', 'set', 'lo', 'up');
	inNamespace('link', 'add', 'vmbr0', 'type', 'bridge');
	inNamespace('link', 'add', 'vmbr1', 'type', 'bridge');
	inNamespace('addr', 'add', '192.168.0.2/24', 'dev', 'vmbr0');
	inNamespace('addr', 'add', '10.10.10.1/24', 'dev', 'vmbr1');
	inNamespace('tuntap', 'add', 'tap200i0', 'mode', 'tap');
	inNamespace('link', 'set', 'tap200i0', 'master', 'vmbr0');
	inNamespace('link', 'add', 'veth101i0', 'type', 'veth', 'peer', 'name', 'eth0c101');
	inNamespace('link', 'set', 'veth101i0', 'master', 'vmbr1');
	inNamespace('link', 'set', 'eth0c101', 'netns', guestNamespace);
	run('ip', ['-n', guestNamespace, 'link', 'set', 'eth0c101', 'up']);
	for (const link of ['vmbr0', 'vmbr1', 'tap200i0', 'veth101i0']) inNamespace('link', 'set', link, 'up');
	inNamespace('route', 'add', 'default', 'via', '192.168.0.1', 'dev', 'vmbr0');
	inNamespace('rule', 'add', 'from', '10.10.10.0/24', 'table', '100');
	inNamespace('route', 'add', '172.16.0.0/16', 'via', '192.168.0.254', 'dev', 'vmbr0', 'table', '100');
}

afterAll(() => {
	for (const name of created.reverse()) {
		try {
			run('ip', ['netns', 'del', name]);
		} catch {
			// Already gone: nothing to clean.
		}
	}
});

describe('real iproute2 JSON from a network namespace', () => {
	it('ip -j addr show: bridges, the tap and veth ports with their master, addresses', ({skip}) => {
		if (unavailable !== null) skip(unavailable);
		const interfaces = value(parseIpAddr(inNamespace('-j', 'addr', 'show')));
		const byName = new Map(interfaces.map((entry) => [entry.ifname, entry]));
		expect([...byName.keys()].sort()).toEqual(['lo', 'tap200i0', 'veth101i0', 'vmbr0', 'vmbr1']);
		expect(byName.get('vmbr0')?.addresses.filter((address) => address.family === 'inet')).toEqual([
			{family: 'inet', local: '192.168.0.2', prefixlen: 24, scope: 'global'},
		]);
		expect(byName.get('vmbr1')?.addresses.find((address) => address.family === 'inet')?.local).toBe('10.10.10.1');
		expect(byName.get('tap200i0')?.master).toBe('vmbr0');
		expect(byName.get('veth101i0')).toMatchObject({master: 'vmbr1', operstate: 'UP'});
		expect(byName.get('veth101i0')?.link).toMatch(/^if\d+$/);
		expect(byName.get('vmbr1')?.flags).toContain('UP');
	});

	it('ip -j -details link show: link kinds', ({skip}) => {
		if (unavailable !== null) skip(unavailable);
		const kinds = Object.fromEntries(
			value(parseIpAddr(inNamespace('-j', '-details', 'link', 'show'))).map((entry) => [entry.ifname, entry.kind]),
		);
		expect(kinds).toMatchObject({vmbr0: 'bridge', vmbr1: 'bridge', tap200i0: 'tun', veth101i0: 'veth'});
	});

	it('ip -j route show table all: the default route and the table-100 route', ({skip}) => {
		if (unavailable !== null) skip(unavailable);
		const routes = value(parseIpRoute(inNamespace('-j', 'route', 'show', 'table', 'all')));
		expect(routes.find((route) => route.dst === 'default')).toMatchObject({
			gateway: '192.168.0.1',
			dev: 'vmbr0',
			table: 'main',
		});
		expect(routes.find((route) => route.table === '100')).toMatchObject({
			dst: '172.16.0.0/16',
			gateway: '192.168.0.254',
		});
		expect(routes.find((route) => route.dst === '10.10.10.0/24')).toMatchObject({
			dev: 'vmbr1',
			protocol: 'kernel',
			prefsrc: '10.10.10.1',
		});
	});

	it('ip -j rule show: the table-100 rule', ({skip}) => {
		if (unavailable !== null) skip(unavailable);
		const rules = value(parseIpRule(inNamespace('-j', 'rule', 'show')));
		expect(rules.find((rule) => rule.table === '100')).toMatchObject({src: '10.10.10.0/24'});
		expect(rules.find((rule) => rule.table === 'main')?.priority).toBe(32766);
	});

	it('bridge -j link show: each port with its bridge', ({skip}) => {
		if (unavailable !== null) skip(unavailable);
		const ports = value(parseBridgeLink(run('bridge', ['-n', namespace, '-j', 'link', 'show'])));
		expect(Object.fromEntries(ports.map((port) => [port.ifname, port.master]))).toEqual({
			tap200i0: 'vmbr0',
			veth101i0: 'vmbr1',
		});
		expect(ports.find((port) => port.ifname === 'veth101i0')?.state).toBe('forwarding');
	});
});
