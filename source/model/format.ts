/**
 * Text forms of snapshot values shared by the console, the `--once` tables and the CLI
 * subcommands, so a number reads the same everywhere.
 */

const UNITS = ['B', 'K', 'M', 'G', 'T', 'P', 'E'];

/** 1536 -> "1.5K", 5_000_000_000_000 -> "4.5T" (binary units, like zfs and pct). */
export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes) || bytes < 0) return '-';
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < UNITS.length - 1) {
		value /= 1024;
		unit++;
	}
	const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 1;
	return `${value.toFixed(digits).replace(/\.0$/, '')}${UNITS[unit]}`;
}

/** Fraction 0..1 or percent, shown as a whole percent: "84%". */
export function formatPercent(value: number, isFraction = false): string {
	if (!Number.isFinite(value)) return '-';
	return `${Math.round(isFraction ? value * 100 : value)}%`;
}

/** Share of a total as a whole percent, "-" when the total is unknown. */
export function percentOf(used: number, total: number): string {
	return total > 0 ? formatPercent((used / total) * 100) : '-';
}

/** 93784 -> "1d 2h", 3700 -> "1h 1m", 42 -> "42s". */
export function formatDuration(seconds: number): string {
	if (!Number.isFinite(seconds) || seconds < 0) return '-';
	const s = Math.floor(seconds);
	if (s < 60) return `${s}s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m}m ${s % 60}s`;
	const h = Math.floor(m / 60);
	if (h < 24) return `${h}h ${m % 60}m`;
	const d = Math.floor(h / 24);
	return `${d}d ${h % 24}h`;
}

/** Age of a unix-seconds timestamp relative to `nowMs`: "2m 5s ago", "never" for 0. */
export function formatAgo(unixSeconds: number, nowMs: number): string {
	if (!unixSeconds) return 'never';
	return `${formatDuration(Math.max(0, nowMs / 1000 - unixSeconds))} ago`;
}
