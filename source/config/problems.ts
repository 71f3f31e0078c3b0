/**
 * Collecting and wording config problems. Every message names the file, the field path
 * (`contexts[1].host`) and what is expected, because the person reading it is about to open
 * that file in an editor and should not have to guess where to look.
 */
import type {ConfigFailure, ConfigProblem} from './types.js';

export class Problems {
	readonly list: ConfigProblem[] = [];

	add(field: string, expected: string, value?: unknown, present = true): void {
		this.list.push({field, expected, ...(present && value !== undefined ? {found: describeValue(value)} : {})});
	}

	get empty(): boolean {
		return this.list.length === 0;
	}
}

/** `contexts` + 1 -> `contexts[1]`; `` + `version` -> `version`. */
export function fieldPath(parent: string, key: string | number): string {
	if (typeof key === 'number') return `${parent}[${key}]`;
	// Keys that are not plain words (action ids with dots, odd names) are quoted so the path stays readable.
	const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key);
	if (parent === '') return plain ? key : `[${JSON.stringify(key)}]`;
	return plain ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** A short, JSON-ish rendering of a found value for a message. */
export function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
	if (typeof value === 'object') return 'an object';
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function problemLine(p: ConfigProblem): string {
	const where = p.field === '' ? 'the file' : p.field;
	return `${where}: expected ${p.expected}${p.found === undefined ? '' : `, found ${p.found}`}`;
}

/** The one message printed for a bad file; `nothing was changed` because users fear a tool that rewrites their config. */
export function configFailure(file: string, problems: readonly ConfigProblem[]): ConfigFailure {
	const lines = problems.map(problemLine);
	const message =
		lines.length === 1
			? `config file ${file}: ${lines[0]} (the file was not changed)`
			: `config file ${file} has ${lines.length} problems (the file was not changed):\n${lines.map((l) => `  ${l}`).join('\n')}`;
	return {file, problems: [...problems], message};
}

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): {line: number; column: number} {
	const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
	const lines = before.split('\n');
	return {line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1};
}

/** JSON.parse that reports where the syntax broke (V8 says "at position N"; we say line and column). */
export function parseConfigJson(text: string): {ok: true; value: unknown} | {ok: false; problem: ConfigProblem} {
	if (text.trim() === '')
		return {ok: false, problem: {field: '', expected: 'a JSON object such as {"version": 1}', found: 'an empty file'}};
	try {
		return {ok: true, value: JSON.parse(text) as unknown};
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		const match = /at position (\d+)/.exec(reason);
		const offset = match ? Number(match[1]) : /end of JSON input/.test(reason) ? text.length : undefined;
		const where =
			offset === undefined ? '' : (({line, column}) => ` at line ${line} column ${column}`)(lineColumn(text, offset));
		const why = reason.replace(/\s*in JSON at position \d+.*$/, '').replace(/, ".*" is not valid JSON$/s, '');
		return {ok: false, problem: {field: '', expected: `valid JSON (${why}${where})`}};
	}
}
