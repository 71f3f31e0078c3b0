/**
 * A console store over the simulated homelab (the real collector, the real ops): for store,
 * palette, context and screen tests of the actions. `load()` puts a fresh snapshot in the
 * store the way a poller tick would, without starting the poller.
 */
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createCollector} from '../../source/host/collect.js';
import {createJournal, type Journal} from '../../source/journal/journal.js';
import {SimClock} from '../../source/sim/clock.js';
import {createHomelab} from '../../source/sim/homelab.js';
import {createSimTransport, type SimTransport} from '../../source/sim/transport.js';
import {createAppStore, type AppStoreOptions} from '../../source/store/app-store.js';
import type {AppStore} from '../../source/store/types.js';
import type {Transport} from '../../source/transport/types.js';

export interface SimStore {
	store: AppStore;
	transport: SimTransport;
	journal: Journal;
	/** One refresh into the store. */
	load(): Promise<void>;
}

export function simStore(
	options: {
		nodes?: number;
		context?: string;
		label?: string;
		shell?: Transport['interactive'];
	} & Partial<AppStoreOptions> = {},
): SimStore {
	const clock = new SimClock({start: Date.parse('2025-06-01T12:00:00Z')});
	const state = createHomelab({now: clock.now(), ...(options.nodes ? {nodes: options.nodes} : {})});
	const transport = createSimTransport({state, clock, ...(options.label ? {label: options.label} : {})});
	// The simulated homelab has no terminal to hand over; a test that needs one lends it.
	if (options.shell) Object.assign(transport, {interactive: options.shell});
	const context = options.context ?? 'demo';
	const collector = createCollector(transport, {context, now: () => clock.now(), sudo: options.sudo ?? false});
	const journal = createJournal({env: {XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'proxdeck-console-'))}});
	const store = createAppStore({
		collector,
		transport,
		context,
		host: transport.label,
		readOnly: false,
		journal,
		term: {rows: 24, cols: 80},
		...options,
	});
	return {
		store,
		transport,
		journal,
		async load() {
			store.getState().setSnapshot(await collector.collect());
		},
	};
}

/** Select the guest with this VMID in the guests pane. */
export function select(store: AppStore, vmid: number): void {
	store.setState({guests: {...store.getState().guests, selected: `g:${vmid}`}});
}
