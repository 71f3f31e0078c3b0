import {spawnSync} from 'node:child_process';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {hintJoin, quoteArg, shellJoin, shellSplit} from '../../source/host/quote.js';
import {networkFindings} from '../../source/ops/health/verdicts.js';
import {sampleSnapshot} from '../helpers/sample-snapshot.js';

/**
 * What a real POSIX shell makes of each command line: argv as a program receives it. One `sh`
 * reads every line (a process per case made this test slow on a busy machine); each case
 * prints its argument count and then each argument, NUL-terminated, so no argument's bytes can
 * be taken for the next case's.
 */
function shellArgvs(lines: readonly string[]): string[][] {
	const printer = `printf '%s\\0' "$#"; for a in "$@"; do printf '%s\\0' "$a"; done`;
	const script = lines.map((line) => `set -- ${line}; ${printer}`).join('\n');
	const run = spawnSync('sh', ['-c', script], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024});
	expect(run.status).toBe(0);
	const fields = run.stdout.split('\0');
	const argvs: string[][] = [];
	let at = 0;
	for (let i = 0; i < lines.length; i++) {
		const count = Number(fields[at++]);
		argvs.push(fields.slice(at, at + count));
		at += count;
	}
	return argvs;
}

/** Characters a shell treats specially, often enough that every case meets several of them. */
const shellSpecial = fc.constantFrom(...' \t\n\'"\\$`*?[]{}()<>|&;#~!=%^,-');
const anyChar = fc.oneof(
	shellSpecial,
	fc.string({unit: 'grapheme-ascii', minLength: 1, maxLength: 1}),
	fc.string({unit: 'binary', minLength: 1, maxLength: 1}),
);
const anyArg = fc.string({unit: anyChar, minLength: 0, maxLength: 40}).filter((s) => !s.includes('\0'));

describe('shell quoting', () => {
	it('leaves plain words alone and quotes the rest', () => {
		expect(quoteArg('pvesh')).toBe('pvesh');
		expect(quoteArg('/cluster/resources')).toBe('/cluster/resources');
		expect(quoteArg('a b')).toBe("'a b'");
		expect(quoteArg("it's")).toBe("'it'\\''s'");
		expect(quoteArg('')).toBe("''");
		expect(quoteArg('{{json .}}')).toBe("'{{json .}}'");
	});

	it('refuses a NUL byte, which no argv can carry', () => {
		expect(() => quoteArg('a\0b')).toThrow(/NUL/);
	});

	it('a real sh splits any joined argv back to exactly the same argv', () => {
		const cases = fc.sample(fc.array(anyArg, {minLength: 1, maxLength: 6}), 150);
		const argvs = shellArgvs(cases.map((argv) => shellJoin(argv)));
		cases.forEach((argv, i) => expect(argvs[i], `argv ${JSON.stringify(argv)}`).toEqual(argv));
	});

	it('shellSplit reads back what shellJoin wrote', () => {
		fc.assert(
			fc.property(fc.array(anyArg, {minLength: 1, maxLength: 8}), (argv) => {
				expect(shellSplit(shellJoin(argv))).toEqual(argv);
			}),
			{numRuns: 500},
		);
	});

	it('shellSplit understands double quotes and backslashes', () => {
		expect(shellSplit('echo "a b" c\\ d \'e\'')).toEqual(['echo', 'a b', 'c d', 'e']);
		expect(() => shellSplit("echo 'open")).toThrow(/unterminated/);
	});

	it('a hint with a NUL byte a host put in a name says so instead of throwing, on screen and in health', () => {
		expect(hintJoin(['ip', 'link', 'set', 'vmbr\0x; reboot', 'up'])).toBe("ip link set 'vmbr<NUL>x; reboot' up");
		const snapshot = sampleSnapshot();
		const bridge = {...snapshot.bridges[0]!, name: 'vmbr\0evil', state: 'DOWN'};
		const findings = networkFindings({...snapshot, bridges: [bridge]}, Date.parse(snapshot.takenAt));
		expect(findings.find((f) => f.target === 'bridge:vmbr\0evil')?.hint).toContain("ip link set 'vmbr<NUL>evil' up");
	});
});
