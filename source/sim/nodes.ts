/**
 * The simulated cluster's nodes and what each has of its own: pools, bridges, the uplink's
 * MAC. Every node-local answer (zpool, zfs, ip, bridge, the journal, pct) is filtered here by
 * the node the command runs on.
 */
import {hexFrom} from './prng.js';
import type {SimBridge, SimNode, SimPool, SimState} from './types.js';

/** Whether a node is up: not switched off in the state, not taken down by the `nodesDown` fault. */
export function isUp(state: SimState, node: SimNode): boolean {
	return node.online && !(state.faults.nodesDown ?? []).includes(node.name);
}

export function findNode(state: SimState, name: string): SimNode | undefined {
	return state.nodes.find((n) => n.name === name);
}

/** The node at a cluster address (what the hop's `root@<ip>` names). */
export function nodeAt(state: SimState, address: string): SimNode | undefined {
	return state.nodes.find((n) => n.ip === address);
}

export function nodePools(state: SimState, node: string): SimPool[] {
	return state.pools.filter((p) => p.node === node);
}

export function findPool(state: SimState, name: string, node: string): SimPool | undefined {
	return state.pools.find((p) => p.name === name && p.node === node);
}

export function nodeBridges(state: SimState, node: string): SimBridge[] {
	return state.bridges.filter((b) => b.node === node);
}

/** The uplink NIC's MAC: the seed's for the first node, a stable one of its own for each other. */
export function uplinkMac(state: SimState, node: string): string {
	if (node === state.nodes[0]?.name) return state.uplink.hwaddr;
	const bytes = hexFrom(3, 'uplink', node).match(/../g)!;
	return `${state.uplink.hwaddr.slice(0, 8)}:${bytes.join(':')}`;
}
