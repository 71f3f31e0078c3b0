/**
 * `:ctx <name>`: connect the new context first (the old one keeps showing until then), then
 * stop the old refresh loop and log stream, close the old connection, and start over with an
 * empty snapshot so every pane refills from the new host, with its read-only flag and colours.
 * `:fleet` (fleet/switch.ts) swaps in several contexts' connections the same way.
 */
import {contextState, startPoller, stopPoller} from './app-store.js';
import {isActive} from './jobs.js';
import {connect} from './runtime.js';
import type {AppState, AppStore, Connection, FleetRuntime} from './types.js';

/** Why the console cannot change what it is connected to now, or null. */
export function switchRefusal(state: AppState, what: string): string | null {
	if (state.switching) return `already switching to ${state.switching}`;
	if (state.jobs.some(isActive)) return `${what}: a job is still running on ${state.context}; wait for it to finish`;
	return null;
}

/** The guests table as a new context starts it: nothing selected, marked, filtered or opened. */
export function freshGuests(guests: AppState['guests']): AppState['guests'] {
	return {...guests, selected: null, index: 0, filter: '', marks: [], rangeAnchor: null, expanded: {}};
}

/** Every connection the console holds now: the context's, or each of the fleet's. */
function openConnections(store: AppStore): Connection[] {
	const {fleet, connection} = store.runtime;
	return fleet ? [...fleet.members.values()].map((m) => m.connection) : [connection];
}

/**
 * Stop the current connection(s), install the new one and the state that goes with it, close
 * the old connections, and start refreshing again if the console was.
 */
export function replaceConnection(
	store: AppStore,
	next: {connection: Connection; fleet: FleetRuntime | null; state: Partial<AppState>},
): void {
	const {runtime} = store;
	const wasRunning = runtime.connection.poller.running;
	stopPoller(store);
	const old = openConnections(store);
	runtime.connection.logs.clear();
	runtime.connection = next.connection;
	runtime.fleet = next.fleet;
	// Closing can wait on a dead link; the new context does not need to.
	for (const connection of old) {
		void connection.nodes.close().catch(() => {});
		void connection.transport.close().catch(() => {});
	}
	const now = store.getState();
	store.setState({
		switching: null,
		guests: freshGuests(now.guests),
		logs: {
			...now.logs,
			source: {kind: 'host'},
			followSelection: false,
			filter: '',
			dropped: 0,
			received: 0,
			status: 'idle',
			revision: now.logs.revision + 1,
		},
		...next.state,
	});
	if (wasRunning) startPoller(store, {logs: runtime.logsWanted});
}

export async function switchContext(store: AppStore, name: string): Promise<void> {
	const {runtime} = store;
	const state = store.getState();
	const say = (notice: string): void => store.setState({notice});
	if (!runtime.switcher) return say(':ctx: this session has no config contexts to switch to');
	if (name === '') return say(`:ctx needs a name: ${state.contexts.join(', ')}`);
	if (name === state.context) return say(`already on context ${name}`);
	const refused = switchRefusal(state, ':ctx');
	if (refused) return say(refused);
	store.setState({switching: name, notice: `connecting to context ${name}...`});
	const result = await runtime
		.switcher(name)
		.catch((error: unknown) => ({ok: false as const, message: error instanceof Error ? error.message : String(error)}));
	if (!result.ok)
		return void store.setState({
			switching: null,
			notice: `:ctx ${name}: ${result.message} (still on ${store.getState().context})`,
		});
	const {opened} = result;
	const fresh = contextState(opened);
	replaceConnection(store, {
		connection: connect(store, opened, store.getState().logRing),
		fleet: null,
		state: {
			...fresh,
			fleet: null,
			notice: `switched to context ${opened.context}${opened.readOnly ? ' [RO]' : ''}${fresh.notice ? `; ${fresh.notice}` : ''}`,
		},
	});
}
