import {describe, expect, it} from 'vitest';
import {buildNetworkItems, selectNetworkItems} from '../../source/store/network-items.js';
import {guest, snapshot} from './ops-snapshot-fixture.js';
import type {Snapshot} from '../../source/model/snapshot.js';

const bridge = (state: string) => ({
	node: 'pve',
	name: 'vmbr1',
	state,
	addresses: ['10.0.1.1/24'],
	ports: [],
	guests: [{vmid: 120, nic: 'net0'}],
});

describe('network items while the pane and its header are drawn', () => {
	it('builds once per snapshot and choices, though the header and the pane ask in turn', () => {
		const snap = snapshot({guests: [guest({vmid: 120, name: 'plex'})], bridges: [bridge('UP')]});
		const expanded = {};
		// The header counts warnings with its own choices; the pane asks with the store's.
		const header = selectNetworkItems(snap, false, null);
		const pane = selectNetworkItems(snap, true, null, expanded);
		expect(selectNetworkItems(snap, false, null)).toBe(header);
		expect(selectNetworkItems(snap, true, null, expanded)).toBe(pane);
		expect(pane).toEqual(buildNetworkItems(snap, true, null, expanded));
		expect(header).toEqual(buildNetworkItems(snap, false, null));
	});

	it('a new snapshot gives new items: a bridge that went down becomes a warning', () => {
		const up = snapshot({guests: [guest({vmid: 120, name: 'plex'})], bridges: [bridge('UP')]});
		const down = {...up, bridges: [bridge('DOWN')]};
		const warnings = (s: typeof up) =>
			selectNetworkItems(s, true, null).flatMap((item) => (item.kind === 'warning' ? [item.text] : []));
		expect(warnings(up)).toEqual([]);
		expect(warnings(down)).toEqual(['DOWN vmbr1 is DOWN: its 1 guest NIC have no network']);
		expect(warnings(up)).toEqual([]);
	});

	it("a refresh whose guest left the VPN gateway shows the leak, though the last refresh's routing was kept", () => {
		const gateway = guest({vmid: 116, name: 'wg', nics: [{name: 'net1', bridge: 'vmbr1', ip: '10.0.1.2/24'}]});
		const client = (gw: string) =>
			guest({vmid: 120, name: 'plex', nics: [{name: 'net0', bridge: 'vmbr1', ip: '10.0.1.9/24', gw}]});
		const vpn: Snapshot['vpn'] = {tunnels: [{node: 'pve', name: 'wg0', gatewayVmid: 116, peers: []}]};
		const refresh = (gw: string) => snapshot({guests: [gateway, client(gw)], bridges: [bridge('UP')], vpn});
		const leaks = (s: Snapshot) =>
			selectNetworkItems(s, true, null).flatMap((item) => (item.kind === 'warning' ? [item.text] : []));
		const through = refresh('10.0.1.2');
		expect(leaks(through)).toEqual([]);
		// The pane and its header ask again for the same refresh: the same answer.
		expect(selectNetworkItems(through, false, null).some((item) => item.kind === 'egress')).toBe(true);
		expect(leaks(refresh('10.0.1.1'))).toEqual([
			expect.stringContaining('gateway 10.0.1.1 is not the VPN gateway 10.0.1.2'),
		]);
		expect(leaks(through)).toEqual([]);
	});
});
