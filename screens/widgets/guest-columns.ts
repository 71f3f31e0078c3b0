/**
 * The guests table's columns: fixed widths chosen once per pane width (so nothing jumps
 * while scrolling or refreshing), dropping the least important columns when narrow.
 * Cells are built here as plain strings; the row component only adds colour.
 */
import type {Guest} from '../../source/model/snapshot.js';
import type {Coverage} from '../../source/ops/backup-audit.js';
import type {SortKey} from '../../source/store/types.js';
import {primaryIp} from '../../source/store/guest-rows.js';
import {fit, formatBytes, formatDuration} from './format.js';
import {percentOf} from '../../source/model/format.js';

export type ColumnId =
	| 'context'
	| 'vmid'
	| 'name'
	| 'type'
	| 'node'
	| 'status'
	| 'cpu'
	| 'mem'
	| 'disk'
	| 'uptime'
	| 'ip'
	| 'backup'
	| 'tags';

export interface Column {
	id: ColumnId;
	title: string;
	width: number;
	align: 'left' | 'right';
	sort?: SortKey;
}

interface ColumnSpec extends Column {
	/**
	 * Lower = kept longer when the pane is narrow: VMID NAME STATUS, then CPU% MEM, then IP,
	 * DISK%, UPTIME, TYPE, NODE, TAGS (what a tmux pane watching guests needs first).
	 */
	priority: number;
}

/** First in a fleet (several contexts on one screen): which host or cluster the guest is on. */
const CONTEXT_SPEC: ColumnSpec = {
	id: 'context',
	title: 'CONTEXT',
	width: 9,
	align: 'left',
	priority: 1,
	sort: 'context',
};

const SPECS: ColumnSpec[] = [
	{id: 'vmid', title: 'VMID', width: 5, align: 'right', priority: 0, sort: 'vmid'},
	{id: 'name', title: 'NAME', width: 12, align: 'left', priority: 0, sort: 'name'},
	{id: 'type', title: 'TYPE', width: 4, align: 'left', priority: 8, sort: 'type'},
	{id: 'node', title: 'NODE', width: 8, align: 'left', priority: 9, sort: 'node'},
	{id: 'status', title: 'STATUS', width: 8, align: 'left', priority: 1, sort: 'status'},
	{id: 'cpu', title: 'CPU%', width: 5, align: 'right', priority: 2, sort: 'cpu'},
	{id: 'mem', title: 'MEM', width: 11, align: 'right', priority: 3, sort: 'mem'},
	{id: 'disk', title: 'DISK%', width: 5, align: 'right', priority: 6, sort: 'disk'},
	{id: 'uptime', title: 'UPTIME', width: 7, align: 'right', priority: 7, sort: 'uptime'},
	{id: 'ip', title: 'IP', width: 15, align: 'left', priority: 4},
	// The backup audit's verdict: age of the last good backup, or none/fail/skip.
	{id: 'backup', title: 'BACKUP', width: 6, align: 'left', priority: 7.5},
	{id: 'tags', title: 'TAGS', width: 6, align: 'left', priority: 10},
];

/** A sortable column is wide enough for its title and the sort arrow, so `DISK%▼` never reads `DISK…`. */
function withSortRoom(col: ColumnSpec): ColumnSpec {
	return col.sort === undefined ? col : {...col, width: Math.max(col.width, col.title.length + 1)};
}

/** Gutter before the first column: cursor, mark, expand/collapse. */
export const GUTTER = 3;
const NAME_MAX = 24;

/**
 * Columns for a table `width` characters wide; NAME then TAGS take the spare room. In a
 * cluster NODE matters (actions run on the guest's node), so it is kept right after IP; in a
 * fleet CONTEXT comes first and stays as long as STATUS does (the same VMID can be on two hosts).
 */
export function columnsFor(width: number, cluster = false, fleet = false): Column[] {
	let chosen = (cluster ? SPECS.map((col) => (col.id === 'node' ? {...col, priority: 5} : col)) : [...SPECS]).map(
		withSortRoom,
	);
	if (fleet) chosen.unshift(withSortRoom(CONTEXT_SPEC));
	const total = (cols: ColumnSpec[]): number => GUTTER + cols.reduce((sum, col) => sum + col.width + 1, 0);
	while (total(chosen) > width && chosen.length > 2) {
		const drop = chosen.reduce((worst, col) => (col.priority > worst.priority ? col : worst));
		chosen = chosen.filter((col) => col !== drop);
	}
	let spare = Math.max(0, width - total(chosen));
	const widened = chosen.map((col) => ({...col}));
	const name = widened.find((col) => col.id === 'name');
	if (name) {
		const extra = Math.min(spare, NAME_MAX - name.width);
		name.width += extra;
		spare -= extra;
	}
	const tags = widened.find((col) => col.id === 'tags');
	if (tags) tags.width += spare;
	return widened.map(({id, title, width: w, align, sort}) => ({id, title, width: w, align, ...(sort ? {sort} : {})}));
}

export function guestCell(guest: Guest, id: ColumnId, coverage?: Coverage): string {
	switch (id) {
		case 'context':
			return guest.context ?? '';
		case 'vmid':
			return String(guest.vmid);
		case 'name':
			return guest.name;
		case 'type':
			return guest.type === 'qemu' ? 'vm' : 'lxc';
		case 'node':
			return guest.node;
		case 'status':
			return guest.lock ? `${guest.status}*` : guest.status;
		case 'cpu':
			return guest.status === 'running' && guest.cpu !== null ? (guest.cpu * 100).toFixed(1) : '-';
		case 'mem':
			return guest.maxmem !== null && guest.maxmem > 0 ? `${formatBytes(guest.mem)}/${formatBytes(guest.maxmem)}` : '-';
		case 'disk':
			return percentOf(guest.disk, guest.maxdisk);
		case 'uptime':
			return guest.uptime !== null && guest.uptime > 0 ? formatDuration(guest.uptime) : '-';
		case 'ip':
			return primaryIp(guest) || '-';
		case 'backup':
			return guest.template ? '' : (coverage?.label ?? '…');
		case 'tags':
			return guest.tags.join(',');
	}
}

export function headerCells(
	columns: readonly Column[],
	sort: {key: SortKey; desc: boolean},
	glyphs: {sortAsc: string; sortDesc: string},
): string {
	return (
		' '.repeat(GUTTER) +
		columns
			.map((col) => {
				const indicator = col.sort === sort.key ? (sort.desc ? glyphs.sortDesc : glyphs.sortAsc) : '';
				return fit(col.title + indicator, col.width, col.align);
			})
			.join(' ')
	);
}
