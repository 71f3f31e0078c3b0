/**
 * A 3-node refresh against the cluster test host (test/host/cluster-nodes.ts: the first
 * node's sshd, two more behind it that only it reaches), in the same run, alternating:
 *   parallel   createCollector().collect(): the connected node's batch and each other node's
 *              batch through the cluster's ssh, all at once (wall time of the whole refresh).
 *   each alone every node's own batch of that refresh, sent again by itself: the slowest of
 *              them is what a parallel refresh cannot beat; their sum is the nodes read one
 *              after another.
 * All three nodes run on this machine's cores, where a real cluster gives each its own; the
 * simulated commands answer after a fixed delay (the sim's latency knob) so a batch's time is
 * its node's work, not a fight for these cores.
 */
import {createCollector} from '../source/host/collect.js';
import {createNodeRouter, type NodeRouter} from '../source/host/node-router.js';
import {withState} from '../source/sim/state-file.js';
import {connectTestHost} from '../test/host/connect.js';
import {sshdUnavailableReason} from '../test/host/gate.js';
import {startTestHost} from '../test/host/harness.js';
import {median, round} from './lib.js';

export interface ClusterRefreshResult {
	nodes: number;
	/** Median wall time of a whole refresh, every node read at once. */
	wallMs: number;
	/** Median time of each node's batch sent alone. */
	aloneMs: Record<string, number>;
	slowestMs: number;
	/** The nodes read one after another: the sum of their batches alone. */
	sequentialMs: number;
	/** wallMs / slowestMs */
	ratio: number;
	/** Exec channels opened per refresh (one per node). */
	channels: number;
	/** Delay of each simulated command. */
	commandMs: number;
	runs: number;
}

/** The router, remembering the last script it was asked to send to each node. */
function recording(router: NodeRouter): {
	router: NodeRouter;
	scripts: Map<string | undefined, (sudo: boolean | 'probed') => string>;
} {
	const scripts = new Map<string | undefined, (sudo: boolean | 'probed') => string>();
	return {
		scripts,
		router: {
			...router,
			get connectedNode() {
				return router.connectedNode;
			},
			execScript(node, script, options) {
				scripts.set(node, script);
				return router.execScript(node, script, options);
			},
		},
	};
}

export async function benchClusterRefresh(
	options: {runs?: number; nodes?: number; commandMs?: number} = {},
): Promise<ClusterRefreshResult | {skipped: string}> {
	const reason = sshdUnavailableReason();
	if (reason) return {skipped: reason};
	const nodes = options.nodes ?? 3;
	const runs = options.runs ?? 5;
	const commandMs = options.commandMs ?? 400;
	const host = await startTestHost({nodes});
	const ssh = await connectTestHost(host);
	try {
		withState(host.sim!.stateFile, (state) => void (state.faults.latencyMs = commandMs));
		const {router, scripts} = recording(createNodeRouter(ssh, {sudo: false}));
		const collector = createCollector(router, {context: 'bench'});
		// Warm up: the first refresh reads every config and finds the nodes and Docker hosts.
		for (let i = 0; i < 3; i++) await collector.collect();
		const wall: number[] = [];
		const alone = new Map<string, number[]>();
		let channels = 0;
		for (let i = 0; i < runs; i++) {
			scripts.clear();
			const before = ssh.stats().execs;
			const started = performance.now();
			const snapshot = await collector.collect();
			wall.push(performance.now() - started);
			channels = ssh.stats().execs - before;
			if (snapshot.nodes.some((n) => n.state !== 'online'))
				throw new Error(`a node was not read: ${JSON.stringify(snapshot.nodes)}`);
			for (const [node, script] of scripts) {
				const name = node ?? router.connectedNode ?? 'connected';
				const t = performance.now();
				await router.execScript(node, script, {timeoutMs: 60_000});
				alone.set(name, [...(alone.get(name) ?? []), performance.now() - t]);
			}
		}
		const aloneMs = Object.fromEntries([...alone].map(([name, samples]) => [name, round(median(samples), 0)]));
		const slowestMs = Math.max(...Object.values(aloneMs));
		const wallMs = round(median(wall), 0);
		return {
			nodes,
			wallMs,
			aloneMs,
			slowestMs,
			sequentialMs: Object.values(aloneMs).reduce((a, b) => a + b, 0),
			ratio: round(wallMs / slowestMs, 2),
			channels,
			commandMs,
			runs,
		};
	} finally {
		await ssh.close();
		await host.close();
	}
}
