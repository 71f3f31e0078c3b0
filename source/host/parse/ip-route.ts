/**
 * `ip -j route show table all`. Routes of the main table carry no `table` key, so it defaults to
 * `main`; `dst` is `default` for default routes and kept as printed.
 */
import type {Route, Unplaced} from '../../model/snapshot.js';
import {parseJsonRows} from './ip-addr.js';
import type {ParseResult} from '../../model/result.js';
import {toInteger, optionalText} from './units.js';

export const IP_ROUTE_COMMAND = 'ip -j route show table all';

function routeOf(entry: Record<string, unknown>): Unplaced<Route> | null {
	const dst = optionalText(entry['dst']);
	if (dst === undefined) return null;
	const gateway = optionalText(entry['gateway']);
	const dev = optionalText(entry['dev']);
	const protocol = optionalText(entry['protocol']);
	const prefsrc = optionalText(entry['prefsrc']);
	const metric = toInteger(entry['metric']);
	return {
		dst,
		...(gateway === undefined ? {} : {gateway}),
		...(dev === undefined ? {} : {dev}),
		table: optionalText(entry['table']) ?? 'main',
		...(protocol === undefined ? {} : {protocol}),
		...(prefsrc === undefined ? {} : {prefsrc}),
		...(metric === null ? {} : {metric}),
	};
}

export function parseIpRoute(input: string): ParseResult<Unplaced<Route>[]> {
	return parseJsonRows(IP_ROUTE_COMMAND, input, routeOf);
}
