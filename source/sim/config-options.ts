/**
 * The property strings `pct set` / `pct create` take: `--net0 name=eth0,bridge=vmbr2,ip=...`,
 * `--mp0 /media-pool,mp=/media-pool`, `--rootfs local-lvm:8`. Parsed into sim NICs and mounts,
 * or an error in pve-common's wording.
 */
import {parseSize} from './mutate.js';
import {proxmoxMac} from './prng.js';
import type {SimMount, SimNic} from './types.js';

export type Parsed<T> = {ok: true; value: T} | {ok: false; errors: Record<string, string>};

function keyValues(text: string, defaultKey: string): Map<string, string> | null {
	const map = new Map<string, string>();
	for (const part of text.split(',')) {
		if (part === '') continue;
		const eq = part.indexOf('=');
		if (eq === -1) {
			if (map.has(defaultKey)) return null;
			map.set(defaultKey, part);
		} else map.set(part.slice(0, eq), part.slice(eq + 1));
	}
	return map;
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const NET_KEYS = new Set([
	'name',
	'bridge',
	'hwaddr',
	'ip',
	'gw',
	'ip6',
	'gw6',
	'tag',
	'firewall',
	'type',
	'mtu',
	'rate',
	'link_down',
	'trunks',
]);

export function parseNet(key: string, text: string, vmid: number, previous?: SimNic): Parsed<SimNic> {
	const map = keyValues(text, 'name');
	if (!map) return {ok: false, errors: {[key]: 'invalid format - format error'}};
	const errors: Record<string, string> = {};
	for (const k of map.keys())
		if (!NET_KEYS.has(k))
			errors[`${key}.${k}`] = 'property is not defined in schema and the schema does not allow additional properties';
	if (!map.get('name')) errors[`${key}.name`] = 'property is missing and it is not optional';
	const ip = map.get('ip');
	if (ip !== undefined && ip !== 'dhcp' && ip !== 'manual' && !IPV4_CIDR.test(ip))
		errors[`${key}.ip`] = `invalid format - value does not look like a valid IPv4 network configuration`;
	const gw = map.get('gw');
	if (gw !== undefined && !IPV4.test(gw))
		errors[`${key}.gw`] = `invalid format - value does not look like a valid IPv4 address`;
	const tag = map.get('tag');
	if (tag !== undefined && !(/^\d+$/.test(tag) && Number(tag) >= 1 && Number(tag) <= 4094))
		errors[`${key}.tag`] = `value must have a minimum value of 1`;
	if (Object.keys(errors).length > 0) return {ok: false, errors};
	const nic: SimNic = {
		key,
		ifname: map.get('name'),
		bridge: map.get('bridge') ?? '',
		hwaddr: map.get('hwaddr') ?? previous?.hwaddr ?? proxmoxMac(vmid, key, 'set'),
	};
	if (ip !== undefined) nic.ip = ip;
	if (gw !== undefined) nic.gw = gw;
	if (tag !== undefined) nic.tag = Number(tag);
	if (map.has('firewall')) nic.firewall = map.get('firewall') === '1';
	if (ip === previous?.ip && previous?.liveIp) nic.liveIp = previous.liveIp;
	return {ok: true, value: nic};
}

/**
 * `mpN`: a host path (bind mount), a volume id, or `storage:sizeGB` (a new volume the caller
 * allocates; `allocate` is set).
 */
export function parseMount(key: string, text: string): Parsed<SimMount & {allocate?: string}> {
	const map = keyValues(text, 'volume');
	const volume = map?.get('volume');
	if (!map || !volume) return {ok: false, errors: {[key]: 'invalid format - format error'}};
	const path = map.get('mp');
	if (!path) return {ok: false, errors: {[`${key}.mp`]: 'property is missing and it is not optional'}};
	if (!path.startsWith('/'))
		return {ok: false, errors: {[`${key}.mp`]: `invalid format - mount point path '${path}' must be absolute`}};
	const mount: SimMount & {allocate?: string} = {key, source: volume, path};
	if (map.get('ro') === '1') mount.readonly = true;
	const sizeText = map.get('size');
	if (sizeText !== undefined) {
		const size = parseSize(sizeText);
		if (size === null) return {ok: false, errors: {[`${key}.size`]: 'invalid format - unable to parse size'}};
		mount.size = size;
	}
	const alloc = /^([a-z][a-z0-9\-_.]*[a-z0-9]):(\d+(?:\.\d+)?)$/i.exec(volume);
	if (alloc) {
		mount.allocate = alloc[1];
		mount.size = Math.round(Number(alloc[2]) * 1024 ** 3);
	}
	return {ok: true, value: mount};
}
