import {createHomelab} from '../source/sim/homelab.js';

/** The demo homelab, or one scaled to `guests` (a node per 100 guests, a Docker host per 20). */
export function demoState(guests: number) {
	return guests > 100
		? createHomelab({scale: {guests, nodes: Math.max(1, Math.ceil(guests / 100)), dockerHosts: Math.ceil(guests / 20)}})
		: createHomelab();
}
