/**
 * A guest's snapshots, in the two forms Proxmox gives them:
 * - `pvesh get /nodes/<node>/<lxc|qemu>/<vmid>/snapshot --output-format json`: what proxdeck
 *   reads (exact times, the parent links, `vmstate` for VMs, `running` on `current`);
 * - `pct listsnapshot` / `qm listsnapshot`: the tree pve-guest-common's print_snapshot_tree
 *   draws (local times as text, one space of indent per level; two before PVE 7.2).
 */
import type {GuestSnapshot} from '../../model/safety.js';
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {capLine} from '../../transport/lines.js';
import {NOTE_CAP_CHARS} from '../../transport/output-cap.js';
import {isRecord, parseJson, unwrapApiData} from './json.js';
import {toBoolean, toInteger, toText} from './units.js';

export const SNAPSHOT_LIST_COMMAND = 'pvesh get /nodes/<node>/<type>/<vmid>/snapshot';
export const LISTSNAPSHOT_COMMAND = 'pct listsnapshot';

/** The API's list: every snapshot plus `current`, in no particular order. */
export function parseSnapshotList(text: string): ParseResult<GuestSnapshot[]> {
	return guardParse(SNAPSHOT_LIST_COMMAND, () => {
		const json = parseJson(SNAPSHOT_LIST_COMMAND, text);
		if (!json.ok) return json;
		const data = unwrapApiData(json.value);
		if (!Array.isArray(data)) return parseFailure(SNAPSHOT_LIST_COMMAND, 'expected a JSON array of snapshots');
		const list: GuestSnapshot[] = [];
		const warnings: string[] = [];
		for (const [i, item] of data.entries()) {
			const name = isRecord(item) ? toText(item['name']) : '';
			if (!isRecord(item) || name === '') {
				warnings.push(`entry ${i + 1} has no name`);
				continue;
			}
			const current = name === 'current';
			// The API writes 0 for a snapshot without a time (`snaptime => $d->{snaptime} || 0`): unknown, not 1970.
			const snaptime = toInteger(item['snaptime']);
			const parent = toText(item['parent']);
			const snapstate = toText(item['snapstate']);
			list.push({
				name,
				description: capLine(toText(item['description']), NOTE_CAP_CHARS),
				snaptime: current || !snaptime ? null : snaptime,
				...(parent ? {parent} : {}),
				...('vmstate' in item ? {vmstate: toBoolean(item['vmstate'])} : {}),
				current,
				...(current && 'running' in item ? {running: toBoolean(item['running'])} : {}),
				...(snapstate ? {snapstate} : {}),
			});
		}
		if (!list.some((s) => s.current)) warnings.push('the list has no "current" entry');
		return parsed(list, warnings);
	});
}

/** One row of the tree `listsnapshot` prints. */
export interface SnapshotTreeRow {
	name: string;
	/** 0 for a root. */
	depth: number;
	parent?: string;
	/** The host's local time as printed (`2026-07-28 23:08:18`); null for `current`. */
	time: string | null;
	description: string;
	current: boolean;
}

const ROW = /^( *)`-> (\S+)(?: +(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d))? *(.*)$/;

export function parseSnapshotTree(text: string): ParseResult<SnapshotTreeRow[]> {
	return guardParse(LISTSNAPSHOT_COMMAND, () => {
		const lines = text.split('\n').filter((l) => l.trim() !== '');
		if (lines.length === 0)
			return parseFailure(LISTSNAPSHOT_COMMAND, 'empty output (even a guest without snapshots prints "current")');
		const matches = lines.map((line) => ROW.exec(line));
		const bad = matches.findIndex((m) => m === null);
		if (bad !== -1)
			return parseFailure(
				LISTSNAPSHOT_COMMAND,
				`expected a tree line like "\`-> name  time  description", got ${JSON.stringify(lines[bad]!.slice(0, 80))}`,
				bad + 1,
			);
		// Each level indents by one space (two before PVE 7.2): the smallest indent is the step.
		const indents = matches.map((m) => m![1]!.length);
		const step = Math.min(...indents.filter((n) => n > 0), Number.POSITIVE_INFINITY);
		const rows: SnapshotTreeRow[] = [];
		const stack: string[] = [];
		for (const m of matches) {
			const depth = Number.isFinite(step) ? Math.round(m![1]!.length / step) : 0;
			if (depth > stack.length)
				return parseFailure(LISTSNAPSHOT_COMMAND, `"${m![2]}" is indented deeper than any parent above it`);
			stack.length = depth;
			const name = m![2]!;
			const parent = stack.at(-1);
			rows.push({
				name,
				depth,
				...(parent ? {parent} : {}),
				time: m![3] ?? null,
				description: capLine(m![4]!.trimEnd(), NOTE_CAP_CHARS),
				current: name === 'current',
			});
			stack.push(name);
		}
		return parsed(rows);
	});
}

/** A snapshot tree in display order: roots by time, each followed by its children (as the CLI prints it). */
export function snapshotTree(list: readonly GuestSnapshot[]): {snapshot: GuestSnapshot; depth: number}[] {
	const byName = new Map(list.map((s) => [s.name, s]));
	const children = new Map<string, GuestSnapshot[]>();
	const roots: GuestSnapshot[] = [];
	for (const s of list) {
		if (s.parent && byName.has(s.parent) && s.parent !== s.name)
			children.set(s.parent, [...(children.get(s.parent) ?? []), s]);
		else roots.push(s);
	}
	// By time, `current` (no time) last, like print_snapshot_tree.
	const order = (a: GuestSnapshot, b: GuestSnapshot): number =>
		(a.snaptime ?? Number.POSITIVE_INFINITY) - (b.snaptime ?? Number.POSITIVE_INFINITY);
	const out: {snapshot: GuestSnapshot; depth: number}[] = [];
	const seen = new Set<string>();
	const walk = (s: GuestSnapshot, depth: number): void => {
		if (seen.has(s.name)) return; // a cycle in a hand-edited config
		seen.add(s.name);
		out.push({snapshot: s, depth});
		for (const child of (children.get(s.name) ?? []).sort(order)) walk(child, depth + 1);
	};
	for (const root of roots.sort(order)) walk(root, 0);
	return out;
}
