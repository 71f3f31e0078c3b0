/**
 * The one sanitiser for text that came from a host on its way to a terminal or a pipe.
 *
 * A guest chooses much of what proxdeck shows: container names and images, journal messages,
 * a health probe's output, a task's error text. Written to a terminal as it is, an escape
 * sequence in any of them would act: OSC 0/2 retitles the window, OSC 52 writes the
 * operator's clipboard, CSI moves the cursor over the console's own frame. So every control
 * character is shown as a visible glyph instead, in the caret notation of `cat -v`: ESC is
 * `^[`, BEL `^G`, DEL `^?`, and the C1 controls (U+0080-U+009F) `M-^[` and so on. Unicode's
 * bidirectional overrides, which reorder the text around them, are shown as `<U+202E>`.
 * Nothing is removed, so the operator sees that something odd was there.
 *
 * Tabs are kept (or become spaces where the screen lays text out by cell); newlines are shown
 * as `^J` unless the output keeps lines apart by itself (JSON escapes them).
 */

export interface VisibleOptions {
	/** Keep `\n` as it is (JSON strings, multi-line notes split by the caller). Default: `^J`. */
	newlines?: boolean;
	/** Replace each tab by this many spaces (the screen: a tab has no width in Ink's layout). */
	tabWidth?: number;
}

/** C0 controls but tab and newline, DEL, C1 controls, bidi embeddings, overrides and isolates. */
const HIDDEN = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
const HIDDEN_ALL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

function glyph(char: string): string {
	const code = char.charCodeAt(0);
	if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
	if (code === 0x7f) return '^?';
	if (code <= 0x9f) return `M-^${String.fromCharCode(code - 0x80 + 0x40)}`;
	return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** `text` with every control character and bidi override shown as a visible glyph. */
export function visibleText(text: string, options: VisibleOptions = {}): string {
	let out = text;
	if (HIDDEN.test(out))
		out = out.replace(HIDDEN_ALL, (char) => (char === '\n' && options.newlines ? char : glyph(char)));
	if (options.tabWidth !== undefined && out.includes('\t')) out = out.replaceAll('\t', ' '.repeat(options.tabWidth));
	return out;
}

/**
 * A deep copy of a JSON-ready value with every string (object keys too) made visible; lines
 * are kept, since JSON escapes them. Values with nothing to change are returned as they are.
 */
export function visibleValue<T>(value: T): T {
	if (typeof value === 'string') return visibleText(value, {newlines: true}) as T;
	if (Array.isArray(value)) {
		let copy: unknown[] | null = null;
		value.forEach((item, i) => {
			const shown = visibleValue(item);
			if (shown !== item) (copy ??= [...value])[i] = shown;
		});
		return (copy ?? value) as T;
	}
	if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
		let changed = false;
		const copy: Record<string, unknown> = {};
		for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
			const shownKey = visibleText(key, {newlines: true});
			const shown = visibleValue(item);
			if (shownKey !== key || shown !== item) changed = true;
			copy[shownKey] = shown;
		}
		return (changed ? copy : value) as T;
	}
	return value;
}

/**
 * What a hidden character becomes in JSON text: JSON writes the C0 controls as escapes (`\b`,
 * `\f`, `\r`, `\u0000`-`\u001f`; tab and newline are kept anyway) and the rest as they are.
 * A literal backslash before such a letter also matches, which only costs the slow path.
 */
const HIDDEN_IN_JSON = /[\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\\[bfr]|\\u00[01]/;

/**
 * JSON for stdout: strings made visible first, so `jq -r` cannot print an escape either.
 * Most values hold nothing to show, and one look at their JSON text tells: only then is the
 * value copied with its strings made visible and written again.
 */
export function visibleJson(value: unknown, indent = 2): string {
	const text = JSON.stringify(value, null, indent);
	return `${HIDDEN_IN_JSON.test(text) ? JSON.stringify(visibleValue(value), null, indent) : text}\n`;
}
