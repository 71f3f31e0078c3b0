/**
 * Deterministic randomness. Every "random" figure in the sim is a pure function of the seed,
 * a key and (for things that move) a time bucket, so two processes (the test and a shim) that
 * look at the same state at the same time see the same numbers.
 */

/** 32-bit FNV-1a of a string. */
export function hashString(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** One key folded into a running hash01 state. */
function mixKey(h: number, key: string | number): number {
	h = Math.imul(h ^ hashString(String(key)), 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	return h ^ (h >>> 16);
}

const HASH_SEED = 0x9e3779b9;

/** A uniform number in [0, 1) from any number of keys. */
export function hash01(...keys: (string | number)[]): number {
	let h = HASH_SEED;
	for (const key of keys) h = mixKey(h, key);
	return (h >>> 0) / 4294967296;
}

/** mulberry32: a small seeded generator for building state. */
export function createRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Smooth value noise in [0, 1): straight random points every `periodMs`, eased between.
 * Sampled over time it wanders like a random walk but needs no stored history.
 */
export function noise(timeMs: number, periodMs: number, ...keys: (string | number)[]): number {
	const position = timeMs / periodMs;
	const bucket = Math.floor(position);
	const f = position - bucket;
	const eased = f * f * (3 - 2 * f);
	// hash01(...keys, bucket) and hash01(...keys, bucket + 1), sharing the keys' prefix:
	// the sim calls this several times per guest per refresh.
	let prefix = HASH_SEED;
	for (const key of keys) prefix = mixKey(prefix, key);
	const a = (mixKey(prefix, bucket) >>> 0) / 4294967296;
	const b = (mixKey(prefix, bucket + 1) >>> 0) / 4294967296;
	return a + (b - a) * eased;
}

/** Lower-case hex of `bytes` random bytes derived from keys. */
export function hexFrom(bytes: number, ...keys: (string | number)[]): string {
	let out = '';
	for (let i = 0; i < bytes; i++)
		out += Math.floor(hash01(...keys, i) * 256)
			.toString(16)
			.padStart(2, '0');
	return out;
}

/** A base64 WireGuard-style key (32 bytes) derived from keys. */
export function keyFrom(...keys: (string | number)[]): string {
	const bytes = Buffer.alloc(32);
	for (let i = 0; i < 32; i++) bytes[i] = Math.floor(hash01(...keys, i) * 256);
	return bytes.toString('base64');
}

/** A MAC in Proxmox's own range (BC:24:11 is the OUI PVE assigns since 8.1). */
export function proxmoxMac(...keys: (string | number)[]): string {
	return [
		'BC',
		'24',
		'11',
		...hexFrom(3, 'mac', ...keys)
			.toUpperCase()
			.match(/../g)!,
	].join(':');
}
