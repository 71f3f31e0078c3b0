/**
 * `ip -j rule show`. The source arrives split (`"src": "10.10.10.0", "srclen": 24`) and is put
 * back together as CIDR; `all` stays as printed. Tables are names or numbers, kept as text.
 */
import type {RoutingRule, Unplaced} from '../../model/snapshot.js';
import {parseJsonRows} from './ip-addr.js';
import type {ParseResult} from '../../model/result.js';
import {toInteger, optionalText} from './units.js';

export const IP_RULE_COMMAND = 'ip -j rule show';

function ruleOf(entry: Record<string, unknown>): Unplaced<RoutingRule> | null {
	const priority = toInteger(entry['priority']);
	const table = optionalText(entry['table']);
	if (priority === null || table === undefined) return null;
	const srcAddress = optionalText(entry['src']);
	const srclen = toInteger(entry['srclen']);
	const src = srcAddress !== undefined && srclen !== null ? `${srcAddress}/${srclen}` : srcAddress;
	const iif = optionalText(entry['iif']);
	const mark = optionalText(entry['fwmark']);
	const mask = optionalText(entry['fwmask']);
	const fwmark = mark !== undefined && mask !== undefined ? `${mark}/${mask}` : mark;
	return {
		priority,
		...(src === undefined ? {} : {src}),
		table,
		...(iif === undefined ? {} : {iif}),
		...(fwmark === undefined ? {} : {fwmark}),
	};
}

export function parseIpRule(input: string): ParseResult<Unplaced<RoutingRule>[]> {
	return parseJsonRows(IP_RULE_COMMAND, input, ruleOf);
}
