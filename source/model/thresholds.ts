/**
 * When a pool or storage counts as filling up: the config's `thresholds` (top level or per
 * context), which the snapshot's pool `level` and the screens' capacity colours both follow.
 */
export interface Thresholds {
	/** Percent used at which a pool or storage is a warning. */
	warn: number;
	crit: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {warn: 80, crit: 90};
