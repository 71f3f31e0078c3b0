/**
 * A console over several contexts at once: the console's store with the fleet's connection
 * (one connection and poller per context, fleet/connection.ts) in place of one context's, and
 * its state told which contexts it shows. Everything else (keys, panes, jobs, the journal) is
 * the one-context console's own; the action handlers ask the runtime which member a guest is
 * on. `--context a --context b` starts this way; `:fleet` swaps it in from a running console.
 */
import {fleetPoolHistory} from '../store/pool-history.js';
import {contextState, createAppStore, type AppStoreOptions} from '../store/app-store.js';
import {freshGuests, replaceConnection, switchRefusal} from '../store/context-switch.js';
import type {AppState, AppStore, OpenedContext} from '../store/types.js';
import {connectFleet} from './connection.js';

export interface FleetStoreOptions extends Omit<AppStoreOptions, 'collector' | 'transport' | 'context' | 'readOnly'> {
	members: readonly OpenedContext[];
}

/** `home+lab+nas`: how the header and the journal name the fleet. */
export function fleetName(members: readonly {context: string}[]): string {
	return members.map((m) => m.context).join('+');
}

/**
 * The fleet as one context's settings: its name, read-only only when every member is (each
 * member's own mode is asked per action), no colour or banner of one member.
 */
function fleetSettings(members: readonly OpenedContext[]): OpenedContext {
	const first = members[0];
	if (!first) throw new Error('a fleet needs at least one context');
	const allReadOnly = members.every((m) => m.readOnly);
	return {
		...first,
		context: fleetName(members),
		readOnly: allReadOnly,
		readOnlyWhy: allReadOnly ? 'every context of the fleet is read-only' : null,
		colour: null,
		banner: null,
		poolHistory: fleetPoolHistory(members),
	};
}

const hostLabel = (members: readonly OpenedContext[]): string => `${members.length} contexts`;

/** What the state holds of a fleet as it starts: no snapshot yet, and each member's entry. */
function fleetState(store: AppStore, members: readonly OpenedContext[]) {
	const settings = fleetSettings(members);
	const fleet = connectFleet(store, members, {ring: store.getState().logRing, name: settings.context});
	const state: Partial<AppState> = {
		...contextState(settings, hostLabel(members)),
		// Each context's guests together (then by VMID), as the operator thinks of them.
		guests: {...freshGuests(store.getState().guests), sort: {key: 'context', desc: false}},
		fleet: fleet.views,
		canShell: members.some((m) => typeof m.transport.interactive === 'function'),
	};
	return {fleet, state};
}

export function createFleetStore(options: FleetStoreOptions): AppStore {
	const {members, ...rest} = options;
	const store = createAppStore({...rest, ...fleetSettings(members), host: hostLabel(members)});
	const {fleet, state} = fleetState(store, members);
	store.runtime.connection = fleet.connection;
	store.runtime.fleet = fleet.fleet;
	store.setState(state);
	return store;
}

/**
 * `:fleet [a,b,…]`: connect the named contexts (every context of the config without names),
 * then show them all at once in place of what the console showed. A context that cannot be
 * connected is left out and named; the others open.
 */
export async function openFleet(store: AppStore, names: readonly string[]): Promise<void> {
	const {runtime} = store;
	const say = (notice: string): void => store.setState({notice});
	const state = store.getState();
	const switcher = runtime.switcher;
	if (!switcher) return say(':fleet: this session has no config contexts to open');
	const wanted = names.length > 0 ? names : state.contexts;
	const unknown = wanted.filter((n) => !state.contexts.includes(n));
	if (unknown.length > 0)
		return say(`:fleet: no context ${unknown.join(', ')} in the config (${state.contexts.join(', ')})`);
	if (wanted.length < 2) return say(':fleet needs two contexts or more (`:ctx` switches to one)');
	const refused = switchRefusal(state, ':fleet');
	if (refused) return say(refused);
	store.setState({switching: wanted.join('+'), notice: `connecting to ${wanted.join(', ')}…`});
	const members: OpenedContext[] = [];
	const failed: string[] = [];
	for (const name of wanted) {
		const result = await switcher(name).catch((error: unknown) => ({
			ok: false as const,
			message: error instanceof Error ? error.message : String(error),
		}));
		if (result.ok) members.push(result.opened);
		else failed.push(`${name}: ${result.message}`);
	}
	if (members.length < 2) {
		for (const member of members) void member.transport.close().catch(() => {});
		return void store.setState({
			switching: null,
			notice: `:fleet: ${failed.join('; ')} (still on ${store.getState().context})`,
		});
	}
	const {fleet, state: next} = fleetState(store, members);
	replaceConnection(store, {
		connection: fleet.connection,
		fleet: fleet.fleet,
		state: {
			...next,
			notice: `fleet of ${members.map((m) => m.context).join(', ')}${failed.length > 0 ? `; left out ${failed.join('; ')}` : ''}`,
		},
	});
}
