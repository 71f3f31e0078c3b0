/** `bridge -j link show`: one entry per bridge port, with the bridge it belongs to (`master`). */
import {parseJsonRows} from './ip-addr.js';
import type {ParseResult} from '../../model/result.js';
import {toInteger} from './units.js';

export const BRIDGE_LINK_COMMAND = 'bridge -j link show';

export interface BridgeLinkRow {
	ifindex: number;
	ifname: string;
	master: string;
	/** STP port state: forwarding, disabled, blocking, listening, learning. */
	state: string;
	mtu?: number;
}

function bridgePortOf(entry: Record<string, unknown>): BridgeLinkRow | null {
	const ifindex = toInteger(entry['ifindex']);
	const ifname = entry['ifname'];
	const master = entry['master'];
	if (ifindex === null || typeof ifname !== 'string' || typeof master !== 'string') return null;
	const mtu = toInteger(entry['mtu']);
	const state = typeof entry['state'] === 'string' ? entry['state'] : 'unknown';
	return {ifindex, ifname, master, state, ...(mtu === null ? {} : {mtu})};
}

export function parseBridgeLink(text: string): ParseResult<BridgeLinkRow[]> {
	return parseJsonRows(BRIDGE_LINK_COMMAND, text, bridgePortOf);
}
