/**
 * A pure function of a string, remembered. The sim answers the same questions every refresh
 * (the same script lines, the same interface names); a bound keeps a long demo, where guests
 * come and go, from growing the table for ever: past it the table starts over.
 *
 * A key is remembered as a copy of its own: a script line is a slice of the whole script it
 * came in (V8 shares the text), and a remembered slice, or a result sliced from it, kept that
 * script alive for as long as the table held it. Keys that `keep` turns down (a line new every
 * refresh) are computed and not remembered at all.
 */
export function memoize<T>(
	compute: (key: string) => T,
	limit: number,
	keep: (key: string) => boolean = () => true,
): (key: string) => T {
	const known = new Map<string, T>();
	return (key) => {
		let value = known.get(key);
		if (value === undefined) {
			if (!keep(key)) return compute(key);
			const own = ownCopy(key);
			value = compute(own);
			if (known.size >= limit) known.clear();
			known.set(own, value);
		}
		return value;
	};
}

/** The same text in a string of its own (JSON keeps every code unit, lone surrogates too). */
function ownCopy(text: string): string {
	return JSON.parse(JSON.stringify(text)) as string;
}
