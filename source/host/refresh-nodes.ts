/**
 * What a refresh needs to know about the cluster's nodes, out of the sections it read: which
 * node it is connected to, the nodes and their addresses (for the node router), each node's
 * own facts, and the guests it looks inside split by the node they live on.
 */
import type {NodeFacts} from './assemble.js';
import type {GuestSources} from './sections.js';
import type {BatchSection} from './batch.js';
import type {ParsedSections} from './parse-sections.js';
import type {ClusterNode} from './node-router.js';

/** Guest sources split by the node each guest lives on (a section runs in its guest's node's batch). */
export function byNode(
	sources: GuestSources,
	guests: readonly {vmid: number; node: string}[],
): Map<string, GuestSources> {
	// Only the few guests looked inside: no lookup of every guest.
	const wanted = new Set([
		...(sources.vpnGateway === null ? [] : [sources.vpnGateway]),
		...sources.dockerHosts.map((h) => h.vmid),
		...(sources.probes ?? []),
	]);
	const nodeOf = new Map<number, string>();
	if (wanted.size > 0) for (const g of guests) if (wanted.has(g.vmid)) nodeOf.set(g.vmid, g.node);
	const grouped = new Map<string, GuestSources>();
	const of = (node: string): GuestSources => {
		let found = grouped.get(node);
		if (!found) grouped.set(node, (found = {vpnGateway: null, dockerHosts: []}));
		return found;
	};
	if (sources.vpnGateway !== null) {
		const node = nodeOf.get(sources.vpnGateway);
		if (node) of(node).vpnGateway = sources.vpnGateway;
	}
	for (const host of sources.dockerHosts) {
		const node = nodeOf.get(host.vmid);
		if (node) of(node).dockerHosts.push(host);
	}
	for (const vmid of sources.probes ?? []) {
		const node = nodeOf.get(vmid);
		if (node) (of(node).probes ??= []).push(vmid);
	}
	if (sources.dockerReadings !== undefined)
		for (const each of grouped.values()) each.dockerReadings = sources.dockerReadings;
	return grouped;
}

/** The node a refresh's cluster status says proxdeck is on (or the one node a standalone host lists). */
export function connectedName(parsed: ParsedSections): string {
	return (
		parsed.clusterStatus?.nodes.find((n) => n.local)?.name ??
		(parsed.nodes.length === 1 ? parsed.nodes[0]!.name : 'localhost')
	);
}

/** The nodes with their addresses, as the router needs them. */
export function clusterNodes(parsed: ParsedSections): ClusterNode[] {
	const status = parsed.clusterStatus?.nodes ?? [];
	if (status.length > 0)
		return status.map((n) => ({name: n.name, online: n.online, local: n.local, ...(n.ip ? {ip: n.ip} : {})}));
	return parsed.nodes.map((n) => ({name: n.name, online: n.status !== 'offline', local: parsed.nodes.length === 1}));
}

/** A node's own facts out of its batch's parse. */
export function nodeFacts(parsed: ParsedSections): NodeFacts {
	const {pools, poolStatus, datasets, interfaces, bridgePorts, routes, rules, hostTunnels} = parsed;
	return {
		pools,
		poolStatus,
		datasets,
		...(interfaces ? {interfaces} : {}),
		...(bridgePorts ? {bridgePorts} : {}),
		routes,
		...(rules ? {rules} : {}),
		hostTunnels,
	};
}

/** One batch of a refresh: the node it runs on (undefined: the connected node) and what it reads. */
export interface BatchPlan {
	node: string | undefined;
	/** Key of its section memo: `connected`, or the node's name. */
	memo: string;
	sections: BatchSection[];
	/** Carries the node's own sections (not only guest ones). */
	nodeLocal: boolean;
	sources: GuestSources;
}

/**
 * One more round of guest reads on the first refresh: the connected node's guests in a batch
 * of their own, and each other online node's (with that node's own sections when `whole`).
 */
export function guestRound(
	fresh: GuestSources,
	cluster: ParsedSections,
	local: string,
	whole: boolean,
	planFor: (node: string, sources: GuestSources | undefined, guestOnly?: boolean) => BatchPlan,
): BatchPlan[] {
	const freshByNode = byNode(fresh, cluster.guests);
	const plans: BatchPlan[] = [];
	const has = (g?: GuestSources): g is GuestSources =>
		g !== undefined && (g.vpnGateway !== null || g.dockerHosts.length > 0 || (g.probes?.length ?? 0) > 0);
	const here = freshByNode.get(local);
	if (has(here)) plans.push({...planFor(local, here, true), node: undefined, memo: 'connected-guests'});
	for (const node of clusterNodes(cluster)) {
		const mine = freshByNode.get(node.name);
		if (node.name !== local && node.online && (whole || has(mine))) plans.push(planFor(node.name, mine, !whole));
	}
	return plans;
}
