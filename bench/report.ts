/** The results as the table `npm run bench` prints and docs/PERFORMANCE.md shows. */
import type {BenchResults} from './run.js';
import {coldSshRows} from './cold-ssh.js';
import {startupRows} from './startup.js';
import {clientCostRows} from './client-cost.js';
import {dockerStatsRows} from './docker-stats.js';
import {steadyRssRows} from './steady-rss.js';
import {idleSshRows} from './idle-ssh.js';
import type {IdleResult} from './tty-runs.js';
import {ptyKeyRows} from './keys-pty.js';
import {ingestRows} from './ingest-ssh.js';

export interface Row {
	figure: string;
	measured: string;
	compare: string;
	goal: string;
	met: 'yes' | 'NO' | '—';
}

const yes = (ok: boolean): Row['met'] => (ok ? 'yes' : 'NO');

export function goalRows(r: BenchResults): Row[] {
	const rows: Row[] = [];
	const refresh = r.refresh;
	if (refresh && 'skipped' in refresh) {
		rows.push({
			figure: 'refresh vs sshd test host',
			measured: `skipped: ${refresh.skipped}`,
			compare: '',
			goal: '',
			met: '—',
		});
	} else if (refresh) {
		for (const size of refresh.sizes) {
			const label = `${size.guests} guests`;
			rows.push({
				figure: `refresh, ${label}: exec channels / tick`,
				measured: String(size.ours.channels),
				compare: `by hand ${size.byHand.channels}, per-guest loop ${size.perGuest.channels}`,
				goal: '1',
				met: yes(size.ours.channels === 1),
			});
			rows.push({
				figure: `refresh, ${label}: remote processes / tick`,
				measured: String(size.ours.processes ?? 'n/a'),
				compare:
					`by hand ${size.byHand.processes ?? 'n/a'}, per-guest loop ${size.perGuest.processes ?? 'n/a'}; ` +
					`both read ${size.dockerHostsPerRefresh} Docker host(s) this refresh (at most 4 in turn) and check ${size.probesPerRefresh} guest(s) for Docker`,
				goal: 'flat in guests',
				met: '—',
			});
			rows.push({
				figure: `refresh, ${label}: wall time`,
				measured: `${size.ours.wallMs} ms (${size.ours.minMs}–${size.ours.maxMs})`,
				compare:
					`by hand ${size.byHand.wallMs} ms (${size.byHand.minMs}–${size.byHand.maxMs}; ×${size.ratio}), per-guest loop ${size.perGuest.wallMs} ms; ` +
					`of ours, ${size.ours.clientCpuMs ?? 'n/a'} ms is CPU time in proxdeck's process (ssh2, parse, assemble), the rest the host and the link`,
				goal: '≤ 1.1× by hand',
				met: yes(size.ratio <= 1.1),
			});
		}
		const [small, large] = refresh.sizes;
		if (
			small &&
			large &&
			small.ours.processes !== null &&
			large.ours.processes !== null &&
			small.byHand.processes !== null &&
			large.byHand.processes !== null
		) {
			// What grows between the sizes is the Docker hosts read in turn (at most 4) and the
			// guests checked for Docker (a few a refresh), which the hand-written reads grow by
			// too; each of our sections runs under its own `timeout`, two processes where the
			// hand-written command is one. Flat: ours grows by no more than that, nothing per guest.
			const flat =
				large.ours.processes - small.ours.processes <= 2 * (large.byHand.processes - small.byHand.processes) + 2;
			const row = rows.find((x) => x.figure.startsWith(`refresh, ${large.guests} guests: remote processes`));
			if (row) row.met = yes(flat);
			const first = rows.find((x) => x.figure.startsWith(`refresh, ${small.guests} guests: remote processes`));
			if (first) first.met = yes(flat);
		}
	}
	rows.push(...dockerStatsRows(r.dockerStats));
	rows.push(...clientCostRows(r.clientCost));
	const cluster = r.clusterRefresh;
	if (cluster && 'skipped' in cluster) {
		rows.push({figure: 'refresh, 3 nodes', measured: `skipped: ${cluster.skipped}`, compare: '', goal: '', met: '—'});
	} else if (cluster) {
		rows.push({
			figure: `refresh, ${cluster.nodes} nodes: exec channels / tick`,
			measured: String(cluster.channels),
			compare: 'one batch per node, each on its own channel of the one connection',
			goal: '1 per node',
			met: yes(cluster.channels === cluster.nodes),
		});
		rows.push({
			figure: `refresh, ${cluster.nodes} nodes: wall time`,
			measured: `${cluster.wallMs} ms`,
			compare: `slowest node's batch alone ${cluster.slowestMs} ms (×${cluster.ratio}; ${Object.entries(cluster.aloneMs)
				.map(([node, ms]) => `${node} ${ms}`)
				.join(', ')}); one after another ${cluster.sequentialMs} ms`,
			goal: '≤ 1.2× the slowest node',
			met: yes(cluster.ratio <= 1.2),
		});
	}
	if (r.keys) {
		const keys = r.keys;
		rows.push({
			figure: 'key → frame, 1,000 guests, logs at 5,000 lines/s, refreshes running',
			measured: `p50 ${keys.p50Ms} ms, p95 ${keys.p95Ms} ms, p99 ${keys.p99Ms} ms, max ${keys.maxMs} ms`,
			compare: `${keys.presses} presses; Ink render p50 ${keys.inkRenderP50Ms} ms; ${keys.logLinesPerSec} lines/s arrived; in one process with the simulated host`,
			goal: 'p99 ≤ 16 ms, max ≤ 50 ms',
			met: yes(keys.p99Ms <= 16 && keys.maxMs <= 50),
		});
	}
	rows.push(...ptyKeyRows(r.ptyKeys));
	if (r.coldStart) {
		rows.push({
			figure: 'cold start to first full frame (demo)',
			measured: `${r.coldStart.medianMs} ms`,
			compare: `runs ${r.coldStart.runsMs.join(', ')} ms`,
			goal: '≤ 400 ms',
			met: yes(r.coldStart.medianMs <= 400),
		});
	}
	rows.push(...startupRows(r.startup));
	rows.push(...coldSshRows(r.coldSsh));
	if (r.readmeStart) {
		rows.push({
			figure: '`npm start` to first full frame (demo)',
			measured: `${r.readmeStart.medianMs} ms`,
			compare: `median of ${r.readmeStart.runsMs.length} (${r.readmeStart.runsMs.join(', ')} ms); \`npm run dev\` (tsx, from source) ${r.readmeStart.devMedianMs} ms (${r.readmeStart.devRunsMs.join(', ')})`,
			goal: '≤ 1,500 ms',
			met: yes(r.readmeStart.medianMs <= 1500),
		});
	}
	if (r.idle && 'skipped' in r.idle) {
		rows.push({figure: 'idle CPU', measured: `skipped: ${r.idle.skipped}`, compare: '', goal: '', met: '—'});
	} else if (r.idle) {
		for (const idle of r.idle) {
			const demo = idle.guests === 'demo';
			const limit = demo ? 1 : 5;
			rows.push({
				figure: `idle CPU, ${demo ? 'demo' : '1,000 guests'}, 2 s refresh`,
				measured: `${idle.cpuPercent} % of a core`,
				compare: `median of ${idle.runsPercent.length} copies side by side (${idle.runsPercent.join(', ')} %) over ${idle.seconds} s after ${idle.warmupSeconds} s running; RSS ${idle.rssMb} MB at its end (median), peak ${idle.peakRssMb} MB`,
				goal: `≤ ${limit} %`,
				met: yes(idle.cpuPercent <= limit),
			});
		}
	}
	rows.push(...idleSshRows(r.idleSsh));
	const perGuest = memoryPerGuest(r);
	if (perGuest) rows.push(perGuest);
	if (r.fleetIdle && 'skipped' in r.fleetIdle) {
		rows.push({
			figure: 'idle CPU, fleet',
			measured: `skipped: ${r.fleetIdle.skipped}`,
			compare: '',
			goal: '',
			met: '—',
		});
	} else if (r.fleetIdle) {
		const {single, fleet, ratio} = r.fleetIdle;
		rows.push({
			figure: 'idle CPU, fleet of 3 contexts × 40 guests vs one context',
			measured: `${ratio}× (${fleet.cpuPercent} % vs ${single.cpuPercent} % of a core)`,
			compare: `medians of ${fleet.runsPercent.length} copies each, all side by side over the same ${fleet.seconds} s after ${fleet.warmupSeconds} s running (fleet ${fleet.runsPercent.join(', ')} %; one context ${single.runsPercent.join(', ')} %); each context the seeds' homelab plus 40 generated guests; peak RSS ${fleet.peakRssMb} / ${single.peakRssMb} MB`,
			goal: '≤ 2×',
			met: yes(ratio <= 2),
		});
	}
	if (r.rss && 'skipped' in r.rss) {
		rows.push({figure: 'peak RSS', measured: `skipped: ${r.rss.skipped}`, compare: '', goal: '', met: '—'});
	} else if (r.rss) {
		rows.push({
			figure: 'peak RSS, 1,000 guests + 50,000 log lines',
			measured: `${r.rss.peakRssMb} MB`,
			compare: `median of ${r.rss.runsMb.join(' / ')} MB; ${r.rss.guests} guests, ${r.rss.logLines} lines in ${r.rss.seconds} s; heap ${r.rss.heapUsedMb} MB live of ${r.rss.heapTotalMb} MB; the simulated homelab in the same process`,
			goal: '≤ 120 MB',
			met: yes(r.rss.peakRssMb <= 120),
		});
	}
	rows.push(...steadyRssRows(r.steadyRss));
	rows.push(...ingestRows(r.ingest));
	return rows;
}

/**
 * Memory per additional guest: the console's RSS at 1,040 guests against the demo's 40 (the
 * median of each size's copies at the end of the idle window), over the 1,000 guests between.
 * The figure is the one over SSH, where the simulated host runs in the test host's processes
 * and the console's RSS is proxdeck's alone; the demo's (its simulated homelab in the same
 * process, a larger one for more guests) stands beside it.
 */
function memoryPerGuest(r: BenchResults): Row | null {
	if (!r.idle || 'skipped' in r.idle) return null;
	const perGuestKb = (small: IdleResult | undefined, big: IdleResult | undefined): number | null =>
		small && big ? Math.round(((big.rssMb - small.rssMb) * 1024) / 1000) : null;
	const local = perGuestKb(
		r.idle.find((i) => i.guests === 'demo'),
		r.idle.find((i) => i.guests !== 'demo'),
	);
	const ssh = r.idleSsh && 'sizes' in r.idleSsh ? r.idleSsh.sizes : [];
	const measured = (label: string): IdleResult | undefined => {
		const size = ssh.find((s) => s.guests === label);
		return size && !('failed' in size) ? size : undefined;
	};
	const sshSmall = measured('ssh-demo');
	const sshBig = measured('ssh-1000');
	const over = perGuestKb(sshSmall, sshBig);
	const kb = over ?? local;
	if (kb === null) return null;
	const demoText = local === null ? '' : `; the demo, its simulated homelab in the same process: ${local} KB`;
	return {
		figure: 'memory per additional guest',
		measured: `${kb} KB`,
		compare:
			over === null
				? `RSS at 1,040 guests against the demo's 40, medians of the idle rows' copies, the simulated homelab in the same process (the idle rows over SSH did not run or did not finish)`
				: `RSS over SSH ${sshBig!.rssMb} MB at 1,040 guests against ${sshSmall!.rssMb} MB at 40 (medians of the idle rows' copies at the end of the window), over the 1,000 guests between${demoText}`,
		goal: '≤ 5 KB',
		met: yes(kb <= 5),
	};
}

export function formatTable(rows: Row[], machine: BenchResults['machine']): string {
	// The README's performance table has these columns, in this order.
	const head: Row = {
		figure: 'figure',
		measured: 'measured',
		compare: 'compared with',
		goal: 'goal',
		met: 'met' as Row['met'],
	};
	const all = [head, ...rows];
	const keys = ['figure', 'measured', 'goal', 'met', 'compare'] as const;
	const widths = keys.map((k) => Math.max(...all.map((row) => row[k].length)));
	const line = (row: Row): string => `| ${keys.map((k, i) => row[k].padEnd(widths[i]!)).join(' | ')} |`;
	const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
	return [
		`proxdeck benchmark — ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}`,
		'',
		line(head),
		rule,
		...rows.map(line),
	].join('\n');
}
