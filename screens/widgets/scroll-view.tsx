/**
 * A scrolling view of prepared lines for the full-screen views (detail, pool, help): shows
 * `height` lines from the store's cursor and reports its extent so motions clamp correctly.
 */
import React, {useEffect} from 'react';
import {Text} from './text.js';
import type {ListId} from '../../source/store/types.js';
import {useAppState, useAppStore} from '../store-context.js';

/** One line of a view. Lines carry no id of their own: ScrollView keys them by position. */
export interface ViewLine {
	node: React.ReactNode;
}

export function ScrollView({
	list,
	lines,
	height,
}: {
	list: ListId;
	lines: readonly ViewLine[];
	height: number;
}): React.ReactNode {
	const store = useAppStore();
	const cursor = useAppState((s) => s.cursors[list]);
	const maxTop = Math.max(0, lines.length - height);
	// Each motion moves the top line; the extent's count is the number of top positions.
	useEffect(() => store.getState().setExtent(list, {count: maxTop + 1, page: height}), [store, list, maxTop, height]);
	const top = Math.min(cursor, maxTop);
	return (
		<>
			{/* Keyed by position in the view: unique by construction, whatever the lines say. */}
			{lines.slice(top, top + height).map((line, i) => (
				<Text key={top + i} wrap="truncate-end">
					{line.node === '' ? ' ' : line.node}
				</Text>
			))}
		</>
	);
}
