/**
 * `ip -j addr show` and `ip -j link show` (iproute2 JSON). Fields used: ifindex, ifname, link
 * (the `@peer`: a name, or absent with `link_index` when the peer lives in another namespace,
 * as a container's veth does), master, operstate, flags, mtu, address, linkinfo.info_kind
 * (with `-details`), addr_info.
 */
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {parseJson, isRecord} from './json.js';
import {toInteger, optionalText} from './units.js';

export const IP_ADDR_COMMAND = 'ip -j addr show';
export const IP_LINK_COMMAND = 'ip -j link show';

export interface IpAddress {
	family: 'inet' | 'inet6';
	local: string;
	prefixlen: number;
	scope?: string;
}

export interface IpInterface {
	ifindex: number;
	ifname: string;
	/** The peer after `@`: a name, or `ifN` when it is in another namespace (ip's own spelling). */
	link?: string;
	master?: string;
	operstate: string;
	flags: string[];
	mtu?: number;
	mac?: string;
	/** Link kind (`bridge`, `veth`, `tun`, `vxlan`...) when `-details` was given. */
	kind?: string;
	addresses: IpAddress[];
}

function addressesOf(value: unknown): IpAddress[] {
	if (!Array.isArray(value)) return [];
	const addresses: IpAddress[] = [];
	for (const entry of value) {
		if (!isRecord(entry)) continue;
		const family = entry['family'];
		const local = optionalText(entry['local']);
		const prefixlen = toInteger(entry['prefixlen']);
		if ((family !== 'inet' && family !== 'inet6') || local === undefined || prefixlen === null) continue;
		const scope = optionalText(entry['scope']);
		addresses.push({family, local, prefixlen, ...(scope === undefined ? {} : {scope})});
	}
	return addresses;
}

function interfaceOf(entry: Record<string, unknown>): IpInterface | null {
	const ifindex = toInteger(entry['ifindex']);
	const ifname = optionalText(entry['ifname']);
	if (ifindex === null || ifname === undefined) return null;
	const linkIndex = toInteger(entry['link_index']);
	const link = optionalText(entry['link']) ?? (linkIndex === null ? undefined : `if${linkIndex}`);
	const master = optionalText(entry['master']);
	const mtu = toInteger(entry['mtu']);
	const mac = optionalText(entry['address']);
	const kind = isRecord(entry['linkinfo']) ? optionalText(entry['linkinfo']['info_kind']) : undefined;
	const flags = Array.isArray(entry['flags'])
		? entry['flags'].filter((flag): flag is string => typeof flag === 'string')
		: [];
	return {
		ifindex,
		ifname,
		...(link === undefined ? {} : {link}),
		...(master === undefined ? {} : {master}),
		operstate: optionalText(entry['operstate']) ?? 'UNKNOWN',
		flags,
		...(mtu === null ? {} : {mtu}),
		...(mac === undefined ? {} : {mac}),
		...(kind === undefined ? {} : {kind}),
		addresses: addressesOf(entry['addr_info']),
	};
}

/** The shared body: a JSON array of objects, each turned into a row or skipped with a warning. */
export function parseJsonRows<T>(
	command: string,
	text: string,
	row: (entry: Record<string, unknown>) => T | null,
): ParseResult<T[]> {
	return guardParse(command, () => {
		const json = parseJson(command, text);
		if (!json.ok) return json;
		if (!Array.isArray(json.value)) return parseFailure(command, 'expected a JSON array');
		const rows: T[] = [];
		const warnings: string[] = [];
		for (const [index, entry] of json.value.entries()) {
			const value = isRecord(entry) ? row(entry) : null;
			if (value === null) warnings.push(`entry ${index + 1} is not usable`);
			else rows.push(value);
		}
		if (rows.length === 0 && json.value.length > 0) return parseFailure(command, 'no usable entries in the output');
		return parsed(rows, warnings);
	});
}

export function parseIpAddr(text: string): ParseResult<IpInterface[]> {
	return parseJsonRows(IP_ADDR_COMMAND, text, interfaceOf);
}

/** `ip -j link show`: the same objects without `addr_info`, so `addresses` is always empty. */
export function parseIpLink(text: string): ParseResult<IpInterface[]> {
	return parseJsonRows(IP_LINK_COMMAND, text, interfaceOf);
}
