/**
 * The demo's homelab: one simulated Proxmox host that every `proxdeck --demo` of this user
 * shares, kept in $XDG_STATE_HOME/proxdeck/demo-homelab.json (beside the action journal).
 * What one command changes, a deploy or a stop, the next command and every open console
 * see, as they would on a real host; `proxdeck demo reset` (or `--demo-reset`) starts afresh.
 *
 * Every process runs its commands on the newest state under the file's lock and saves what
 * they changed (sim/state-file.ts), so a console and a CLI command, or two consoles, never
 * lose each other's changes. Time is the wall clock: the state holds absolute times (when a
 * guest booted, when the homelab was made), so every process agrees on uptimes, boots and
 * handshakes, and the homelab keeps running while no proxdeck looks at it.
 *
 * `--demo-cluster` is the same homelab as a 3-node cluster, kept in a file of its own
 * (demo-cluster-homelab.json). `--demo-scale N` is a generated homelab for benchmarks and load
 * tests (a node per hundred guests), in memory only.
 */
import {existsSync, renameSync} from 'node:fs';
import {join} from 'node:path';
import {stateDirectory} from '../state-dir.js';
import {createHomelab} from './state.js';
import {SharedStateFile, StateFileError} from './state-file.js';
import {createSimTransport, type SimTransport} from './transport.js';

export const DEMO_STATE_FILE = 'demo-homelab.json';
/** The 3-node cluster demo (`--demo-cluster`) is a homelab of its own, kept beside the other. */
export const DEMO_CLUSTER_STATE_FILE = 'demo-cluster-homelab.json';
/** Nodes of the cluster demo. */
const CLUSTER_NODES = 3;

export function demoStatePath(env: Record<string, string | undefined> = process.env, cluster = false): string {
	return join(stateDirectory(env), cluster ? DEMO_CLUSTER_STATE_FILE : DEMO_STATE_FILE);
}

/** A fresh homelab: the seeds' single host, or (cluster) the same homelab spread over three nodes. */
const freshHomelab = (cluster: boolean) => () =>
	createHomelab({now: Date.now(), ...(cluster ? {nodes: CLUSTER_NODES} : {})});

export interface DemoOptions {
	/** A generated homelab of this many guests, never saved. */
	scale?: number;
	/** The generator's seed (homelabs of the demo fleet differ by it). */
	seed?: number;
	/** Start the saved homelab afresh before opening it. */
	reset?: boolean;
	/** The 3-node cluster demo instead of the single host. */
	cluster?: boolean;
	env?: Record<string, string | undefined>;
}

export type OpenedDemo = {ok: true; transport: SimTransport; file: string | null} | {ok: false; message: string};

/** What to tell a user whose saved homelab cannot be used, and how to get past it. */
export function unusableMessage(error: StateFileError): string {
	return `the demo's saved homelab ${error.file} ${error.why}; \`proxdeck demo reset\` starts a fresh one (and keeps this file beside it)`;
}

export function openDemo(options: DemoOptions = {}): OpenedDemo {
	if (options.scale) {
		const n = options.scale;
		const state = createHomelab({
			scale: {guests: n, nodes: Math.max(1, Math.ceil(n / 100)), dockerHosts: Math.ceil(n / 20)},
			...(options.seed === undefined ? {} : {seed: options.seed}),
		});
		return {ok: true, transport: createSimTransport({state, realTime: true}), file: null};
	}
	const cluster = options.cluster ?? false;
	const file = demoStatePath(options.env, cluster);
	try {
		if (options.reset) resetDemo(options.env, cluster);
		return {
			ok: true,
			transport: createSimTransport({shared: SharedStateFile.open(file, freshHomelab(cluster)), realTime: true}),
			file,
		};
	} catch (error) {
		if (error instanceof StateFileError) return {ok: false, message: unusableMessage(error)};
		throw error;
	}
}

export interface DemoReset {
	file: string;
	/** Where a saved homelab that could not be read was moved, so nothing is lost. */
	keptAs?: string;
}

/** Replaces the saved homelab with a fresh one; open consoles follow on their next refresh. */
export function resetDemo(env: Record<string, string | undefined> = process.env, cluster = false): DemoReset {
	const file = demoStatePath(env, cluster);
	let keptAs: string | undefined;
	if (existsSync(file)) {
		try {
			SharedStateFile.open(file, freshHomelab(cluster));
		} catch (error) {
			if (!(error instanceof StateFileError)) throw error;
			keptAs = `${file}.unusable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
			renameSync(file, keptAs);
		}
	}
	SharedStateFile.replace(file, freshHomelab(cluster));
	return keptAs ? {file, keptAs} : {file};
}

/**
 * `proxdeck demo break <vmid>`: the services inside a demo guest stop, as a bad upgrade leaves
 * them; its probes fail until it is started again or rolled back to a snapshot. Returns the
 * services stopped, or why nothing was.
 */
export function breakDemoGuest(
	vmid: number,
	env: Record<string, string | undefined> = process.env,
	cluster = false,
): {ok: true; services: string[]} | {ok: false; message: string} {
	const shared = SharedStateFile.open(demoStatePath(env, cluster), freshHomelab(cluster));
	return shared.update((state) => {
		const guest = state.guests.find((g) => g.vmid === vmid);
		if (!guest) return {ok: false, message: `the demo has no guest ${vmid}`};
		if (guest.services.length === 0)
			return {
				ok: false,
				message: `guest ${vmid} (${guest.name}) runs no service to stop${guest.stoppedServices?.length ? ' (they are stopped already)' : ''}`,
			};
		const services = guest.services.map((s) => s.name);
		guest.stoppedServices = [...(guest.stoppedServices ?? []), ...guest.services];
		guest.services = [];
		return {ok: true as const, services};
	});
}
