/**
 * A followed task's log is held in bounded memory: its first lines (where vzdump names its
 * archive) and its newest ones (where it ends) stay, the middle goes, and the gap says how
 * many lines it stands for; the next read still starts after every line read.
 */
import {describe, expect, it} from 'vitest';
import {EMPTY_LOG, keepLog, type KeptLog} from '../../source/ops/task-log-keep.js';
import {taskLogEnd} from '../../source/host/parse/tasks.js';

const numbered = (from: number, count: number): string[] => Array.from({length: count}, (_, i) => `line ${from + i}`);

function feed(chunks: number[], limits = {head: 3, tail: 5}): KeptLog {
	let log = EMPTY_LOG;
	let next = 1;
	for (const size of chunks) {
		log = keepLog(log, numbered(next, size), limits);
		next += size;
	}
	return log;
}

describe('a followed task log', () => {
	it('holds every line while the log is short', () => {
		const log = feed([2, 3, 3]);
		expect(log.lines).toEqual(numbered(1, 8));
		expect(log).toMatchObject({read: 8, dropped: 0});
	});

	it('keeps the head and the newest lines of a long log, saying how many it let go', () => {
		const log = feed([4, 4, 100]);
		expect(log.read).toBe(108);
		expect(log.dropped).toBe(100);
		expect(log.lines).toEqual([...numbered(1, 3), '… 100 lines not kept …', ...numbered(104, 5)]);
	});

	it('keeps the same shape however the lines arrive, one by one or all at once', () => {
		const oneByOne = feed(Array.from({length: 40}, () => 1));
		expect(oneByOne).toEqual(feed([40]));
		expect(oneByOne.lines).toHaveLength(3 + 1 + 5);
		expect(oneByOne.lines.at(-1)).toBe('line 40');
	});

	it("still finds the task's end in the newest line after a long log", () => {
		let log = keepLog(EMPTY_LOG, numbered(1, 20_000));
		log = keepLog(log, ['TASK ERROR: job errors']);
		expect(log.lines.length).toBeLessThanOrEqual(200 + 1 + 5_000);
		expect(log.lines[0]).toBe('line 1');
		expect(taskLogEnd(log.lines)).toEqual({state: 'error', status: 'job errors'});
	});
});
