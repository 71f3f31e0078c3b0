/**
 * The ZFS pane as a list: pools (with their trend), datasets by used space, and the Proxmox
 * storages; in a cluster, each list grouped by node (a node header says whether its data is
 * fresh). Pure and memoised on the snapshot and the node filter; the cursor moves over these
 * items.
 */
import {compareNames} from '../model/compare.js';
import type {Dataset, Level, Node, Pool, Snapshot, Storage} from '../model/snapshot.js';
import type {Thresholds} from '../model/thresholds.js';
import {capacityState} from '../ops/health/verdicts.js';
import {byNode, isCluster, poolKey, shownNodes} from './node-view.js';
import {fleetHeading, perContext} from './fleet-items.js';

export type ZfsItem =
	| {kind: 'section'; key: string; label: string}
	/** A node's group header (in a cluster). */
	| {kind: 'node'; key: string; node: Node}
	| {kind: 'pool'; key: string; pool: Pool}
	/** The pool's second line: frag, dedup, scan, trend. */
	| {kind: 'poolinfo'; key: string; pool: Pool}
	| {kind: 'dataset'; key: string; dataset: Dataset}
	| {kind: 'storage'; key: string; storage: Storage};

/** The colour of a share used: health's own verdict at the same marks, so the two agree; an unknown one (null) cannot be called ok. */
export function levelFor(percent: number | null, thresholds: Thresholds): Level {
	if (percent === null) return 'warn';
	const state = capacityState(percent, thresholds.warn, thresholds.crit);
	return state === 'fail' ? 'crit' : state === 'warn' ? 'warn' : 'ok';
}

/** Each node's rows under its header when the cluster's nodes are shown together; the rows alone otherwise. */
function grouped<T extends {node: string}>(
	items: ZfsItem[],
	section: string,
	rows: readonly T[],
	nodes: readonly Node[],
	cluster: boolean,
	push: (row: T) => void,
): void {
	if (!cluster) {
		for (const row of rows) push(row);
		return;
	}
	for (const group of byNode(rows, nodes)) {
		items.push({kind: 'node', key: `n:${section}:${group.node.name}`, node: group.node});
		for (const row of group.rows) push(row);
	}
}

export function buildZfsItems(snapshot: Snapshot | null, nodeFilter: string | null = null): ZfsItem[] {
	if (!snapshot) return [];
	return (
		perContext(snapshot, (part) => contextZfsItems(part, nodeFilter), fleetHeading) ??
		contextZfsItems(snapshot, nodeFilter)
	);
}

function contextZfsItems(snapshot: Snapshot, nodeFilter: string | null): ZfsItem[] {
	const nodes = shownNodes(snapshot, nodeFilter);
	const names = new Set(nodes.map((n) => n.name));
	const mine = <T extends {node: string}>(rows: readonly T[]): T[] => rows.filter((row) => names.has(row.node));
	// Node headers only when more than one node is shown.
	const cluster = isCluster(snapshot) && nodes.length > 1;
	const pools = mine(snapshot.pools);
	const items: ZfsItem[] = [{kind: 'section', key: 's:pools', label: `POOLS (${pools.length})`}];
	grouped(items, 'pools', pools, nodes, cluster, (pool) =>
		items.push({kind: 'pool', key: `p:${poolKey(pool)}`, pool}, {kind: 'poolinfo', key: `pi:${poolKey(pool)}`, pool}),
	);
	const datasets = mine(snapshot.datasets).sort((a, b) => byUsed(a, b) || compareNames(a.name, b.name));
	items.push({kind: 'section', key: 's:datasets', label: `DATASETS by used (${datasets.length})`});
	grouped(items, 'datasets', datasets, nodes, cluster, (dataset) =>
		items.push({kind: 'dataset', key: `d:${dataset.node}/${dataset.name}`, dataset}),
	);
	const storages = mine(snapshot.storages).sort(
		(a, b) => compareNames(a.storage, b.storage) || compareNames(a.node, b.node),
	);
	items.push({kind: 'section', key: 's:storages', label: `STORAGES (${storages.length})`});
	grouped(items, 'storages', storages, nodes, cluster, (storage) =>
		items.push({kind: 'storage', key: `st:${storage.node}:${storage.storage}`, storage}),
	);
	return items;
}

let memo: {snapshot: Snapshot | null; nodeFilter: string | null; items: ZfsItem[]} | null = null;

export function selectZfsItems(snapshot: Snapshot | null, nodeFilter: string | null = null): ZfsItem[] {
	if (memo?.snapshot !== snapshot || memo.nodeFilter !== nodeFilter)
		memo = {snapshot, nodeFilter, items: buildZfsItems(snapshot, nodeFilter)};
	return memo.items;
}

/**
 * The pool an item belongs to (a dataset belongs to the pool of its node its name starts with);
 * in a fleet, of the item's context (its key starts with it).
 */
export function poolOfItem(item: ZfsItem | undefined, pools: readonly Pool[]): Pool | null {
	if (!item) return null;
	if (item.kind === 'pool' || item.kind === 'poolinfo') return item.pool;
	if (item.kind === 'dataset') {
		const root = item.dataset.name.split('/')[0];
		return (
			pools.find(
				(pool) =>
					pool.name === root &&
					pool.node === item.dataset.node &&
					(pool.context === undefined || item.key.startsWith(`${pool.context}:`)),
			) ?? null
		);
	}
	return null;
}

/** Most used first; datasets whose use ZFS did not report go last. */
export function byUsed(a: {used: number | null}, b: {used: number | null}): number {
	return (b.used ?? -1) - (a.used ?? -1);
}

/** "max 84%" over the pools whose capacity is known; null when none is. */
export function worstCapacity(pools: readonly {capacity: number | null}[]): number | null {
	const known = pools.flatMap((pool) => (pool.capacity === null ? [] : [pool.capacity]));
	return known.length > 0 ? Math.max(...known) : null;
}
