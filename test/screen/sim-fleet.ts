/**
 * A fleet console store over several simulated homelabs (the real collectors, pollers and
 * ops), one per context: for the fleet's store, action and screen tests. `ready()` starts the
 * pollers and waits until every context has answered once.
 */
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createFleetStore} from '../../source/fleet/store.js';
import {createCollector} from '../../source/host/collect.js';
import type {Collector} from '../../source/host/collector-types.js';
import {createJournal} from '../../source/journal/journal.js';
import {SimClock} from '../../source/sim/clock.js';
import {createHomelab} from '../../source/sim/homelab.js';
import {createSimTransport, type SimTransport} from '../../source/sim/transport.js';
import {startPoller} from '../../source/store/app-store.js';
import type {AppStore, OpenedContext} from '../../source/store/types.js';

export interface FleetMemberSpec {
	context: string;
	readOnly?: boolean;
	nodes?: number;
}

export interface SimFleetMember {
	transport: SimTransport;
	/** While true, this context's refreshes fail as a host gone quiet would. */
	down: boolean;
}

export interface SimFleet {
	store: AppStore;
	members: Record<string, SimFleetMember>;
	/** Start refreshing and wait until every context has answered once. */
	ready(): Promise<void>;
}

export async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

export function simFleet(specs: readonly FleetMemberSpec[], intervalMs = 100): SimFleet {
	const members: Record<string, SimFleetMember> = {};
	const opened = specs.map((spec): OpenedContext => {
		const clock = new SimClock({start: Date.parse('2025-06-01T12:00:00Z')});
		const state = createHomelab({now: clock.now(), ...(spec.nodes ? {nodes: spec.nodes} : {})});
		const transport = createSimTransport({state, clock, label: `root@${spec.context}`});
		const member: SimFleetMember = {transport, down: false};
		members[spec.context] = member;
		const real = createCollector(transport, {context: spec.context, now: () => clock.now()});
		const collector: Collector = {
			collect: (signal) =>
				member.down ? Promise.reject(new Error(`${spec.context}: connection lost`)) : real.collect(signal),
		};
		return {
			collector,
			transport,
			context: spec.context,
			readOnly: spec.readOnly ?? false,
			readOnlyWhy: spec.readOnly ? `context "${spec.context}" is readOnly in the config (--write overrides)` : null,
			colour: null,
			banner: null,
			sudo: false,
			intervalMs,
			thresholds: {warn: 80, crit: 90},
		};
	});
	const store = createFleetStore({
		members: opened,
		journal: createJournal({env: {XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'proxdeck-fleet-'))}}),
		term: {rows: 40, cols: 160},
	});
	return {
		store,
		members,
		async ready() {
			startPoller(store, {logs: false});
			await until('every context to answer', () => (store.getState().fleet ?? []).every((m) => m.lastOkAt !== null));
		},
	};
}
