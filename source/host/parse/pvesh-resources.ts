/**
 * `pvesh get /cluster/resources --output-format json` and its per-node cousins. pvesh prints a
 * bare array; the HTTP API wraps it in `{"data": ...}`; both are accepted, as is Perl's
 * json-pretty layout (it is still JSON). Field types drift between PVE versions (vmid as a
 * string in PVE 7 lists, `template` as 0/1), so every field goes through a coercion.
 */
import type {GuestResource, GuestStatus, GuestType, Load, Storage} from '../../model/snapshot.js';
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {isRecord, parseJson, unwrapApiData, type JsonObject} from './json.js';
import {walkArrayEntries} from './json-array-pieces.js';
import {toBoolean, toInteger, toNumber, toText} from './units.js';

export const CLUSTER_RESOURCES_COMMAND = 'pvesh get /cluster/resources';
export const NODES_LXC_COMMAND = 'pvesh get /nodes/<node>/lxc';
export const GUEST_STATUS_COMMAND = 'pvesh get /nodes/<node>/<type>/<vmid>/status/current';

export interface NodeResource extends Load {
	name: string;
	status: 'online' | 'offline' | 'unknown';
}

export interface ClusterResources {
	nodes: NodeResource[];
	guests: GuestResource[];
	storages: Storage[];
}

type Entry = JsonObject;

/** Proxmox tags: `;`-separated in configs and the API; `,` and spaces are tolerated too. */
/**
 * Tag lists read before, by their text: a running guest's entry is read anew every refresh
 * (its metrics move), and a cluster has few distinct tag lists, so each guest points at one
 * shared, frozen list instead of a new array a refresh. Emptied when it grows past a bound no
 * real cluster reaches, so hostile output cannot grow it without end.
 */
const tagLists = new Map<string, string[]>();
const TAG_LISTS_MAX = 4096;
const NO_TAGS: string[] = Object.freeze([]) as unknown as string[];

export function splitTags(value: unknown): string[] {
	const text = toText(value);
	if (text === '') return NO_TAGS;
	let tags = tagLists.get(text);
	if (!tags) {
		if (tagLists.size >= TAG_LISTS_MAX) tagLists.clear();
		tags = Object.freeze(text.split(/[;,\s]+/).filter((tag) => tag !== '')) as unknown as string[];
		tagLists.set(text, tags);
	}
	return tags;
}

const GUEST_STATUSES: ReadonlySet<string> = new Set(['running', 'stopped', 'paused', 'suspended']);

function toGuestStatus(value: unknown): GuestStatus {
	const text = toText(value).toLowerCase();
	return GUEST_STATUSES.has(text) ? (text as GuestStatus) : 'unknown';
}

/** qemu's status/current says `running` for a paused VM; `qmpstatus` tells the truth. */
function guestStatus(entry: Entry): GuestStatus {
	const status = toGuestStatus(entry['status']);
	const qmp = toGuestStatus(entry['qmpstatus']);
	return status === 'running' && (qmp === 'paused' || qmp === 'suspended') ? qmp : status;
}

function nodeStatus(value: unknown): NodeResource['status'] {
	const text = toText(value).toLowerCase();
	return text === 'online' || text === 'offline' ? text : 'unknown';
}

function nodeFromEntry(entry: Entry): NodeResource {
	return {
		name: toText(entry['node'], toText(entry['name'])),
		status: nodeStatus(entry['status']),
		cpu: toNumber(entry['cpu']),
		maxcpu: toNumber(entry['maxcpu']),
		mem: toNumber(entry['mem']),
		maxmem: toNumber(entry['maxmem']),
		uptime: toNumber(entry['uptime']),
	};
}

/** A guest from any of the API's guest shapes, or null when it has no usable vmid. */
export function guestFromEntry(entry: Entry, type: GuestType, node: string): GuestResource | null {
	const vmid = toInteger(entry['vmid']);
	if (vmid === null) return null;
	const guest: GuestResource = {
		vmid,
		name: toText(entry['name']),
		type,
		node: toText(entry['node'], node),
		status: guestStatus(entry),
		template: toBoolean(entry['template']),
		cpu: toNumber(entry['cpu']),
		// /nodes/<n>/lxc says `cpus` where /cluster/resources says `maxcpu`.
		maxcpu: toNumber(entry['maxcpu']) ?? toNumber(entry['cpus']),
		mem: toNumber(entry['mem']),
		maxmem: toNumber(entry['maxmem']),
		disk: toNumber(entry['disk']),
		maxdisk: toNumber(entry['maxdisk']),
		uptime: toNumber(entry['uptime']),
		tags: splitTags(entry['tags']),
	};
	const lock = toText(entry['lock']);
	if (lock !== '') guest.lock = lock;
	const pool = toText(entry['pool']);
	if (pool !== '') guest.pool = pool;
	const hastate = haState(entry);
	if (hastate !== '') guest.hastate = hastate;
	return guest;
}

/** `hastate` in /cluster/resources; `ha: {managed, state}` in status/current. */
function haState(entry: Entry): string {
	const flat = toText(entry['hastate']);
	if (flat !== '') return flat;
	const ha = entry['ha'];
	return isRecord(ha) && toBoolean(ha['managed']) ? toText(ha['state']) : '';
}

function storageFromEntry(entry: Entry): Storage {
	return {
		storage: toText(entry['storage']),
		node: toText(entry['node']),
		// PVE 6 omits `plugintype`; the caller can fill it in from `pvesm status`.
		type: toText(entry['plugintype']),
		content: toText(entry['content'])
			.split(',')
			.map((item) => item.trim())
			.filter((item) => item !== ''),
		status: toText(entry['status'], 'unknown'),
		shared: toBoolean(entry['shared']),
		used: toNumber(entry['disk']),
		total: toNumber(entry['maxdisk']),
	};
}

function describe(entry: unknown): string {
	return JSON.stringify(entry)?.slice(0, 80) ?? String(entry);
}

/** Reads the top-level array (bare or API-wrapped), or says why it is not there. */
function readArray(command: string, text: string): ParseResult<unknown[]> {
	const json = parseJson(command, text);
	if (!json.ok) return json;
	const data = unwrapApiData(json.value);
	if (!Array.isArray(data)) return parseFailure(command, 'expected a JSON array of resources');
	return parsed(data);
}

/** What one entry of /cluster/resources is read as (`skip`: a type the snapshot has no place for). */
type ResourceEntry =
	| {kind: 'node'; node: NodeResource}
	| {kind: 'guest'; guest: GuestResource}
	| {kind: 'storage'; storage: Storage}
	| {kind: 'skip'}
	| {kind: 'warning'; message: string};

const SKIP: ResourceEntry = {kind: 'skip'};

function readEntry(entry: unknown, index: number): ResourceEntry {
	if (!isRecord(entry)) return {kind: 'warning', message: `entry ${index + 1} is not an object: ${describe(entry)}`};
	const type = toText(entry['type']);
	if (type === 'node') return {kind: 'node', node: nodeFromEntry(entry)};
	if (type === 'storage') return {kind: 'storage', storage: storageFromEntry(entry)};
	if (type === 'lxc' || type === 'qemu') {
		const guest = guestFromEntry(entry, type, '');
		return guest
			? {kind: 'guest', guest}
			: {kind: 'warning', message: `${type} entry ${index + 1} has no valid vmid: ${describe(entry)}`};
	}
	// pool, sdn, openvz and future types are not part of the snapshot.
	return SKIP;
}

function place(read: ResourceEntry, result: ClusterResources, warnings: string[]): void {
	if (read.kind === 'guest') result.guests.push(read.guest);
	else if (read.kind === 'node') result.nodes.push(read.node);
	else if (read.kind === 'storage') result.storages.push(read.storage);
	else if (read.kind === 'warning') warnings.push(read.message);
}

export function parsePveshResources(text: string): ParseResult<ClusterResources> {
	return guardParse(CLUSTER_RESOURCES_COMMAND, () => {
		const array = readArray(CLUSTER_RESOURCES_COMMAND, text);
		if (!array.ok) return array;
		const result: ClusterResources = {nodes: [], guests: [], storages: []};
		const warnings: string[] = [];
		for (const [index, entry] of array.value.entries()) place(readEntry(entry, index), result, warnings);
		return parsed(result, warnings);
	});
}

/**
 * Each read's entries with their raw text, in order: an entry printed exactly as last time at
 * the same place (a stopped guest, a storage, whose figures did not move) is the same entry,
 * and is not parsed again. By place, not by a lookup: comparing two strings that differ is
 * cheap, hashing every entry's text is not.
 */
const ENTRIES = new WeakMap<ClusterResources, {raws: string[]; reads: ResourceEntry[]}>();

/**
 * parsePveshResources for a large cluster: the bare array pvesh prints is read a piece at a
 * time with `pause` between pieces (see json-array-pieces.ts), and entries printed exactly as
 * in `before` (the last read) are taken from it. The same result as parsePveshResources;
 * anything else than a bare array (the API's wrapper, garbage, a truncated array) is read
 * whole by it, so every failure says what it always said.
 */
export async function parsePveshResourcesPaced(
	text: string,
	pause: () => Promise<void>,
	before?: ParseResult<unknown>,
): Promise<ParseResult<ClusterResources>> {
	const known = before?.ok ? ENTRIES.get(before.value as ClusterResources) : undefined;
	const raws: string[] = [];
	const reads: ResourceEntry[] = [];
	const result: ClusterResources = {nodes: [], guests: [], storages: []};
	const warnings: string[] = [];
	const take = (piece: string[], first: number): boolean => {
		const fresh: string[] = [];
		for (const [i, raw] of piece.entries()) if (known?.raws[first + i] !== raw) fresh.push(raw);
		let values: unknown[];
		try {
			values = fresh.length === 0 ? [] : (JSON.parse(`[${fresh.join(',')}]`) as unknown[]);
		} catch {
			return false;
		}
		if (values.length !== fresh.length) return false;
		let next = 0;
		for (const [i, raw] of piece.entries()) {
			const index = first + i;
			const read = known?.raws[index] === raw ? known.reads[index]! : readEntry(values[next++], index);
			raws.push(raw);
			reads.push(read);
			place(read, result, warnings);
		}
		return true;
	};
	try {
		if (!(await walkArrayEntries(text, take, pause))) return parsePveshResources(text);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return parseFailure(CLUSTER_RESOURCES_COMMAND, `unreadable output (${reason})`);
	}
	ENTRIES.set(result, {raws, reads});
	return parsed(result, warnings);
}

/** `pvesh get /nodes/<node>/lxc`: containers of one node; the list carries no node name. */
export function parsePveshNodesLxc(text: string, node = ''): ParseResult<GuestResource[]> {
	return guardParse(NODES_LXC_COMMAND, () => {
		const array = readArray(NODES_LXC_COMMAND, text);
		if (!array.ok) return array;
		const guests: GuestResource[] = [];
		const warnings: string[] = [];
		for (const [index, entry] of array.value.entries()) {
			const guest = isRecord(entry) ? guestFromEntry(entry, 'lxc', node) : null;
			if (guest) guests.push(guest);
			else warnings.push(`entry ${index + 1} is not a container with a vmid: ${describe(entry)}`);
		}
		return parsed(guests, warnings);
	});
}

/** `pvesh get /nodes/<node>/<lxc|qemu>/<vmid>/status/current`: one object. */
export function parsePveshGuestStatus(text: string, type: GuestType = 'lxc', node = ''): ParseResult<GuestResource> {
	return guardParse(GUEST_STATUS_COMMAND, () => {
		const json = parseJson(GUEST_STATUS_COMMAND, text);
		if (!json.ok) return json;
		const data = unwrapApiData(json.value);
		if (!isRecord(data)) return parseFailure(GUEST_STATUS_COMMAND, 'expected a JSON object');
		const declared = toText(data['type']);
		const guest = guestFromEntry(data, declared === 'qemu' || declared === 'lxc' ? declared : type, node);
		if (!guest) return parseFailure(GUEST_STATUS_COMMAND, 'the status has no valid vmid');
		return parsed(guest);
	});
}
