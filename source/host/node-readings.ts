/**
 * What the collector remembers about each node's own data between refreshes: the last facts
 * read (pools, datasets, network, host tunnels), when, and why the latest read failed. A node
 * that cannot be read keeps its last facts, marked stale with the reason, and is not tried
 * again until a pause has passed (growing while it keeps failing), so one unreachable node
 * does not slow every refresh down by its connect timeout.
 */
import type {NodeFacts, NodeReading} from './assemble.js';
import type {NodeRouteKind} from '../model/snapshot.js';

interface NodeRecord {
	facts?: NodeFacts;
	readAt?: number;
	problem?: string;
	failures: number;
	/** Not read again before this time (ms). */
	retryAt: number;
}

/** The first pause after a failed read; it doubles with each further failure, up to MAX_PAUSE_MS. */
export const NODE_RETRY_MS = 15_000;
const MAX_PAUSE_MS = 120_000;

export class NodeReadings {
	private readonly records = new Map<string, NodeRecord>();

	constructor(private readonly retryMs = NODE_RETRY_MS) {}

	private record(node: string): NodeRecord {
		let found = this.records.get(node);
		if (!found) {
			found = {failures: 0, retryAt: 0};
			this.records.set(node, found);
		}
		return found;
	}

	/** Whether this refresh should read the node (it is not pausing after a failure). */
	due(node: string, now: number): boolean {
		return now >= (this.records.get(node)?.retryAt ?? 0);
	}

	succeeded(node: string, facts: NodeFacts, now: number): void {
		const r = this.record(node);
		r.facts = facts;
		r.readAt = now;
		r.failures = 0;
		r.retryAt = 0;
		delete r.problem;
	}

	failed(node: string, problem: string, now: number): void {
		const r = this.record(node);
		r.failures += 1;
		r.problem = problem;
		r.retryAt = now + Math.min(MAX_PAUSE_MS, this.retryMs * 2 ** (r.failures - 1));
	}

	/** Forget nodes that left the cluster. */
	keepOnly(nodes: ReadonlySet<string>): void {
		for (const name of this.records.keys()) if (!nodes.has(name)) this.records.delete(name);
	}

	/**
	 * Each node's reading for the snapshot: read this refresh (online), down per the cluster
	 * status (offline), or kept from before (stale, with why).
	 */
	readings(
		nodes: readonly {name: string; online: boolean}[],
		readNow: ReadonlySet<string>,
		routeOf: (node: string) => NodeRouteKind | undefined,
		now: number,
	): NodeReading[] {
		return nodes.map((node) => {
			const r = this.records.get(node.name);
			const route = routeOf(node.name);
			const state = readNow.has(node.name) ? 'online' : node.online ? 'stale' : 'offline';
			const pausing = r?.problem && r.retryAt > now ? ` (next try in ${Math.ceil((r.retryAt - now) / 1000)}s)` : '';
			const problem =
				state === 'offline'
					? 'offline (cluster status)'
					: state === 'stale'
						? `${r?.problem ?? 'not read yet'}${pausing}`
						: undefined;
			return {
				name: node.name,
				state,
				...(route ? {route} : {}),
				...(r?.readAt !== undefined ? {readAt: r.readAt} : {}),
				...(problem ? {problem} : {}),
				...(r?.facts ? {facts: r.facts} : {}),
			};
		});
	}
}
