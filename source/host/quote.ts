/**
 * The one place where argv becomes a shell string. Every remote command proxdeck runs is an
 * argv array of validated values (see validate.ts), joined here; nothing else concatenates
 * user-influenced text into a command line.
 */

/** Characters that never need quoting in a POSIX shell word. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quote one argument so that a POSIX shell reads it back as exactly this string. */
export function quoteArg(arg: string): string {
	if (arg.includes('\0')) throw new Error('an argument cannot contain a NUL byte');
	if (arg !== '' && SAFE_WORD.test(arg)) return arg;
	return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** Join an argv into one shell command line. */
export function shellJoin(argv: readonly string[]): string {
	if (argv.length === 0) throw new Error('cannot build an empty command');
	return argv.map(quoteArg).join(' ');
}

/**
 * A command for a hint that a person reads and may paste: quoted as shellJoin quotes, but an
 * argument no shell can hold (a NUL byte a host put in a name) is written as `<NUL>` instead
 * of failing the check, or the screen, that found the problem.
 */
export function hintJoin(argv: readonly string[]): string {
	return argv.map((arg) => quoteArg(arg.replaceAll('\0', '<NUL>'))).join(' ');
}

/**
 * Split a command line made by shellJoin back into argv. It understands exactly what
 * quoteArg writes (bare words, single quotes, and the `'\''` escape) plus double quotes
 * without expansions; the simulated host uses it to read the commands it is sent.
 */
export function shellSplit(line: string): string[] {
	const words: string[] = [];
	let current = '';
	let inWord = false;
	for (let i = 0; i < line.length; i++) {
		const ch = line[i]!;
		if (ch === "'") {
			const end = line.indexOf("'", i + 1);
			if (end === -1) throw new Error('unterminated single quote');
			current += line.slice(i + 1, end);
			i = end;
			inWord = true;
		} else if (ch === '"') {
			let j = i + 1;
			for (; j < line.length && line[j] !== '"'; j++) {
				if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) j++;
				current += line[j];
			}
			if (j >= line.length) throw new Error('unterminated double quote');
			i = j;
			inWord = true;
		} else if (ch === '\\' && i + 1 < line.length) {
			current += line[++i];
			inWord = true;
		} else if (ch === ' ' || ch === '\t' || ch === '\n') {
			if (inWord) words.push(current);
			current = '';
			inWord = false;
		} else {
			current += ch;
			inWord = true;
		}
	}
	if (inWord) words.push(current);
	return words;
}
