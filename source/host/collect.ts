/**
 * The collector: one refresh = one batched exec per node (see batch.ts), parsed section by
 * section into one immutable snapshot. The cluster-wide sections (guests, nodes, storages,
 * configs) are read once, on the connected node; each node's own sections (pools, datasets,
 * network, host tunnels, and the guests it runs that proxdeck looks inside) in that node's
 * batch, all nodes at once, each reached through the node router (node-router.ts). A node
 * that cannot be read keeps its last data, marked stale with the reason; the others go on.
 *
 * Between refreshes it remembers the guest configs it has read (re-read only when .vmlist
 * says their version changed) and the containers of Docker hosts (polled a few hosts per
 * refresh, so the number of remote processes per refresh stays bounded however many guests
 * there are).
 */
import type {Guest, SectionError, Snapshot, StaleSection, Unplaced, VpnTunnel} from '../model/snapshot.js';
import type {Transport} from '../transport/types.js';
import {TransportError} from '../transport/types.js';
import {newBatchMarker, renderBatch, type BatchSection} from './batch.js';
import {BatchOutputSplitter, type SectionOutput} from './batch-output.js';
import type {Collector} from './collector-types.js';
import type {Thresholds} from '../model/thresholds.js';
import {assembleSnapshotPaced, type BridgeCache, type GuestContainers} from './assemble.js';
import {guestSections, hostSections, nodeSections, sectionCommand, type GuestSources} from './sections.js';
import {ConfigCache} from './config-cache.js';
import {knownText, parseSectionsPaced, type ParsedSections, type SectionMemo} from './parse-sections.js';
import {chooseGuestSources, type SourceChoice} from './guest-sources.js';
import {detectDocker, startOf, type ProbeAnswer} from './docker-detect.js';
import {createNodeRouter, type NodeRouter} from './node-router.js';
import {NodeReadings} from './node-readings.js';
import {byNode, clusterNodes, connectedName, guestRound, nodeFacts, type BatchPlan} from './refresh-nodes.js';
import {firstLine} from '../model/format.js';
import {OUTPUT_CAP_BYTES} from '../transport/output-cap.js';

export interface CollectorOptions extends SourceChoice {
	/** Context name written into every snapshot. */
	context: string;
	/** Prefix root-only commands with `sudo -n` (when the collector makes its own router). */
	sudo?: boolean;
	thresholds?: Thresholds;
	/** Docker hosts polled per refresh (round-robin); bounds the remote process count. */
	dockerHostsPerRefresh?: number;
	/** Read Docker hosts' stats, inspect and disk use with their list (default true). */
	dockerReadings?: boolean;
	/** Guests probed for docker/podman per refresh (each once per start). */
	probesPerRefresh?: number;
	/** Whole-refresh timeout (each node's batch). */
	timeoutMs?: number;
	now?: () => number;
	/** First pause before a node whose read failed is tried again (ms). */
	nodeRetryMs?: number;
	/**
	 * Checks that need no command (pool levels, rootfs, handshake ages), run on each new
	 * snapshot to fill `health[]`. Passed in so the host layer does not depend on ops/.
	 */
	passiveHealth?: (snapshot: Snapshot, nowMs: number) => Snapshot['health'];
}

/** A collector and the router it reads through (which learns the cluster's nodes from each refresh). */
export interface NodeCollector extends Collector {
	readonly nodes: NodeRouter;
}

/**
 * The router a collector reads through, so ops and the collector know the same nodes; a
 * collector of another kind (a test's fake) gets a router of its own over the transport.
 */
export function routerOf(collector: Collector, transport: Transport, sudo: boolean): NodeRouter {
	return 'nodes' in collector ? (collector as NodeCollector).nodes : createNodeRouter(transport, {sudo});
}

const NO_SOURCES: GuestSources = {vpnGateway: null, dockerHosts: []};
/**
 * /cluster/resources grows with the guests (about 340 bytes each): 30,000 guests print 10 MB,
 * past the cap every other section has. It is Proxmox's own list, so it may have more.
 */
const CLUSTER_LIST_CAPS: ReadonlyMap<string, number> = new Map([['resources', 8 * OUTPUT_CAP_BYTES]]);
/** Snapshot sections a node's own batch feeds (its errors name the node). */
const NODE_LOCAL = new Set(['pools', 'datasets', 'bridges', 'routes', 'vpn', 'containers']);

/**
 * Keep only the sections this refresh read: an entry left from a refresh ago (a Docker host
 * polled in turn) would hold that output's text and bytes for nothing.
 */
function forgetUnread(memo: SectionMemo, read: readonly BatchSection[]): void {
	const ids = new Set(read.map((s) => s.id));
	for (const id of memo.keys()) if (!ids.has(id)) memo.delete(id);
}

/**
 * Lets whatever waits (a key press, a frame) run before the next stage of a refresh: parsing
 * and assembling thousands of guests in one go would hold the console's keys that long.
 */
function yieldToEvents(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

function isRouter(source: Transport | NodeRouter): source is NodeRouter {
	return 'execScript' in source;
}

export function createCollector(source: Transport | NodeRouter, options: CollectorOptions): NodeCollector {
	const router = isRouter(source) ? source : createNodeRouter(source, {sudo: options.sudo ?? false});
	const configs = new ConfigCache();
	const containers = new Map<number, GuestContainers>();
	let guestTunnels: Unplaced<VpnTunnel>[] = [];
	let dockerCursor = 0;
	let previous: Snapshot | null = null;
	/** The last /cluster/resources read that worked: kept (marked stale) while it cannot be read. */
	let lastResources: {parsed: Pick<ParsedSections, 'nodes' | 'guests' | 'storages'>; takenAt: string} | null = null;
	const polled = new Set<string>();
	const probeAnswers = new Map<number, ProbeAnswer>();
	/** The guests as last read (their uptimes date each probe's answer). */
	let guestsNow: readonly Pick<Guest, 'vmid' | 'uptime'>[] = [];
	const memos = new Map<string, SectionMemo>();
	const bridgeCache: BridgeCache = new Map();
	const readings = new NodeReadings(options.nodeRetryMs);
	const perRefresh = options.dockerHostsPerRefresh ?? 4;
	const now = options.now ?? Date.now;

	const memoOf = (key: string): SectionMemo => {
		let memo = memos.get(key);
		if (!memo) memos.set(key, (memo = new Map()));
		return memo;
	};

	async function runBatch(plan: BatchPlan, signal?: AbortSignal): Promise<Map<string, SectionOutput>> {
		// A node's own batch failing is said on that node (its `problem`); the connected one's names the connection.
		const where = plan.node === undefined ? ` (${router.transport.label})` : '';
		const marker = newBatchMarker();
		// Split as it arrives: each section is capped on its own, however much a guest prints.
		const splitter = new BatchOutputSplitter(
			marker,
			new Set(plan.sections.map((s) => s.id)),
			OUTPUT_CAP_BYTES,
			CLUSTER_LIST_CAPS,
		);
		const result = await router.execScript(plan.node, (sudo) => renderBatch(plan.sections, {sudo, marker}).script, {
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
			throw new TransportError(result.interrupted === 'timeout' ? 'timeout' : 'disconnected', `${why}${where}`);
		}
		const outputs = await splitter.resultPaced(knownText(memoOf(plan.memo)), yieldToEvents);
		// The hop itself failed (no route, host key, no key for root): not one section began.
		if (plan.node !== undefined && outputs.size === 0 && result.code !== 0) {
			throw new TransportError('unreachable', firstLine(splitter.unframedStderr()) || `the hop exited ${result.code}`);
		}
		// The script itself ends with a printf: no exit code and a section that never ended
		// mean the link went away mid-refresh. That is a failed refresh (the stale snapshot
		// stays on screen with its age), not a snapshot in which every section failed.
		if (result.code === null && plan.sections.some((s) => outputs.get(s.id)?.code == null)) {
			throw new TransportError('disconnected', `the connection dropped during the refresh${where}`);
		}
		return outputs;
	}

	/**
	 * Which Docker hosts to poll this time: hosts never polled yet first, then a rotating
	 * window over all of them, `perRefresh` in all, so every refresh stays one exec per node.
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

	function absorbGuestSections(
		parsed: ParsedSections,
		sources: GuestSources,
		guests: readonly Pick<Guest, 'vmid' | 'uptime'>[],
	): void {
		const at = now();
		for (const [vmid, runtime] of parsed.probes) {
			const guest = guests.find((g) => g.vmid === vmid);
			if (guest) probeAnswers.set(vmid, {startedAt: startOf(guest, at), runtime});
		}
		for (const host of sources.dockerHosts) {
			const found = parsed.containers.get(host.vmid);
			if (found) containers.set(host.vmid, found);
			polled.add(`docker-${host.vmid}`);
		}
		if (sources.vpnGateway !== null) {
			polled.add(`wg-${sources.vpnGateway}`);
			guestTunnels = parsed.guestTunnels;
		}
	}

	function withReadings(sources: GuestSources): GuestSources {
		return options.dockerReadings === false ? {...sources, dockerReadings: false} : sources;
	}

	function currentGuests(parsed: ParsedSections) {
		return parsed.guests.map((g) => ({...g, nics: configs.get(g.vmid)?.nics ?? []}));
	}

	/** A node's batch: its own sections (unless `guestOnly`) and its guests' sections. */
	function planFor(node: string, sources: GuestSources | undefined, guestOnly = false): BatchPlan {
		const mine = sources ?? NO_SOURCES;
		return {
			node,
			memo: node,
			sections: [...(guestOnly ? [] : nodeSections()), ...guestSections(mine)],
			nodeLocal: !guestOnly,
			sources: mine,
		};
	}

	/**
	 * Runs batches side by side and takes in what each read. The connected node's batch
	 * failing fails the refresh; another node's failing marks that node stale.
	 */
	async function runAll(
		plans: BatchPlan[],
		local: string,
		signal: AbortSignal | undefined,
		at: number,
		errors: SectionError[],
		readNow: Set<string>,
	): Promise<ParsedSections[]> {
		const settled = await Promise.allSettled(plans.map((p) => runBatch(p, signal)));
		const parsedList: ParsedSections[] = [];
		for (const [i, outcome] of settled.entries()) {
			const plan = plans[i]!;
			const name = plan.node ?? local;
			if (outcome.status === 'rejected') {
				if (plan.node === undefined) throw outcome.reason;
				readings.failed(name, outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason), at);
				continue;
			}
			// A key pressed while a large cluster's batches are parsed is answered between two of them
			// (and between splitting a batch's output and parsing it).
			await yieldToEvents();
			const parsed = await parseSectionsPaced(outcome.value, plan.sections, memoOf(plan.memo), yieldToEvents);
			forgetUnread(memoOf(plan.memo), plan.sections);
			parsedList.push(parsed);
			absorbGuestSections(parsed, plan.sources, guestsNow);
			for (const e of parsed.errors)
				errors.push(plan.node !== undefined || NODE_LOCAL.has(e.section) ? {...e, node: name} : e);
			if (plan.nodeLocal && plan.node !== undefined) {
				readings.succeeded(name, nodeFacts(parsed), at);
				readNow.add(name);
			}
		}
		return parsedList;
	}

	return {
		nodes: router,
		async collect(signal) {
			const at = now();
			guestsNow = previous?.guests ?? guestsNow;
			const connected = router.connectedNode;
			const probeState = {answers: probeAnswers, nowMs: at, perRefresh: options.probesPerRefresh ?? 6};
			const sources = previous
				? withReadings(pickSources(chooseGuestSources(previous.guests, options, probeState)))
				: NO_SOURCES;
			const grouped = byNode(sources, previous?.guests ?? []);
			// Every other node the last cluster status had online and that is not pausing after a failure.
			const others = (previous?.nodes ?? [])
				.filter((n) => n.name !== connected && !n.local && n.online && readings.due(n.name, at))
				.map((n) => n.name);
			const main: BatchPlan = {
				node: undefined,
				memo: 'connected',
				sections: [
					...hostSections(configs.knownVersions()),
					...guestSections(connected ? (grouped.get(connected) ?? NO_SOURCES) : NO_SOURCES),
				],
				nodeLocal: true,
				sources: connected ? (grouped.get(connected) ?? NO_SOURCES) : NO_SOURCES,
			};
			const errors: SectionError[] = [];
			const readNow = new Set<string>();
			// The connected node's name is known only once its cluster status is parsed: its
			// own facts are recorded after the batches (runAll records the other nodes').
			const [parsed] = await runAll(
				[main, ...others.map((n) => planFor(n, grouped.get(n)))],
				connected ?? '',
				signal,
				at,
				errors,
				readNow,
			);
			const takenAt = new Date(at).toISOString();
			let cluster = parsed!;
			const stale: StaleSection[] = [];
			if (cluster.resourcesRead)
				lastResources = {parsed: {nodes: cluster.nodes, guests: cluster.guests, storages: cluster.storages}, takenAt};
			else if (lastResources) {
				// A truncated or failed read is not an empty homelab: show the last good one, marked.
				cluster = {...cluster, ...lastResources.parsed};
				stale.push({section: 'guests', since: lastResources.takenAt});
			}
			configs.absorb(cluster);
			guestsNow = cluster.guests;
			const local = connectedName(cluster);
			router.learn(clusterNodes(cluster));
			readings.succeeded(local, nodeFacts(cluster), at);
			readNow.add(local);
			for (const e of errors) if (e.node === '') e.node = local;

			// On the first refresh nothing is known about the cluster or the guests yet: one
			// more round reads the other nodes, the VPN gateway and the first Docker hosts now
			// rather than a refresh later. Later refreshes fold new ones into their own batches
			// (pickSources), so a steady refresh is exactly one exec per node.
			if (!previous) {
				// The probes too: a guest found by one is read in one round more, so even the
				// first refresh (and --once) shows the containers of a host only a probe finds.
				// As many as a steady refresh probes: each is a `pct exec`, slow on a real host.
				const firstProbes = probeState;
				const discovered = chooseGuestSources(currentGuests(cluster), options, firstProbes);
				const fresh: GuestSources = withReadings({
					vpnGateway:
						discovered.vpnGateway !== null && !polled.has(`wg-${discovered.vpnGateway}`) ? discovered.vpnGateway : null,
					dockerHosts: discovered.dockerHosts
						.filter((h) => !polled.has(`docker-${h.vmid}`))
						.slice(0, Math.max(perRefresh, 8)),
					...(discovered.probes ? {probes: discovered.probes} : {}),
				});
				const more = guestRound(fresh, cluster, local, true, planFor);
				const extra: SectionError[] = [];
				await runAll(more, local, signal, at, extra, readNow);
				const probed = chooseGuestSources(currentGuests(cluster), options, firstProbes).dockerHosts.filter(
					(h) => fresh.probes?.includes(h.vmid) && !polled.has(`docker-${h.vmid}`),
				);
				if (probed.length > 0) {
					const last = guestRound(
						withReadings({vpnGateway: null, dockerHosts: probed}),
						cluster,
						local,
						false,
						planFor,
					);
					more.push(...last);
					await runAll(last, local, signal, at, extra, readNow);
				}
				const replaced = new Set(more.flatMap((m) => m.sections.map(sectionCommand)));
				errors.splice(
					0,
					errors.length,
					...errors.filter((e) => !replaced.has(e.command)),
					...extra.map((e) => (e.node === '' ? {...e, node: local} : e)),
				);
			}
			const allNodes = clusterNodes(cluster);
			readings.keepOnly(new Set(allNodes.map((n) => n.name)));
			const live = new Set(cluster.guests.map((g) => g.vmid));
			for (const vmid of containers.keys()) if (!live.has(vmid)) containers.delete(vmid);
			const routeOf = (node: string) => {
				try {
					return router.route(node === local ? undefined : node).kind;
				} catch {
					return undefined;
				}
			};
			await yieldToEvents();
			const snapshot = await assembleSnapshotPaced(
				{
					...cluster,
					context: options.context,
					takenAt,
					...(options.thresholds ? {thresholds: options.thresholds} : {}),
					configs,
					dockerOf: (g) => detectDocker(g, options, probeAnswers.get(g.vmid), at),
					bridgeCache,
					containers,
					readings: readings.readings(allNodes, readNow, routeOf, at),
					guestTunnels,
					errors,
				},
				yieldToEvents,
			);
			const marked = stale.length > 0 ? {...snapshot, stale} : snapshot;
			const withHealth = options.passiveHealth ? {...marked, health: options.passiveHealth(marked, now())} : marked;
			previous = withHealth;
			return withHealth;
		},
	};
}
