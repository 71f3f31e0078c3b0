/**
 * The collector: one refresh = one batched exec on the transport (see batch.ts), parsed
 * section by section into one immutable snapshot. It remembers, between refreshes, the guest
 * configs it has read (re-read only when .vmlist says their version changed) and the
 * containers of Docker hosts (polled a few hosts per refresh, so the number of remote
 * processes per refresh stays bounded however many guests there are).
 */
import type {SectionError, Snapshot, StaleSection, VpnTunnel} from '../model/snapshot.js';
import type {Transport} from '../transport/types.js';
import {TransportError} from '../transport/types.js';
import {renderBatch, type BatchSection} from './batch.js';
import {BatchOutputSplitter, type SectionOutput} from './batch-output.js';
import type {Collector} from './collector-types.js';
import type {Thresholds} from '../model/thresholds.js';
import {assembleSnapshot, type GuestConfigFacts, type GuestContainers} from './assemble.js';
import {guestSections, hostSections, sectionCommand, type GuestSources} from './sections.js';
import {knownVersionsArg} from './scripts.js';
import {parseSections, type ParsedSections, type SectionMemo} from './parse-sections.js';
import {chooseGuestSources, type SourceChoice} from './guest-sources.js';

export interface CollectorOptions extends SourceChoice {
	/** Context name written into every snapshot. */
	context: string;
	/** Prefix root-only commands with `sudo -n`. */
	sudo?: boolean;
	thresholds?: Thresholds;
	/** Docker hosts polled per refresh (round-robin); bounds the remote process count. */
	dockerHostsPerRefresh?: number;
	/** Whole-refresh timeout. */
	timeoutMs?: number;
	now?: () => number;
	/**
	 * Checks that need no command (pool levels, rootfs, handshake ages), run on each new
	 * snapshot to fill `health[]`. Passed in so the host layer does not depend on ops/.
	 */
	passiveHealth?: (snapshot: Snapshot, nowMs: number) => Snapshot['health'];
}

interface CachedConfig {
	version: number;
	facts: GuestConfigFacts;
}

/**
 * `pct exec` reaches only containers on the node it runs on ("Configuration file
 * 'nodes/pve/lxc/1002.conf' does not exist" for one on another cluster node): look inside
 * guests of the local node only. Unknown local node (no cluster status): keep them all.
 */
function onLocalNode(
	sources: GuestSources,
	guests: readonly {vmid: number; node: string}[],
	local: string | undefined,
): GuestSources {
	if (local === undefined) return sources;
	const nodeOf = new Map(guests.map((g) => [g.vmid, g.node]));
	const here = (vmid: number): boolean => nodeOf.get(vmid) === local;
	return {
		vpnGateway: sources.vpnGateway !== null && here(sources.vpnGateway) ? sources.vpnGateway : null,
		dockerHosts: sources.dockerHosts.filter((h) => here(h.vmid)),
	};
}

function localNode(nodes: readonly {name: string; local: boolean}[]): string | undefined {
	return nodes.length > 1 ? nodes.find((n) => n.local)?.name : undefined;
}

/**
 * Keep only the sections this refresh read. A section's text is a slice of the whole batch
 * output and keeps all of it alive: an entry left from a refresh ago (a Docker host polled
 * in turn) would hold that refresh's output too, half a megabyte at 1,000 guests.
 */
function forgetUnread(memo: SectionMemo, read: readonly BatchSection[]): void {
	const ids = new Set(read.map((s) => s.id));
	for (const id of memo.keys()) if (!ids.has(id)) memo.delete(id);
}

export function createCollector(transport: Transport, options: CollectorOptions): Collector {
	const configs = new Map<number, CachedConfig>();
	const containers = new Map<number, GuestContainers>();
	let guestTunnels: VpnTunnel[] = [];
	let dockerCursor = 0;
	let previous: Snapshot | null = null;
	/** The last /cluster/resources read that worked: kept (marked stale) while it cannot be read. */
	let lastResources: {parsed: Pick<ParsedSections, 'nodes' | 'guests' | 'storages'>; takenAt: string} | null = null;
	const polled = new Set<string>();
	const memo: SectionMemo = new Map();
	const perRefresh = options.dockerHostsPerRefresh ?? 4;
	const now = options.now ?? Date.now;

	async function runBatch(sections: BatchSection[], signal?: AbortSignal): Promise<Map<string, SectionOutput>> {
		const {script, marker} = renderBatch(sections, {sudo: options.sudo ?? false});
		// Split as it arrives: each section is capped on its own, however much a guest prints.
		const splitter = new BatchOutputSplitter(marker, new Set(sections.map((s) => s.id)));
		const result = await transport.exec(script, {
			timeoutMs: options.timeoutMs ?? 30_000,
			sink: splitter,
			...(signal ? {signal} : {}),
		});
		if (result.interrupted) {
			const why =
				result.interrupted === 'timeout'
					? 'the refresh timed out'
					: result.interrupted === 'aborted'
						? 'the refresh was cancelled'
						: 'the connection dropped';
			throw new TransportError(
				result.interrupted === 'timeout' ? 'timeout' : 'disconnected',
				`${why} (${transport.label})`,
			);
		}
		const outputs = splitter.result();
		// The script itself ends with a printf: no exit code and a section that never ended
		// mean the link went away mid-refresh. That is a failed refresh (the stale snapshot
		// stays on screen with its age), not a snapshot in which every section failed.
		if (result.code === null && sections.some((s) => outputs.get(s.id)?.code == null)) {
			throw new TransportError('disconnected', `the connection dropped during the refresh (${transport.label})`);
		}
		return outputs;
	}

	/**
	 * Which Docker hosts to poll this time: hosts never polled yet first, then a rotating
	 * window over all of them, `perRefresh` in all, so every refresh stays one exec.
	 */
	function pickSources(all: GuestSources): GuestSources {
		const hosts = all.dockerHosts;
		if (hosts.length <= perRefresh) return all;
		const picked = hosts.filter((h) => !polled.has(`docker-${h.vmid}`)).slice(0, perRefresh);
		while (picked.length < perRefresh) {
			const next = hosts[dockerCursor % hosts.length]!;
			dockerCursor = (dockerCursor + 1) % hosts.length;
			if (!picked.includes(next)) picked.push(next);
		}
		return {...all, dockerHosts: picked};
	}

	function absorbGuestSections(parsed: ParsedSections, sources: GuestSources): void {
		for (const host of sources.dockerHosts) {
			const found = parsed.containers.get(host.vmid);
			if (found) containers.set(host.vmid, found);
			polled.add(`docker-${host.vmid}`);
		}
		if (sources.vpnGateway !== null) {
			polled.add(`wg-${sources.vpnGateway}`);
			guestTunnels = parsed.guestTunnels;
		} else {
			guestTunnels = [];
		}
	}

	return {
		async collect(signal) {
			const known = new Map([...configs].map(([vmid, c]) => [vmid, c.version]));
			const fromPrevious = previous
				? pickSources(
						onLocalNode(chooseGuestSources(previous.guests, options), previous.guests, localNode(previous.nodes)),
					)
				: {vpnGateway: null, dockerHosts: []};
			const sections = [...hostSections(knownVersionsArg(known)), ...guestSections(fromPrevious)];
			let outputs = await runBatch(sections, signal);
			const takenAt = new Date(now()).toISOString();
			let parsed = parseSections(outputs, sections, memo);
			const stale: StaleSection[] = [];
			if (parsed.resourcesRead)
				lastResources = {parsed: {nodes: parsed.nodes, guests: parsed.guests, storages: parsed.storages}, takenAt};
			else if (lastResources) {
				// A truncated or failed read is not an empty homelab: show the last good one, marked.
				parsed = {...parsed, ...lastResources.parsed};
				stale.push({section: 'guests', since: lastResources.takenAt});
			}
			absorbConfigs(parsed);
			absorbGuestSections(parsed, fromPrevious);

			// On the first refresh nothing is known about the guests yet: one follow-up read
			// fetches the VPN gateway and the first Docker hosts now rather than a refresh
			// later. Later refreshes fold new ones into their own batch (pickSources), so a
			// steady refresh is always exactly one exec, however many Docker hosts there are.
			const discovered = previous
				? {vpnGateway: null, dockerHosts: []}
				: onLocalNode(
						chooseGuestSources(currentGuests(parsed), options),
						parsed.guests,
						parsed.clusterStatus?.nodes.find((n) => n.local)?.name,
					);
			const fresh: GuestSources = {
				vpnGateway:
					discovered.vpnGateway !== null && !polled.has(`wg-${discovered.vpnGateway}`) ? discovered.vpnGateway : null,
				dockerHosts: discovered.dockerHosts
					.filter((h) => !polled.has(`docker-${h.vmid}`))
					.slice(0, Math.max(perRefresh, 8)),
			};
			let errors: SectionError[] = parsed.errors;
			const read = [...sections];
			if (fresh.vpnGateway !== null || fresh.dockerHosts.length > 0) {
				const more = guestSections(fresh);
				read.push(...more);
				outputs = await runBatch(more, signal);
				const extra = parseSections(outputs, more, memo);
				absorbGuestSections(extra, fresh);
				errors = [...errors.filter((e) => !more.some((m) => sectionCommand(m) === e.command)), ...extra.errors];
			}

			forgetUnread(memo, read);

			const live = new Set(parsed.guests.map((g) => g.vmid));
			for (const vmid of containers.keys()) if (!live.has(vmid)) containers.delete(vmid);
			const snapshot = assembleSnapshot({
				...parsed,
				context: options.context,
				takenAt,
				...(options.thresholds ? {thresholds: options.thresholds} : {}),
				configs: new Map([...configs].map(([vmid, c]) => [vmid, c.facts])),
				containers,
				tunnels: [...parsed.hostTunnels, ...guestTunnels],
				errors,
			});
			const marked = stale.length > 0 ? {...snapshot, stale} : snapshot;
			const withHealth = options.passiveHealth ? {...marked, health: options.passiveHealth(marked, now())} : marked;
			previous = withHealth;
			return withHealth;
		},
	};

	function absorbConfigs(parsed: ParsedSections): void {
		if (!parsed.vmlist) return; // configs section failed: keep what we had
		const listed = new Map(parsed.vmlist.map((g) => [g.vmid, g.version]));
		for (const vmid of configs.keys()) if (!listed.has(vmid)) configs.delete(vmid);
		for (const c of parsed.configs) {
			const version = listed.get(c.vmid);
			if (version !== undefined) configs.set(c.vmid, {version, facts: c.facts});
		}
	}

	function currentGuests(parsed: ParsedSections) {
		return parsed.guests.map((g) => ({...g, nics: configs.get(g.vmid)?.facts.nics ?? []}));
	}
}
