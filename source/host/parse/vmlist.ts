/**
 * /etc/pve/.vmlist, written by pmxcfs (status.c): `{"version": N, "ids": {"100": {"node",
 * "type", "version"}, ...}}`. With no guests the `ids` key is absent. The per-guest `version`
 * changes whenever that guest's config is written, which is what lets pd_configs skip
 * unchanged configs.
 */
import type {GuestType} from '../../model/snapshot.js';
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {parseJson, isRecord} from './json.js';
import {toInteger, toText} from './units.js';

export const VMLIST_COMMAND = 'cat /etc/pve/.vmlist';

export interface VmlistGuest {
	vmid: number;
	node: string;
	type: GuestType;
	version: number;
}

export interface Vmlist {
	version: number;
	guests: VmlistGuest[];
}

export function parseVmlist(text: string): ParseResult<Vmlist> {
	return guardParse(VMLIST_COMMAND, () => {
		const json = parseJson(VMLIST_COMMAND, text);
		if (!json.ok) return json;
		const root = json.value;
		if (!isRecord(root)) return parseFailure(VMLIST_COMMAND, 'expected a JSON object');
		const version = toInteger(root['version']);
		if (version === null) return parseFailure(VMLIST_COMMAND, 'the vmlist has no version');
		const ids = root['ids'] ?? {};
		if (!isRecord(ids)) return parseFailure(VMLIST_COMMAND, '`ids` is not an object');
		const guests: VmlistGuest[] = [];
		const warnings: string[] = [];
		for (const [key, entry] of Object.entries(ids)) {
			const vmid = toInteger(key);
			const type = isRecord(entry) ? toText(entry['type']) : '';
			const node = isRecord(entry) ? toText(entry['node']) : '';
			if (vmid === null || (type !== 'lxc' && type !== 'qemu') || node === '') {
				warnings.push(`skipped vmlist entry ${key}`);
				continue;
			}
			guests.push({vmid, node, type, version: isRecord(entry) ? (toInteger(entry['version']) ?? 0) : 0});
		}
		guests.sort((a, b) => a.vmid - b.vmid);
		return parsed({version, guests}, warnings);
	});
}
