/**
 * Guest configs: the /etc/pve file format (`key: value` lines, `#` description lines, then
 * `[snapshot]` / `[PENDING]` sections) which is also what `pct config` / `qm config` print, and
 * the JSON form from `pvesh get .../config`. Only the current config counts: a section header
 * ends it, so a snapshot's older values can never leak into what the user sees.
 */
import type {GuestMount, GuestNic, GuestType} from '../../model/snapshot.js';
import {splitTags} from './pvesh-resources.js';
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {parseJson, isRecord, unwrapApiData} from './json.js';
import {parseHumanSize, toBoolean, toInteger, toNumber, toText} from './units.js';

export interface GuestConfig {
	name?: string;
	nics: GuestNic[];
	mounts: GuestMount[];
	tags: string[];
	unprivileged: boolean;
	lock?: string;
	description?: string;
	onboot?: boolean;
	template?: boolean;
	memory?: number; // MiB
	cores?: number;
	swap?: number; // MiB
	arch?: string;
	ostype?: string;
	features?: Record<string, string>;
	/** Every non-`lxc.*` key of the current config, values as written. */
	raw: Record<string, string>;
	/** `lxc.*` keys in file order; keys such as lxc.idmap repeat. */
	lxcRaw: [string, string][];
	/** Snapshot section names (`[PENDING]` and `[special:...]` are not snapshots). */
	snapshots: string[];
}

export function guestConfigCommand(type: GuestType): string {
	return type === 'lxc' ? 'pct config' : 'qm config';
}

export function guestConfigJsonCommand(type: GuestType): string {
	return `pvesh get /nodes/<node>/${type}/<vmid>/config`;
}

/**
 * Proxmox writes the description URL-encoded (PVE::Tools::encode_text: control and non-ASCII
 * bytes, and `:`), both as `#` lines in the file and in `qm/pct config` output. Only well-formed
 * `%XX` runs are decoded; the bytes are UTF-8.
 */
export function decodeProxmoxText(text: string): string {
	return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
		const bytes = Uint8Array.from(run.match(/%[0-9A-Fa-f]{2}/g) ?? [], (pair) => parseInt(pair.slice(1), 16));
		return new TextDecoder('utf-8', {fatal: false}).decode(bytes);
	});
}

/** A property string `a=1,b=2,bare` -> ordered pairs; a bare item has value undefined. */
export function splitPropertyString(value: string): [string, string | undefined][] {
	return value
		.split(',')
		.map((item) => item.trim())
		.filter((item) => item !== '')
		.map((item): [string, string | undefined] => {
			const equals = item.indexOf('=');
			return equals < 0 ? [item, undefined] : [item.slice(0, equals), item.slice(equals + 1)];
		});
}

function optionMap(value: string): Map<string, string> {
	const map = new Map<string, string>();
	for (const [key, item] of splitPropertyString(value)) if (item !== undefined) map.set(key, item);
	return map;
}

const QEMU_NET_OPTIONS: ReadonlySet<string> = new Set([
	'bridge',
	'firewall',
	'link_down',
	'macaddr',
	'model',
	'mtu',
	'queues',
	'rate',
	'tag',
	'trunks',
]);

function parseNic(key: string, value: string, type: GuestType): GuestNic {
	const options = optionMap(value);
	const nic: GuestNic = {name: key};
	if (type === 'qemu') {
		// `virtio=AA:BB:...` (the usual form) or `model=virtio,macaddr=...`.
		const modelPair = splitPropertyString(value).find(([option]) => !QEMU_NET_OPTIONS.has(option));
		const model = options.get('model') ?? modelPair?.[0];
		const hwaddr = options.get('macaddr') ?? modelPair?.[1];
		if (model) nic.model = model;
		if (hwaddr) nic.hwaddr = hwaddr;
	} else {
		const ifname = options.get('name');
		if (ifname) nic.ifname = ifname;
		const hwaddr = options.get('hwaddr');
		if (hwaddr) nic.hwaddr = hwaddr;
		for (const field of ['ip', 'gw', 'ip6', 'gw6'] as const) {
			const item = options.get(field);
			if (item) nic[field] = item;
		}
	}
	const bridge = options.get('bridge');
	if (bridge) nic.bridge = bridge;
	const tag = toInteger(options.get('tag'));
	if (tag !== null) nic.tag = tag;
	if (options.has('firewall')) nic.firewall = toBoolean(options.get('firewall'));
	return nic;
}

/** cloud-init `ipconfigN: ip=...,gw=...` gives a qemu NIC its address. */
function applyIpconfig(nic: GuestNic, value: string): void {
	const options = optionMap(value);
	for (const field of ['ip', 'gw', 'ip6', 'gw6'] as const) {
		const item = options.get(field);
		if (item) nic[field] = item;
	}
}

function parseMount(key: string, value: string, path: string | undefined): GuestMount {
	const pairs = splitPropertyString(value);
	const options = optionMap(value);
	const source = options.get('volume') ?? pairs.find(([, item]) => item === undefined)?.[0] ?? '';
	const mount: GuestMount = {key, source, path: path ?? options.get('mp') ?? ''};
	const size = options.has('size') ? parseHumanSize(options.get('size') ?? '') : null;
	if (size !== null) mount.size = size;
	if (options.has('ro')) mount.readonly = toBoolean(options.get('ro'));
	return mount;
}

const QEMU_DISK_KEY = /^(?:scsi|virtio|sata|ide)[0-9]+$|^efidisk0$/;
const NET_KEY = /^net([0-9]+)$/;

function keyOrder(key: string): number {
	return toInteger(key.replace(/^[a-z]+/, '')) ?? 0;
}

/** Builds the typed config from the current section's keys, in any order. */
function buildGuestConfig(
	raw: Record<string, string>,
	lxcRaw: [string, string][],
	description: string | undefined,
	snapshots: string[],
	type: GuestType,
): GuestConfig {
	const keys = Object.keys(raw);
	const nics = keys
		.filter((key) => NET_KEY.test(key))
		.sort((a, b) => keyOrder(a) - keyOrder(b))
		.map((key) => parseNic(key, raw[key] ?? '', type));
	if (type === 'qemu') {
		for (const nic of nics) {
			const ipconfig = raw[`ipconfig${keyOrder(nic.name)}`];
			if (ipconfig !== undefined) applyIpconfig(nic, ipconfig);
		}
	}
	const mounts: GuestMount[] = [];
	if (type === 'lxc') {
		if (raw['rootfs'] !== undefined) mounts.push(parseMount('rootfs', raw['rootfs'], '/'));
		for (const key of keys.filter((item) => /^mp[0-9]+$/.test(item)).sort((a, b) => keyOrder(a) - keyOrder(b))) {
			mounts.push(parseMount(key, raw[key] ?? '', undefined));
		}
	} else {
		for (const key of keys.filter((item) => QEMU_DISK_KEY.test(item))) {
			const value = raw[key] ?? '';
			if (optionMap(value).get('media') === 'cdrom') continue;
			mounts.push(parseMount(key, value, ''));
		}
	}
	const config: GuestConfig = {
		nics,
		mounts,
		tags: splitTags(raw['tags']),
		unprivileged: type === 'lxc' && toBoolean(raw['unprivileged']),
		raw,
		lxcRaw,
		snapshots,
	};
	const name = type === 'lxc' ? raw['hostname'] : raw['name'];
	if (name) config.name = name;
	if (raw['lock']) config.lock = raw['lock'];
	if (description !== undefined && description !== '') config.description = description;
	if (raw['onboot'] !== undefined) config.onboot = toBoolean(raw['onboot']);
	if (raw['template'] !== undefined) config.template = toBoolean(raw['template']);
	for (const field of ['memory', 'cores', 'swap'] as const) {
		const number = toNumber(raw[field]);
		if (number !== null) config[field] = number;
	}
	if (raw['arch']) config.arch = raw['arch'];
	if (raw['ostype']) config.ostype = raw['ostype'];
	if (raw['features'] !== undefined) config.features = Object.fromEntries(optionMap(raw['features']));
	return config;
}

const SECTION_LINE = /^\[([^\]]+)\]\s*$/;
const KEY_LINE = /^([a-z][a-z0-9_-]*):\s?(.*?)\s*$/;
const LXC_KEY_LINE = /^(lxc\.[A-Za-z0-9_.-]+)\s*[:=]\s?(.*?)\s*$/;

export function parseGuestConfig(text: string, type: GuestType): ParseResult<GuestConfig> {
	const command = guestConfigCommand(type);
	return guardParse(command, () => {
		if (text.trim() === '') return parseFailure(command, 'empty output where a guest config was expected');
		const raw: Record<string, string> = {};
		const lxcRaw: [string, string][] = [];
		const descriptionLines: string[] = [];
		const snapshots: string[] = [];
		const warnings: string[] = [];
		let inCurrent = true;
		let recognised = 0;
		for (const [index, line] of text.split(/\r?\n/).entries()) {
			if (line.trim() === '') continue;
			const section = SECTION_LINE.exec(line);
			if (section) {
				inCurrent = false;
				recognised++;
				const sectionName = section[1] ?? '';
				if (sectionName !== 'PENDING' && !sectionName.startsWith('special:')) snapshots.push(sectionName);
				continue;
			}
			if (line.startsWith('#')) {
				if (inCurrent) descriptionLines.push(decodeProxmoxText(line.slice(1)));
				continue;
			}
			const lxcKey = LXC_KEY_LINE.exec(line);
			const key = lxcKey ? null : KEY_LINE.exec(line);
			if (!lxcKey && !key) {
				warnings.push(`line ${index + 1} is not a config line: ${line.slice(0, 80)}`);
				continue;
			}
			recognised++;
			if (!inCurrent) continue;
			if (lxcKey) lxcRaw.push([lxcKey[1] ?? '', lxcKey[2] ?? '']);
			else if (key) raw[key[1] ?? ''] = key[2] ?? '';
		}
		if (recognised === 0) return parseFailure(command, 'no `key: value` lines in the output');
		// `pct/qm config` print the description as a `description:` key instead of `#` lines.
		const description =
			descriptionLines.length > 0
				? descriptionLines.join('\n')
				: raw['description'] !== undefined
					? decodeProxmoxText(raw['description'])
					: undefined;
		return parsed(buildGuestConfig(raw, lxcRaw, description, snapshots, type), warnings);
	});
}

/** `pvesh get /nodes/<n>/<type>/<vmid>/config --output-format json`: same config as JSON. */
export function parseGuestConfigJson(text: string, type: GuestType): ParseResult<GuestConfig> {
	const command = guestConfigJsonCommand(type);
	return guardParse(command, () => {
		const json = parseJson(command, text);
		if (!json.ok) return json;
		const data = unwrapApiData(json.value);
		if (!isRecord(data)) return parseFailure(command, 'expected a JSON object');
		const raw: Record<string, string> = {};
		const lxcRaw: [string, string][] = [];
		const warnings: string[] = [];
		for (const [key, value] of Object.entries(data)) {
			if (key === 'lxc' && Array.isArray(value)) {
				for (const pair of value) {
					if (Array.isArray(pair) && typeof pair[0] === 'string') lxcRaw.push([pair[0], toText(pair[1])]);
					else warnings.push('skipped an lxc entry that is not a [key, value] pair');
				}
			} else if (typeof value === 'string' || typeof value === 'number') {
				raw[key] = toText(value);
			}
		}
		// The API returns the description decoded already, newlines and all.
		return parsed(buildGuestConfig(raw, lxcRaw, raw['description'], [], type), warnings);
	});
}
