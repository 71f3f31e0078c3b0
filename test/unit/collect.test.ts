import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import type {SectionOutput} from '../../source/host/batch-output.js';
import {parseSections, type SectionMemo} from '../../source/host/parse-sections.js';
import {hostSections} from '../../source/host/sections.js';
import {createCollector} from '../../source/host/collect.js';
import type {Snapshot} from '../../source/model/snapshot.js';
import {guestRows} from '../../source/report/rows.js';
import {createSimTransport} from '../../source/sim/transport.js';
import {SimClock} from '../../source/sim/clock.js';
import {createHomelab} from '../../source/sim/homelab.js';
import {TransportError, type ExecOptions, type Transport} from '../../source/transport/types.js';

describe('the collector', () => {
	it('reads the whole homelab with one exec per steady refresh, configs only when they change', async () => {
		const transport = createSimTransport();
		const collector = createCollector(transport, {context: 'demo'});
		const first = await collector.collect();
		// The first refresh may add one follow-up read for the VPN gateway, the Docker hosts it just
		// found and the first probes, and one more for a Docker host only a probe found.
		const afterFirst = transport.stats().execs;
		expect(afterFirst).toBeLessThanOrEqual(3);
		expect(first.guests.find((g) => g.vmid === 107)?.nics.map((n) => n.bridge)).toEqual(['vmbr0', 'vmbr1']);
		expect(first.vpn.tunnels.map((t) => t.gatewayVmid)).toEqual([116]);
		const second = await collector.collect();
		expect(transport.stats().execs).toBe(afterFirst + 1);
		// Configs that did not change are kept from the cache, not re-read.
		expect(second.guests.find((g) => g.vmid === 107)?.nics).toEqual(first.guests.find((g) => g.vmid === 107)?.nics);
		await transport.close();
	});

	it('finds a Docker host by the probe alone, and reads its containers in the same refresh', async () => {
		const transport = createSimTransport();
		const collector = createCollector(transport, {context: 'demo', probesPerRefresh: 40});
		const paperless = (await collector.collect()).guests.find((g) => g.vmid === 128)!;
		expect(paperless.docker).toMatchObject({dockerHost: true, rule: 'probe', runtime: 'docker'});
		expect(paperless.containers?.filter((c) => c.stats).length).toBe(3);
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

describe('the collector on a cluster', () => {
	const start = Date.parse('2025-06-01T12:00:00Z');
	function cluster() {
		const clock = new SimClock({start});
		const transport = createSimTransport({state: createHomelab({now: start, nodes: 3}), clock});
		const collector = createCollector(transport, {context: 'homelab', now: () => clock.now()});
		return {clock, transport, collector};
	}

	it("reads every node's own pools, bridges and containers, one exec per node on a steady refresh", async () => {
		const {transport, collector} = cluster();
		const first = await collector.collect();
		expect(first.pools.map((p) => `${p.node}/${p.name}`)).toEqual([
			'pve/media-pool',
			'pve/service-pool',
			'pve/staging-pool',
			'pve2/tank',
			'pve3/rpool',
		]);
		expect(first.bridges.filter((b) => b.name === 'vmbr0').map((b) => `${b.node} ${b.addresses.join(',')}`)).toEqual([
			'pve 192.168.0.2/24',
			'pve2 192.168.0.21/24',
			'pve3 192.168.0.22/24',
		]);
		// The Docker host lives on pve2: its containers come through pve2's batch.
		expect(first.guests.find((g) => g.vmid === 111)?.containers?.map((c) => c.name)).toContain('plex');
		expect(first.vpn.tunnels.map((t) => `${t.node}/${t.name}@${t.gatewayVmid}`)).toEqual(['pve/wg0@116']);
		expect(first.nodes.map((n) => `${n.name} ${n.state} ${n.route}`)).toEqual([
			'pve online connected',
			'pve2 online hop',
			'pve3 online hop',
		]);
		expect(first.errors).toEqual([]);
		const before = transport.stats().execs;
		await collector.collect();
		expect(transport.stats().execs - before).toBe(3);
	});

	it("keeps an unreachable node's data, stale with why, while the others go on; tries it again after a pause", async () => {
		const {clock, transport, collector} = cluster();
		const first = await collector.collect();
		transport.sim.faults.nodeUnreachable('pve2');
		clock.advance(2000);
		const cut = await collector.collect();
		const pve2 = cut.nodes.find((n) => n.name === 'pve2')!;
		expect(pve2.state).toBe('stale');
		expect(pve2.problem).toBe('ssh: connect to host 192.168.0.21 port 22: Connection timed out (next try in 15s)');
		expect(pve2.dataAt).toBe(first.takenAt);
		expect(cut.pools.find((p) => p.node === 'pve2')?.name).toBe('tank');
		expect(cut.nodes.find((n) => n.name === 'pve3')!.state).toBe('online');
		// While it pauses, a refresh does not wait on it again.
		const before = transport.stats().execs;
		clock.advance(2000);
		await collector.collect();
		expect(transport.stats().execs - before).toBe(2);
		transport.sim.faults.clear('nodesUnreachable');
		clock.advance(15_000);
		const back = await collector.collect();
		expect(back.nodes.find((n) => n.name === 'pve2')).toMatchObject({state: 'online', dataAt: back.takenAt});
		expect(back.nodes.find((n) => n.name === 'pve2')!.problem).toBeUndefined();
	});

	/** The three-node cluster read once, then again after pve3 went down. */
	async function afterPve3WentDown(): Promise<ReturnType<typeof cluster> & {down: Snapshot}> {
		const lab = cluster();
		await lab.collector.collect();
		lab.transport.sim.faults.nodeDown('pve3');
		lab.clock.advance(2000);
		return {...lab, down: await lab.collector.collect()};
	}

	it('marks a node the cluster reports down offline and does not try to reach it', async () => {
		const {transport, collector, down} = await afterPve3WentDown();
		expect(down.nodes.find((n) => n.name === 'pve3')).toMatchObject({
			state: 'offline',
			online: false,
			problem: 'offline (cluster status)',
		});
		expect(down.pools.some((p) => p.node === 'pve3')).toBe(true);
		const before = transport.stats().execs;
		await collector.collect();
		expect(transport.stats().execs - before).toBe(2);
	});

	it('keeps the load a down node and its guests no longer report unknown, never 0', async () => {
		const {down} = await afterPve3WentDown();
		const node = down.nodes.find((n) => n.name === 'pve3')!;
		expect([node.cpu, node.maxcpu, node.mem, node.maxmem, node.uptime]).toEqual([null, null, null, null, null]);
		const stranded = down.guests.filter((g) => g.node === 'pve3');
		expect(stranded.length).toBeGreaterThan(0);
		for (const g of stranded) {
			expect(g.status).toBe('unknown');
			expect([g.cpu, g.mem, g.maxmem, g.disk, g.maxdisk, g.uptime]).toEqual([null, null, null, null, null, null]);
		}
		// The JSON says null where it used to say 0, and the table prints a dash.
		const json = JSON.parse(JSON.stringify(down)) as {guests: {vmid: number; mem: unknown}[]};
		expect(json.guests.find((g) => g.vmid === stranded[0]!.vmid)!.mem).toBeNull();
		const row = guestRows(down).find((r) => r['VMID'] === String(stranded[0]!.vmid))!;
		expect([row['CPU%'], row['MEM'], row['DISK%'], row['UPTIME']]).toEqual(['-', '–/-', '-', '-']);
		// A running guest elsewhere still has its figures.
		const running = down.guests.find((g) => g.node !== 'pve3' && g.status === 'running')!;
		expect(running.mem).toBeGreaterThan(0);
	});
});
