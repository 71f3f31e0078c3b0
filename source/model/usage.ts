/**
 * Shares and free space from figures the host may have left out. An unknown figure (null) makes
 * the answer unknown too: a guessed 0 would read as "empty" or "full" on the screen, in the JSON
 * and to health.
 */

import type {Storage} from './snapshot.js';

/** `used` as a fraction of `total`; null when either is unknown or the total is not positive. */
export function shareOf(used: number | null, total: number | null): number | null {
	return used === null || total === null || total <= 0 ? null : used / total;
}

/** A storage's free bytes, or null when its size or use is not known. */
export function storageFree(storage: Pick<Storage, 'used' | 'total'>): number | null {
	const {used, total} = storage;
	return used === null || total === null || total <= 0 ? null : Math.max(0, total - used);
}
