/**
 * A network namespace shaped like the simulated host's network, so real `ip -j` and
 * `bridge -j` inside test-host sessions answer from it. Everything is created INSIDE the
 * namespace: the host's own interfaces, addresses and routes are never touched.
 */
import {run} from './sshd.js';

/** The part of source/sim/network-plan.ts's NetworkPlan the harness builds. */
export interface PlanShape {
	bridges: {name: string; addresses: string[]; ports: string[]}[];
	uplink: {name: string; master: string};
	routes: {dst: string; gateway?: string; dev: string; table?: string}[];
	rules: {priority: number; src?: string; table: string}[];
}

function ipIn(ns: string, args: readonly string[]): void {
	run('ip', ['-n', ns, ...args]);
}

/** Where the other ends of the veth pairs live, as a guest's eth0 lives in the guest's netns. */
export function peerNamespace(ns: string): string {
	return `${ns}-g`;
}

/**
 * Create namespace `ns` and build `plan` in it, in the order the sim numbers interfaces
 * (lo, the uplink, the bridges, then the guest ports), so ifindexes and listings match.
 */
export function buildNamespace(ns: string, plan: PlanShape): void {
	const peers = peerNamespace(ns);
	run('ip', ['netns', 'add', ns]);
	run('ip', ['netns', 'add', peers]);
	try {
		// No IPv6 link-local addresses (and their fe80::/64 routes): the sim host has none.
		run('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', 'net.ipv6.conf.default.addr_gen_mode=1']);
		ipIn(ns, ['link', 'set', 'lo', 'up']);
		let peer = 0;
		// The uplink is a dummy where the kernel has the module, else a veth whose peer is elsewhere.
		try {
			ipIn(ns, ['link', 'add', plan.uplink.name, 'type', 'dummy']);
		} catch {
			ipIn(ns, ['link', 'add', plan.uplink.name, 'type', 'veth', 'peer', 'name', `p${peer++}`, 'netns', peers]);
		}
		for (const bridge of plan.bridges) {
			ipIn(ns, ['link', 'add', bridge.name, 'type', 'bridge']);
			for (const address of bridge.addresses) ipIn(ns, ['addr', 'add', address, 'dev', bridge.name]);
		}
		ipIn(ns, ['link', 'set', plan.uplink.name, 'master', plan.uplink.master]);
		ipIn(ns, ['link', 'set', plan.uplink.name, 'up']);
		for (const bridge of plan.bridges) {
			for (const port of bridge.ports) {
				// A VM's tap is a veth here too: a tap has no carrier until a process (QEMU) holds
				// it open, and then the bridge would report the sim's running VM port as disabled.
				ipIn(ns, ['link', 'add', port, 'type', 'veth', 'peer', 'name', `p${peer++}`, 'netns', peers]);
				ipIn(ns, ['link', 'set', port, 'master', bridge.name]);
				ipIn(ns, ['link', 'set', port, 'up']);
			}
			ipIn(ns, ['link', 'set', bridge.name, 'up']);
		}
		for (let i = 0; i < peer; i++) ipIn(peers, ['link', 'set', `p${i}`, 'up']);
		for (const route of plan.routes) {
			ipIn(ns, [
				'route',
				'add',
				route.dst,
				...(route.gateway ? ['via', route.gateway, 'onlink'] : []),
				'dev',
				route.dev,
				...(route.table ? ['table', route.table] : []),
			]);
		}
		for (const rule of plan.rules) {
			ipIn(ns, [
				'rule',
				'add',
				'priority',
				String(rule.priority),
				...(rule.src ? ['from', rule.src] : []),
				'table',
				rule.table,
			]);
		}
	} catch (error) {
		deleteNamespace(ns);
		throw error;
	}
}

export function deleteNamespace(ns: string): void {
	for (const name of [ns, peerNamespace(ns)]) {
		try {
			run('ip', ['netns', 'del', name]);
		} catch {
			// Already gone.
		}
	}
}
