/**
 * Steady memory: the console with 1,000 guests and the journal at 5,000 lines/s, left running
 * (rss-entry.tsx in PD_BENCH_MINUTES mode), its VmRSS taken every 10 s. The figures: RSS at
 * the end, and the growth from a third of the run to its end. `--long` runs the 30 minutes
 * of the goal (growth from minute 10 to 30); the default runs 3 minutes (minute 1 to 3) and
 * says so, its growth scaled to 20 minutes beside it.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {median, round} from './lib.js';
import type {Row} from './report.js';
import {bundleRssEntry} from './rss.js';
import {runInTmux} from './tty-runs.js';

export interface SteadyRssResult {
	minutes: number;
	guests: number;
	logLines: number;
	/** Median of the last three samples (the last 30 s). */
	endRssMb: number;
	/** Median of the three samples around a third of the run. */
	thirdRssMb: number;
	/** endRssMb − thirdRssMb, over the last two thirds of the run. */
	growthMb: number;
	/** At the end (medians of the last three samples): V8's heap reserved and in use, and memory outside it. */
	end: {heapTotalMb: number; heapUsedMb: number; externalMb: number};
	samples: Sample[];
}

interface Sample {
	seconds: number;
	rssMb: number;
	heapTotalMb: number;
	heapUsedMb: number;
	externalMb: number;
}

/** The median of one figure over the three samples nearest to a moment. */
function around(
	samples: readonly Sample[],
	seconds: number,
	figure: Exclude<keyof Sample, 'seconds'> = 'rssMb',
): number {
	const nearest = [...samples].sort((a, b) => Math.abs(a.seconds - seconds) - Math.abs(b.seconds - seconds));
	return median(nearest.slice(0, 3).map((s) => s[figure]));
}

export async function benchSteadyRss(options: {minutes: number; nodeFlags: string[]}): Promise<SteadyRssResult> {
	const dir = mkdtempSync(join(tmpdir(), 'proxdeck-bench-steady-'));
	try {
		const entry = join(dir, 'rss-entry.mjs');
		const out = join(dir, 'result.json');
		await bundleRssEntry(entry);
		await runInTmux(
			[process.execPath, ...options.nodeFlags, entry],
			{PD_BENCH_GUESTS: '1000', PD_BENCH_RATE: '5000', PD_BENCH_MINUTES: String(options.minutes), PD_BENCH_OUT: out},
			(options.minutes * 60 + 120) * 1000,
		);
		const run = JSON.parse(readFileSync(out, 'utf8')) as {
			samples: SteadyRssResult['samples'];
			received: number;
			guests: number;
		};
		const end = run.samples.at(-1)!.seconds;
		const endRssMb = round(around(run.samples, end), 1);
		const thirdRssMb = round(around(run.samples, end / 3), 1);
		return {
			minutes: options.minutes,
			guests: run.guests,
			logLines: run.received,
			endRssMb,
			thirdRssMb,
			growthMb: round(endRssMb - thirdRssMb, 1),
			end: {
				heapTotalMb: round(around(run.samples, end, 'heapTotalMb'), 1),
				heapUsedMb: round(around(run.samples, end, 'heapUsedMb'), 1),
				externalMb: round(around(run.samples, end, 'externalMb'), 1),
			},
			samples: run.samples.map((s) => ({
				seconds: round(s.seconds, 0),
				rssMb: round(s.rssMb, 1),
				heapTotalMb: round(s.heapTotalMb, 1),
				heapUsedMb: round(s.heapUsedMb, 1),
				externalMb: round(s.externalMb, 1),
			})),
		};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

export function steadyRssRows(result: SteadyRssResult | {skipped: string} | undefined): Row[] {
	if (!result) return [];
	if ('skipped' in result)
		return [{figure: 'steady RSS', measured: `skipped: ${result.skipped}`, compare: '', goal: '', met: '—'}];
	const long = result.minutes >= 30;
	const from = round(result.minutes / 3, 1);
	const per20 = round((result.growthMb / (result.minutes - from)) * 20, 1);
	return [
		{
			figure: `RSS after ${result.minutes} minutes, ${result.guests.toLocaleString('en')} guests, logs at 5,000 lines/s`,
			measured: `${result.endRssMb} MB`,
			compare: `${result.logLines.toLocaleString('en')} lines went through; VmRSS every 10 s, the median of the last three; V8's heap ${result.end.heapTotalMb} MB reserved (${result.end.heapUsedMb} MB in use at the samples, garbage included), ${result.end.externalMb} MB allocated outside it (Yoga's WebAssembly memory, buffers; resident only where touched); the simulated homelab runs in the same process${long ? '' : '; the goal is read after 30 minutes (`npm run bench -- --long`)'}`,
			goal: '≤ 120 MB',
			met: result.endRssMb <= 120 ? 'yes' : 'NO',
		},
		{
			figure: `RSS growth, minute ${from} to ${result.minutes}`,
			measured: `${result.growthMb} MB`,
			compare: `${result.thirdRssMb} → ${result.endRssMb} MB${long ? '' : `; at that rate ${per20} MB over 20 minutes (the goal's minute 10 to 30)`}`,
			goal: '≤ 2 MB over minute 10 to 30',
			met: (long ? result.growthMb : per20) <= 2 ? 'yes' : 'NO',
		},
	];
}
