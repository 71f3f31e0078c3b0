/**
 * Cursors of lists with headings (the ZFS and network panes): a heading, a node's among them,
 * is never selected.
 * The stored cursor may sit on one (the first item of a fresh list is a heading); what the
 * pane shows and what Enter acts on is the nearest row that can be selected.
 */
import {selectNetworkItems, type NetworkItem} from './network-items.js';
import type {AppState, ListId} from './types.js';
import {selectZfsItems, type ZfsItem} from './zfs-items.js';

/** ZFS rows the cursor stops on: a pool (its second line goes with it), a dataset, a storage. */
export function zfsSelectable(item: ZfsItem | undefined): boolean {
	return item !== undefined && item.kind !== 'section' && item.kind !== 'node' && item.kind !== 'poolinfo';
}

/** Network rows the cursor stops on: anything but a section or a node's heading. */
export function networkSelectable(item: NetworkItem | undefined): boolean {
	return item !== undefined && item.kind !== 'section' && item.kind !== 'node';
}

/** The rows of this list and which ones the cursor may stop on, or null when it may stop on any. */
export function selectableRows(
	state: Pick<AppState, 'snapshot' | 'networkWarningsOnly' | 'networkExpanded' | 'nodeFilter'>,
	list: ListId,
): {count: number; selectable: (index: number) => boolean} | null {
	if (list === 'zfs') {
		const items = selectZfsItems(state.snapshot, state.nodeFilter);
		return {count: items.length, selectable: (i) => zfsSelectable(items[i])};
	}
	if (list === 'network') {
		const items = selectNetworkItems(
			state.snapshot,
			state.networkWarningsOnly,
			state.nodeFilter,
			state.networkExpanded,
		);
		return {count: items.length, selectable: (i) => networkSelectable(items[i])};
	}
	return null;
}

/**
 * The row to stand on from `index`, going `step` first (1: down) and the other way when
 * nothing is left that way; `index` itself when nothing can be selected.
 */
export function landOn(count: number, index: number, selectable: (i: number) => boolean, step: 1 | -1 = 1): number {
	for (let i = index; i >= 0 && i < count; i += step) if (selectable(i)) return i;
	for (let i = index - step; i >= 0 && i < count; i -= step) if (selectable(i)) return i;
	return index;
}

/** Where the cursor of `list` really is: the stored one, moved off a heading. */
export function listCursor(state: AppState, list: ListId): number {
	const rows = selectableRows(state, list);
	const cursor = state.cursors[list];
	return rows ? landOn(rows.count, Math.min(cursor, rows.count - 1), rows.selectable) : cursor;
}
