/**
 * `zfs get`: the aligned table (`NAME PROPERTY VALUE SOURCE`, or fewer columns with `-o`), the
 * tab-separated `-H` form, and `-H -o value` (one bare value per line). Values may contain spaces
 * (`creation  Tue Jul 21 15:53 2009`), so the aligned table is cut at the header's column starts.
 */
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';

export const ZFS_GET_COMMAND = 'zfs get';

export interface ZfsProperty {
	name?: string;
	property?: string;
	value: string;
	source?: string;
}

const HEADER_WORDS = new Set(['NAME', 'PROPERTY', 'VALUE', 'RECEIVED', 'SOURCE']);

/** Headerless `-H` rows: the columns `zfs get` prints by default, trimmed from the right by count. */
const COLUMNS_BY_COUNT: Record<number, readonly string[]> = {
	1: ['value'],
	2: ['property', 'value'],
	3: ['name', 'property', 'value'],
	4: ['name', 'property', 'value', 'source'],
	5: ['name', 'property', 'value', 'received', 'source'],
};

function propertyFrom(columns: readonly string[], fields: readonly string[]): ZfsProperty | null {
	const record: Record<string, string> = {};
	columns.forEach((column, index) => {
		const field = fields[index];
		if (field !== undefined) record[column] = field;
	});
	const value = record['value'];
	if (value === undefined) return null;
	return {
		...(record['name'] === undefined ? {} : {name: record['name']}),
		...(record['property'] === undefined ? {} : {property: record['property']}),
		value,
		...(record['source'] === undefined ? {} : {source: record['source']}),
	};
}

/** Start offsets of each header word, to cut aligned rows whose values contain spaces. */
function headerLayout(header: string): {columns: string[]; starts: number[]} {
	const columns: string[] = [];
	const starts: number[] = [];
	for (const match of header.matchAll(/\S+/g)) {
		columns.push(match[0].toLowerCase());
		starts.push(match.index);
	}
	return {columns, starts};
}

function cutAligned(line: string, starts: readonly number[]): string[] {
	return starts.map((start, index) => {
		const end = starts[index + 1];
		return line.slice(start, end).trim();
	});
}

export function parseZfsGet(text: string, columns?: readonly string[]): ParseResult<ZfsProperty[]> {
	return guardParse(ZFS_GET_COMMAND, () => {
		const lines = text
			.split('\n')
			.map((line) => line.replace(/\r$/, ''))
			.filter((line) => line.trim() !== '');
		const first = lines[0];
		if (first === undefined) return parseFailure(ZFS_GET_COMMAND, 'empty output');
		// `-o value` rows are free text, so binary noise would otherwise pass as values.
		if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)) return parseFailure(ZFS_GET_COMMAND, 'output contains binary data');
		const properties: ZfsProperty[] = [];
		const warnings: string[] = [];
		const firstWords = first.trim().split(/\s+/);
		const hasHeader = !first.includes('\t') && firstWords.length > 0 && firstWords.every((word) => HEADER_WORDS.has(word));
		const layout = hasHeader ? headerLayout(first) : undefined;
		for (const [index, line] of lines.entries()) {
			if (hasHeader && index === 0) continue;
			let rowColumns: readonly string[];
			let fields: string[];
			if (layout) {
				rowColumns = layout.columns;
				fields = cutAligned(line, layout.starts);
			} else {
				fields = line.includes('\t') ? line.split('\t') : [line.trim()];
				rowColumns = columns ?? COLUMNS_BY_COUNT[fields.length] ?? [];
			}
			const property = rowColumns.length === fields.length || layout ? propertyFrom(rowColumns, fields) : null;
			if (property === null) {
				warnings.push(`line ${index + 1}: unreadable property row`);
				continue;
			}
			properties.push(property);
		}
		if (properties.length === 0) return parseFailure(ZFS_GET_COMMAND, 'no property rows in the output');
		return parsed(properties, warnings);
	});
}
