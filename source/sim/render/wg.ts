/**
 * `wg show all dump`: tab-separated, one interface line (private key, public key, listen
 * port, fwmark) then one line per peer (public key, preshared key, endpoint, allowed ips,
 * latest handshake, rx, tx, persistent keepalive), each prefixed with the interface name.
 */
import {latestHandshake, peerTransfer} from '../metrics.js';
import type {SimState, SimWgInterface} from '../types.js';

export function renderWgDump(state: SimState, interfaces: readonly SimWgInterface[], now: number): string {
	const lines: string[] = [];
	for (const wg of interfaces) {
		lines.push([wg.name, wg.privateKey, wg.publicKey, wg.listenPort, 'off'].join('\t'));
		for (const peer of wg.peers) {
			const handshake = latestHandshake(state, peer, now);
			const {rx, tx} = handshake === 0 ? {rx: 0, tx: 0} : peerTransfer(state, peer, now);
			lines.push(
				[
					wg.name,
					peer.publicKey,
					'(none)',
					peer.endpoint ?? '(none)',
					peer.allowedIps.join(',') || '(none)',
					handshake,
					rx,
					tx,
					peer.keepalive ?? 'off',
				].join('\t'),
			);
		}
	}
	return lines.map((l) => `${l}\n`).join('');
}
