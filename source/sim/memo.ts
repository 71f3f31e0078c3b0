/**
 * A pure function of a string, remembered. The sim answers the same questions every refresh
 * (the same script lines, the same interface names); a bound keeps a long demo, where guests
 * come and go, from growing the table for ever: past it the table starts over.
 */
export function memoize<T>(compute: (key: string) => T, limit: number): (key: string) => T {
	const known = new Map<string, T>();
	return (key) => {
		let value = known.get(key);
		if (value === undefined) {
			value = compute(key);
			if (known.size >= limit) known.clear();
			known.set(key, value);
		}
		return value;
	};
}
