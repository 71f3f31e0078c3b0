/**
 * Client cost per refresh: the CPU time proxdeck's own process spends on one refresh (split
 * the batch output, parse each section, assemble the snapshot, hand it to the store), per
 * guest, at 1,000 and 10,000 guests.
 *
 * The simulated homelab answers a run of refreshes once, through the real collector, and
 * every answer is recorded. A fresh collector then reads the same run from a replaying
 * transport that hands over the recorded output at once, in 32 KB pieces as an SSH channel
 * does, with the new refresh's batch marker put in: the CPU time measured is proxdeck's
 * alone, with no remote work and no waiting. The recorded refreshes differ as a live host's
 * do (metrics move every refresh, Docker hosts are polled in turn), and the fresh collector
 * asks the very same scripts in the same order.
 *
 * The measuring code (client-cost-measure.ts) runs bundled with the product's build settings.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {bundle, ROOT} from '../scripts/bundle.mjs';
import type {MeasureHooks} from './client-cost-measure.js';
import {median, round, timing, type Timing} from './lib.js';
import type {Row} from './report.js';

export type {MeasureHooks} from './client-cost-measure.js';

export interface ClientCostSize {
	guests: number;
	/** CPU time of the whole process per refresh per guest, µs (median and min–max over the measured refreshes). */
	perGuestUs: Timing;
	/** CPU time per refresh, ms (median). */
	perRefreshMs: number;
	/** The main thread's share: CPU time per refresh per guest, µs (median), when the system says. */
	mainPerGuestUs?: number;
	/**
	 * The longest stretch of main-thread CPU time between two turns of the event loop during
	 * the measured refreshes, ms: how long a key pressed then could wait behind the refresh
	 * before the console saw it. CPU time, not wall time, so a busy machine taking the core
	 * away in the middle does not count as proxdeck's.
	 */
	longestStallMs: number;
	/** Bytes of batch output per measured refresh (all nodes' batches). */
	outputBytes: number;
	refreshes: number;
}

export interface ClientCostResult {
	sizes: ClientCostSize[];
}

type Measure = typeof import('./client-cost-measure.js');

/** client-cost-measure.ts bundled as dist/proxdeck.mjs is, and loaded into this process. */
export async function bundledMeasure(): Promise<Measure> {
	const dir = mkdtempSync(join(tmpdir(), 'proxdeck-bench-client-'));
	try {
		const outfile = join(dir, 'client-cost-measure.mjs');
		await bundle({entry: join(ROOT, 'bench', 'client-cost-measure.ts'), outfile});
		return (await import(pathToFileURL(outfile).href)) as Measure;
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

export async function benchClientCost(
	options: {sizes?: number[]; refreshes?: number; hooks?: MeasureHooks} = {},
): Promise<ClientCostResult> {
	const {measureClientCost} = await bundledMeasure();
	const sizes: ClientCostSize[] = [];
	for (const guests of options.sizes ?? [1000, 10_000]) {
		const sample = await measureClientCost(guests, options.refreshes ?? 5, options.hooks ?? {});
		const perGuestUs = timing(
			sample.processUs.map((us) => us / sample.guests),
			2,
		);
		sizes.push({
			guests: sample.guests,
			perGuestUs,
			perRefreshMs: round((perGuestUs.medianMs * sample.guests) / 1000, 1),
			...(sample.mainUs.length > 0 ? {mainPerGuestUs: round(median(sample.mainUs) / sample.guests, 2)} : {}),
			longestStallMs: round(sample.longestStallMs, 1),
			outputBytes: sample.outputBytes,
			refreshes: sample.processUs.length,
		});
	}
	return {sizes};
}

export function clientCostRows(result: ClientCostResult | undefined): Row[] {
	if (!result) return [];
	const limit = (guests: number): number => (guests > 20_000 ? 100 : 50);
	return result.sizes.flatMap((size) => [
		{
			figure: `client cost per refresh, ${size.guests.toLocaleString('en')} guests (split, parse, assemble, store)`,
			measured: `${size.perGuestUs.medianMs} µs/guest (${size.perGuestUs.minMs}–${size.perGuestUs.maxMs})`,
			compare: `CPU time in proxdeck's process (bundled as shipped), ${size.perRefreshMs} ms a refresh of ${Math.round(size.outputBytes / 1024)} KB output${size.mainPerGuestUs === undefined ? '' : `, of which the main thread ${size.mainPerGuestUs} µs/guest (the rest is V8's helper threads)`}; median of ${size.refreshes} refreshes replayed from the simulated host`,
			goal: '≤ 5 µs/guest',
			met: size.perGuestUs.medianMs <= 5 ? 'yes' : 'NO',
		} satisfies Row,
		{
			figure: `longest event-loop stall during a refresh, ${size.guests.toLocaleString('en')} guests`,
			measured: `${size.longestStallMs} ms`,
			compare: `main-thread CPU time between two turns of the event loop: the longest a key can wait behind a refresh before the console sees it (key → frame adds the render); over ${size.refreshes} replayed refreshes`,
			goal: `≤ ${limit(size.guests)} ms`,
			met: size.longestStallMs <= limit(size.guests) ? 'yes' : 'NO',
		} satisfies Row,
	]);
}
