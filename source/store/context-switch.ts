/**
 * `:ctx <name>`: connect the new context first (the old one keeps showing until then), then
 * stop the old refresh loop and log stream, close the old connection, and start over with an
 * empty snapshot so every pane refills from the new host, with its read-only flag and colours.
 */
import {contextState, startPoller, stopPoller} from './app-store.js';
import {isActive} from './jobs.js';
import {connect} from './runtime.js';
import type {AppStore} from './types.js';

export async function switchContext(store: AppStore, name: string): Promise<void> {
	const {runtime} = store;
	const state = store.getState();
	const say = (notice: string): void => store.setState({notice});
	if (!runtime.switcher) return say(':ctx: this session has no config contexts to switch to');
	if (name === '') return say(`:ctx needs a name: ${state.contexts.join(', ')}`);
	if (name === state.context) return say(`already on context ${name}`);
	if (state.switching) return say(`already switching to ${state.switching}`);
	if (state.jobs.some(isActive)) return say(`:ctx: a job is still running on ${state.context}; wait for it to finish`);
	store.setState({switching: name, notice: `connecting to context ${name}…`});
	const result = await runtime
		.switcher(name)
		.catch((error: unknown) => ({ok: false as const, message: error instanceof Error ? error.message : String(error)}));
	if (!result.ok)
		return void store.setState({
			switching: null,
			notice: `:ctx ${name}: ${result.message} (still on ${store.getState().context})`,
		});
	const {opened} = result;
	const wasRunning = runtime.connection.poller.running;
	stopPoller(store);
	const old = runtime.connection.transport;
	const oldNodes = runtime.connection.nodes;
	runtime.connection.logs.clear();
	runtime.connection = connect(store, opened, store.getState().logRing);
	// Closing can wait on a dead link; the new context does not need to.
	void oldNodes.close().catch(() => {});
	void old.close().catch(() => {});
	const now = store.getState();
	store.setState({
		...contextState(opened),
		switching: null,
		guests: {...now.guests, selected: null, index: 0, filter: '', marks: [], rangeAnchor: null, expanded: {}},
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
		notice: `switched to context ${opened.context}${opened.readOnly ? ' [RO]' : ''}`,
	});
	if (wasRunning) startPoller(store, {logs: runtime.logsWanted});
}
