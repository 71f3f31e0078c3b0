/**
 * Pool growth from the samples seen (this session's, and those kept from earlier ones): a
 * least-squares slope of allocated bytes over time gives "full in ~N days" when a pool is
 * growing, but only from enough history: the samples span FORECAST_MIN_SPAN_MS and the used
 * space grew over them by FORECAST_MIN_GROWTH_SHARE of the pool. Two samples 2 s apart, or an
 * hour in which a few GB of an 8 TB pool came and went, say nothing about the next two weeks.
 *
 * The history is bounded: the last RECENT_MS at SAMPLE_SPACING_MS, older samples thinned to
 * one per HISTORY_SPACING_MS, nothing older than HISTORY_MAX_AGE_MS.
 */
export interface PoolSample {
	/** Milliseconds since the epoch. */
	t: number;
	alloc: number;
	size: number;
	capacity: number;
}

/** A sample closer than this to the one before the newest replaces the newest. */
export const SAMPLE_SPACING_MS = 10_000;
/** The newest samples kept at SAMPLE_SPACING_MS (the sparkline's recent shape). */
export const RECENT_MS = 15 * 60_000;
/** Older samples: one per this. */
export const HISTORY_SPACING_MS = 10 * 60_000;
/** Nothing older than this is kept. */
export const HISTORY_MAX_AGE_MS = 14 * 86_400_000;
/** The most samples one pool keeps: 14 days at one per 10 minutes, and the recent ones. */
export const MAX_SAMPLES = HISTORY_MAX_AGE_MS / HISTORY_SPACING_MS + RECENT_MS / SAMPLE_SPACING_MS + 2;
/** No forecast from less history than this. */
export const FORECAST_MIN_SPAN_MS = 10 * 60_000;
/** No forecast before the used space grew by this share of the pool over the history (1 % of 8 TB: 80 GB). */
export const FORECAST_MIN_GROWTH_SHARE = 0.01;

/** A sample with an unknown value (an UNAVAIL pool) is not one: the trend skips it rather than read it as 0. */
export function appendSample(
	samples: readonly PoolSample[] | undefined,
	sample: {t: number; alloc: number | null; size: number | null; capacity: number | null},
): readonly PoolSample[] {
	const list = samples ?? [];
	if (sample.alloc === null || sample.size === null || sample.capacity === null) return list;
	const last = list[list.length - 1];
	if (last && last.t >= sample.t) return list;
	const kept = {t: sample.t, alloc: sample.alloc, size: sample.size, capacity: sample.capacity};
	// The newest sample stays current; the ones before it are at least SAMPLE_SPACING_MS apart.
	const before = list[list.length - 2];
	if (before && sample.t - before.t < SAMPLE_SPACING_MS) return [...list.slice(0, -1), kept];
	return boundHistory([...list, kept]);
}

/**
 * The samples within the bounds, oldest first: recent ones as they are, older ones thinned to
 * one per HISTORY_SPACING_MS, none older than HISTORY_MAX_AGE_MS, at most MAX_SAMPLES. Which
 * older sample is kept depends only on the ones before it, so thinning again changes nothing.
 */
export function boundHistory(samples: readonly PoolSample[]): PoolSample[] {
	const newest = samples[samples.length - 1];
	if (!newest) return [];
	const recentFrom = newest.t - RECENT_MS;
	const oldestAllowed = newest.t - HISTORY_MAX_AGE_MS;
	const kept: PoolSample[] = [];
	let lastOld = -Infinity;
	for (const sample of samples) {
		if (sample.t < oldestAllowed) continue;
		if (sample.t >= recentFrom) kept.push(sample);
		else if (sample.t - lastOld >= HISTORY_SPACING_MS) {
			kept.push(sample);
			lastOld = sample.t;
		}
	}
	return kept.length > MAX_SAMPLES ? kept.slice(kept.length - MAX_SAMPLES) : kept;
}

/** Bytes per second (least squares), or null with fewer than 2 samples or no time span. */
export function growthRate(samples: readonly PoolSample[]): number | null {
	if (samples.length < 2) return null;
	const t0 = samples[0]!.t;
	let sumX = 0;
	let sumY = 0;
	for (const s of samples) {
		sumX += (s.t - t0) / 1000;
		sumY += s.alloc;
	}
	const meanX = sumX / samples.length;
	const meanY = sumY / samples.length;
	let num = 0;
	let den = 0;
	for (const s of samples) {
		const dx = (s.t - t0) / 1000 - meanX;
		num += dx * (s.alloc - meanY);
		den += dx * dx;
	}
	return den === 0 ? null : num / den;
}

/**
 * Whether the history says enough for a forecast: it spans FORECAST_MIN_SPAN_MS, and the used
 * space grew over it (the fitted line's rise, so one spike does not count) by at least
 * FORECAST_MIN_GROWTH_SHARE of the pool.
 */
export function forecastReady(samples: readonly PoolSample[]): boolean {
	const first = samples[0];
	const last = samples[samples.length - 1];
	if (first === undefined || last === undefined || last.t - first.t < FORECAST_MIN_SPAN_MS) return false;
	const rate = growthRate(samples);
	return rate !== null && rate * ((last.t - first.t) / 1000) >= FORECAST_MIN_GROWTH_SHARE * last.size;
}

/** Days until the pool is full at the current growth rate; null when it is not growing or the history is too short. */
export function daysUntilFull(samples: readonly PoolSample[]): number | null {
	const rate = growthRate(samples);
	const last = samples[samples.length - 1];
	if (rate === null || rate <= 0 || !last || !forecastReady(samples)) return null;
	const free = Math.max(0, last.size - last.alloc);
	return free / rate / 86_400;
}
