/** Peak RSS of the console with 1,000 guests after 50,000 log lines (see rss-entry.tsx). */
import {build} from 'esbuild';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {round} from './lib.js';
import {runInTmux} from './tty-runs.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

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

interface RunResult {
	peakRssMb: number;
	heapTotalMb: number;
	heapUsedMb: number;
	received: number;
	guests: number;
	seconds: number;
}

export async function benchPeakRss(
	options: {guests?: number; lines?: number; rate?: number; runs?: number; nodeFlags?: string[]} = {},
): Promise<RssResult> {
	const dir = mkdtempSync(join(tmpdir(), 'proxdeck-bench-rss-'));
	try {
		const outfile = join(dir, 'rss-entry.mjs');
		// The same settings as scripts/build.mjs.
		await build({
			entryPoints: [join(root, 'bench', 'rss-entry.tsx')],
			outfile,
			bundle: true,
			platform: 'node',
			format: 'esm',
			target: 'node20',
			logLevel: 'warning',
			define: {'process.env.NODE_ENV': '"production"'},
			alias: {'react-devtools-core': join(root, 'scripts', 'build-stubs', 'react-devtools-core.js')},
			external: ['cpu-features', '*.node', 'esbuild'],
			banner: {
				js: "import {createRequire as __pdCreateRequire} from 'node:module'; const require = __pdCreateRequire(import.meta.url);",
			},
		});
		const runs: RunResult[] = [];
		// A peak depends on when the collector happens to run: the median of several runs.
		for (let i = 0; i < (options.runs ?? 3); i++) {
			const result = join(dir, `result-${i}.json`);
			// With the product's node flags (its shebang's), as the installed console runs.
			await runInTmux(
				[process.execPath, ...(options.nodeFlags ?? []), outfile],
				{
					PD_BENCH_GUESTS: String(options.guests ?? 1000),
					PD_BENCH_LINES: String(options.lines ?? 50_000),
					PD_BENCH_RATE: String(options.rate ?? 5000),
					PD_BENCH_OUT: result,
				},
				120_000,
			);
			runs.push(JSON.parse(readFileSync(result, 'utf8')) as RunResult);
		}
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
