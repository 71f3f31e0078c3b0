/**
 * What a cluster's snapshot gives the scripting side: --once tables whose node-local rows name
 * their node, with a Nodes table first; health results of node-local things naming their node,
 * and the Prometheus series keeping two nodes' pools of one name apart.
 */
import {describe, expect, it} from 'vitest';
import {createCollector} from '../../source/host/collect.js';
import {passiveHealth} from '../../source/ops/health/passive.js';
import {renderPrometheus} from '../../source/ops/health/prometheus.js';
import {reportTables} from '../../source/report/rows.js';
import {SimClock} from '../../source/sim/clock.js';
import {createHomelab} from '../../source/sim/homelab.js';
import {createSimTransport} from '../../source/sim/transport.js';

const START = Date.parse('2025-06-01T12:00:00Z');

async function clusterSnapshot(nodes: number) {
	const clock = new SimClock({start: START});
	const transport = createSimTransport({state: createHomelab({now: START, nodes}), clock});
	return createCollector(transport, {context: 'homelab', now: () => clock.now()}).collect();
}

describe("a cluster's snapshot for scripts", () => {
	it('starts the --once report with the nodes, and names the node of every pool, bridge, route and tunnel', async () => {
		const snapshot = await clusterSnapshot(3);
		const tables = reportTables(snapshot, START);
		expect(tables[0]!.title).toBe('Nodes');
		expect(tables[0]!.rows.map((r) => [r['NODE'], r['STATE'], r['ROUTE'], r['IP']])).toEqual([
			['pve', 'online', 'connected', '192.168.0.2'],
			['pve2', 'online', 'hop', '192.168.0.21'],
			['pve3', 'online', 'hop', '192.168.0.22'],
		]);
		const pools = tables.find((t) => t.title === 'ZFS pools')!.rows;
		expect(pools.map((r) => `${r['NODE']}/${r['POOL']}`)).toEqual([
			'pve/media-pool',
			'pve/service-pool',
			'pve/staging-pool',
			'pve2/tank',
			'pve3/rpool',
		]);
		expect(Object.keys(tables.find((t) => t.title === 'Bridges')!.rows[0]!)[0]).toBe('NODE');
		expect(tables.find((t) => t.title === 'VPN')!.rows[0]!['NODE']).toBe('pve');
	});

	it("keeps the single host's report as it was: no Nodes table, no NODE column on pools", async () => {
		const snapshot = await clusterSnapshot(1);
		const tables = reportTables(snapshot, START);
		expect(tables.map((t) => t.title)).not.toContain('Nodes');
		expect(Object.keys(tables.find((t) => t.title === 'ZFS pools')!.rows[0]!)[0]).toBe('POOL');
	});

	it("names the node of a pool's health, so the Prometheus series of two nodes' rpools stay apart", async () => {
		const snapshot = await clusterSnapshot(4);
		const results = passiveHealth(snapshot, START);
		const rpools = results.filter((r) => r.target === 'pool:rpool' && r.check === 'capacity');
		expect(rpools.map((r) => r.node)).toEqual(['pve3', 'pve4']);
		const text = renderPrometheus(results, 'homelab', START);
		expect(text).toContain(
			'proxdeck_health_state{context="homelab",node="pve3",target="pool:rpool",check="capacity"} 0',
		);
		expect(text).toContain(
			'proxdeck_health_state{context="homelab",node="pve4",target="pool:rpool",check="capacity"} 0',
		);
	});
});
