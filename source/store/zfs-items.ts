/**
 * The ZFS pane as a list: pools (with their trend), datasets by used space, and the Proxmox
 * storages. Pure and memoised on the snapshot; the cursor moves over these items.
 */
import type {Dataset, Level, Pool, Snapshot, Storage} from '../model/snapshot.js';
import type {Thresholds} from '../model/thresholds.js';

export type ZfsItem =
	| {kind: 'section'; key: string; label: string}
	| {kind: 'pool'; key: string; pool: Pool}
	/** The pool's second line: frag, dedup, scan, trend. */
	| {kind: 'poolinfo'; key: string; pool: Pool}
	| {kind: 'dataset'; key: string; dataset: Dataset}
	| {kind: 'storage'; key: string; storage: Storage};

/** A capacity's level; an unknown one (null) cannot be called ok. */
export function levelFor(percent: number | null, thresholds: Thresholds): Level {
	if (percent === null) return 'warn';
	if (percent >= thresholds.crit) return 'crit';
	if (percent >= thresholds.warn) return 'warn';
	return 'ok';
}

export function buildZfsItems(snapshot: Snapshot | null): ZfsItem[] {
	if (!snapshot) return [];
	const items: ZfsItem[] = [{kind: 'section', key: 's:pools', label: `POOLS (${snapshot.pools.length})`}];
	for (const pool of snapshot.pools) {
		items.push({kind: 'pool', key: `p:${pool.name}`, pool}, {kind: 'poolinfo', key: `pi:${pool.name}`, pool});
	}
	const datasets = [...snapshot.datasets].sort((a, b) => byUsed(a, b) || a.name.localeCompare(b.name));
	items.push({kind: 'section', key: 's:datasets', label: `DATASETS by used (${datasets.length})`});
	for (const dataset of datasets) items.push({kind: 'dataset', key: `d:${dataset.name}`, dataset});
	const storages = [...snapshot.storages].sort(
		(a, b) => a.storage.localeCompare(b.storage) || a.node.localeCompare(b.node),
	);
	items.push({kind: 'section', key: 's:storages', label: `STORAGES (${storages.length})`});
	for (const storage of storages) items.push({kind: 'storage', key: `st:${storage.node}:${storage.storage}`, storage});
	return items;
}

let memo: {snapshot: Snapshot | null; items: ZfsItem[]} | null = null;

export function selectZfsItems(snapshot: Snapshot | null): ZfsItem[] {
	if (memo?.snapshot !== snapshot) memo = {snapshot, items: buildZfsItems(snapshot)};
	return memo.items;
}

/** The pool an item belongs to (a dataset belongs to the pool its name starts with). */
export function poolOfItem(item: ZfsItem | undefined, pools: readonly Pool[]): string | null {
	if (!item) return null;
	if (item.kind === 'pool' || item.kind === 'poolinfo') return item.pool.name;
	if (item.kind === 'dataset') {
		const root = item.dataset.name.split('/')[0];
		return pools.some((pool) => pool.name === root) ? root! : null;
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
