/** A simulated homelab wired to the real collector, with a clock the ops' polls drive. */
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createCollector} from '../../source/host/collect.js';
import {createJournal, type Journal} from '../../source/journal/journal.js';
import type {OpsEnv} from '../../source/ops/job.js';
import {SimClock} from '../../source/sim/clock.js';
import {createHomelab} from '../../source/sim/homelab.js';
import {createSimTransport, type SimTransport} from '../../source/sim/transport.js';

export const START = Date.parse('2025-06-01T12:00:00Z');

export interface SimLab {
	transport: SimTransport;
	clock: SimClock;
	env: OpsEnv;
	journal: Journal;
	journalDir: string;
}

/** The demo's homelab (or, with `nodes`, the simulated cluster) and everything ops run against. */
export function simLab(options: {nodes?: number} = {}): SimLab {
	const clock = new SimClock({start: START});
	const state = createHomelab({now: START, ...(options.nodes ? {nodes: options.nodes} : {})});
	const transport = createSimTransport({state, clock});
	const collector = createCollector(transport, {context: 'demo', now: () => clock.now()});
	// Every ops command goes through the collector's router (it knows the nodes from each refresh).
	const journalDir = mkdtempSync(join(tmpdir(), 'proxdeck-ops-'));
	return {
		transport,
		clock,
		journalDir,
		journal: createJournal({env: {XDG_STATE_HOME: journalDir}}),
		env: {
			nodes: collector.nodes,
			collector,
			context: 'demo',
			now: () => clock.now(),
			// Polls move the simulated time instead of waiting for it.
			sleep: async (ms) => clock.advance(ms),
			pollMs: 1000,
		},
	};
}

/** Everything that a write could change, for "nothing changed" assertions. */
export function hostState(lab: SimLab): string {
	const {state} = lab.transport.sim;
	return JSON.stringify({
		guests: state.guests,
		storages: state.storages,
		cfs: state.cfsVersion,
		vmlist: state.vmlistVersion,
	});
}
