/**
 * `pvecm status` and `pvecm nodes`: corosync's human report. Sections are `Title` lines
 * underlined with `~`; the membership table ends each. Node ids are decimal in `pvecm nodes`
 * and hex (`0x00000001`) in `pvecm status`, whose Name column is the ring address.
 */
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {toInteger} from './units.js';

export const PVECM_STATUS_COMMAND = 'pvecm status';
export const PVECM_NODES_COMMAND = 'pvecm nodes';

export interface PvecmMember {
	nodeid: number;
	votes: number;
	/** Node name in `pvecm nodes`; ring address in `pvecm status`. */
	name: string;
	local: boolean;
}

export interface PvecmStatus {
	name?: string;
	configVersion?: number;
	transport?: string;
	quorate: boolean;
	nodes?: number;
	expectedVotes?: number;
	totalVotes?: number;
	quorum?: number;
	/** Every `Key: value` line, by key. */
	fields: Record<string, string>;
	members: PvecmMember[];
}

const MEMBER_ROW = /^\s*(0x[0-9a-fA-F]+|[0-9]+)\s+([0-9]+)\s+(\S+)(\s+\(local\))?\s*$/;

function parseNodeId(text: string): number | null {
	if (/^0x/i.test(text)) {
		const value = Number.parseInt(text.slice(2), 16);
		return Number.isFinite(value) ? value : null;
	}
	return toInteger(text);
}

function readMembers(lines: string[]): PvecmMember[] {
	const members: PvecmMember[] = [];
	for (const line of lines) {
		const match = MEMBER_ROW.exec(line);
		const nodeid = match ? parseNodeId(match[1] ?? '') : null;
		if (!match || nodeid === null) continue;
		members.push({nodeid, votes: Number(match[2]), name: match[3] ?? '', local: match[4] !== undefined});
	}
	return members;
}

export function parsePvecmNodes(text: string): ParseResult<PvecmMember[]> {
	return guardParse(PVECM_NODES_COMMAND, () => {
		const lines = text.split(/\r?\n/);
		if (!lines.some((line) => /^\s*Nodeid\s+Votes\s+Name/i.test(line))) {
			return parseFailure(PVECM_NODES_COMMAND, 'missing the `Nodeid Votes Name` membership table');
		}
		return parsed(readMembers(lines));
	});
}

export function parsePvecmStatus(text: string): ParseResult<PvecmStatus> {
	return guardParse(PVECM_STATUS_COMMAND, () => {
		const lines = text.split(/\r?\n/);
		const fields: Record<string, string> = {};
		for (const line of lines) {
			const match = /^([A-Za-z][A-Za-z ]*?):\s+(.*?)\s*$/.exec(line);
			if (match) fields[match[1] ?? ''] = match[2] ?? '';
		}
		if (fields['Quorate'] === undefined && fields['Name'] === undefined) {
			return parseFailure(PVECM_STATUS_COMMAND, 'no cluster or quorum information in the output');
		}
		const status: PvecmStatus = {
			quorate: /^yes$/i.test(fields['Quorate'] ?? ''),
			fields,
			members: readMembers(lines),
		};
		if (fields['Name'] !== undefined) status.name = fields['Name'];
		if (fields['Transport'] !== undefined) status.transport = fields['Transport'];
		const numbers = {configVersion: 'Config Version', nodes: 'Nodes', expectedVotes: 'Expected votes', totalVotes: 'Total votes', quorum: 'Quorum'} as const;
		for (const [field, key] of Object.entries(numbers) as [keyof typeof numbers, string][]) {
			// `Quorum: 3 Activity blocked` happens when quorum is lost: the number comes first.
			const value = toInteger(fields[key]?.split(/\s+/)[0]);
			if (value !== null) status[field] = value;
		}
		return parsed(status);
	});
}
