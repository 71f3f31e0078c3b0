/**
 * V8 keeps a loaded file's source text for as long as the program runs. A file with one
 * character beyond Latin-1 is held at two bytes a character, the whole of it: the console's
 * code is megabytes, so one such character in a regular expression (esbuild escapes strings
 * but writes regular expressions as they are) cost as much memory again.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {bundle, ROOT} from '../../scripts/bundle.mjs';

describe('the built program', () => {
	it('is Latin-1 throughout, so V8 holds its source at one byte a character', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'proxdeck-one-byte-'));
		try {
			const outfile = join(dir, 'proxdeck.mjs');
			await bundle({entry: join(ROOT, 'source', 'cli.tsx'), outfile});
			const text = readFileSync(outfile, 'utf8');
			const wide = [...text.matchAll(/.{0,40}[^\u0000-\u00ff].{0,20}/g)].map((m) => m[0]);
			expect(text.length).toBeGreaterThan(500_000);
			expect(wide).toEqual([]);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	}, 30_000);
});
