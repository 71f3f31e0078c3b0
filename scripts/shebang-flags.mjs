/**
 * The node flags a bundle's shebang starts it with (`#!/usr/bin/env -S node --flag …`), so
 * the benchmarks and `npm start` run the file the way users' `proxdeck` runs.
 */
import {closeSync, openSync, readSync} from 'node:fs';

/** @param {string} file @returns {string[]} */
export function shebangFlags(file) {
	// The first line only: the bundle is megabytes.
	const head = Buffer.alloc(300);
	const fd = openSync(file, 'r');
	let length;
	try {
		length = readSync(fd, head, 0, head.length, 0);
	} finally {
		closeSync(fd);
	}
	const shebang = head.subarray(0, length).toString('utf8').split('\n')[0] ?? '';
	return /^#!\/usr\/bin\/env -S node\b(.*)$/.exec(shebang)?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
}
