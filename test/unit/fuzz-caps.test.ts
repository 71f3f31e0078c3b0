/**
 * The caps on what a host can make proxdeck hold: a batch read section by section as it
 * arrives (whatever the chunking, the sections come out the same; a section over its cap is
 * cut and says so, the others are whole), log lines cut at their cap with the rest of the line
 * skipped, and the log ring held to its text budget. Floods of hundreds of megabytes are fed
 * as fresh copies of one chunk, so the test itself stays small; what is measured is what
 * proxdeck keeps.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {renderBatch} from '../../source/host/batch.js';
import {BatchOutputSplitter, splitBatchOutput} from '../../source/host/batch-output.js';
import {LineSplitter} from '../../source/transport/lines.js';
import {CappedBuffer, LINE_CAP_CHARS, OUTPUT_CAP_BYTES} from '../../source/transport/output-cap.js';
import {LogRing} from '../../source/store/ring.js';
import {retainedBytes} from '../helpers/memory.js';

const MARKER = renderBatch([]).marker;
const mark = (kind: string): string => `\x1ePD${MARKER} ${kind}\n`;

/** A batch's stdout and stderr as the script would print them, from each section's text. */
function batchOutput(sections: {id: string; out: string; err: string; code: number}[]): {
	stdout: string;
	stderr: string;
} {
	let stdout = 'Welcome to pve\n';
	let stderr = 'motd noise\n';
	for (const s of sections) {
		stdout += `${mark(`B ${s.id}`)}${s.out}\n${mark(`E ${s.id} ${s.code}`)}`;
		stderr += `${mark(`B ${s.id}`)}${s.err}`;
	}
	return {stdout, stderr};
}

/** Cut a byte string into chunks at the given offsets. */
function chunks(bytes: Buffer, cuts: number[]): Buffer[] {
	const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
	const out: Buffer[] = [];
	let from = 0;
	for (const c of [...at, bytes.length]) {
		out.push(bytes.subarray(from, c));
		from = c;
	}
	return out;
}

const text = fc.string({
	unit: fc.constantFrom('a', 'é', '漢', '\n', '\t', '\x1e', 'P', 'D', 'B', ' ', '0'),
	maxLength: 60,
});
const section = fc.record({out: text, err: text, code: fc.integer({min: 0, max: 255})});

describe('a batch read as it arrives', () => {
	it('gives the same sections whatever the chunk boundaries (markers split anywhere)', () => {
		fc.assert(
			fc.property(
				fc.array(section, {maxLength: 6}),
				fc.array(fc.nat(), {maxLength: 40}),
				fc.array(fc.nat(), {maxLength: 40}),
				(specs, outCuts, errCuts) => {
					const sections = specs.map((s, i) => ({...s, id: `s${i}`}));
					const {stdout, stderr} = batchOutput(sections);
					const whole = splitBatchOutput(stdout, stderr, MARKER);
					const splitter = new BatchOutputSplitter(MARKER);
					for (const c of chunks(Buffer.from(stdout), outCuts)) splitter.stdout(c);
					for (const c of chunks(Buffer.from(stderr), errCuts)) splitter.stderr(c);
					expect(splitter.result()).toEqual(whole);
					for (const s of sections) expect(whole.get(s.id)).toEqual({stdout: s.out, stderr: s.err, code: s.code});
				},
			),
			{numRuns: 300, seed: 31},
		);
	});

	it('cuts a section that floods at its cap, says how much it printed, and keeps the sections after it whole', () => {
		const cap = 64 * 1024;
		const splitter = new BatchOutputSplitter(MARKER, null, cap);
		const flood = Buffer.alloc(1024 * 1024, 'x');
		splitter.stdout(Buffer.from(mark('B containers-111')));
		for (let i = 0; i < 20; i++) splitter.stdout(flood);
		splitter.stdout(
			Buffer.from(`\n${mark('E containers-111 0')}${mark('B zpool-list')}media-pool\t84\n\n${mark('E zpool-list 0')}`),
		);
		const out = splitter.result();
		expect(out.get('containers-111')).toMatchObject({code: 0, cut: {printed: 20 * 1024 * 1024, limit: cap}});
		expect(out.get('containers-111')!.stdout).toHaveLength(cap);
		expect(out.get('zpool-list')).toEqual({stdout: 'media-pool\t84\n', stderr: '', code: 0});
	});

	it('holds only the sections the batch has: a stream of made-up section ids costs nothing', () => {
		const splitter = new BatchOutputSplitter(MARKER, new Set(['a']));
		splitter.stdout(Buffer.from(`${mark('B a')}one\n${mark('E a 0')}`));
		for (let i = 0; i < 1000; i++)
			splitter.stdout(Buffer.from(`${mark(`B x${i}`)}${'z'.repeat(1000)}\n${mark(`E x${i} 0`)}`));
		expect([...splitter.result().keys()]).toEqual(['a']);
	});

	it('holds no more than the cap while a section prints 200 MB', async () => {
		const splitter = new BatchOutputSplitter(MARKER);
		const flood = Buffer.alloc(4 * 1024 * 1024, '{"Names":"x"}\n');
		splitter.stdout(Buffer.from(mark('B containers-111')));
		const before = await retainedBytes();
		let peak = 0;
		for (let i = 0; i < 50; i++) {
			// A fresh chunk each time, as a socket delivers them: the same buffer twice would cost nothing.
			splitter.stdout(Buffer.from(flood));
			if (i % 10 === 9) peak = Math.max(peak, (await retainedBytes()) - before);
		}
		splitter.stdout(Buffer.from(`\n${mark('E containers-111 0')}`));
		const out = splitter.result().get('containers-111')!;
		expect(out.cut).toEqual({printed: 200 * 1024 * 1024, limit: OUTPUT_CAP_BYTES});
		expect(Buffer.byteLength(out.stdout)).toBe(OUTPUT_CAP_BYTES);
		// The cap plus the last chunk kept whole and some slack; 200 MB held would be far above this.
		expect(peak).toBeLessThan(24 * 1024 * 1024);
	}, 90_000);
});

describe('log lines', () => {
	it('a line longer than the cap is delivered once, cut, with a note; the next line is whole', () => {
		fc.assert(
			fc.property(
				fc.integer({min: 16, max: 5_000}),
				fc.array(fc.integer({min: 1, max: 3_000}), {minLength: 1, maxLength: 30}),
				(limit, sizes) => {
					const lines: string[] = [];
					const splitter = new LineSplitter((line) => lines.push(line), limit);
					for (const size of sizes) splitter.push('y'.repeat(size));
					splitter.push('\nnext\n');
					const total = sizes.reduce((a, b) => a + b, 0);
					expect(lines).toHaveLength(2);
					expect(lines[1]).toBe('next');
					if (total > limit)
						expect(lines[0]).toBe(
							`${'y'.repeat(limit)} … [line cut at ${limit % 1024 === 0 ? `${limit / 1024}K` : limit} characters]`,
						);
					else expect(lines[0]).toBe('y'.repeat(total));
				},
			),
			{numRuns: 200, seed: 32},
		);
	});

	it('700 MB with no newline: one cut line, memory bounded', async () => {
		const lines: string[] = [];
		const splitter = new LineSplitter((line) => lines.push(line));
		const chunk = Buffer.alloc(1024 * 1024, 'A');
		const before = await retainedBytes();
		let peak = 0;
		for (let i = 0; i < 700; i++) {
			splitter.push(Buffer.from(chunk));
			if (i % 50 === 49) peak = Math.max(peak, (await retainedBytes()) - before);
		}
		splitter.push('\nafter\n');
		expect(lines).toHaveLength(2);
		expect(lines[1]).toBe('after');
		expect(lines[0]!.startsWith('A'.repeat(LINE_CAP_CHARS))).toBe(true);
		expect(lines[0]).toMatch(/ … \[line cut at 64K characters\]$/);
		expect(peak).toBeLessThan(8 * 1024 * 1024);
	}, 90_000);

	it('the log ring keeps its text budget however long the lines', () => {
		const ring = new LogRing<string>(5000, {weigh: (s) => s.length, budget: 1_000_000});
		for (let i = 0; i < 5000; i++) ring.push(`${i}`.padEnd(LINE_CAP_CHARS, '.'));
		expect(ring.size).toBe(Math.floor(1_000_000 / LINE_CAP_CHARS));
		expect(ring.at(ring.size - 1)!.startsWith('4999')).toBe(true);
		expect(ring.evicted).toBe(5000 - ring.size);
	});
});

describe("a command's output", () => {
	it('is kept up to the cap and counted past it', () => {
		const buffer = new CappedBuffer(10);
		buffer.push(Buffer.from('0123456'));
		buffer.push(Buffer.from('789abc'));
		expect(buffer.text()).toBe('0123456789');
		expect(buffer.cut).toBe(true);
		expect(buffer.seen).toBe(13);
	});
});
