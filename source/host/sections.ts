/**
 * The sections of one refresh: which host command fills which part of the snapshot. The
 * collector renders them into one batch; the assembler reads their outputs back by id.
 */
import type {BatchSection} from './batch.js';
import {READS, configsSection, composeLs, dockerProbe, dockerPs, dockerReadings, wgInGuest} from './commands.js';
import {ROOT_COMMANDS} from './commands.js';

/** Seconds a single command may take before `timeout` stops it (pmxcfs or a hung pool). */
const SECTION_TIMEOUT_SEC = 15;

function section(id: string, argv: readonly string[]): BatchSection {
	return {id, argv, root: ROOT_COMMANDS.has(argv[0] ?? ''), timeoutSec: SECTION_TIMEOUT_SEC};
}

/** Guest-scoped sources the collector polls besides the fixed host reads (in their node's batch). */
export interface GuestSources {
	vpnGateway: number | null;
	dockerHosts: {vmid: number; runtime: 'docker' | 'podman'}[];
	/** Running LXCs that allow nesting, asked whether docker or podman is installed. */
	probes?: number[];
	/** Read each Docker host's stats, inspect, bind sources and disk use beside its list (default on). */
	dockerReadings?: boolean;
}

/** Read once per refresh, on the connected node: the cluster's guests, nodes, HA, storages and configs. */
export function clusterSections(knownVersions: string): BatchSection[] {
	return [
		section('resources', READS.resources),
		section('cluster-status', READS.clusterStatus),
		section('ha-status', READS.haStatus),
		configsSection(knownVersions),
	];
}

/** Read on every node, in that node's own batch: its pools, datasets, network and tunnels. */
export function nodeSections(): BatchSection[] {
	return [
		section('zpool-list', READS.zpoolList),
		section('zpool-status', READS.zpoolStatus),
		section('zfs-list', READS.zfsList),
		section('ip-addr', READS.ipAddr),
		section('ip-route', READS.ipRoute),
		section('ip-rule', READS.ipRule),
		section('bridge-link', READS.bridgeLink),
		section('wg-host', READS.wgHost),
	];
}

/** A standalone host's whole refresh: the cluster-wide reads and its node's own. */
export function hostSections(knownVersions: string): BatchSection[] {
	return [...clusterSections(knownVersions), ...nodeSections()];
}

export function guestSections(sources: GuestSources): BatchSection[] {
	const sections: BatchSection[] = [];
	if (sources.vpnGateway !== null)
		sections.push(section(`wg-guest-${sources.vpnGateway}`, wgInGuest(sources.vpnGateway)));
	for (const host of sources.dockerHosts) {
		sections.push(section(`containers-${host.vmid}`, dockerPs(host.vmid, host.runtime)));
		if (host.runtime === 'docker') sections.push(section(`stacks-${host.vmid}`, composeLs(host.vmid)));
		// `docker stats --no-stream` waits for the daemon's sampling (a second or two): in the
		// background, so every polled host samples at the same time, beside the rest.
		if (sources.dockerReadings !== false)
			sections.push({...section(`readings-${host.vmid}`, dockerReadings(host.vmid, host.runtime)), background: true});
	}
	for (const vmid of sources.probes ?? []) sections.push(section(`probe-${vmid}`, dockerProbe(vmid)));
	return sections;
}

/** The command a section ran, as a user would type it (for `errors[].command`). */
export function sectionCommand(s: BatchSection): string {
	return s.argv.join(' ');
}
