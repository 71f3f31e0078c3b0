/**
 * The homelab the sshd test host serves in the SSH rows. It is one node: the test host is a
 * single sshd, and a cluster's other nodes would be reached through the node-to-node hop,
 * which has nowhere to go from it (the multi-node row, cluster-refresh.ts, builds its own).
 */
import {renderPveTree} from '../source/sim/pve-tree.js';
import {writeState} from '../source/sim/state-file.js';
import {createHomelab} from '../source/sim/state.js';
import type {TestHost} from '../test/host/harness.js';

/** The seeds' homelab plus `guests` generated ones on its one node, a Docker host per 20. */
export function oneNodeHomelab(guests: number) {
	return createHomelab({scale: {guests, nodes: 1, dockerHosts: Math.ceil(guests / 20)}});
}

/** The test host now serves `guests` more guests: its state file and its /etc/pve tree. */
export function serveGuests(host: TestHost, guests: number): number {
	const state = oneNodeHomelab(guests);
	writeState(host.sim!.stateFile, state);
	renderPveTree(state, host.sim!.pveDir);
	return state.guests.length;
}
