import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {visibleJson, visibleText, visibleValue} from '../../source/text/visible.js';

describe('the sanitiser', () => {
	it('shows escape sequences and other controls in caret notation, as cat -v does', () => {
		expect(visibleText('hello \x1b]0;owned\x07 bye')).toBe('hello ^[]0;owned^G bye');
		expect(visibleText('\x1b]52;c;Y3VybA==\x07')).toBe('^[]52;c;Y3VybA==^G');
		expect(visibleText('a\x00b\x08c\x7fd\re')).toBe('a^@b^Hc^?d^Me');
		// 8-bit controls: CSI (0x9b), OSC (0x9d), ST (0x9c).
		expect(visibleText('\x9b2J\x9d0;t\x9c')).toBe('M-^[2JM-^]0;tM-^\\');
	});

	it('shows bidi overrides, which would reorder the text around them', () => {
		expect(visibleText('invoice\u202Egpj.exe')).toBe('invoice<U+202E>gpj.exe');
		expect(visibleText('\u2066x\u2069')).toBe('<U+2066>x<U+2069>');
	});

	it('keeps tabs, and newlines only when asked; turns tabs into spaces for the screen', () => {
		expect(visibleText('a\tb\nc')).toBe('a\tb^Jc');
		expect(visibleText('a\tb\nc', {newlines: true})).toBe('a\tb\nc');
		expect(visibleText('a\tb', {tabWidth: 4})).toBe('a    b');
	});

	it('leaves ordinary text, accents and wide characters alone (the same string, not a copy)', () => {
		const text = 'nextcloud:29-apache — café 漢字 ✓';
		expect(visibleText(text)).toBe(text);
	});

	it('cleans JSON values deeply, keys too, and returns untouched parts as they were', () => {
		const clean = {name: 'web', tags: ['a', 'b']};
		const value = {clean, dirty: {image: 'nginx\x1b[2J', ['k\x07']: 1}, list: ['ok', 'x\x9b']};
		const shown = visibleValue(value);
		expect(shown.clean).toBe(clean);
		expect(shown.dirty).toEqual({image: 'nginx^[[2J', 'k^G': 1});
		expect(shown.list).toEqual(['ok', 'xM-^[']);
		expect(visibleValue(clean)).toBe(clean);
		expect(JSON.parse(visibleJson({note: 'two\nlines\x1b'}))).toEqual({note: 'two\nlines^['});
	});

	it('writes JSON whose every string, keys too, is shown the same as one by one', () => {
		// Strings mixing plain text with every kind of character the sanitiser shows, and
		// backslashes followed by the letters of JSON's escapes.
		const piece = fc.oneof(
			fc.string({maxLength: 6}),
			fc.constantFrom(
				'\\',
				'\\b',
				'\\u001b',
				'\t',
				'\n',
				'\r',
				'\b',
				'\f',
				'\x00',
				'\x1b',
				'\x7f',
				'\x85',
				'\u202e',
				'\u2067',
			),
			fc.integer({min: 0, max: 0xffff}).map((code) => String.fromCharCode(code)),
		);
		const text = fc.array(piece, {maxLength: 5}).map((parts) => parts.join(''));
		const json = fc.letrec((tie) => ({
			value: fc.oneof(
				{depthSize: 'small'},
				text,
				fc.integer(),
				fc.boolean(),
				fc.constant(null),
				tie('array'),
				tie('object'),
			),
			array: fc.array(tie('value'), {maxLength: 4}),
			object: fc.dictionary(text, tie('value'), {maxKeys: 4}),
		})).value;
		fc.assert(
			fc.property(json, (value) => {
				const shown = visibleJson(value);
				expect(shown).toBe(`${JSON.stringify(visibleValue(value), null, 2)}\n`);
				// Read back, nothing in it is left to show.
				const read: unknown = JSON.parse(shown);
				expect(visibleValue(read)).toBe(read);
			}),
			{numRuns: 500},
		);
	});
});
