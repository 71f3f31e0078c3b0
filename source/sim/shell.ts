/**
 * A very small POSIX-shell subset, enough to run what proxdeck sends (batch scripts from
 * host/batch.ts, single command lines, `sh -c` one-liners in guests) with the same stdout and
 * stderr a real `sh` would give: words and quotes, `$?`, `;` `&&` `||` `|`, the redirections
 * `>&2` `2>&1` `>/dev/null` `2>/dev/null`, function definitions on one line, plain variables
 * (`name=value` on its own, `$name` and `${name}`), and the builtins printf, echo, true,
 * false, cd, export, exit, `:` plus the filters head, tail, grep, wc -l and xargs. It adds
 * up the commands' modelled `elapsedMs` (command-time.ts), one after another.
 */
import {memoize} from './memo.js';

export interface ShellResult {
	stdout: string;
	stderr: string;
	code: number;
	elapsedMs?: number;
}

export interface ShellEnv {
	cwd: string;
	lastCode: number;
	/** Functions defined by the script: name -> the whole definition line. */
	functions: Map<string, string>;
	/** Variables the script set (`name=value`); unset ones expand to nothing, as in sh. */
	vars?: Map<string, string>;
	/** Modelled time the script has taken so far (command-time.ts); results carry theirs the same way. */
	elapsedMs?: number;
}

/** Runs one external command (anything that is not a builtin). */
export type CommandRunner = (argv: string[], env: ShellEnv, stdin: string) => ShellResult;

interface Redirect {
	fd: 1 | 2;
	to: '&1' | '&2' | 'null' | 'file';
}

interface Command {
	words: string[];
	redirects: Redirect[];
}

type Op = ';' | '&&' | '||';

class ExitSignal {
	constructor(readonly code: number) {}
}

/**
 * Stands for `$?` or `$name` in parsed words until the command runs (a line holds several
 * commands, and one parse serves every run of the same line).
 */
const EXPAND_START = '\u0000';
const EXPAND_END = '\u0001';
const EXPANSION = /\u0000([^\u0001]*)\u0001/g;
const VARIABLE = /^(\?|[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** The placeholder for a `$...` reference at `text[i]` (the `$`), and where it ends. */
function readVariable(text: string, i: number): [string, number] | null {
	const name = VARIABLE.exec(text.slice(i + 1, i + 66))?.[0];
	if (name === undefined) return null;
	return [`${EXPAND_START}${name.replace(/^\{|\}$/g, '')}${EXPAND_END}`, i + name.length];
}

type ParsedLine = {pipeline: Command[]; op: Op}[];

/**
 * Lines already parsed (the demo runs the sim in the console's process, and a refresh sends the
 * same script every couple of seconds). Parsed lines are never changed, so sharing them is safe.
 * A line that sets a batch's marker, or a node hop carrying a whole batch, is new every refresh.
 */
const parsedLine = memoize(parseLine, 2_000, (line) => !line.includes('pd_mark='));

/** Tokenise a line into commands grouped in pipelines, joined by list operators. */
function parseLine(line: string): {pipeline: Command[]; op: Op}[] {
	const list: {pipeline: Command[]; op: Op}[] = [];
	let pipeline: Command[] = [];
	let command: Command = {words: [], redirects: []};
	let word = '';
	let inWord = false;
	let quoted = false;
	let pending: 1 | 2 | null = null;
	const redirectTo = (target: string): Redirect['to'] =>
		target === '&1' ? '&1' : target === '&2' ? '&2' : target === '/dev/null' ? 'null' : 'file';
	const endWord = (): void => {
		// `</dev/null`: stdin from nowhere, which is what every command here gets anyway.
		if (inWord && !quoted && word.startsWith('<')) {
			word = '';
			inWord = false;
			return;
		}
		if (inWord) {
			const redirect = quoted ? null : /^([12]?)>(.*)$/.exec(word);
			if (pending !== null) {
				command.redirects.push({fd: pending, to: redirectTo(word)});
				pending = null;
			} else if (redirect) {
				const fd = redirect[1] === '2' ? 2 : 1;
				if (redirect[2] === '') pending = fd;
				else command.redirects.push({fd, to: redirectTo(redirect[2]!)});
			} else command.words.push(word);
		}
		word = '';
		inWord = false;
		quoted = false;
	};
	const endCommand = (): void => {
		endWord();
		if (command.words.length > 0 || command.redirects.length > 0) pipeline.push(command);
		command = {words: [], redirects: []};
	};
	const endPipeline = (op: Op): void => {
		endCommand();
		if (pipeline.length > 0) list.push({pipeline, op});
		pipeline = [];
	};
	for (let i = 0; i < line.length; i++) {
		const ch = line[i]!;
		if (ch === "'") {
			const end = line.indexOf("'", i + 1);
			if (end === -1) throw new Error('unterminated quoted string');
			word += line.slice(i + 1, end);
			i = end;
			inWord = true;
			quoted = true;
		} else if (ch === '"') {
			let j = i + 1;
			for (; j < line.length && line[j] !== '"'; j++) {
				const variable = line[j] === '$' ? readVariable(line, j) : null;
				if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) word += line[++j];
				else if (variable) {
					word += variable[0];
					j = variable[1];
				} else word += line[j];
			}
			if (j >= line.length) throw new Error('unterminated quoted string');
			i = j;
			inWord = true;
			quoted = true;
		} else if (ch === '\\' && i + 1 < line.length) {
			word += line[++i];
			inWord = true;
			quoted = true;
		} else if (ch === '$' && readVariable(line, i)) {
			const [placeholder, end] = readVariable(line, i)!;
			word += placeholder;
			i = end;
			inWord = true;
		} else if (ch === ' ' || ch === '\t') {
			endWord();
		} else if (ch === ';' || ch === '\n') {
			endPipeline(';');
		} else if (ch === '&' && line[i + 1] === '&') {
			endPipeline('&&');
			i++;
		} else if (ch === '|' && line[i + 1] === '|') {
			endPipeline('||');
			i++;
		} else if (ch === '|') {
			endCommand();
		} else {
			word += ch;
			inWord = true;
		}
	}
	endPipeline(';');
	return list;
}

const ESCAPES: Record<string, string> = {
	'\\': '\\',
	a: '\x07',
	b: '\b',
	f: '\f',
	n: '\n',
	r: '\r',
	t: '\t',
	v: '\v',
	'"': '"',
	"'": "'",
};

/** Backslash escapes as dash's printf reads them (`\n`, `\t`, `\036`...). */
function readEscape(text: string, i: number): [string, number] {
	const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1));
	if (octal) return [String.fromCharCode(parseInt(octal[0], 8)), i + octal[0].length];
	const e = text[i + 1];
	if (e !== undefined && e in ESCAPES) return [ESCAPES[e]!, i + 1];
	return ['\\', i];
}

/** printf(1): %s %d %b %%, backslash escapes, the format reused while arguments remain. */
export function shellPrintf(format: string, args: string[]): string {
	let out = '';
	let index = 0;
	for (;;) {
		const before = index;
		for (let i = 0; i < format.length; i++) {
			const ch = format[i]!;
			if (ch === '\\') {
				const [text, end] = readEscape(format, i);
				out += text;
				i = end;
			} else if (ch === '%') {
				const spec = /^(%|-?\d*[sdb])/.exec(format.slice(i + 1));
				if (!spec) {
					out += ch;
					continue;
				}
				i += spec[0].length;
				if (spec[0] === '%') {
					out += '%';
					continue;
				}
				const arg = args[index++] ?? '';
				const kind = spec[0].at(-1);
				let value = kind === 'd' ? String(Number.parseInt(arg, 10) || 0) : arg;
				if (kind === 'b')
					value = value.replace(/\\(0[0-7]{0,3}|[\\abfnrtv])/g, (m, e: string) =>
						/^0/.test(e) ? String.fromCharCode(parseInt(e.slice(1) || '0', 8)) : (ESCAPES[e] ?? m),
					);
				const width = Number(/\d+/.exec(spec[0])?.[0] ?? 0);
				if (width) value = spec[0].startsWith('-') ? value.padEnd(width) : value.padStart(width);
				out += value;
			} else out += ch;
		}
		if (index === before || index >= args.length) break;
	}
	return out;
}

function builtin(words: string[], env: ShellEnv, stdin: string): ShellResult | null {
	const [name, ...args] = words;
	const ok = (stdout = ''): ShellResult => ({stdout, stderr: '', code: 0});
	switch (name) {
		case 'printf':
			return args.length === 0
				? {stdout: '', stderr: 'printf: usage: printf format [arguments]\n', code: 2}
				: ok(shellPrintf(args[0]!, args.slice(1)));
		case 'echo':
			return ok(`${args.join(' ')}\n`);
		case 'true':
		case ':':
		case 'export':
			return ok();
		case 'false':
			return {stdout: '', stderr: '', code: 1};
		case 'cd':
			env.cwd = args[0] ?? '/root';
			return ok();
		case 'exit':
			throw new ExitSignal(Number(args[0] ?? env.lastCode));
		case 'head':
		case 'tail': {
			const n = Number(args[args.indexOf('-n') + 1] ?? 10) || 10;
			const lines = stdin.split('\n');
			if (lines.at(-1) === '') lines.pop();
			const kept = name === 'head' ? lines.slice(0, n) : lines.slice(-n);
			return ok(kept.map((l) => `${l}\n`).join(''));
		}
		case 'grep': {
			const invert = args.includes('-v');
			const pattern = args.filter((a) => !a.startsWith('-'))[0] ?? '';
			const re = new RegExp(pattern);
			const lines = stdin.split('\n').filter((l) => l !== '' && re.test(l) !== invert);
			return {stdout: lines.map((l) => `${l}\n`).join(''), stderr: '', code: lines.length > 0 ? 0 : 1};
		}
		case 'wc':
			return ok(`${stdin.split('\n').length - 1}\n`);
		default:
			return null;
	}
}

/** `xargs [-r] command args…`: the command once, with stdin's words appended (none and -r: not run). */
function xargs(words: string[], env: ShellEnv, stdin: string, run: CommandRunner): ShellResult {
	let i = 1;
	let skipEmpty = false;
	while (words[i]?.startsWith('-')) skipEmpty ||= words[i++] === '-r';
	const input = stdin.split(/\s+/).filter((w) => w !== '');
	if (input.length === 0 && skipEmpty) return {stdout: '', stderr: '', code: 0};
	const argv = [...words.slice(i), ...input];
	return builtin(argv, env, '') ?? run(argv, env, '');
}

/** coreutils `timeout` runs its command as a program: printf/echo behave the same, so drop it. */
function withoutTimeout(words: string[]): string[] {
	if (words[0] !== 'timeout') return words;
	let i = 1;
	while (words[i] === '-k' || words[i] === '-s') i += 2;
	while (words[i]?.startsWith('-')) i += 1;
	return words.slice(i + 1);
}

function expand(word: string, env: ShellEnv): string {
	if (!word.includes(EXPAND_START)) return word;
	return word.replace(EXPANSION, (_, name: string) =>
		name === '?' ? String(env.lastCode) : (env.vars?.get(name) ?? ''),
	);
}

/** One command's expanded words: a builtin, xargs or (through `run`) a program. */
export function runWords(words: string[], env: ShellEnv, stdin: string, run: CommandRunner): ShellResult {
	const bare = withoutTimeout(words);
	return bare[0] === 'xargs' ? xargs(bare, env, stdin, run) : (builtin(bare, env, stdin) ?? run(bare, env, stdin));
}

function runCommand(command: Command, env: ShellEnv, stdin: string, run: CommandRunner): ShellResult {
	if (command.words.length === 0) return {stdout: '', stderr: '', code: 0};
	const expanded = command.words.map((w) => expand(w, env));
	const assignment = expanded.length === 1 ? ASSIGNMENT.exec(expanded[0]!) : null;
	if (assignment) {
		(env.vars ??= new Map()).set(assignment[1]!, assignment[2]!);
		return {stdout: '', stderr: '', code: 0};
	}
	const result = runWords(expanded, env, stdin, run);
	if (result.elapsedMs) env.elapsedMs = (env.elapsedMs ?? 0) + result.elapsedMs;
	let {stdout, stderr} = result;
	for (const r of command.redirects) {
		if (r.fd === 1 && r.to === '&2') [stdout, stderr] = ['', stderr + stdout];
		else if (r.fd === 2 && r.to === '&1') [stdout, stderr] = [stdout + stderr, ''];
		else if (r.fd === 1) stdout = '';
		else stderr = '';
	}
	return {stdout, stderr, code: result.code};
}

/** Split a script at newlines that are outside quotes (a quoted awk program spans lines). */
export function logicalLines(script: string): string[] {
	const lines: string[] = [];
	let start = 0;
	let quote: "'" | '"' | null = null;
	for (let i = 0; i < script.length; i++) {
		const ch = script[i];
		if (quote === "'") {
			if (ch === "'") quote = null;
		} else if (quote === '"') {
			if (ch === '\\') i++;
			else if (ch === '"') quote = null;
		} else if (ch === '\\') i++;
		else if (ch === "'" || ch === '"') quote = ch;
		else if (ch === '\n') {
			lines.push(script.slice(start, i));
			start = i + 1;
		}
	}
	if (start < script.length) lines.push(script.slice(start));
	return lines;
}

const FUNCTION_DEF = /^\s*([A-Za-z_][A-Za-z0-9_]*)\(\)\s*\{/;

/** Run a script; stdout and stderr are what sh would have written to each. */
export function runShell(
	script: string,
	run: CommandRunner,
	env: ShellEnv = {cwd: '/root', lastCode: 0, functions: new Map()},
): ShellResult {
	let stdout = '';
	let stderr = '';
	try {
		for (const line of logicalLines(script)) {
			const def = FUNCTION_DEF.exec(line);
			if (def) {
				env.functions.set(def[1]!, line);
				env.lastCode = 0;
				continue;
			}
			if (line.trim() === '' || line.trim().startsWith('#')) continue;
			let list: ParsedLine;
			try {
				list = parsedLine(line);
			} catch (error) {
				stderr += `sh: 1: Syntax error: ${(error as Error).message}\n`;
				env.lastCode = 2;
				continue;
			}
			let previousOp: Op = ';';
			for (const {pipeline, op} of list) {
				const skip = (previousOp === '&&' && env.lastCode !== 0) || (previousOp === '||' && env.lastCode === 0);
				previousOp = op;
				if (skip) continue;
				let piped = '';
				let last: ShellResult = {stdout: '', stderr: '', code: 0};
				for (const [index, command] of pipeline.entries()) {
					last = runCommand(command, env, piped, run);
					stderr += last.stderr;
					if (index < pipeline.length - 1) piped = last.stdout;
				}
				stdout += last.stdout;
				env.lastCode = last.code;
			}
		}
	} catch (signal) {
		if (!(signal instanceof ExitSignal)) throw signal;
		env.lastCode = signal.code;
	}
	return {stdout, stderr, code: env.lastCode, ...(env.elapsedMs ? {elapsedMs: env.elapsedMs} : {})};
}
