/**
 * `ip -br link` and `ip -br addr` text. The name column is padded to 16 characters but longer
 * names (`fwpr100p0@fwln100i0`) simply push the rest along, so rows are split on whitespace and
 * each trailing token is recognised by shape: `<FLAGS>`, a MAC address, or an address/prefix.
 */
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';

export const IP_BRIEF_COMMAND = 'ip -br';

export interface IpBriefRow {
	ifname: string;
	/** What follows `@`: the peer's name, or `ifN` when it lives in another namespace. */
	peer?: string;
	state: string;
	mac?: string;
	flags?: string[];
	addresses: string[];
}

const OPERSTATES = new Set(['UP', 'DOWN', 'UNKNOWN', 'LOWERLAYERDOWN', 'DORMANT', 'NOTPRESENT', 'TESTING']);
const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;
/** An address with its prefix; the shape is loose on purpose (published samples mask digits as `XX`). */
const ADDRESS = /^[0-9a-fA-FX.:]+\/\d{1,3}$/;

function rowOf(line: string): IpBriefRow | null {
	const [name, state, ...rest] = line.trim().split(/\s+/);
	if (name === undefined || state === undefined || !OPERSTATES.has(state)) return null;
	const at = name.indexOf('@');
	const ifname = at === -1 ? name : name.slice(0, at);
	const peer = at === -1 ? undefined : name.slice(at + 1);
	if (ifname === '') return null;
	let mac: string | undefined;
	let flags: string[] | undefined;
	const addresses: string[] = [];
	for (const token of rest) {
		if (token.startsWith('<') && token.endsWith('>')) flags = token.slice(1, -1).split(',').filter((flag) => flag !== '');
		else if (MAC.test(token)) mac = token;
		else if (ADDRESS.test(token)) addresses.push(token);
		else return null;
	}
	return {
		ifname,
		...(peer === undefined || peer === '' ? {} : {peer}),
		state,
		...(mac === undefined ? {} : {mac}),
		...(flags === undefined ? {} : {flags}),
		addresses,
	};
}

export function parseIpBrief(text: string): ParseResult<IpBriefRow[]> {
	return guardParse(IP_BRIEF_COMMAND, () => {
		if (text.trim() === '') return parseFailure(IP_BRIEF_COMMAND, 'empty output');
		const rows: IpBriefRow[] = [];
		const warnings: string[] = [];
		for (const [index, rawLine] of text.split('\n').entries()) {
			if (rawLine.trim() === '') continue;
			const row = rowOf(rawLine);
			if (row === null) warnings.push(`line ${index + 1}: not an interface row`);
			else rows.push(row);
		}
		if (rows.length === 0) return parseFailure(IP_BRIEF_COMMAND, 'no interface rows in the output');
		return parsed(rows, warnings);
	});
}
