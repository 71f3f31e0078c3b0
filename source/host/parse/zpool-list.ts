/**
 * `zpool list`. The host contract is `zpool list -Hp -o name,size,alloc,free,frag,cap,dedup,health`
 * (tabs, exact bytes, `-` for unknown), but the same parser also reads what people paste: the plain
 * table with a header and human units (`1.81T`, `14%`, `1.00x`), `-p` with a header, other `-o`
 * column orders, the `-v` vdev tree (pool rows only) and `zpool list -j` (OpenZFS 2.3+).
 */
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import type {Pool} from '../../model/snapshot.js';
import {parseJson, isRecord} from './json.js';
import {parseHumanSize, toNumber, optionalText} from './units.js';

export const ZPOOL_LIST_COMMAND = 'zpool list';

/** A pool as `zpool list` describes it: the snapshot's Pool before its level and status. */
export type ZpoolRow = Omit<Pool, 'level' | 'status' | 'node'>;

export const ZPOOL_LIST_CONTRACT_COLUMNS: readonly string[] = [
	'name',
	'size',
	'alloc',
	'free',
	'frag',
	'cap',
	'dedup',
	'health',
];

/** What `zpool list` prints without `-o`, by OpenZFS version; used when headerless rows match one. */
const DEFAULT_COLUMN_SETS: readonly (readonly string[])[] = [
	['name', 'size', 'alloc', 'free', 'ckpoint', 'expandsz', 'frag', 'cap', 'dedup', 'health', 'altroot'],
	['name', 'size', 'alloc', 'free', 'expandsz', 'frag', 'cap', 'dedup', 'health', 'altroot'],
];

/** Long property names (as `-o` and the JSON accept them) mapped to the short column names. */
const COLUMN_ALIASES: Record<string, string> = {
	allocated: 'alloc',
	fragmentation: 'frag',
	capacity: 'cap',
	dedupratio: 'dedup',
	checkpoint: 'ckpoint',
	expandsize: 'expandsz',
};

/** Section labels that the `-v` tree prints at the left margin among the pool rows. */
const VDEV_GROUP_LABELS = new Set(['logs', 'cache', 'spare', 'spares', 'special', 'dedup']);

export function normaliseZfsColumn(column: string): string {
	const lower = column.trim().toLowerCase();
	return COLUMN_ALIASES[lower] ?? lower;
}

/** Fields of one table row: tab-separated in scripted (`-H`) mode, runs of spaces otherwise. */
export function splitZfsFields(line: string): string[] {
	if (line.includes('\t')) return line.split('\t').map((field) => field.trim());
	return line.trim().split(/\s+/);
}

/** `14%`, `14`, `1.00x`, `1.00` -> number; `-` and anything else -> null. */
export function parseZfsNumber(text: string | undefined): number | null {
	if (text === undefined) return null;
	return toNumber(text.trim().replace(/[%x]$/i, ''));
}

/** A size, or null when ZFS gave none (`-`: an UNAVAIL pool has no size to report). Never 0 for unknown. */
function bytesOrUnknown(text: string | undefined, column: string, warnings: string[], name: string): number | null {
	if (text === undefined || text === '-') return null;
	const bytes = parseHumanSize(text);
	if (bytes === null) warnings.push(`pool ${name}: ${column} "${text}" is not a size`);
	return bytes;
}

function rowFromFields(fields: readonly string[], columns: readonly string[], warnings: string[]): ZpoolRow | null {
	const value = (column: string): string | undefined => {
		const index = columns.indexOf(column);
		return index === -1 ? undefined : fields[index];
	};
	const name = value('name');
	if (name === undefined || name === '') return null;
	const sizeText = value('size');
	// A size that is neither bytes, a human size nor `-` means this line is not a pool row at all.
	if (sizeText !== undefined && sizeText !== '-' && parseHumanSize(sizeText) === null) return null;
	return {
		name,
		size: bytesOrUnknown(sizeText, 'size', warnings, name),
		alloc: bytesOrUnknown(value('alloc'), 'alloc', warnings, name),
		free: bytesOrUnknown(value('free'), 'free', warnings, name),
		capacity: parseZfsNumber(value('cap')),
		frag: parseZfsNumber(value('frag')),
		dedup: parseZfsNumber(value('dedup')),
		health: value('health') ?? 'UNKNOWN',
	};
}

/** Headerless rows: the caller's columns, unless the row is exactly a whole default column set. */
function columnsForHeaderlessRow(
	fields: readonly string[],
	columns: readonly string[],
	callerGaveColumns: boolean,
): readonly string[] {
	if (fields.length === columns.length || callerGaveColumns) return columns;
	return DEFAULT_COLUMN_SETS.find((set) => set.length === fields.length) ?? columns;
}

export function parseZpoolList(
	text: string,
	columns: readonly string[] = ZPOOL_LIST_CONTRACT_COLUMNS,
): ParseResult<ZpoolRow[]> {
	return guardParse(ZPOOL_LIST_COMMAND, () => {
		const trimmed = text.trim();
		if (trimmed === '') return parseFailure(ZPOOL_LIST_COMMAND, 'empty output');
		if (trimmed.startsWith('{')) return parseZpoolListJson(trimmed);
		if (/^no pools available/i.test(trimmed)) return parsed([]);

		const callerGaveColumns = columns !== ZPOOL_LIST_CONTRACT_COLUMNS;
		let active = columns.map(normaliseZfsColumn);
		let hasHeader = false;
		const pools: ZpoolRow[] = [];
		const warnings: string[] = [];
		const lines = text.split('\n');
		for (const [index, rawLine] of lines.entries()) {
			const line = rawLine.replace(/\r$/, '');
			if (line.trim() === '') continue;
			// Vdev rows of `-v` are indented (spaces, or a leading tab in -H mode); pools never are.
			if (/^\s/.test(line)) continue;
			const fields = splitZfsFields(line);
			if (fields[0] === 'NAME' && !hasHeader) {
				active = fields.map(normaliseZfsColumn);
				hasHeader = true;
				continue;
			}
			if (fields[0] !== undefined && VDEV_GROUP_LABELS.has(fields[0]) && (fields[1] === undefined || fields[1] === '-'))
				continue;
			const rowColumns = hasHeader ? active : columnsForHeaderlessRow(fields, active, callerGaveColumns);
			// A row of another shape would be read into the wrong fields (a size read as the
			// capacity): the whole output is not what was asked for.
			if (fields.length !== rowColumns.length) {
				return parseFailure(
					ZPOOL_LIST_COMMAND,
					`line ${index + 1} has ${fields.length} fields where the columns (${rowColumns.join(',')}) make ${rowColumns.length}`,
				);
			}
			const row = rowFromFields(fields, rowColumns, warnings);
			if (row === null) {
				warnings.push(`line ${index + 1}: not a pool row`);
				continue;
			}
			pools.push(row);
		}
		if (pools.length === 0) return parseFailure(ZPOOL_LIST_COMMAND, 'no pool rows in the output');
		if (!active.includes('name') || !active.includes('size')) warnings.push('the columns do not include name and size');
		return parsed(pools, warnings);
	});
}

/** A property value from `zpool list -j`: `{value: "111G", source: {...}}`, or a bare value. */
function jsonProperty(properties: Record<string, unknown>, name: string): string | undefined {
	const entry = properties[name];
	return optionalText(isRecord(entry) ? entry['value'] : entry);
}

/** The pools of OpenZFS's JSON output (`zpool list -j`, `zpool status -j`): `{output_version, pools: {name: {...}}}`. */
export function zfsJsonPools(command: string, text: string): ParseResult<[string, unknown][]> {
	const json = parseJson(command, text);
	if (!json.ok) return json;
	const root = json.value;
	if (!isRecord(root) || !isRecord(root['pools'])) return parseFailure(command, 'JSON without a `pools` object');
	return parsed(Object.entries(root['pools']));
}

/** `zpool list -j` (OpenZFS 2.3+): `{output_version, pools: {name: {state, properties: {size: {value}}}}}`. */
export function parseZpoolListJson(text: string): ParseResult<ZpoolRow[]> {
	return guardParse(ZPOOL_LIST_COMMAND, () => {
		const entries = zfsJsonPools(ZPOOL_LIST_COMMAND, text);
		if (!entries.ok) return entries;
		const pools: ZpoolRow[] = [];
		const warnings: string[] = [];
		for (const [key, pool] of entries.value) {
			if (!isRecord(pool)) {
				warnings.push(`pool ${key}: not an object`);
				continue;
			}
			const properties = isRecord(pool['properties']) ? pool['properties'] : {};
			const name = typeof pool['name'] === 'string' ? pool['name'] : key;
			const fields = ['size', 'allocated', 'free', 'fragmentation', 'capacity', 'dedupratio', 'health'].map(
				(property) => jsonProperty(properties, property) ?? '-',
			);
			const health =
				jsonProperty(properties, 'health') ?? (typeof pool['state'] === 'string' ? pool['state'] : 'UNKNOWN');
			const row = rowFromFields(
				[name, ...fields.slice(0, 6), health],
				['name', 'size', 'alloc', 'free', 'frag', 'cap', 'dedup', 'health'],
				warnings,
			);
			if (row) pools.push(row);
		}
		return parsed(pools, warnings);
	});
}
