/**
 * patches/string-width: strings of ASCII and the narrow symbols a terminal UI draws with (box
 * drawing, blocks, arrows, punctuation) take a fast path. Layout depends on these widths being
 * exactly what the full algorithm says, wide and zero-width characters included. Ink measures
 * with it and wraps with wrap-ansi, which must measure with the same patched copy.
 */
import {createRequire} from 'node:module';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';

describe('string-width with the narrow fast path', () => {
	it('measures pane borders, bars and arrows one column per character', () => {
		expect(stringWidth('┏━━┓│ ▁▂▃▄▅▆▇█ ░ › ▲ ▼ → · … ● é')).toBe(32);
		expect(stringWidth('╭─ 2 ZFS & storage ─╮')).toBe(21);
	});

	it('still counts wide and zero-width characters the full way', () => {
		expect(stringWidth('│日本│')).toBe(6);
		expect(stringWidth('│👍│')).toBe(4);
		expect(stringWidth('▲\u0301x')).toBe(2); // a combining accent takes no column
		expect(stringWidth('◽')).toBe(2); // an emoji-presentation square in the same block
	});

	it('treats box drawing as wide when ambiguous characters are asked to be wide', () => {
		expect(stringWidth('│─│', {ambiguousIsNarrow: false})).toBe(6);
	});

	it('is the one copy Ink and its wrap-ansi both measure with', () => {
		const fromProject = createRequire(import.meta.url);
		const fromInk = createRequire(fromProject.resolve('ink'));
		const fromWrapAnsi = createRequire(fromInk.resolve('wrap-ansi'));
		const patched = fromProject.resolve('string-width');
		expect(fromInk.resolve('string-width')).toBe(patched);
		expect(fromWrapAnsi.resolve('string-width')).toBe(patched);
	});
});
