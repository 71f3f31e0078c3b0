/**
 * The real outputs the parser tests read live in the repository, each with its provenance:
 * a file without an entry in test/fixtures/SOURCES.md is a file nobody can check.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import {describe, expect, it} from 'vitest';
import {FIXTURES_DIR} from '../helpers/fixtures.js';

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((name) =>
		statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)],
	);
}

describe('test/fixtures', () => {
	const sources = readFileSync(join(FIXTURES_DIR, 'SOURCES.md'), 'utf8');
	const fixtures = files(FIXTURES_DIR)
		.map((file) => relative(FIXTURES_DIR, file))
		.filter((file) => file !== 'SOURCES.md');

	it('is the folder the tests read, inside the repository', () => {
		const repo = join(import.meta.dirname, '..', '..');
		expect(relative(repo, FIXTURES_DIR)).toBe(join('test', 'fixtures'));
		expect(fixtures.length).toBeGreaterThan(50);
	});

	it("names every file in SOURCES.md, where its source and the publisher's edits are given", () => {
		const missing = fixtures.filter(
			(file) => !sources.includes(`\`${file}\``) && !sources.includes(`\`${file.split('/').pop()}\``),
		);
		expect(missing).toEqual([]);
	});
});
