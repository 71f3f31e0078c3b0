/**
 * Pool growth from the samples seen this session: a least-squares slope of allocated bytes
 * over time gives "full in ~N days" when a pool is growing, once the samples span
 * FORECAST_MIN_SPAN_MS (two samples 2 s apart say nothing about the next two weeks).
 */
export interface PoolSample {
	/** Milliseconds since the epoch. */
	t: number;
	alloc: number;
	size: number;
	capacity: number;
}

export const MAX_SAMPLES = 120;
/** A sample closer than this to the one before the newest replaces the newest: 120 of them span over 15 minutes. */
export const SAMPLE_SPACING_MS = 10_000;
/** No forecast from less history than this. */
export const FORECAST_MIN_SPAN_MS = 10 * 60_000;

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
	const next = [...list, kept];
	return next.length > MAX_SAMPLES ? next.slice(next.length - MAX_SAMPLES) : next;
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

/** Whether the samples span enough time for a forecast. */
export function forecastReady(samples: readonly PoolSample[]): boolean {
	const first = samples[0];
	const last = samples[samples.length - 1];
	return first !== undefined && last !== undefined && last.t - first.t >= FORECAST_MIN_SPAN_MS;
}

/** Days until the pool is full at the current growth rate; null when it is not growing or the history is too short. */
export function daysUntilFull(samples: readonly PoolSample[]): number | null {
	const rate = growthRate(samples);
	const last = samples[samples.length - 1];
	if (rate === null || rate <= 0 || !last || !forecastReady(samples)) return null;
	const free = Math.max(0, last.size - last.alloc);
	return free / rate / 86_400;
}
