/**
 * `npm start` runs dist/proxdeck.mjs and rebuilds it only when something it was built from
 * changed. The check must never run a stale bundle: a file edited, one brought back with an
 * old mtime (`cp -p`, `git stash`, npm's fixed package mtimes), one deleted, or the bundle
 * itself replaced. Checked on a small tree of files standing in for the sources.
 */
import {mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {bundleIsFresh, recordInputs} from '../../scripts/bundle.mjs';

let root: string;
let outfile: string;
const inputs = ['source/a.ts', 'source/b.ts', 'node_modules/dep/index.js'];

function wait(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A build that started a while ago, so the files above count as read before it. */
function record(): void {
	recordInputs(outfile, inputs, BigInt(Date.now() + 1000) * 1_000_000n, root);
}

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'proxdeck-bundle-'));
	for (const file of inputs) {
		mkdirSync(join(root, file, '..'), {recursive: true});
		writeFileSync(join(root, file), `// ${file}\n`);
	}
	mkdirSync(join(root, 'dist'));
	outfile = join(root, 'dist', 'proxdeck.mjs');
	writeFileSync(outfile, '#!/usr/bin/env -S node --max-semi-space-size=4\n');
});
afterEach(() => rmSync(root, {recursive: true, force: true}));

describe('the bundle freshness check', () => {
	it('says fresh when nothing changed since the build, and stale when there was no build', () => {
		expect(bundleIsFresh(outfile, root)).toBe(false);
		record();
		expect(bundleIsFresh(outfile, root)).toBe(true);
		expect(bundleIsFresh(outfile, root)).toBe(true);
	});

	it('sees a source edited to the same size', async () => {
		record();
		await wait(20);
		writeFileSync(join(root, 'source/a.ts'), '// SOURCE/A.TS\n');
		expect(bundleIsFresh(outfile, root)).toBe(false);
	});

	it('sees a file brought back with its old mtime (cp -p, npm packages), through its ctime', async () => {
		const file = join(root, 'node_modules/dep/index.js');
		const npmTime = new Date('1985-10-26T08:15:00Z'); // the mtime npm gives every file of a package
		utimesSync(file, npmTime, npmTime);
		const before = statSync(file);
		record();
		await wait(20);
		writeFileSync(file, '// node_modules/DEP/index.js\n');
		utimesSync(file, npmTime, npmTime);
		expect([statSync(file).size, statSync(file).mtimeMs]).toEqual([before.size, before.mtimeMs]);
		expect(bundleIsFresh(outfile, root)).toBe(false);
	});

	it('sees a deleted input and a replaced bundle', async () => {
		record();
		rmSync(join(root, 'source/b.ts'));
		expect(bundleIsFresh(outfile, root)).toBe(false);
		writeFileSync(join(root, 'source/b.ts'), '// source/b.ts\n');
		record();
		await wait(20);
		writeFileSync(outfile, '#!/usr/bin/env -S node --max-semi-space-size=4\n');
		expect(bundleIsFresh(outfile, root)).toBe(false);
	});

	it('records nothing when a source changed after the build started (it may have been read before the change)', () => {
		recordInputs(outfile, inputs, BigInt(Date.now() - 60_000) * 1_000_000n, root);
		expect(bundleIsFresh(outfile, root)).toBe(false);
	});
});
