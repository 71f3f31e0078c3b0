/**
 * Which nodes the panes show: every node of the cluster, or the one the node picker narrowed
 * them to. The ZFS and network panes group their rows by node when there is more than one;
 * a pool's key is its node and name (two nodes often both have an `rpool`).
 */
import type {Node, Pool, Snapshot} from '../model/snapshot.js';

/** Whether the snapshot is of a cluster (more than one node). */
export function isCluster(snapshot: Snapshot | null): boolean {
	return (snapshot?.nodes.length ?? 0) > 1;
}

/** The nodes whose rows are shown, in name order: the one picked, or all of them. */
export function shownNodes(snapshot: Snapshot, nodeFilter: string | null): Node[] {
	return nodeFilter === null ? snapshot.nodes : snapshot.nodes.filter((n) => n.name === nodeFilter);
}

/** Rows of a node-local list split by node, for the nodes shown (empty groups kept: a node with no pools says so). */
export function byNode<T extends {node: string}>(
	rows: readonly T[],
	nodes: readonly Node[],
): {node: Node; rows: T[]}[] {
	return nodes.map((node) => ({node, rows: rows.filter((row) => row.node === node.name)}));
}

/** A pool's identity across the cluster (trends and the pool detail use it). */
export function poolKey(pool: Pick<Pool, 'node' | 'name'>): string {
	return `${pool.node}/${pool.name}`;
}

/** What a node's group header says about its data: read now, or stale or offline and why. */
export function nodeStateText(node: Node, now: number): string {
	const age = node.dataAt ? Math.max(0, Math.round((now - Date.parse(node.dataAt)) / 1000)) : null;
	const from =
		age === null
			? 'no data'
			: `data ${age < 60 ? `${age}s` : age < 3600 ? `${Math.round(age / 60)}m` : `${Math.round(age / 3600)}h`} old`;
	if (node.state === 'online')
		return node.route === 'hop' ? 'online, through ssh' : node.route === 'direct' ? 'online, own connection' : 'online';
	return `${node.state === 'offline' ? 'OFFLINE' : 'STALE'} (${from}${node.problem ? `: ${node.problem}` : ''})`;
}
