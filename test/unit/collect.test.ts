import {describe, expect, it} from 'vitest';
import {createCollector} from '../../source/host/collect.js';
import {createSimTransport} from '../../source/sim/transport.js';
import {TransportError, type Transport} from '../../source/transport/types.js';

describe('the collector', () => {
	it('reads the whole homelab with one exec per steady refresh, configs only when they change', async () => {
		const transport = createSimTransport();
		const collector = createCollector(transport, {context: 'demo'});
		const first = await collector.collect();
		// The first refresh may add one follow-up read for the VPN gateway and Docker hosts it just found.
		const afterFirst = transport.stats().execs;
		expect(afterFirst).toBeLessThanOrEqual(2);
		expect(first.guests.find((g) => g.vmid === 107)?.nics.map((n) => n.bridge)).toEqual(['vmbr0', 'vmbr1']);
		expect(first.vpn.tunnels.map((t) => t.gatewayVmid)).toEqual([116]);
		const second = await collector.collect();
		expect(transport.stats().execs).toBe(afterFirst + 1);
		// Configs that did not change are kept from the cache, not re-read.
		expect(second.guests.find((g) => g.vmid === 107)?.nics).toEqual(first.guests.find((g) => g.vmid === 107)?.nics);
		await transport.close();
	});

	it('treats a refresh cut off by a dropped link as a failure, not as a snapshot of empty sections', async () => {
		const cutOff = {
			label: 'root@pve:22',
			exec: async () => ({stdout: '\x1ePD B resources\n[{"type":"node"', stderr: '', code: null, durationMs: 5}),
		} as unknown as Transport;
		const collector = createCollector(cutOff, {context: 'pve'});
		await expect(collector.collect()).rejects.toBeInstanceOf(TransportError);
		await expect(collector.collect()).rejects.toThrow(/connection dropped during the refresh \(root@pve:22\)/);
	});
});
