/**
 * How lists of names (guests, nodes, pools, storages, stacks) are ordered: letters without
 * regard to case, `pve2` before `pve10`, lower case before upper case when the names differ in
 * nothing else. Names a host gives (hostnames, pool and dataset names, storage ids, compose
 * projects) are ASCII, and there this reads as `localeCompare` did.
 *
 * Not `localeCompare`: its first call loads ICU's collation tables, about 2 MB of the node
 * binary that then stays in the console's resident memory all day, and each comparison goes
 * through the collator, so sorting a thousand guests costs more than the rest of the rows.
 */

const DIGIT_0 = 48;
const DIGIT_9 = 57;

function isDigit(code: number): boolean {
	return code >= DIGIT_0 && code <= DIGIT_9;
}

/** A-Z read as a-z. */
function folded(code: number): number {
	return code >= 65 && code <= 90 ? code + 32 : code;
}

/** The end of the run of digits starting at `from`. */
function digitsEnd(text: string, from: number): number {
	let end = from;
	while (end < text.length && isDigit(text.charCodeAt(end))) end++;
	return end;
}

/** Two runs of digits as numbers (any length: compared as text once leading zeros are gone). */
function compareDigits(a: string, aFrom: number, aEnd: number, b: string, bFrom: number, bEnd: number): number {
	while (aFrom < aEnd - 1 && a.charCodeAt(aFrom) === DIGIT_0) aFrom++;
	while (bFrom < bEnd - 1 && b.charCodeAt(bFrom) === DIGIT_0) bFrom++;
	const lengths = aEnd - aFrom - (bEnd - bFrom);
	if (lengths !== 0) return lengths;
	for (let i = 0; i < aEnd - aFrom; i++) {
		const diff = a.charCodeAt(aFrom + i) - b.charCodeAt(bFrom + i);
		if (diff !== 0) return diff;
	}
	return 0;
}

/**
 * Orders two names: case folded, runs of digits by their value, then (names equal but for
 * case or leading zeros) lower case first and the shorter first, so the order is total.
 */
export function compareNames(a: string, b: string): number {
	if (a === b) return 0;
	let i = 0;
	let j = 0;
	while (i < a.length && j < b.length) {
		const x = a.charCodeAt(i);
		const y = b.charCodeAt(j);
		if (isDigit(x) && isDigit(y)) {
			const aEnd = digitsEnd(a, i);
			const bEnd = digitsEnd(b, j);
			const diff = compareDigits(a, i, aEnd, b, j, bEnd);
			if (diff !== 0) return diff;
			i = aEnd;
			j = bEnd;
			continue;
		}
		const diff = folded(x) - folded(y);
		if (diff !== 0) return diff;
		i++;
		j++;
	}
	const rest = a.length - i - (b.length - j);
	if (rest !== 0) return rest;
	// Equal but for case or leading zeros: lower case first (as the collator had it), then shorter.
	for (let k = 0; k < Math.min(a.length, b.length); k++) {
		const diff = b.charCodeAt(k) - a.charCodeAt(k);
		if (diff !== 0) return diff;
	}
	return a.length - b.length;
}
