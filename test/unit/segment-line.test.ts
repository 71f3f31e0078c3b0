import {describe, expect, it} from 'vitest';
import {mergeSegments, sameSegments} from '../../screens/widgets/segment-line.js';

describe('a row as styled runs', () => {
	it('joins neighbouring runs of one style and drops empty ones, so a table row is a few nodes, not one per column', () => {
		const runs = mergeSegments([
			{text: '›'},
			{text: ' ', color: undefined, bold: false},
			{text: '  100 swag '},
			{text: 'running', color: 'green'},
			{text: ''},
			{text: ' 2.0', color: undefined},
			{text: ' 178M/512M'},
			{text: '', color: 'red'},
		]);
		expect(runs).toEqual([
			{text: '›   100 swag '},
			{text: 'running', color: 'green'},
			{text: ' 2.0 178M/512M', color: undefined},
		]);
	});

	it('calls two rows the same only when every run reads and looks the same', () => {
		const row = [{text: 'media-pool '}, {text: '84%', color: 'yellow', bold: true}];
		expect(sameSegments(row, [{text: 'media-pool '}, {text: '84%', color: 'yellow', bold: true}])).toBe(true);
		expect(sameSegments(row, [{text: 'media-pool '}, {text: '85%', color: 'yellow', bold: true}])).toBe(false);
		expect(sameSegments(row, [{text: 'media-pool '}, {text: '84%', color: 'red', bold: true}])).toBe(false);
		expect(sameSegments(row, [{text: 'media-pool '}, {text: '84%', color: 'yellow'}])).toBe(false);
		expect(sameSegments(row, [{text: 'media-pool '}])).toBe(false);
	});
});
