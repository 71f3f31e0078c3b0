/**
 * `pct list`: `VMID Status Lock Name` in fixed widths (pct.pm: `%-10s %-10s %-12s %-20s`).
 * Hostnames never contain spaces, so rows split on whitespace; the header's column positions
 * decide whether a lone third field is a lock or a name. With no containers pct prints nothing.
 */
import type {GuestStatus} from '../../model/snapshot.js';
import {toGuestStatus} from './pvesh-resources.js';
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {toInteger} from './units.js';

export const PCT_LIST_COMMAND = 'pct list';

export interface PctListRow {
	vmid: number;
	status: GuestStatus;
	lock?: string;
	name: string;
}

interface Token {
	text: string;
	start: number;
}

function tokens(line: string): Token[] {
	return [...line.matchAll(/\S+/g)].map((match) => ({text: match[0], start: match.index ?? 0}));
}

export function parsePctList(text: string): ParseResult<PctListRow[]> {
	return guardParse(PCT_LIST_COMMAND, () => {
		const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
		if (lines.length === 0) return parsed([]);
		const header = lines[0] ?? '';
		if (!/^\s*VMID\s+Status\s+Lock\s+Name\b/i.test(header)) {
			return parseFailure(PCT_LIST_COMMAND, 'missing the `VMID Status Lock Name` header', 1);
		}
		const nameColumn = header.search(/\bName\b/i);
		const rows: PctListRow[] = [];
		const warnings: string[] = [];
		for (const [index, line] of lines.slice(1).entries()) {
			const fields = tokens(line);
			const vmid = toInteger(fields[0]?.text);
			if (vmid === null || fields.length < 2 || fields.length > 4) {
				warnings.push(`line ${index + 2} is not a container row: ${line.trim().slice(0, 80)}`);
				continue;
			}
			const row: PctListRow = {vmid, status: toGuestStatus(fields[1]?.text), name: ''};
			const third = fields[2];
			if (fields.length === 4) {
				row.lock = third?.text ?? '';
				row.name = fields[3]?.text ?? '';
			} else if (third && third.start < nameColumn) {
				row.lock = third.text;
			} else if (third) {
				row.name = third.text;
			}
			rows.push(row);
		}
		return parsed(rows, warnings);
	});
}
