/**
 * Ink lays out every frame with yoga, whose WebAssembly travels inside its loader as base64.
 * Built with the product's bundle settings, that loader decodes it in place: the layout works
 * and Node's HTTP client (undici, which `fetch()` of a data URL would load, parse and compile
 * before the first frame) is never loaded.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {bundle, ROOT} from '../../scripts/bundle.mjs';

let dir = '';
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'proxdeck-yoga-'));
});
afterAll(() => {
	if (dir) rmSync(dir, {recursive: true, force: true});
});

it('lays out with yoga from the bundle without loading Node’s HTTP client', async () => {
	const entry = join(dir, 'entry.mjs');
	writeFileSync(
		entry,
		[
			// Ink's own import of it, resolved from the checkout (the entry lies outside it).
			`import Yoga from ${JSON.stringify(join(ROOT, 'node_modules', 'yoga-layout', 'dist', 'src', 'index.js'))};`,
			'const root = Yoga.Node.create();',
			'root.setWidth(120);',
			'root.setFlexDirection(Yoga.FLEX_DIRECTION_ROW);',
			'const pane = Yoga.Node.create();',
			'pane.setFlexGrow(1);',
			'root.insertChild(pane, 0);',
			'root.calculateLayout(undefined, undefined, Yoga.DIRECTION_LTR);',
			"const undici = process.moduleLoadList.some((name) => name.includes('undici'));",
			'console.log(JSON.stringify({width: pane.getComputedWidth(), undici}));',
		].join('\n'),
	);
	const outfile = join(dir, 'out.mjs');
	await bundle({entry, outfile});
	const result = JSON.parse(execFileSync(process.execPath, [outfile], {encoding: 'utf8'})) as unknown;
	expect(result).toEqual({width: 120, undici: false});
}, 30_000);
