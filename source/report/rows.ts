/**
 * The `--once` report as plain rows: one list of cells per table, derived from a snapshot.
 * screens/once-report.ts prints them as compact tables; keeping the derivation here lets tests
 * check the numbers without rendering anything. In a cluster, node-local rows (pools, bridges,
 * routes, tunnels) start with their NODE, and a Nodes table says how each node was read.
 */
import type {Snapshot} from '../model/snapshot.js';
import {
	formatAgo,
	formatBytes,
	formatCapacity,
	formatDedup,
	formatDuration,
	formatPercent,
	percentOf,
	staleNote,
} from '../model/format.js';

export type Row = Record<string, string>;
export interface ReportTable {
	title: string;
	rows: Row[];
}

function guestIp(nics: Snapshot['guests'][number]['nics']): string {
	return nics
		.map((n) => (n.ip ?? '').replace(/\/\d+$/, ''))
		.filter(Boolean)
		.join(',');
}

/** `{NODE: …}` first in a node-local row of a cluster's report; nothing on a single host. */
function nodeCell(s: Snapshot, node: string): Row {
	return s.nodes.length > 1 ? {NODE: node} : {};
}

export function nodeRows(s: Snapshot, nowMs: number): Row[] {
	return s.nodes.map((n) => ({
		NODE: n.name,
		STATE: n.state,
		ROUTE: n.route ?? '',
		IP: n.ip ?? '',
		DATA: n.dataAt ? formatAgo(Math.floor(Date.parse(n.dataAt) / 1000), nowMs) : 'none',
		PROBLEM: n.problem ?? '',
	}));
}

export function guestRows(s: Snapshot): Row[] {
	return s.guests.map((g) => ({
		VMID: String(g.vmid),
		NAME: g.name,
		TYPE: g.template ? `${g.type} tpl` : g.type,
		NODE: g.node,
		STATUS: g.lock ? `${g.status} (${g.lock})` : g.status,
		'CPU%': g.status === 'running' ? formatPercent(g.cpu) : '-',
		// A stopped guest uses nothing: an en dash then its size (as "-/9G") reads as its size, never as use.
		MEM: `${g.status === 'running' ? formatBytes(g.mem) : '–'}/${formatBytes(g.maxmem)}`,
		'DISK%': percentOf(g.disk, g.maxdisk),
		UPTIME: g.uptime !== null && g.uptime > 0 ? formatDuration(g.uptime) : '-',
		IP: guestIp(g.nics),
		TAGS: g.tags.join(','),
	}));
}

export function containerRows(s: Snapshot): Row[] {
	return s.guests.flatMap((g) =>
		(g.containers ?? []).map((c) => ({
			HOST: `${g.vmid} ${g.name}`,
			CONTAINER: c.name,
			IMAGE: c.image,
			STATE: c.state,
			STATUS: c.status,
			STACK: c.project ?? '',
		})),
	);
}

export function stackRows(s: Snapshot): Row[] {
	return s.guests.flatMap((g) =>
		(g.stacks ?? []).map((st) => ({
			HOST: `${g.vmid} ${g.name}`,
			STACK: st.name,
			STATUS: st.status,
			RUNNING: `${st.running}/${st.total}`,
		})),
	);
}

export function poolRows(s: Snapshot): Row[] {
	return s.pools.map((p) => ({
		...nodeCell(s, p.node),
		POOL: p.name,
		SIZE: formatBytes(p.size),
		ALLOC: formatBytes(p.alloc),
		FREE: formatBytes(p.free),
		CAP: formatCapacity(p.capacity),
		FRAG: formatCapacity(p.frag),
		DEDUP: formatDedup(p.dedup),
		HEALTH: p.health,
		LEVEL: p.level,
		SCAN: p.status ? scanText(p.status.scan) : '',
	}));
}

function scanText(scan: NonNullable<Snapshot['pools'][number]['status']>['scan']): string {
	if (scan.kind === 'none') return 'none';
	if (scan.state === 'in-progress')
		return `${scan.kind} ${scan.percent === undefined ? '' : `${scan.percent}% `}in progress`.trim();
	return `${scan.kind} ${scan.state}${scan.errors === undefined ? '' : `, ${scan.errors} errors`}`;
}

export function storageRows(s: Snapshot): Row[] {
	return s.storages.map((st) => ({
		STORAGE: st.storage,
		NODE: st.node,
		TYPE: st.type,
		STATUS: st.status,
		USED: `${formatBytes(st.used)}/${formatBytes(st.total)}`,
		'USE%': percentOf(st.used, st.total),
		CONTENT: st.content.join(','),
	}));
}

export function bridgeRows(s: Snapshot): Row[] {
	return s.bridges.map((b) => ({
		...nodeCell(s, b.node),
		BRIDGE: b.name,
		STATE: b.state,
		ADDRESSES: b.addresses.join(','),
		PORTS: String(b.ports.length),
		GUESTS: b.guests.map((g) => `${g.vmid}/${g.nic}`).join(' '),
	}));
}

export function vpnRows(s: Snapshot, nowMs: number): Row[] {
	return s.vpn.tunnels.flatMap((t) =>
		t.peers.map((p) => ({
			...nodeCell(s, t.node),
			TUNNEL: t.name,
			GATEWAY: t.gatewayVmid === null ? 'host' : String(t.gatewayVmid),
			PEER: `${p.publicKey.slice(0, 8)}…`,
			ENDPOINT: p.endpoint ?? '(none)',
			'ALLOWED IPS': p.allowedIps.join(','),
			HANDSHAKE: formatAgo(p.latestHandshake, nowMs),
			RX: formatBytes(p.rx),
			TX: formatBytes(p.tx),
		})),
	);
}

export function routeRows(s: Snapshot): Row[] {
	return s.routes.map((r) => ({
		...nodeCell(s, r.node),
		DESTINATION: r.dst,
		GATEWAY: r.gateway ?? '',
		DEV: r.dev ?? '',
		TABLE: r.table,
	}));
}

export function errorRows(s: Snapshot): Row[] {
	return s.errors.map((e) => ({
		...(s.nodes.length > 1 ? {NODE: e.node ?? ''} : {}),
		SECTION: e.section,
		COMMAND: e.command,
		ERROR: e.message,
	}));
}

export type ReportPane = 'guests' | 'zfs' | 'network' | 'logs';

/** The tables of a full report, or of one pane's. */
export function reportTables(s: Snapshot, nowMs: number, pane?: ReportPane): ReportTable[] {
	const all: Record<ReportPane, ReportTable[]> = {
		guests: [
			{title: ['Guests', staleNote(s.stale, 'guests')].filter(Boolean).join(', '), rows: guestRows(s)},
			{title: 'Containers', rows: containerRows(s)},
			{title: 'Compose stacks', rows: stackRows(s)},
		],
		zfs: [
			{title: 'ZFS pools', rows: poolRows(s)},
			{title: 'Storages', rows: storageRows(s)},
		],
		network: [
			{title: 'Bridges', rows: bridgeRows(s)},
			{title: 'Routes', rows: routeRows(s)},
			{title: 'VPN', rows: vpnRows(s, nowMs)},
		],
		logs: [],
	};
	const nodes = s.nodes.length > 1 && !pane ? [{title: 'Nodes', rows: nodeRows(s, nowMs)}] : [];
	const tables = pane ? all[pane] : [...nodes, ...all.guests, ...all.zfs, ...all.network];
	const errors = errorRows(s);
	return errors.length > 0 ? [...tables, {title: 'Errors', rows: errors}] : tables;
}
