/**
 * A node's network as the sim sees it. One plan feeds both the in-process `ip -j` /
 * `bridge -j` renderers and the test host, which builds a real network namespace from it
 * (one per node), so the two always describe the same bridges, addresses, ports and routes.
 */
import {findGuest} from './mutate.js';
import {nodeBridges, uplinkMac} from './nodes.js';
import type {SimGuest, SimState} from './types.js';

export interface NetworkPlan {
	/** Bridges with their host addresses (CIDR) and guest ports (the uplink is not listed). */
	bridges: {name: string; addresses: string[]; ports: string[]}[];
	uplink: {name: 'nic0'; master: 'vmbr0'; hwaddr: string};
	/**
	 * Routes to add on top of the kernel's own (connected and local routes follow from the
	 * addresses). `table` absent means main.
	 */
	routes: {dst: string; gateway?: string; dev: string; table?: string}[];
	/** Policy rules beyond the kernel's three defaults (0 local, 32766 main, 32767 default). */
	rules: {priority: number; src?: string; table: string}[];
}

/** veth<vmid>i<n> for containers, tap<vmid>i<n> for VMs: the names Proxmox gives ports. */
export function portName(guest: SimGuest, nicKey: string): string {
	return `${guest.type === 'qemu' ? 'tap' : 'veth'}${guest.vmid}i${nicKey.replace(/^net/, '')}`;
}

export function networkPlan(state: SimState, node = state.localNode): NetworkPlan {
	const bridges = nodeBridges(state, node);
	const ports = new Map<string, string[]>(bridges.map((b) => [b.name, []]));
	for (const guest of state.guests) {
		// A port exists while the guest is started (from the moment `pct start` runs), on its own node.
		if (guest.node !== node || guest.status !== 'running') continue;
		for (const nic of guest.nics) ports.get(nic.bridge)?.push(portName(guest, nic.key));
	}
	return {
		bridges: bridges.map((b) => ({
			name: b.name,
			addresses: b.address ? [b.address] : [],
			ports: ports.get(b.name) ?? [],
		})),
		uplink: {name: state.uplink.name, master: state.uplink.master, hwaddr: uplinkMac(state, node)},
		routes: [{dst: 'default', gateway: state.gateway, dev: state.uplink.master}],
		rules: [],
	};
}

/** The guest and NIC key behind a port name, when it is one of the sim's. */
export function portOwner(state: SimState, port: string): {vmid: number; nic: string} | null {
	const m = /^(?:veth|tap)(\d+)i(\d+)$/.exec(port);
	if (!m) return null;
	const guest = findGuest(state, Number(m[1]));
	return guest ? {vmid: guest.vmid, nic: `net${m[2]}`} : null;
}
