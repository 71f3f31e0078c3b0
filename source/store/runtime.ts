/**
 * The store's runtime: the context's connection (its refresh loop and log stream), the job
 * queue and the journal. Built once the store's state exists, from the store and the opened
 * context, and reached through `store.runtime` by whatever needs it; a context switch builds
 * a new connection from the new context and swaps it in whole.
 */
import type {StoreApi} from 'zustand/vanilla';
import type {Journal} from '../journal/journal.js';
import type {NodeRouter} from '../host/node-router.js';
import {routerOf as collectorRouter} from '../host/collect.js';
import type {Snapshot} from '../model/snapshot.js';
import {createLogSession, type LogFlush} from './log-session.js';
import type {RenderedLogLine} from './log-lines.js';
import {createOpsRunner} from './ops-runner.js';
import {createPoller} from './poller.js';
import {createSafetySession} from './safety-session.js';
import type {LogRing} from './ring.js';
import {appendSample} from './trends.js';
import {poolKey} from './node-view.js';
import type {AppState, Connection, ContextSwitcher, OpenedContext, StoreRuntime} from './types.js';

/** Where a pool's history is kept: its node and name (`pve2/rpool`), in a fleet `lab/pve2/rpool`. */
export function trendKey(pool: {name: string; node: string; context?: string}): string {
	return pool.context === undefined ? poolKey(pool) : `${pool.context}/${poolKey(pool)}`;
}

/** The pools' capacity history with this snapshot's sample added. */
export function withTrends(trends: AppState['trends'], snapshot: Snapshot): AppState['trends'] {
	const t = Date.parse(snapshot.takenAt) || Date.now();
	const next: Record<string, AppState['trends'][string]> = {};
	for (const pool of snapshot.pools) {
		const key = trendKey(pool);
		next[key] = appendSample(trends[key], {t, alloc: pool.alloc, size: pool.size, capacity: pool.capacity});
	}
	return next;
}

/** The context's node router: the one its collector reads through, so both know the same nodes. */
export function routerOf(opened: OpenedContext): NodeRouter {
	return opened.nodes ?? collectorRouter(opened.collector, opened.transport, opened.sudo);
}

/** What a log stream's flushes write into the store: the pane's counters and its redraw. */
export function logFlushes(store: StoreApi<AppState>): (flush: LogFlush) => void {
	return (flush) => {
		const state = store.getState();
		store.setState({
			logs: {
				...state.logs,
				revision: state.logs.revision + 1,
				received: flush.received,
				dropped: flush.dropped,
				status: flush.status,
			},
		});
	};
}

/** A refresh loop and a log stream on the context's connection, reporting into the store. */
export function connect(store: StoreApi<AppState>, opened: OpenedContext, ring: LogRing<RenderedLogLine>): Connection {
	const patchRefresh = (patch: Partial<AppState['refresh']>): void => {
		store.setState({refresh: {...store.getState().refresh, ...patch}});
	};
	const poller = createPoller(
		{
			collect: (signal) => opened.collector.collect(signal),
			onStart: (at) => patchRefresh({inFlight: true, lastAttemptAt: at}),
			onSuccess: (snapshot, at, durationMs, nextAt) => {
				const state = store.getState();
				const trends = withTrends(state.trends, snapshot);
				opened.poolHistory?.save(trends);
				store.setState({
					snapshot,
					trends,
					refresh: {
						...state.refresh,
						inFlight: false,
						lastOkAt: at,
						lastDurationMs: durationMs,
						failures: 0,
						nextAt,
						error: null,
					},
				});
			},
			onFailure: (error, failures, _at, nextAt) =>
				patchRefresh({inFlight: false, failures, nextAt, error: error.message}),
		},
		{intervalMs: opened.intervalMs},
	);
	const nodes = routerOf(opened);
	const logs = createLogSession(nodes, ring, logFlushes(store));
	const safety = createSafetySession({
		nodes,
		settings: store.getState().safetySettings,
		snapshot: () => store.getState().snapshot,
		get: () => store.getState().safety,
		set: (patch) => store.setState({safety: {...store.getState().safety, ...patch}}),
	});
	return {
		transport: opened.transport,
		collector: opened.collector,
		nodes,
		poller,
		logs,
		safety,
		poolHistory: opened.poolHistory ?? null,
	};
}

export function createRuntime(
	store: StoreApi<AppState>,
	opened: OpenedContext,
	options: {ring: LogRing<RenderedLogLine>; journal: Journal | null; switcher: ContextSwitcher | null},
): StoreRuntime {
	return {
		connection: connect(store, opened, options.ring),
		fleet: null,
		runner: createOpsRunner(store, {journal: options.journal}),
		journal: options.journal,
		switcher: options.switcher,
		logsWanted: true,
		unsubscribers: [],
		redrawHook: null,
	};
}
