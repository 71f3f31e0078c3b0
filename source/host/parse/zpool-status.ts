/**
 * `zpool status` text (every ZFS since Solaris prints roughly the same layout) and
 * `zpool status -j` (OpenZFS 2.2+). Several pools may follow one another, with or without blank
 * lines. Published samples are often cut short, so whatever was complete is returned with a
 * warning rather than failing the whole section.
 */
import type {PoolStatus, ScanInfo, Vdev} from '../../model/snapshot.js';
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {isRecord} from './json.js';
import {zfsJsonPools} from './zpool-list.js';
import {parseHumanSize, toNumber, optionalText} from './units.js';

export const ZPOOL_STATUS_COMMAND = 'zpool status';

/**
 * One pool. `vdevs` holds the top-level rows of the config tree: first the pool's own row (its
 * children are the data vdevs), then every device of the logs/cache/spares/special/dedup
 * sections as a top-level entry with `group` set (its own children nested as printed).
 */
export type PoolStatusRow = PoolStatus & {name: string};

const KEY_LINE = /^\s{0,8}(pool|id|state|status|action|see|scan|scrub|remove|checkpoint|config|errors):(?:\s+(.*))?$/;
const ELIDED_WARNING = 'the output has elided (`...`) lines';
const GROUP_LABELS = new Set(['logs', 'cache', 'spares', 'special', 'dedup']);

interface PoolDraft {
	name: string;
	fields: Map<string, string[]>;
	configLines: string[];
}

/** Joins a field's wrapped lines into one (status/action wrap mid-sentence; scan lines do not). */
function joined(lines: readonly string[] | undefined, separator = ' '): string | undefined {
	if (lines === undefined) return undefined;
	const text = lines
		.map((line) => line.trim())
		.filter((line) => line !== '')
		.join(separator);
	return text === '' ? undefined : text;
}

export function parseScanText(text: string | undefined): ScanInfo {
	if (text === undefined || text === '' || /none requested/i.test(text)) return {kind: 'none'};
	// `resilver in progress`, `resilvered 1.03T in ...`, and Solaris' `resilver completed after`.
	const kind: 'scrub' | 'resilver' = /^\s*resilver/i.test(text) ? 'resilver' : 'scrub';
	if (/in progress|paused/i.test(text)) {
		const percent = toNumber(/([0-9.]+)%\s+done/.exec(text)?.[1]);
		const eta = /,\s*([^,]+?)\s+to go/.exec(text)?.[1]?.trim();
		return {
			kind,
			state: 'in-progress',
			text,
			...(percent === null ? {} : {percent}),
			...(eta === undefined ? {} : {eta}),
		};
	}
	const finishedAt = /\s+on\s+(.+?)\s*$/.exec(text)?.[1];
	const errors = toNumber(/with\s+(\d+)\s+errors/.exec(text)?.[1]);
	const state = /cancell?ed/i.test(text) ? 'canceled' : 'done';
	return {kind, state, text, ...(errors === null ? {} : {errors}), ...(finishedAt === undefined ? {} : {finishedAt})};
}

/** Column of the first non-blank character, tabs stopping every 8 columns as a terminal shows them. */
function indentOf(line: string): number {
	let column = 0;
	for (const char of line) {
		if (char === '\t') column = (Math.floor(column / 8) + 1) * 8;
		else if (char === ' ') column += 1;
		else break;
	}
	return column;
}

/** Error counters may be abbreviated (`1.2K`, powers of 1024 as zfs_nicenum prints them). */
function countOf(text: string | undefined): number | null {
	if (text === undefined) return null;
	const plain = toNumber(text);
	if (plain !== null) return plain;
	const human = /^[0-9.]+[KMGTP]$/.test(text) ? parseHumanSize(text) : null;
	return human;
}

function vdevFromRow(line: string, group: string | undefined): Vdev | null {
	const fields = line.trim().split(/\s+/);
	const [name, state] = fields;
	if (name === undefined || state === undefined) return null;
	const counts = fields.slice(2, 5).map(countOf);
	const hasCounts = counts.length === 3 && counts.every((count) => count !== null);
	const noteFields = hasCounts ? fields.slice(5) : fields.slice(2);
	const note = noteFields.join(' ');
	return {
		name,
		state,
		read: hasCounts ? (counts[0] ?? 0) : 0,
		write: hasCounts ? (counts[1] ?? 0) : 0,
		cksum: hasCounts ? (counts[2] ?? 0) : 0,
		...(note === '' ? {} : {note}),
		...(group === undefined ? {} : {group}),
		children: [],
	};
}

function parseConfig(lines: readonly string[], pool: string, warnings: string[]): Vdev[] {
	const top: Vdev[] = [];
	let baseIndent: number | null = null;
	let group: string | undefined;
	let stack: {indent: number; vdev: Vdev}[] = [];
	for (const line of lines) {
		if (line.trim() === '') continue;
		const indent = indentOf(line);
		if (/^NAME\s+STATE/.test(line.trim())) {
			baseIndent = indent;
			continue;
		}
		baseIndent ??= indent;
		const label = line.trim();
		if (indent <= baseIndent && GROUP_LABELS.has(label)) {
			group = label;
			stack = [];
			continue;
		}
		if (indent <= baseIndent) {
			group = undefined;
			stack = [];
		}
		const vdev = vdevFromRow(line, group);
		if (vdev === null) {
			warnings.push(`pool ${pool}: unreadable config row "${label}"`);
			continue;
		}
		while (stack.length > 0 && (stack.at(-1)?.indent ?? 0) >= indent) stack.pop();
		const parent = stack.at(-1);
		if (parent) parent.vdev.children.push(vdev);
		else top.push(vdev);
		stack.push({indent, vdev});
	}
	return top;
}

function finishPool(draft: PoolDraft, warnings: string[]): PoolStatusRow {
	const field = (key: string): string[] | undefined => draft.fields.get(key);
	const label = draft.name === '' ? '(unnamed)' : draft.name;
	const state = joined(field('state'));
	if (state === undefined) warnings.push(`pool ${label}: no state: line`);
	const errorLines = field('errors');
	if (errorLines === undefined) warnings.push(`pool ${label}: output ends before the errors: line`);
	const errors = (errorLines ?? [])
		.map((line) => line.trim())
		.filter((line) => line !== '')
		.join('\n');
	const status = joined(field('status'));
	const action = joined(field('action'));
	return {
		name: draft.name,
		state: state ?? 'UNKNOWN',
		...(status === undefined ? {} : {status}),
		...(action === undefined ? {} : {action}),
		scan: parseScanText(joined(field('scan') ?? field('scrub'), '; ')),
		vdevs: parseConfig(draft.configLines, draft.name, warnings),
		errors,
	};
}

export function parseZpoolStatus(text: string): ParseResult<PoolStatusRow[]> {
	return guardParse(ZPOOL_STATUS_COMMAND, () => {
		const trimmed = text.trim();
		if (trimmed === '') return parseFailure(ZPOOL_STATUS_COMMAND, 'empty output');
		if (trimmed.startsWith('{')) return parseZpoolStatusJson(trimmed);
		if (/^(?:no pools available|all pools are healthy)\s*$/i.test(trimmed)) return parsed([]);

		const drafts: PoolDraft[] = [];
		const warnings: string[] = [];
		let current: PoolDraft | undefined;
		let key: string | undefined;
		for (const rawLine of text.split('\n')) {
			const line = rawLine.replace(/\r$/, '');
			if (line.trim() === '...') {
				if (!warnings.includes(ELIDED_WARNING)) warnings.push(ELIDED_WARNING);
				continue;
			}
			const match = KEY_LINE.exec(line);
			if (match) {
				const [, name = '', value = ''] = match;
				if (name === 'pool') {
					current = {name: value.trim(), fields: new Map(), configLines: []};
					drafts.push(current);
					key = undefined;
					continue;
				}
				if (current === undefined) {
					warnings.push('the output does not start with a pool: line');
					current = {name: '', fields: new Map(), configLines: []};
					drafts.push(current);
				}
				key = name;
				if (key !== 'config') current.fields.set(key, [value]);
				continue;
			}
			if (current === undefined || key === undefined) continue;
			if (key === 'config') current.configLines.push(line);
			// Continuations are indented; the file list after `errors:` is not always.
			else if (/^\s/.test(line) || key === 'errors') current.fields.get(key)?.push(line);
		}
		if (drafts.length === 0) return parseFailure(ZPOOL_STATUS_COMMAND, 'no `pool:` line in the output');
		return parsed(
			drafts.map((draft) => finishPool(draft, warnings)),
			warnings,
		);
	});
}

// ---- zpool status -j ----------------------------------------------------------------------

function jsonCount(value: unknown): number {
	const raw = optionalText(value);
	return raw === undefined ? 0 : (countOf(raw) ?? 0);
}

/** Vdevs are keyed objects (`vdevs: {"mirror-0": {...}}`); arrays are accepted too, leniently. */
function jsonVdevs(container: unknown, group: string | undefined): Vdev[] {
	const entries = isRecord(container)
		? Object.entries(container)
		: Array.isArray(container)
			? container.map((v, i) => [String(i), v] as const)
			: [];
	const vdevs: Vdev[] = [];
	for (const [key, entry] of entries) {
		if (!isRecord(entry)) continue;
		vdevs.push({
			name: optionalText(entry['name']) ?? key,
			state: optionalText(entry['state']) ?? 'UNKNOWN',
			read: jsonCount(entry['read_errors']),
			write: jsonCount(entry['write_errors']),
			cksum: jsonCount(entry['checksum_errors']),
			...(group === undefined ? {} : {group}),
			children: jsonVdevs(entry['vdevs'], group),
		});
	}
	return vdevs;
}

function jsonScan(stats: unknown): ScanInfo {
	if (!isRecord(stats)) return {kind: 'none'};
	const fn = (optionalText(stats['function']) ?? '').toUpperCase();
	const state = (optionalText(stats['state']) ?? '').toUpperCase();
	if (fn === '' || fn === 'NONE' || state === 'NONE' || state === '') return {kind: 'none'};
	const kind = fn.includes('RESILVER') ? 'resilver' : 'scrub';
	const summary = `${kind} ${state.toLowerCase()}`;
	if (state === 'SCANNING') {
		const issued = parseHumanSize(optionalText(stats['issued']) ?? '');
		const total = parseHumanSize(optionalText(stats['to_examine']) ?? '');
		const percent = issued !== null && total ? Math.round((issued / total) * 10000) / 100 : undefined;
		return {kind, state: 'in-progress', text: summary, ...(percent === undefined ? {} : {percent})};
	}
	const errors = toNumber(stats['errors']);
	const finishedAt = optionalText(stats['end_time']);
	return {
		kind,
		state: state === 'CANCELED' ? 'canceled' : 'done',
		text: summary,
		...(errors === null ? {} : {errors}),
		...(finishedAt === undefined ? {} : {finishedAt}),
	};
}

/** Sections printed after the data vdevs, by the key `zpool status -j` uses for them. */
const JSON_GROUPS: readonly (readonly [string, string])[] = [
	['logs', 'logs'],
	['l2cache', 'cache'],
	['cache', 'cache'],
	['spares', 'spares'],
	['special', 'special'],
	['dedup', 'dedup'],
];

/** `zpool status -j`: `{output_version, pools: {name: {state, status?, action?, scan_stats, vdevs, error_count}}}`. */
export function parseZpoolStatusJson(input: string): ParseResult<PoolStatusRow[]> {
	return guardParse(ZPOOL_STATUS_COMMAND, () => {
		const entries = zfsJsonPools(ZPOOL_STATUS_COMMAND, input);
		if (!entries.ok) return entries;
		const pools: PoolStatusRow[] = [];
		for (const [key, pool] of entries.value) {
			if (!isRecord(pool)) continue;
			const vdevs = jsonVdevs(pool['vdevs'], undefined);
			for (const [jsonKey, group] of JSON_GROUPS) vdevs.push(...jsonVdevs(pool[jsonKey], group));
			const status = optionalText(pool['status']);
			const action = optionalText(pool['action']);
			const errorCount = toNumber(pool['error_count']);
			pools.push({
				name: optionalText(pool['name']) ?? key,
				state: optionalText(pool['state']) ?? 'UNKNOWN',
				...(status === undefined ? {} : {status}),
				...(action === undefined ? {} : {action}),
				scan: jsonScan(pool['scan_stats']),
				vdevs,
				errors: errorCount === null || errorCount === 0 ? 'No known data errors' : `${errorCount} data errors`,
			});
		}
		return parsed(pools);
	});
}
