/**
 * ASCII mode prints only ASCII. The screens draw with the theme's ASCII glyphs, but text the
 * host sends (a guest's name, a log line, a container image) may hold any character: the last
 * step before the terminal spells every non-ASCII character in ASCII, keeping its width so
 * the columns Ink laid out stay where they are.
 */

/** ASCII spellings of the symbols proxdeck and the tools it reads print, one column each. */
const SPELLED: Readonly<Record<string, string>> = {
	'…': '~',
	'·': '.',
	'•': '*',
	'●': 'o',
	'○': 'o',
	'›': '>',
	'‹': '<',
	'→': '>',
	'←': '<',
	'↑': '^',
	'↓': 'v',
	'▲': '^',
	'▼': 'v',
	'▸': '>',
	'▾': 'v',
	'×': 'x',
	'✓': '+',
	'✗': 'x',
	'⚠': '!',
	'–': '-',
	'—': '-',
	'‘': "'",
	'’': "'",
	'“': '"',
	'”': '"',
	'°': 'o',
	µ: 'u',
	'\u00A0': ' ',
};

/** Characters that take two columns (CJK, Hangul, full-width forms, most emoji). */
const WIDE =
	/[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1FAFF}\u{20000}-\u{3FFFD}]/u;
/** Characters that take no column of their own (combining marks, joiners, variation selectors). */
function zeroWidth(char: string, code: number): boolean {
	return (
		/\p{M}/u.test(char) || (code >= 0x200b && code <= 0x200f) || code === 0x2060 || (code >= 0xfe00 && code <= 0xfe0f)
	);
}

function spell(char: string): string {
	const known = SPELLED[char];
	if (known !== undefined) return known;
	const code = char.codePointAt(0)!;
	if (zeroWidth(char, code)) return '';
	if (WIDE.test(char)) return '??';
	// Box drawing and blocks: the shape's ASCII twin.
	// (│┃║╎╏┆┇┊┋ and ─━═╌╍┄┅┈┉, escaped: see the note in source/host/parse/proxmox-errors.ts.)
	if (code >= 0x2500 && code <= 0x257f)
		return /[\u2502\u2503\u2551\u254e\u254f\u2506\u2507\u250a\u250b]/.test(char)
			? '|'
			: /[\u2500\u2501\u2550\u254c\u254d\u2504\u2505\u2508\u2509]/.test(char)
				? '-'
				: '+';
	if (code >= 0x2580 && code <= 0x259f) return '#';
	return '?';
}

/** The text with every non-ASCII character spelled in ASCII, as wide as it was. */
export function toAscii(text: string): string {
	return /[^\u0000-\u007F]/.test(text) ? text.replace(/[^\u0000-\u007F]/gu, spell) : text;
}

/** The terminal as Ink sees it, with every frame it writes passed through toAscii. */
export function asciiStdout(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
	const write = (chunk: unknown, ...rest: unknown[]): boolean =>
		(stdout.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? toAscii(chunk) : chunk, ...rest);
	return new Proxy(stdout, {
		get(target, property) {
			if (property === 'write') return write;
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
