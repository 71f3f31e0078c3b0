/**
 * How screens reach the store: one context, and hooks that subscribe with narrow selectors
 * (a selector must return a primitive or an object the store already holds; zustand v5
 * re-renders for ever on a fresh object: "Maximum update depth exceeded").
 */
import React, {createContext, useContext, useMemo} from 'react';
import {useStore} from 'zustand';
import type {AppState, AppStore} from '../source/store/types.js';
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
