/**
 * `ip -j route show table all`. Routes of the main table carry no `table` key, so it defaults to
 * `main`; `dst` is `default` for default routes and kept as printed.
 */
import type {Route} from '../../model/snapshot.js';
import {parseJsonRows} from './ip-addr.js';
import type {ParseResult} from '../../model/result.js';
import {toInteger} from './units.js';

export const IP_ROUTE_COMMAND = 'ip -j route show table all';

function text(value: unknown): string | undefined {
	if (typeof value === 'string' && value !== '') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

function routeOf(entry: Record<string, unknown>): Route | null {
	const dst = text(entry['dst']);
	if (dst === undefined) return null;
	const gateway = text(entry['gateway']);
	const dev = text(entry['dev']);
	const protocol = text(entry['protocol']);
	const prefsrc = text(entry['prefsrc']);
	const metric = toInteger(entry['metric']);
	return {
		dst,
		...(gateway === undefined ? {} : {gateway}),
		...(dev === undefined ? {} : {dev}),
		table: text(entry['table']) ?? 'main',
		...(protocol === undefined ? {} : {protocol}),
		...(prefsrc === undefined ? {} : {prefsrc}),
		...(metric === null ? {} : {metric}),
	};
}

export function parseIpRoute(input: string): ParseResult<Route[]> {
	return parseJsonRows(IP_ROUTE_COMMAND, input, routeOf);
}
