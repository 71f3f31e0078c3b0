/** The store's public surface, for the CLI entry and the screens. */
export {createAppStore, startPoller, stopPoller, setRedrawHook, type AppStoreOptions} from './app-store.js';
export type {AppState, AppStore, PaneId, Modal, ListId, LogSource, SortKey, GuestsUi, LogsUi, RefreshState, Display} from './types.js';
export {PANES} from './types.js';
