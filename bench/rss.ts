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
	peakRssMb: number;
	guests: number;
	logLines: number;
	seconds: number;
}

export async function benchPeakRss(options: {guests?: number; lines?: number; rate?: number} = {}): Promise<RssResult> {
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
			banner: {js: "import {createRequire as __pdCreateRequire} from 'node:module'; const require = __pdCreateRequire(import.meta.url);"},
		});
		const result = join(dir, 'result.json');
		await runInTmux([process.execPath, outfile], {
			PD_BENCH_GUESTS: String(options.guests ?? 1000),
			PD_BENCH_LINES: String(options.lines ?? 50_000),
			PD_BENCH_RATE: String(options.rate ?? 5000),
			PD_BENCH_OUT: result,
		}, 120_000);
		const measured = JSON.parse(readFileSync(result, 'utf8')) as {peakRssMb: number; received: number; guests: number; seconds: number};
		return {peakRssMb: round(measured.peakRssMb, 1), guests: measured.guests, logLines: measured.received, seconds: round(measured.seconds, 1)};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}
