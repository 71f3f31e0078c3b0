/**
 * Reads each section of a refresh with its parser. A section that failed (exit code, no
 * output, unreadable output) becomes one `errors[]` entry naming its command and why, and
 * leaves its part of the snapshot empty; every other section still arrives.
 */
import type {SectionError, Unplaced, VpnTunnel} from '../model/snapshot.js';
import type {BatchSection} from './batch.js';
import type {KnownText, SectionOutput} from './batch-output.js';
import type {GuestConfigFacts, GuestContainers, HostFacts} from './assemble.js';
import {ZFS_LIST_COLUMNS, ZPOOL_LIST_COLUMNS} from './commands.js';
import type {ParseResult} from '../model/result.js';
import {sectionCommand} from './sections.js';
import {cutNotice} from '../transport/output-cap.js';
import {parsePveshResources, parsePveshResourcesPaced} from './parse/pvesh-resources.js';
import {parseClusterStatus} from './parse/cluster-status.js';
import {parseHaStatus} from './parse/ha-status.js';
import {parseConfigsBundle} from './parse/configs-bundle.js';
import {parseGuestConfig} from './parse/guest-config.js';
import {parseZpoolList} from './parse/zpool-list.js';
import {parseZpoolStatus} from './parse/zpool-status.js';
import {parseZfsList} from './parse/zfs-list.js';
import {parseIpAddr} from './parse/ip-addr.js';
import {parseIpRoute} from './parse/ip-route.js';
import {parseIpRule} from './parse/ip-rule.js';
import {parseBridgeLink} from './parse/bridge-link.js';
import {parseWgDump} from './parse/wg.js';
import {parseDockerPs, parseComposeLs} from './parse/docker.js';
import {foldReadings} from './docker-readings.js';
import {firstLine} from '../model/format.js';

export interface ParsedSections extends HostFacts {
	/** False when /cluster/resources could not be read (nodes, guests and storages are then empty). */
	resourcesRead: boolean;
	/** .vmlist as read this time, or null when the configs section failed. */
	vmlist: readonly {vmid: number; version: number}[] | null;
	configs: {vmid: number; facts: GuestConfigFacts}[];
	guestTunnels: Unplaced<VpnTunnel>[];
	containers: Map<number, GuestContainers>;
	/** What each probed guest has installed (null: neither docker nor podman). */
	probes: Map<number, 'docker' | 'podman' | null>;
}

/** `command -v docker podman` prints the path of each one found; docker wins when both are. */
function probedRuntime(text: string): 'docker' | 'podman' | null {
	const names = text.split('\n').map((line) => line.trim().split('/').at(-1));
	return names.includes('docker') ? 'docker' : names.includes('podman') ? 'podman' : null;
}

/** The snapshot section each batch section feeds, for `errors[].section`. */
function snapshotSection(id: string): string {
	if (id === 'resources') return 'guests';
	if (id === 'cluster-status') return 'nodes';
	if (id === 'ha-status') return 'ha';
	if (id === 'zpool-list' || id === 'zpool-status') return 'pools';
	if (id === 'zfs-list') return 'datasets';
	if (id === 'ip-addr' || id === 'bridge-link') return 'bridges';
	if (id === 'ip-route' || id === 'ip-rule') return 'routes';
	if (id.startsWith('wg-')) return 'vpn';
	if (id.startsWith('containers-') || id.startsWith('stacks-') || id.startsWith('readings-')) return 'containers';
	if (id.startsWith('probe-')) return 'guests';
	return id;
}

/** `wg` not installed, or no WireGuard kernel support: the host simply has no tunnels. */
function isAbsentTool(out: SectionOutput): boolean {
	return out.code === 127 || /command not found|not found|Protocol not supported/i.test(out.stderr);
}

/**
 * What each section printed last time and what it was read as. Most sections print the same
 * from one refresh to the next (addresses, routes, configs, cluster membership): reading
 * them again would give equal values, so the earlier ones are kept, parse and all. Parsed
 * values are never mutated, so sharing them between snapshots is safe.
 */
export type SectionMemo = Map<string, {text: string; bytes?: Buffer; result: ParseResult<unknown>}>;

/** Last refresh's text of a section that printed the same bytes again (see BatchOutputSplitter.result). */
export function knownText(memo: SectionMemo): KnownText {
	return (id) => memo.get(id);
}

type PacedParse = (
	text: string,
	pause: () => Promise<void>,
	before?: ParseResult<unknown>,
) => ParseResult<unknown> | Promise<ParseResult<unknown>>;

/**
 * The sections that can be large (they grow with the guests): each parsed on its own turn of
 * the event loop, /cluster/resources a piece at a time over several turns.
 */
const LARGE: readonly [string, PacedParse][] = [
	['resources', parsePveshResourcesPaced],
	['configs', parseConfigsBundle],
	['ip-addr', parseIpAddr],
	['bridge-link', parseBridgeLink],
];

/**
 * parseSections, with a pause (a turn of the event loop) after each large section that must
 * be parsed anew: a key pressed while a large cluster's refresh is read waits for one
 * section's parse (or one piece of it), not for all of them.
 */
export async function parseSectionsPaced(
	outputs: ReadonlyMap<string, SectionOutput>,
	sections: readonly BatchSection[],
	memo: SectionMemo,
	pause: () => Promise<void>,
): Promise<ParsedSections> {
	const ids = new Set(sections.map((s) => s.id));
	for (const [id, parse] of LARGE) {
		const out = outputs.get(id);
		const before = memo.get(id);
		// Only what parseSections would read as it is; it then finds the parse in the memo.
		if (!ids.has(id) || !out || out.code !== 0 || out.cut || before?.text === out.stdout) continue;
		const result = await parse(out.stdout, pause, before?.result);
		memo.set(id, {text: out.stdout, ...(out.bytes ? {bytes: out.bytes} : {}), result});
		await pause();
	}
	return parseSections(outputs, sections, memo);
}

export function parseSections(
	outputs: ReadonlyMap<string, SectionOutput>,
	sections: readonly BatchSection[],
	memo?: SectionMemo,
): ParsedSections {
	const errors: SectionError[] = [];
	const byId = new Map(sections.map((s) => [s.id, s]));

	/** The section's stdout when it ran cleanly; otherwise records why not and returns null. */
	function usable(id: string, optionalTool = false): string | null {
		const spec = byId.get(id);
		if (!spec) return null;
		const out = outputs.get(id);
		// Named only when something went wrong: most sections run cleanly every refresh.
		const command = (): string => sectionCommand(spec);
		if (out?.cut) {
			// Not read at all: a cut JSON document or table would be read wrongly, not partly.
			errors.push({
				section: snapshotSection(id),
				command: command(),
				message: cutNotice(out.cut.limit, out.cut.printed),
				exitCode: out.code,
			});
			return null;
		}
		if (!out || out.code === null) {
			errors.push({
				section: snapshotSection(id),
				command: command(),
				message: 'no answer: the refresh ended before this command finished',
				exitCode: null,
			});
			return null;
		}
		if (out.code !== 0) {
			if (optionalTool && isAbsentTool(out)) return '';
			const why = firstLine(out.stderr) || firstLine(out.stdout) || 'no error text';
			const message = out.code === 124 || out.code === 137 ? `timed out (${why})` : why;
			errors.push({section: snapshotSection(id), command: command(), message, exitCode: out.code});
			return null;
		}
		return out.stdout;
	}

	function read<T>(id: string, parse: (text: string) => ParseResult<T>, optionalTool = false): T | null {
		const text = usable(id, optionalTool);
		if (text === null) return null;
		if (optionalTool && text.trim() === '') return null;
		const cached = memo?.get(id);
		if (cached !== undefined && cached.text === text) {
			if (!cached.result.ok) errors.push(parseError(id, cached.result.error.message));
			return cached.result.ok ? (cached.result.value as T) : null;
		}
		const result = parse(text);
		const bytes = outputs.get(id)?.bytes;
		memo?.set(id, bytes ? {text, bytes, result} : {text, result});
		if (result.ok) return result.value;
		errors.push(parseError(id, result.error.message));
		return null;
	}

	function parseError(id: string, message: string): SectionError {
		return {section: snapshotSection(id), command: sectionCommand(byId.get(id)!), message, exitCode: 0};
	}

	const resources = read('resources', parsePveshResources);
	const clusterStatus = read('cluster-status', parseClusterStatus);
	// A node without pve-ha-manager has no HA: unknown, not an error.
	const ha = byId.has('ha-status') ? read('ha-status', parseHaStatus, true) : null;
	const bundle = read('configs', parseConfigsBundle);
	const configs: ParsedSections['configs'] = [];
	for (const c of bundle?.configs ?? []) {
		const result = parseGuestConfig(c.text, c.type);
		if (result.ok) configs.push({vmid: c.vmid, facts: result.value});
		else
			errors.push({
				section: 'guests',
				command: `cat /etc/pve/nodes/${c.node}/${c.type === 'qemu' ? 'qemu-server' : 'lxc'}/${c.vmid}.conf`,
				message: result.error.message,
				exitCode: 0,
			});
	}

	const containers = new Map<number, GuestContainers>();
	const probes = new Map<number, 'docker' | 'podman' | null>();
	const guestTunnels: Unplaced<VpnTunnel>[] = [];
	for (const s of sections) {
		const docker = /^containers-(\d+)$/.exec(s.id);
		if (docker) {
			const vmid = Number(docker[1]);
			const list = read(s.id, parseDockerPs);
			const stacks = byId.has(`stacks-${vmid}`) ? read(`stacks-${vmid}`, parseComposeLs) : [];
			const readings = byId.has(`readings-${vmid}`) ? usable(`readings-${vmid}`) : null;
			if (list && readings !== null) {
				const folded = foldReadings(list, readings);
				for (const problem of folded.problems)
					errors.push({
						section: 'containers',
						command: `pct exec ${vmid} -- ${problem.split(':')[0]}`,
						message: problem.slice(problem.indexOf(':') + 2),
						exitCode: 0,
					});
				containers.set(vmid, {
					containers: folded.containers,
					stacks: stacks ?? [],
					...(folded.disk ? {disk: folded.disk} : {}),
				});
			} else if (list) containers.set(vmid, {containers: list, stacks: stacks ?? []});
		}
		const probe = /^probe-(\d+)$/.exec(s.id);
		if (probe) {
			const text = usable(s.id);
			if (text !== null) probes.set(Number(probe[1]), probedRuntime(text));
		}
		const wg = /^wg-guest-(\d+)$/.exec(s.id);
		if (wg) {
			const tunnels = read(s.id, parseWgDump) ?? [];
			for (const t of tunnels) guestTunnels.push({...t, gatewayVmid: Number(wg[1])});
		}
	}

	const hostTunnels = (read('wg-host', parseWgDump, true) ?? []).map((t): Unplaced<VpnTunnel> => ({
		...t,
		gatewayVmid: null,
	}));

	return {
		resourcesRead: resources !== null,
		nodes: resources?.nodes ?? [],
		...(clusterStatus ? {clusterStatus} : {}),
		...optional('ha', ha),
		guests: resources?.guests ?? [],
		// As parsed (the same array while the .vmlist is unchanged: the collector then has nothing to absorb).
		vmlist: bundle?.vmlist ? bundle.vmlist.guests : null,
		configs,
		storages: resources?.storages ?? [],
		// A host without ZFS (no zpool binary, or no pools) is not an error: it has no pools.
		pools:
			read(
				'zpool-list',
				noPools((t) => parseZpoolList(t, [...ZPOOL_LIST_COLUMNS])),
				true,
			) ?? [],
		poolStatus: read('zpool-status', noPools(parseZpoolStatus), true) ?? [],
		datasets:
			read(
				'zfs-list',
				noPools((t) => parseZfsList(t, [...ZFS_LIST_COLUMNS])),
				true,
			) ?? [],
		...optional('interfaces', byId.has('ip-addr') ? read('ip-addr', parseIpAddr) : null),
		...optional('bridgePorts', byId.has('bridge-link') ? read('bridge-link', parseBridgeLink) : null),
		routes: (byId.has('ip-route') ? read('ip-route', parseIpRoute) : null) ?? [],
		...optional('rules', byId.has('ip-rule') ? read('ip-rule', parseIpRule) : null),
		hostTunnels,
		guestTunnels,
		containers,
		probes,
		errors,
	};
}

/** `zpool` says "no pools available" (on stdout) on a host with ZFS but no pools. */
function noPools<T>(parse: (text: string) => ParseResult<T[]>): (text: string) => ParseResult<T[]> {
	return (text) =>
		/^\s*no pools available\s*$/.test(text) || /^\s*no datasets available\s*$/.test(text)
			? {ok: true, value: []}
			: parse(text);
}

function optional<K extends string, V>(key: K, value: V | null): {[P in K]?: V} {
	return (value === null ? {} : {[key]: value}) as {[P in K]?: V};
}
