/**
 * Text forms of snapshot values shared by the console, the `--once` tables and the CLI
 * subcommands, so a number reads the same everywhere.
 */

import {shareOf} from './usage.js';

const UNITS = ['B', 'K', 'M', 'G', 'T', 'P'];

/** 1536 -> "1.5K", 3.2e12 -> "2.9T" (binary units, as zfs and pct users read them); null (unknown) -> "-". */
export function formatBytes(bytes: number | null): string {
	if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return '-';
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < UNITS.length - 1) {
		value /= 1024;
		unit++;
	}
	if (unit === 0) return `${Math.round(value)}B`;
	return `${value >= 100 ? Math.round(value) : value.toFixed(1).replace(/\.0$/, '')}${UNITS[unit]}`;
}

/** A fraction 0..1 as a percent: 0.843 -> "84%", with `digits` after the point on request; null -> "-". */
export function formatPercent(fraction: number | null, digits = 0): string {
	if (fraction === null || !Number.isFinite(fraction)) return '-';
	return `${(fraction * 100).toFixed(digits)}%`;
}

/** Share of a total as a whole percent, "-" when either is unknown. */
export function percentOf(used: number | null, total: number | null): string {
	return formatPercent(shareOf(used, total));
}

/** Seconds -> "45s", "3m12s", "4h05m", "12d03h"; null (unknown) -> "-". */
export function formatDuration(seconds: number | null): string {
	if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '-';
	const s = Math.floor(seconds);
	if (s < 60) return `${s}s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
	const h = Math.floor(m / 60);
	if (h < 24) return `${h}h${String(m % 60).padStart(2, '0')}m`;
	const d = Math.floor(h / 24);
	return `${d}d${String(h % 24).padStart(2, '0')}h`;
}

/** Age of a unix-seconds timestamp relative to `nowMs`: "2m 5s ago", "never" for 0. */
export function formatAgo(unixSeconds: number, nowMs: number): string {
	if (!unixSeconds) return 'never';
	return `${formatDuration(Math.max(0, nowMs / 1000 - unixSeconds))} ago`;
}

/** `stale since 12:03:04`: how a part kept from an earlier refresh says so (null when fresh). */
export function staleNote(
	stale: readonly {section: string; since: string}[] | undefined,
	section: string,
): string | null {
	const kept = stale?.find((s) => s.section === section);
	// Local time, as the operator's clock shows it.
	return kept ? `stale since ${new Date(kept.since).toTimeString().slice(0, 8)}` : null;
}

/**
 * In a fleet, which contexts' rows are kept from an earlier refresh: `lab stale since 12:04:31`
 * (several: `lab, nas stale`). Null when every context is fresh.
 */
export function fleetStaleNote(stale: readonly {section: string; since: string}[] | undefined): string | null {
	const contexts = (stale ?? []).filter((s) => s.section.startsWith('context '));
	if (contexts.length === 0) return null;
	if (contexts.length > 1) return `${contexts.map((s) => s.section.slice(8)).join(', ')} stale`;
	const [only] = contexts;
	return `${only!.section.slice(8)} stale since ${new Date(only!.since).toTimeString().slice(0, 8)}`;
}

/** A pool's capacity as shown: "84%", or "-" when ZFS did not say. */
export function formatCapacity(capacity: number | null): string {
	return capacity === null ? '-' : `${capacity}%`;
}

/** A dedup ratio as shown: "1.00x", or "-" when ZFS did not say. */
export function formatDedup(dedup: number | null): string {
	return dedup === null ? '-' : `${dedup.toFixed(2)}x`;
}

/** The first line that says something (a command's error text is often one line after blanks). */
export function firstLine(text: string): string {
	return (
		text
			.split('\n')
			.map((l) => l.trim())
			.find((l) => l !== '') ?? ''
	);
}

/** `1 tunnel`, `3 tunnels`, `0 checks`: a count with its noun in the right number. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
	return `${count} ${count === 1 ? singular : pluralForm}`;
}
