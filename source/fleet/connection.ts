/**
 * The fleet's runtime: one connection, refresh loop and log stream per context, each exactly
 * what a single context has (store/runtime.ts), side by side. Every member reports into the
 * one store through here: its latest snapshot is merged with the others' (fleet/merge.ts), its
 * connection and refresh state become its entry in `fleet`, and one member failing or
 * disconnected never holds up another (each has its own poller and backoff, and its rows stay,
 * marked stale). The whole is handed to the store as one Connection, so starting, stopping
 * and refreshing the console work as they do for one context.
 */
import type {StoreApi} from 'zustand/vanilla';
import type {Snapshot} from '../model/snapshot.js';
import type {ConnectionState} from '../transport/types.js';
import {createLogSession, type LogSession, type LogSource} from '../store/log-session.js';
import type {RenderedLogLine} from '../store/log-lines.js';
import {createPoller, type Poller} from '../store/poller.js';
import {createSafetySession, type SafetySession} from '../store/safety-session.js';
import type {LogRing} from '../store/ring.js';
import {logFlushes, routerOf, withTrends} from '../store/runtime.js';
import {fleetPoolHistory} from '../store/pool-history.js';
import type {
	AppState,
	Connection,
	FleetMember,
	FleetMemberView,
	FleetRuntime,
	OpenedContext,
	RefreshState,
} from '../store/types.js';
import {mergeFleet} from './merge.js';

interface MemberState extends FleetMember {
	view: FleetMemberView;
}

function isStale(view: Pick<FleetMemberView, 'failures' | 'connection'>): boolean {
	return view.failures > 0 || view.connection.kind === 'reconnecting' || view.connection.kind === 'failed';
}

/** The console's refresh line over the whole fleet: fresh as its freshest member, failing only when all are. */
function fleetRefresh(
	previous: RefreshState,
	members: readonly MemberState[],
	polling: readonly Poller[],
): RefreshState {
	const oks = members.flatMap((m) => (m.view.lastOkAt === null ? [] : [m.view.lastOkAt]));
	const failures = Math.min(...members.map((m) => m.view.failures));
	return {
		...previous,
		inFlight: polling.some((p) => p.inFlight),
		lastOkAt: oks.length > 0 ? Math.max(...oks) : null,
		failures,
		error: failures > 0 ? (members.find((m) => m.view.error)?.view.error ?? null) : null,
	};
}

/** Connected when any member is; otherwise the first member's state (all are down). */
function fleetConnection(members: readonly MemberState[]): ConnectionState {
	const up = members.find((m) => m.view.connection.kind === 'connected');
	return (up ?? members[0]!).view.connection;
}

export interface FleetConnection {
	connection: Connection;
	fleet: FleetRuntime;
	/** Each member as the header shows it before its first refresh. */
	views: FleetMemberView[];
}

/** The longest a member's new snapshot waits for the other members' refreshes in flight. */
export const FLEET_GATHER_MS = 250;

export function connectFleet(
	store: StoreApi<AppState>,
	members: readonly OpenedContext[],
	options: {ring: LogRing<RenderedLogLine>; name: string},
): FleetConnection {
	const states: MemberState[] = [];
	const poolHistory = fleetPoolHistory(members);
	const publish = (): void => {
		const pictures = states.map((m) => ({
			name: m.opened.context,
			snapshot: m.snapshot,
			staleSince: isStale(m.view) && m.view.lastOkAt !== null ? new Date(m.view.lastOkAt).toISOString() : null,
		}));
		const state = store.getState();
		const snapshot = mergeFleet(pictures, options.name, new Date().toISOString());
		const trends = withTrends(state.trends, snapshot);
		poolHistory?.save(trends);
		store.setState({
			snapshot,
			trends,
			fleet: states.map((m) => m.view),
			refresh: fleetRefresh(
				state.refresh,
				states,
				states.map((m) => m.connection.poller),
			),
			connection: fleetConnection(states),
		});
	};
	// Members refresh together (their pollers keep to the clock's interval): a member's news
	// waits for the others' refreshes in flight, up to FLEET_GATHER_MS, so that one merge and
	// one frame show them all instead of one each.
	let gathering: ReturnType<typeof setTimeout> | null = null;
	const gatherMs = Math.min(FLEET_GATHER_MS, ...members.map((m) => m.intervalMs / 4));
	const publishNow = (): void => {
		if (gathering) clearTimeout(gathering);
		gathering = null;
		publish();
	};
	const update = (member: MemberState, patch: Partial<FleetMemberView>): void => {
		const view = {...member.view, ...patch};
		member.view = {...view, stale: isStale(view)};
		const othersReading = states.some((m) => m !== member && m.connection.poller.inFlight);
		if (!othersReading) return publishNow();
		gathering ??= setTimeout(publishNow, gatherMs);
	};
	const flush = logFlushes(store);
	for (const opened of members) {
		const member = {opened, snapshot: null} as MemberState;
		const poller = createPoller(
			{
				collect: (signal) => opened.collector.collect(signal),
				onStart: () => {},
				onSuccess: (snapshot: Snapshot, at) => {
					member.snapshot = snapshot;
					update(member, {lastOkAt: at, failures: 0, error: null, guests: snapshot.guests.length});
				},
				onFailure: (error, failures) => update(member, {failures, error: error.message}),
			},
			{intervalMs: opened.intervalMs, alignToInterval: true},
		);
		const nodes = routerOf(opened);
		member.connection = {
			transport: opened.transport,
			collector: opened.collector,
			nodes,
			poller,
			logs: createLogSession(nodes, options.ring, flush),
			// The fleet's connection keeps every member's pool history (below); a member's own does not.
			poolHistory: null,
			// The safety net reads one context at a time: the fleet's first (below); the others' never start.
			safety: createSafetySession({
				nodes,
				settings: store.getState().safetySettings,
				snapshot: () => member.snapshot,
				get: () => store.getState().safety,
				set: (patch) => store.setState({safety: {...store.getState().safety, ...patch}}),
			}),
		};
		member.view = {
			name: opened.context,
			host: opened.transport.label,
			readOnly: opened.readOnly,
			readOnlyWhy: opened.readOnlyWhy,
			connection: opened.transport.state(),
			lastOkAt: null,
			failures: 0,
			error: null,
			stale: false,
			guests: 0,
		};
		states.push(member);
	}
	const primary = states[0]!;
	const unsubscribers: (() => void)[] = [];
	const poller: Poller = {
		start() {
			if (poller.running) return;
			for (const member of states) {
				unsubscribers.push(member.opened.transport.onStateChange((connection) => update(member, {connection})));
				member.connection.poller.start();
			}
		},
		stop() {
			for (const member of states) member.connection.poller.stop();
			for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
			if (gathering) publishNow();
		},
		refreshNow() {
			for (const member of states) member.connection.poller.refreshNow();
		},
		async collect() {
			// Every member read now (a member down does not fail the others), then the merged picture.
			await Promise.allSettled(states.map((m) => m.connection.poller.collect()));
			if (gathering) publishNow();
			return store.getState().snapshot!;
		},
		get running() {
			return states.some((m) => m.connection.poller.running);
		},
		get inFlight() {
			return states.some((m) => m.connection.poller.inFlight);
		},
	};
	const memberOf = (source: LogSource): MemberState =>
		states.find((m) => m.opened.context === source.context) ?? primary;
	// One stream at a time across the fleet, on the context the source belongs to.
	const logs: LogSession = {
		start(source, guestType) {
			for (const member of states) member.connection.logs.stop();
			memberOf(source).connection.logs.start(source, guestType);
		},
		stop() {
			for (const member of states) member.connection.logs.stop();
		},
		clear() {
			for (const member of states) member.connection.logs.stop();
			primary.connection.logs.clear();
		},
	};
	const first = primary.connection.safety;
	// Snapshots, backups and tasks are the first context's; a guest of another one says so.
	const safety: SafetySession = {
		...first,
		loadSnapshots(guest) {
			if (guest.context === undefined || guest.context === primary.opened.context) return first.loadSnapshots(guest);
			const state = store.getState().safety;
			store.setState({
				safety: {
					...state,
					snapshots: {
						...state.snapshots,
						[guest.vmid]: {
							status: 'error',
							list: [],
							error: `in a fleet the safety net reads context ${primary.opened.context} only: open ${guest.context} with --context ${guest.context}`,
						},
					},
				},
			});
		},
	};
	return {
		connection: {...primary.connection, poller, logs, safety, poolHistory},
		fleet: {members: new Map(states.map((m) => [m.opened.context, m]))},
		views: states.map((m) => m.view),
	};
}
