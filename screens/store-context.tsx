/**
 * How screens reach the store: one context, and hooks that subscribe with narrow selectors
 * (a selector must return a primitive or an object the store already holds; zustand v5
 * re-renders for ever on a fresh object: "Maximum update depth exceeded").
 */
import React, {createContext, useContext, useMemo} from 'react';
import {useStore} from 'zustand';
import type {AppState, AppStore} from '../source/store/types.js';
import {listCursor} from '../source/store/list-cursor.js';
import {makeTheme, type Theme} from './widgets/theme.js';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({store, children}: {store: AppStore; children: React.ReactNode}): React.ReactNode {
	return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useAppStore(): AppStore {
	const store = useContext(StoreContext);
	if (!store) throw new Error('screens must be rendered inside <StoreProvider>');
	return store;
}

export function useAppState<T>(selector: (state: AppState) => T): T {
	return useStore(useAppStore(), selector);
}

export function useTheme(): Theme {
	const display = useAppState((state) => state.display);
	return useMemo(() => makeTheme(display), [display]);
}

type HeadedList = 'zfs' | 'network';
type CursorInputs = Pick<AppState, 'snapshot' | 'nodeFilter' | 'networkWarningsOnly' | 'networkExpanded'> & {
	cursor: number;
	value: number;
};
const lastCursors: Partial<Record<HeadedList, CursorInputs>> = {};

/**
 * Where the cursor of a list with headings really is (listCursor), worked out again only when
 * what it reads changed: a selector runs on every change to the store, each log line's too.
 */
export function useListCursor(list: HeadedList): number {
	return useAppState((s) => {
		const last = lastCursors[list];
		if (
			last?.snapshot === s.snapshot &&
			last.cursor === s.cursors[list] &&
			last.nodeFilter === s.nodeFilter &&
			last.networkWarningsOnly === s.networkWarningsOnly &&
			last.networkExpanded === s.networkExpanded
		)
			return last.value;
		const value = listCursor(s, list);
		lastCursors[list] = {
			snapshot: s.snapshot,
			cursor: s.cursors[list],
			nodeFilter: s.nodeFilter,
			networkWarningsOnly: s.networkWarningsOnly,
			networkExpanded: s.networkExpanded,
			value,
		};
		return value;
	});
}
