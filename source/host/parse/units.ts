/**
 * Small coercions shared by the text parsers: human sizes (`629.0M`, `1.03T`) and values that
 * may arrive as a number or as a numeric string (Proxmox's API does both for the same field).
 */

const BINARY_POWERS: Record<string, number> = {'': 0, K: 1, M: 2, G: 3, T: 4, P: 5, E: 6};

/**
 * Bytes from a human size with binary units: `629.0M`, `22.5G`, `1.03T`, `8G`, `512K`, `1.5KiB`,
 * `300GB`, `4096` (plain digits are bytes), `0B`. Returns null for anything else (`-`, `N/A`).
 * Proxmox and ZFS both print powers of 1024 even where the suffix looks decimal.
 */
export function parseHumanSize(text: string): number | null {
	const match = /^([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*([KMGTPE]?)(i?B)?$/i.exec(text.trim());
	if (!match) return null;
	const value = Number(match[1]);
	const unit = (match[2] ?? '').toUpperCase();
	const power = BINARY_POWERS[unit];
	if (!Number.isFinite(value) || power === undefined) return null;
	// A bare `i` with no unit (`5iB`) is not a size anyone prints.
	if (unit === '' && match[3] !== undefined && match[3].toLowerCase() === 'ib') return null;
	return Math.round(value * 1024 ** power);
}

/** A finite number from a number or numeric string (`"106"`, `" 2.5 "`); null otherwise. */
export function toNumber(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string') {
		const trimmed = value.trim();
		if (trimmed === '' || !/^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[-+]?[0-9]+)?$/i.test(trimmed)) return null;
		const number = Number(trimmed);
		return Number.isFinite(number) ? number : null;
	}
	return null;
}

/** toNumber with a default, for optional API fields where absence means zero. */
export function numberOr(value: unknown, fallback: number): number {
	return toNumber(value) ?? fallback;
}

/** A whole non-negative number (vmid, node id, counts) or null. */
export function toInteger(value: unknown): number | null {
	const number = toNumber(value);
	return number !== null && Number.isInteger(number) && number >= 0 ? number : null;
}

/** Proxmox booleans arrive as 0/1, "0"/"1", true/false, or yes/no/on/off. */
export function toBoolean(value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value !== 0;
	if (typeof value === 'string') return /^(?:1|true|yes|on)$/i.test(value.trim());
	return false;
}

/** A string field, or the fallback when it is missing or not text (numbers are stringified). */
export function toText(value: unknown, fallback = ''): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return fallback;
}

/** A text field that says something (numbers stringified), or undefined when it is missing or empty. */
export function optionalText(value: unknown): string | undefined {
	return toText(value) || undefined;
}
