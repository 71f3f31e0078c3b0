import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import type {SectionOutput} from '../../source/host/batch-output.js';
import {parseSections, type SectionMemo} from '../../source/host/parse-sections.js';
import {hostSections} from '../../source/host/sections.js';
import {createCollector} from '../../source/host/collect.js';
import {createSimTransport} from '../../source/sim/transport.js';
import {TransportError, type ExecOptions, type Transport} from '../../source/transport/types.js';

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

	it('keeps the last good guests, marked stale, while /cluster/resources comes back truncated', async () => {
		const transport = createSimTransport();
		const collector = createCollector(transport, {context: 'demo'});
		const first = await collector.collect();
		expect(first.stale).toBeUndefined();
		transport.sim.faults.garbageCommand('pvesh get /cluster/resources');
		const second = await collector.collect();
		expect(second.guests.map((g) => g.vmid)).toEqual(first.guests.map((g) => g.vmid));
		expect(second.nodes.length).toBe(first.nodes.length);
		expect(second.stale).toEqual([{section: 'guests', since: first.takenAt}]);
		expect(second.errors.map((e) => e.section)).toEqual(['guests']);
		transport.sim.faults.clear();
		const third = await collector.collect();
		expect(third.stale).toBeUndefined();
		expect(third.errors).toEqual([]);
		await transport.close();
	});

	it('treats a refresh cut off by a dropped link as a failure, not as a snapshot of empty sections', async () => {
		const cutOff = {
			label: 'root@pve:22',
			// The section began (framed with the script's own marker) and never ended.
			exec: async (script: string, options: ExecOptions) => {
				options.sink!.stdout(Buffer.from(`\x1ePD${/^pd_mark=(\w+)/.exec(script)![1]} B resources\n[{"type":"node"`));
				return {stdout: '', stderr: '', code: null, durationMs: 5};
			},
		} as unknown as Transport;
		const collector = createCollector(cutOff, {context: 'pve'});
		await expect(collector.collect()).rejects.toBeInstanceOf(TransportError);
		await expect(collector.collect()).rejects.toThrow(/connection dropped during the refresh \(root@pve:22\)/);
	});
});

describe('reading a refresh section by section', () => {
	const sections = hostSections('');
	const ipAddr = readFileSync(new URL('../golden/iproute/ip-addr.json', import.meta.url), 'utf8');
	const outputs = (addr: string): Map<string, SectionOutput> =>
		new Map([['ip-addr', {stdout: addr, stderr: '', code: 0}]]);

	it('keeps what a section was read as while it prints the same, and reads it again once it changes', () => {
		const memo: SectionMemo = new Map();
		const first = parseSections(outputs(ipAddr), sections, memo);
		const again = parseSections(outputs(ipAddr.slice(0)), sections, memo);
		expect(first.interfaces?.length).toBeGreaterThan(0);
		// The same value, not an equal copy: nothing downstream has to compare it again.
		expect(again.interfaces).toBe(first.interfaces);

		const renamed = ipAddr.replace(/"vmbr0"/g, '"vmbr9"');
		const changed = parseSections(outputs(renamed), sections, memo);
		expect(changed.interfaces).not.toBe(first.interfaces);
		expect(changed.interfaces?.map((i) => i.ifname)).toContain('vmbr9');
		expect(changed.interfaces?.map((i) => i.ifname)).not.toContain('vmbr0');
	});

	it('reports a section that cannot be read every time it is read, not only the first time', () => {
		const memo: SectionMemo = new Map();
		for (let i = 0; i < 2; i++) {
			const parsed = parseSections(outputs('{"not": "an array"'), sections, memo);
			expect(parsed.interfaces).toBeUndefined();
			expect(parsed.errors.filter((e) => e.section === 'bridges' && /\baddr\b/.test(e.command))).toHaveLength(1);
		}
	});
});
