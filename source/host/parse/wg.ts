/**
 * WireGuard: `wg show all dump` (the host contract: tab-separated, one interface line then its
 * peer lines) and the pretty `wg show` form people paste. Private and preshared keys are read
 * past and never kept: the result ends up in snapshots, `--json` output and logs.
 */
import type {VpnPeer} from '../../model/snapshot.js';
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {parseHumanSize, toInteger} from './units.js';

export const WG_DUMP_COMMAND = 'wg show all dump';
export const WG_SHOW_COMMAND = 'wg show';

export interface VpnTunnelRow {
	name: string;
	/** Absent when the implementation does not print it (boringtun's `wg show`). */
	publicKey?: string;
	listenPort?: number;
	/** `0xca6c` style; absent when `off`. */
	fwmark?: string;
	peers: VpnPeer[];
}

function isPort(value: number | null): value is number {
	return value !== null && value >= 0 && value <= 65535;
}

/** `1.2.3.4:51820` or `[2001:db8::1]:51820`: the port, for a sanity check only. */
function endpointPort(endpoint: string): number | null {
	const match = /:(\d+)$/.exec(endpoint);
	return match ? toInteger(match[1]) : null;
}

function none(value: string | undefined): string | undefined {
	return value === undefined || value === '(none)' || value === 'off' || value === '' ? undefined : value;
}

function allowedIpsOf(text: string | undefined): string[] {
	const value = none(text?.trim());
	return value === undefined ? [] : value.split(/\s*,\s*/).filter((ip) => ip !== '');
}

function checkEndpoint(endpoint: string | null, where: string, warnings: string[]): void {
	if (endpoint !== null && !isPort(endpointPort(endpoint))) warnings.push(`${where}: endpoint has an invalid port`);
}

/**
 * `wg show all dump`; also `wg show <if> dump`, whose lines lack the interface column (pass the
 * interface name then). Warnings name the interface and peer number, never a key.
 */
export function parseWgDump(text: string, interfaceName = ''): ParseResult<VpnTunnelRow[]> {
	return guardParse(WG_DUMP_COMMAND, () => {
		const tunnels = new Map<string, VpnTunnelRow>();
		const warnings: string[] = [];
		let sawLine = false;
		// The first line says which form this is: `all` lines start with the interface (5 fields).
		let singleInterface: boolean | undefined;
		for (const [index, rawLine] of text.split('\n').entries()) {
			const line = rawLine.replace(/\r$/, '');
			if (line.trim() === '') continue;
			sawLine = true;
			let fields = line.split('\t');
			singleInterface ??= fields.length === 4;
			if (singleInterface) fields = [interfaceName, ...fields];
			const [name = ''] = fields;
			const where = `line ${index + 1} (${name || 'interface'})`;
			if (fields.length === 5) {
				// name, private key (dropped here), public key, listen port, fwmark
				const listenPort = toInteger(fields[3]);
				if (!isPort(listenPort)) warnings.push(`${where}: invalid listen port`);
				const fwmark = none(fields[4]);
				const existing = tunnels.get(name);
				tunnels.set(name, {
					name,
					publicKey: fields[2] ?? '',
					...(listenPort === null ? {} : {listenPort}),
					...(fwmark === undefined ? {} : {fwmark}),
					peers: existing?.peers ?? [],
				});
				continue;
			}
			if (fields.length !== 9) {
				warnings.push(`${where}: ${fields.length} fields, not an interface or peer line`);
				continue;
			}
			// name, public key, preshared key (dropped), endpoint, allowed ips, handshake, rx, tx, keepalive
			const [, publicKey = '', , endpointText, allowed, handshake, rx, tx, keepaliveText] = fields;
			const numbers = [toInteger(handshake), toInteger(rx), toInteger(tx)];
			if (publicKey === '' || numbers.some((number) => number === null)) {
				warnings.push(`${where}: unreadable peer line`);
				continue;
			}
			let tunnel = tunnels.get(name);
			if (tunnel === undefined) {
				warnings.push(`${where}: peer before its interface line`);
				tunnel = {name, peers: []};
				tunnels.set(name, tunnel);
			}
			const endpoint = none(endpointText) ?? null;
			checkEndpoint(endpoint, `${where} peer ${tunnel.peers.length + 1}`, warnings);
			const keepalive = toInteger(none(keepaliveText));
			tunnel.peers.push({
				publicKey,
				endpoint,
				allowedIps: allowedIpsOf(allowed),
				latestHandshake: numbers[0] ?? 0,
				rx: numbers[1] ?? 0,
				tx: numbers[2] ?? 0,
				...(keepalive === null ? {} : {keepalive}),
			});
		}
		if (!sawLine) return parseFailure(WG_DUMP_COMMAND, 'empty output');
		if (tunnels.size === 0) return parseFailure(WG_DUMP_COMMAND, 'no interface lines in the output');
		return parsed([...tunnels.values()], warnings);
	});
}

const SECONDS_PER: Record<string, number> = {
	year: 365 * 24 * 3600,
	day: 24 * 3600,
	hour: 3600,
	minute: 60,
	second: 1,
};

/** A handshake this old is wg printing an epoch-zero timestamp ("55 years ago"): no handshake. */
const EPOCH_ZERO_AGE = 40 * 365 * 24 * 3600;

/** `18 hours, 32 minutes, 30 seconds ago` / `Now` -> seconds ago; null when unreadable. */
function secondsAgo(text: string): number | null {
	if (/^now$/i.test(text.trim())) return 0;
	let total = 0;
	let matched = false;
	for (const match of text.matchAll(/(\d+)\s+(year|day|hour|minute|second)s?/g)) {
		total += Number(match[1]) * (SECONDS_PER[match[2] ?? ''] ?? 0);
		matched = true;
	}
	return matched ? total : null;
}

/** `558.35 KiB received, 8.88 MiB sent` -> bytes. */
function transferOf(text: string): {rx: number; tx: number} {
	const rx = /([\d.]+\s*[KMGTP]?i?B)\s+received/.exec(text)?.[1];
	const tx = /([\d.]+\s*[KMGTP]?i?B)\s+sent/.exec(text)?.[1];
	return {rx: parseHumanSize(rx ?? '') ?? 0, tx: parseHumanSize(tx ?? '') ?? 0};
}

/**
 * The pretty `wg show`. `now` (unix seconds) turns "N minutes ago" into a timestamp; a peer with
 * no handshake, or wg's "55 years ago" epoch-zero bug, gets 0.
 */
export function parseWgShow(text: string, now: number = Math.floor(Date.now() / 1000)): ParseResult<VpnTunnelRow[]> {
	return guardParse(WG_SHOW_COMMAND, () => {
		if (text.trim() === '') return parseFailure(WG_SHOW_COMMAND, 'empty output');
		const tunnels: VpnTunnelRow[] = [];
		const warnings: string[] = [];
		let tunnel: VpnTunnelRow | undefined;
		let peer: VpnPeer | undefined;
		for (const [index, rawLine] of text.split('\n').entries()) {
			const match = /^\s*([a-z ]+):\s*(.*?)\s*$/.exec(rawLine.replace(/\r$/, ''));
			if (!match) continue;
			const [, key = '', value = ''] = match;
			if (key === 'interface') {
				tunnel = {name: value, peers: []};
				tunnels.push(tunnel);
				peer = undefined;
				continue;
			}
			if (tunnel === undefined) continue;
			if (key === 'peer') {
				peer = {publicKey: value, endpoint: null, allowedIps: [], latestHandshake: 0, rx: 0, tx: 0};
				tunnel.peers.push(peer);
				continue;
			}
			if (peer === undefined) {
				if (key === 'public key') tunnel.publicKey = value;
				else if (key === 'listening port') {
					const port = toInteger(value);
					if (isPort(port)) tunnel.listenPort = port;
					else warnings.push(`line ${index + 1}: invalid listening port`);
				} else if (key === 'fwmark' && none(value) !== undefined) tunnel.fwmark = value;
				continue;
			}
			const where = `line ${index + 1} (${tunnel.name} peer ${tunnel.peers.length})`;
			if (key === 'endpoint') {
				peer.endpoint = value;
				checkEndpoint(value, where, warnings);
			} else if (key === 'allowed ips') peer.allowedIps = allowedIpsOf(value);
			else if (key === 'latest handshake') {
				const ago = secondsAgo(value);
				if (ago === null) warnings.push(`${where}: unreadable handshake time`);
				else if (ago >= EPOCH_ZERO_AGE)
					warnings.push(`${where}: handshake reported decades ago (epoch zero), treated as none`);
				else peer.latestHandshake = now - ago;
			} else if (key === 'transfer') Object.assign(peer, transferOf(value));
			else if (key === 'persistent keepalive') {
				const keepalive = toInteger(/(\d+)/.exec(value)?.[1]);
				if (keepalive !== null) peer.keepalive = keepalive;
			}
		}
		if (tunnels.length === 0) return parseFailure(WG_SHOW_COMMAND, 'no `interface:` line in the output');
		return parsed(tunnels, warnings);
	});
}
