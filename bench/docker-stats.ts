/**
 * What a Docker host's live readings cost a refresh at the 1,000-guest scale: 50 Docker
 * hosts of 12 containers each, read by two collectors over the same simulated homelab, one
 * with the readings (stats, inspect, bind sources, system df) and one without, their
 * refreshes alternating. Polled 4 hosts a refresh (the default, rotating over the 50) or all
 * of them in every refresh (the worst case).
 *
 * Two host models, each its own row:
 * - `timed`: the simulated host takes as long as a real node would (sim/command-time.ts,
 *   `host`): Proxmox's Perl tools their start-up, `pct exec` its attach, the Docker CLI its
 *   daemon round trip, and `docker stats --no-stream` the daemon's sampling interval. This is
 *   the refresh wall time the goal is about. Polling all 50 hosts each refresh makes a
 *   refresh of half a minute on such a host (100 `pct exec` one after another, stats or
 *   not), so that row runs with every modelled time scaled down (`timeScale`); what the
 *   sim and proxdeck compute is not scaled, so it weighs more there, not less.
 * - `instant`: the host answers at once, and the figure is the CPU time the process spent
 *   on a refresh (not its wall time, which a busy machine stretches): proxdeck's own work
 *   (rendering the batch, splitting and parsing the output, folding the readings) plus the
 *   simulation's, which runs in the same process.
 * Figures: the median of each with min–max, their ratio, and the exec channels a refresh
 * opens (the readings ride in the same batch: the same count).
 */
import {createCollector} from '../source/host/collect.js';
import {createHomelab} from '../source/sim/state.js';
import {createSimTransport} from '../source/sim/transport.js';
import type {Row} from './report.js';
import {round, timing, type Timing} from './lib.js';

export interface DockerStatsResult {
	guests: number;
	dockerHosts: number;
	containers: number;
	/** How the simulated host answers: in a real node's time, or at once (CPU only). */
	host: 'timed' | 'instant';
	/** The factor the modelled command times were scaled by (timed only). */
	timeScale: number;
	/** Refresh wall time (timed host) or the process's CPU time per refresh (instant host). */
	on: Timing;
	off: Timing;
	/** on.medianMs / off.medianMs */
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
export async function benchDockerStats(
	options: {runs?: number; perRefresh?: number; host?: 'timed' | 'instant'; timeScale?: number} = {},
): Promise<DockerStatsResult> {
	const runs = options.runs ?? 7;
	const perRefresh = options.perRefresh;
	const host = options.host ?? 'instant';
	const timeScale = host === 'timed' ? (options.timeScale ?? 1) : 1;
	const state = createHomelab({scale: {guests: 1000, nodes: 1, dockerHosts: HOSTS}});
	// Every generated Docker host gets 12 containers, each running (stats for all of them).
	for (const guest of state.guests) {
		const docker = guest.docker;
		if (!docker || docker.containers.length === 0 || guest.vmid < 1000) continue;
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
	const transports = [true, false].map(() =>
		host === 'timed'
			? createSimTransport({state, realTime: true, timing: 'host', timeScale})
			: createSimTransport({state}),
	);
	const collectors = [true, false].map((on, i) =>
		// All: every Docker host in every refresh (the generated 50 and the seeds' few).
		createCollector(transports[i]!, {
			context: 'bench',
			dockerHostsPerRefresh: perRefresh ?? HOSTS * 2,
			dockerReadings: on,
		}),
	);
	// Warm up: the first refreshes read every config and find the Docker hosts.
	for (let i = 0; i < 2; i++) for (const c of collectors) await c.collect();
	const samples: [number[], number[]] = [[], []];
	const channels = [0, 0];
	for (let run = 0; run < runs; run++) {
		// Which one goes first alternates, so neither always pays for the other's garbage.
		for (const i of run % 2 === 0 ? [0, 1] : [1, 0]) {
			const collector = collectors[i]!;
			const before = transports[i]!.stats().execs;
			const started = performance.now();
			const cpu = process.cpuUsage();
			const snapshot = await collector.collect();
			const used = process.cpuUsage(cpu);
			samples[i]!.push(host === 'timed' ? performance.now() - started : (used.user + used.system) / 1000);
			channels[i] = transports[i]!.stats().execs - before;
			const read = snapshot.guests.filter((g) => g.vmid >= 1000 && g.containers?.some((c) => c.stats)).length;
			if (i === 0 && perRefresh === undefined && read < hosts.length)
				throw new Error(`stats read for ${read} of ${hosts.length} Docker hosts`);
		}
	}
	for (const t of transports) await t.close();
	const on = timing(samples[0]);
	const off = timing(samples[1]);
	return {
		guests: state.guests.length,
		dockerHosts: hosts.length,
		containers: hosts.length * PER_HOST,
		host,
		timeScale,
		on,
		off,
		ratio: round(on.medianMs / off.medianMs, 2),
		channelsOn: channels[0]!,
		channelsOff: channels[1]!,
		runs,
		polled: perRefresh ?? 'all',
	};
}

/** The rows: the goal is about the timed host's wall time; the instant one shows the CPU part. */
export function dockerStatsRows(results: readonly DockerStatsResult[] | undefined): Row[] {
	return (results ?? []).map((d) => {
		const polled = d.polled === 'all' ? 'every host each refresh' : `${d.polled} hosts a refresh`;
		const host =
			d.host === 'instant'
				? 'host answering at once, CPU time (proxdeck and the simulation)'
				: `host in a real node's time${d.timeScale === 1 ? '' : ` ×${d.timeScale}`}, wall time`;
		const ms = (t: Timing): string => `${t.medianMs} ms (${t.minMs}–${t.maxMs})`;
		return {
			figure: `refresh, ${d.guests} guests, ${d.dockerHosts} Docker hosts × ${d.containers / d.dockerHosts}: stats, ${polled}, ${host}`,
			measured: `${ms(d.on)}, ${d.channelsOn} exec channel(s)`,
			compare: `stats off ${ms(d.off)} (×${d.ratio}), ${d.channelsOff} exec channel(s)`,
			goal: d.host === 'timed' ? '≤ 1.15×, no extra channel' : 'no extra channel',
			met:
				d.host === 'timed'
					? d.ratio <= 1.15 && d.channelsOn === d.channelsOff
						? 'yes'
						: 'NO'
					: d.channelsOn === d.channelsOff
						? 'yes'
						: 'NO',
		};
	});
}
