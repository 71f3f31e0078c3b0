/** Peak RSS of the console with 1,000 guests after 50,000 log lines (see rss-entry.tsx). */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {round} from './lib.js';
import {runInTmux} from './tty-runs.js';
import {bundle, ROOT} from '../scripts/bundle.mjs';

export interface RssResult {
	/** Median of the runs' peaks. */
	peakRssMb: number;
	runsMb: number[];
	/** V8's heap at the end of the median run: reserved and live. */
	heapTotalMb: number;
	heapUsedMb: number;
	guests: number;
	logLines: number;
	seconds: number;
}

export interface RssRun {
	peakRssMb: number;
	heapTotalMb: number;
	heapUsedMb: number;
	received: number;
	guests: number;
	seconds: number;
}

export interface RssLoad {
	guests?: number;
	lines?: number;
	rate?: number;
}

/** rss-entry.tsx bundled with the settings of dist/proxdeck.mjs (and a node_modules overlay, for A/B runs). */
export async function bundleRssEntry(outfile: string, overlay?: string): Promise<void> {
	await bundle({entry: join(ROOT, 'bench', 'rss-entry.tsx'), outfile, ...(overlay ? {overlay} : {})});
}

/** One run of a bundled rss-entry in tmux, started with these node flags. */
export async function runRssOnce(file: string, nodeFlags: readonly string[], load: RssLoad = {}): Promise<RssRun> {
	const dir = mkdtempSync(join(tmpdir(), 'proxdeck-bench-rss-'));
	try {
		const result = join(dir, 'result.json');
		await runInTmux(
			[process.execPath, ...nodeFlags, file],
			{
				PD_BENCH_GUESTS: String(load.guests ?? 1000),
				PD_BENCH_LINES: String(load.lines ?? 50_000),
				PD_BENCH_RATE: String(load.rate ?? 5000),
				PD_BENCH_OUT: result,
			},
			120_000,
		);
		return JSON.parse(readFileSync(result, 'utf8')) as RssRun;
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

export async function benchPeakRss(options: RssLoad & {runs?: number; nodeFlags?: string[]} = {}): Promise<RssResult> {
	const dir = mkdtempSync(join(tmpdir(), 'proxdeck-bench-rss-'));
	try {
		const outfile = join(dir, 'rss-entry.mjs');
		await bundleRssEntry(outfile);
		const runs: RssRun[] = [];
		// A peak depends on when the collector happens to run: the median of several runs.
		// With the product's node flags (its shebang's), as the installed console runs.
		for (let i = 0; i < (options.runs ?? 3); i++)
			runs.push(await runRssOnce(outfile, options.nodeFlags ?? [], options));
		const sorted = [...runs].sort((a, b) => a.peakRssMb - b.peakRssMb);
		const middle = sorted[Math.floor(sorted.length / 2)]!;
		return {
			peakRssMb: round(middle.peakRssMb, 1),
			runsMb: runs.map((run) => round(run.peakRssMb, 1)),
			heapTotalMb: round(middle.heapTotalMb, 1),
			heapUsedMb: round(middle.heapUsedMb, 1),
			guests: middle.guests,
			logLines: middle.received,
			seconds: round(middle.seconds, 1),
		};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}
