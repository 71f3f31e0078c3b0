/**
 * The `/` filter language shared by the guests and logs panes: a case-insensitive regex; a
 * leading `!` inverts it; text that is not a valid regex is matched literally (and said so).
 */
export interface CompiledFilter {
	active: boolean;
	inverted: boolean;
	/** The regex used (global flag off), or null when the filter is empty. */
	regex: RegExp | null;
	/** True when the text was not a valid regex and is matched literally. */
	literal: boolean;
	test(text: string): boolean;
}

const cache = new Map<string, CompiledFilter>();

function escapeRegex(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function compileFilter(text: string): CompiledFilter {
	const hit = cache.get(text);
	if (hit) return hit;
	const inverted = text.startsWith('!');
	const body = inverted ? text.slice(1) : text;
	let regex: RegExp | null = null;
	let literal = false;
	if (body !== '') {
		try {
			regex = new RegExp(body, 'i');
		} catch {
			regex = new RegExp(escapeRegex(body), 'i');
			literal = true;
		}
	}
	const compiled: CompiledFilter = {
		active: regex !== null,
		inverted,
		regex,
		literal,
		test: (value) => (regex === null ? true : regex.test(value) !== inverted),
	};
	if (cache.size > 200) cache.clear();
	cache.set(text, compiled);
	return compiled;
}
