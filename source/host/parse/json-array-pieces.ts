/**
 * A large JSON array read a few hundred entries at a time. `JSON.parse` of a whole 10 MB
 * array (`/cluster/resources` of 30,000 guests) holds the event loop for hundreds of
 * milliseconds; walking the text for the top-level entries' boundaries and handing them
 * over in pieces, with a pause between pieces, lets a key pressed meanwhile be answered.
 *
 * The walk only finds where entries begin and end (braces, brackets and commas outside
 * strings, strings ended by an unescaped quote); whether an entry is valid JSON is left to
 * `JSON.parse` of its piece. Anything the walk cannot follow (not a bare array, a stray
 * character, truncated output) makes it give up, and the caller parses the whole text, which
 * says what is wrong the way it always did.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

function isSpace(code: number): boolean {
	return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function skipSpace(text: string, at: number): number {
	while (at < text.length && isSpace(text.charCodeAt(at))) at++;
	return at;
}

/** Where the string opening at `quote` closes (its last quote), or -1 when it never does. */
function stringEnd(text: string, quote: number): number {
	for (let at = text.indexOf('"', quote + 1); at !== -1; at = text.indexOf('"', at + 1)) {
		let backslashes = 0;
		while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
		if (backslashes % 2 === 0) return at;
	}
	return -1;
}

/** Where the entry starting at `from` ends: the `,` or `]` after it at the array's own depth, or -1. */
function entryEnd(text: string, from: number): number {
	let depth = 0;
	for (let at = from; at < text.length; at++) {
		const code = text.charCodeAt(at);
		if (code === QUOTE) {
			at = stringEnd(text, at);
			if (at === -1) return -1;
		} else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
		else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
			if (depth === 0) return code === CLOSE_BRACKET ? at : -1;
			depth--;
		} else if (code === COMMA && depth === 0) return at;
	}
	return -1;
}

/**
 * Calls `take` with the raw text of the bare array's entries, up to `piece` at a time and
 * `pause` between pieces, in order. Returns false, having stopped, when the text is not a
 * bare array the walk can follow or when `take` returns false; true when every entry was taken.
 */
export async function walkArrayEntries(
	text: string,
	take: (entries: string[], firstIndex: number) => boolean,
	pause: () => Promise<void>,
	piece = 400,
): Promise<boolean> {
	let at = skipSpace(text, 0);
	if (text.charCodeAt(at) !== OPEN_BRACKET) return false;
	at = skipSpace(text, at + 1);
	if (text.charCodeAt(at) === CLOSE_BRACKET) return skipSpace(text, at + 1) === text.length && take([], 0);
	let index = 0;
	for (;;) {
		const entries: string[] = [];
		let closed = false;
		while (entries.length < piece) {
			const end = entryEnd(text, at);
			if (end === -1 || end === at) return false;
			entries.push(text.slice(at, end));
			closed = text.charCodeAt(end) === CLOSE_BRACKET;
			at = skipSpace(text, end + 1);
			if (closed) break;
		}
		if (closed && at !== text.length) return false;
		if (!take(entries, index)) return false;
		index += entries.length;
		if (closed) return true;
		await pause();
	}
}
