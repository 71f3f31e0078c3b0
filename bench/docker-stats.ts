/**
 * What a Docker host's live readings cost a refresh at the 1,000-guest scale: 50 Docker
 * hosts of 12 containers each, every one polled in the same refresh (the worst case; by
 * default a refresh polls 4), read by two collectors over the same simulated homelab, one
 * with the readings (stats, inspect, bind sources, system df) and one without, their
 * refreshes alternating. Figures: the median wall time of each, their ratio, and the exec
 * channels a refresh opens (the readings ride in the same batch: the same count).
 * The simulated host answers at once, so the wall time is proxdeck's own work (rendering
 * the batch, splitting and parsing the output) plus the simulation's; a real `docker stats
 * --no-stream` also waits for its sampling interval inside each Docker host.
 */
import {createCollector} from '../source/host/collect.js';
import {createHomelab} from '../source/sim/state.js';
import {createSimTransport} from '../source/sim/transport.js';
import {median, round} from './lib.js';

export interface DockerStatsResult {
	guests: number;
	dockerHosts: number;
	containers: number;
	onMs: number;
	offMs: number;
	/** onMs / offMs */
	ratio: number;
	channelsOn: number;
	channelsOff: number;
	runs: number;
	/** Docker hosts polled per refresh, or 'all'. */
	polled: number | 'all';
}

const HOSTS = 50;
const PER_HOST = 12;

/**
 * `perRefresh`: Docker hosts polled per refresh; undefined polls them all in every refresh
 * (the worst case), 4 is what a refresh polls by default (rotating over the 50).
 */
export async function benchDockerStats(options: {runs?: number; perRefresh?: number} = {}): Promise<DockerStatsResult> {
	const runs = options.runs ?? 7;
	const perRefresh = options.perRefresh;
	const state = createHomelab({scale: {guests: 1000, nodes: 1, dockerHosts: HOSTS}});
	// Every generated Docker host gets 12 containers, each running (stats for all of them).
	for (const guest of state.guests) {
		const docker = guest.docker;
		if (!docker || docker.containers.length === 0 || guest.vmid < 1000) continue;
		// Running, so every one of them is read.
		guest.status = 'running';
		guest.bootAt = Math.min(guest.bootAt ?? state.createdAt, state.createdAt - 86_400_000);
		const first = docker.containers[0]!;
		docker.containers = Array.from({length: PER_HOST}, (_, i) => ({
			...first,
			id: `${first.id.slice(0, 60)}${String(i).padStart(4, '0')}`,
			name: `app-${i + 1}`,
			state: 'running' as const,
		}));
	}
	const hosts = state.guests.filter((g) => g.vmid >= 1000 && g.docker?.containers.length === PER_HOST);
	const transports = [true, false].map(() => createSimTransport({state}));
	const collectors = [true, false].map((on, i) =>
		// All: every Docker host in every refresh (the generated 50 and the seeds' few).
		createCollector(transports[i]!, {
			context: 'bench',
			dockerHostsPerRefresh: perRefresh ?? HOSTS * 2,
			dockerReadings: on,
		}),
	);
	// Warm up: the first refreshes read every config and find the Docker hosts.
	for (let i = 0; i < 3; i++) for (const c of collectors) await c.collect();
	const wall: [number[], number[]] = [[], []];
	const channels = [0, 0];
	for (let run = 0; run < runs; run++) {
		// Which one goes first alternates, so neither always pays for the other's garbage.
		for (const i of run % 2 === 0 ? [0, 1] : [1, 0]) {
			const collector = collectors[i]!;
			const before = transports[i]!.stats().execs;
			const started = performance.now();
			const snapshot = await collector.collect();
			wall[i]!.push(performance.now() - started);
			channels[i] = transports[i]!.stats().execs - before;
			const read = snapshot.guests.filter((g) => g.vmid >= 1000 && g.containers?.some((c) => c.stats)).length;
			if (i === 0 && perRefresh === undefined && read < hosts.length)
				throw new Error(`stats read for ${read} of ${hosts.length} Docker hosts`);
		}
	}
	const onMs = round(median(wall[0]), 0);
	const offMs = round(median(wall[1]), 0);
	return {
		guests: state.guests.length,
		dockerHosts: hosts.length,
		containers: hosts.length * PER_HOST,
		onMs,
		offMs,
		ratio: round(onMs / offMs, 2),
		channelsOn: channels[0]!,
		channelsOff: channels[1]!,
		runs,
		polled: perRefresh ?? 'all',
	};
}
