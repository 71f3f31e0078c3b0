/**
 * A list with a selected row for the full-screen views (snapshots, backups, tasks): shows the
 * window of `height` rows around the store's cursor, marks the selected one, and reports the
 * list's extent so the motion keys stop at its ends.
 */
import React, {useEffect} from 'react';
import {Text} from './text.js';
import type {ListId} from '../../source/store/types.js';
import {useAppState, useAppStore, useTheme} from '../store-context.js';
import {useWindowStart} from './windowed.js';

export interface SelectRow {
	key: string;
	node: React.ReactNode;
}

export function SelectList({
	list,
	rows,
	height,
	empty,
}: {
	list: ListId;
	rows: readonly SelectRow[];
	height: number;
	empty?: React.ReactNode;
}): React.ReactNode {
	const store = useAppStore();
	const theme = useTheme();
	const cursor = useAppState((s) => s.cursors[list]);
	const selected = Math.min(cursor, Math.max(0, rows.length - 1));
	const start = useWindowStart(selected, height, rows.length);
	useEffect(
		() => store.getState().setExtent(list, {count: rows.length, page: height}),
		[store, list, rows.length, height],
	);
	if (rows.length === 0) return empty ? <Text dimColor>{empty}</Text> : null;
	return (
		<>
			{rows.slice(start, start + height).map((row, offset) => {
				const on = start + offset === selected;
				return (
					<Text key={row.key} inverse={on} wrap="truncate-end">
						{`${on ? theme.g.cursor : ' '} `}
						{row.node}
					</Text>
				);
			})}
		</>
	);
}
