/**
 * The node flags a bundle's shebang starts it with (`#!/usr/bin/env -S node --flag …`), so
 * the benchmarks start the file, and run themselves, the way users' `proxdeck` runs.
 */
import {readFileSync} from 'node:fs';

/** @param {string} file @returns {string[]} */
export function shebangFlags(file) {
	const shebang = readFileSync(file, 'utf8').slice(0, 300).split('\n')[0] ?? '';
	return /^#!\/usr\/bin\/env -S node\b(.*)$/.exec(shebang)?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
}
