/**
 * `ha-manager status`: Proxmox HA's state in lines (pve-ha-manager PVE::CLI::ha_manager prints
 * what PVE::API2::HA::Status reports). The quorum line always comes first; the master, the
 * `fencing` line (PVE 9), one `lrm` per node and one `service` per HA resource follow once HA
 * has been used. Inside the parentheses the first word is the state, `watchdog …` the node's
 * watchdog (PVE 9) and the last part the time of the last update, in the host's local time.
 */
import type {HaService, HaStatus} from '../../model/snapshot.js';
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';

export const HA_STATUS_COMMAND = 'ha-manager status';

const NODE = '[A-Za-z0-9](?:[A-Za-z0-9.-]{0,62})';
const QUORUM = /^quorum (.+)$/;
const MASTER = new RegExp(`^master (${NODE}) \\(([^()]+)\\)$`);
const FENCING = /^fencing (.+)$/;
const LRM = new RegExp(`^lrm (${NODE}) \\(([^()]+)\\)$`);
const SERVICE = new RegExp(`^service ((?:ct|vm):(\\d{3,9})) \\((${NODE}), ([^()]+)\\)$`);
/** Perl's scalar localtime: `Wed Jul 22 02:22:28 2026`, the day padded with a space. */
const TIME = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$/;
/** States are short words (`old timestamp - dead?` the longest known); anything longer is not one. */
const MAX_STATE_CHARS = 64;

/** The parts inside a line's parentheses: state first, then `watchdog …`, then the time. */
function details(inner: string): {state: string; watchdog?: string; time?: string} | null {
	const parts = inner.split(', ').map((p) => p.trim());
	const state = parts[0] ?? '';
	if (state === '' || state.length > MAX_STATE_CHARS) return null;
	const watchdog = parts.slice(1).find((p) => p.startsWith('watchdog '));
	const last = parts.length > 1 ? parts[parts.length - 1]! : '';
	return {
		state,
		...(watchdog ? {watchdog: watchdog.slice('watchdog '.length)} : {}),
		...(TIME.test(last) ? {time: last} : {}),
	};
}

export function parseHaStatus(text: string): ParseResult<HaStatus> {
	return guardParse(HA_STATUS_COMMAND, () => {
		const lines = text.split('\n').map((l) => l.trimEnd());
		const first = lines.findIndex((l) => l !== '');
		const quorum = first === -1 ? null : QUORUM.exec(lines[first]!);
		if (!quorum)
			return parseFailure(HA_STATUS_COMMAND, 'expected the first line to be "quorum <status>"', first + 1 || 1);
		const result: HaStatus = {quorum: quorum[1]!.trim(), lrms: [], services: []};
		const warnings: string[] = [];
		const malformed = (kind: string, form: string, index: number): ParseResult<HaStatus> =>
			parseFailure(HA_STATUS_COMMAND, `${kind} line is not "${form}"`, index + 1);
		for (let i = first + 1; i < lines.length; i += 1) {
			const line = lines[i]!;
			if (line === '') continue;
			const word = line.split(' ', 1)[0];
			if (word === 'master') {
				const m = MASTER.exec(line);
				const d = m ? details(m[2]!) : null;
				if (!m || !d) return malformed('master', 'master <node> (<state>, <time>)', i);
				result.master = {node: m[1]!, state: d.state, ...(d.time ? {time: d.time} : {})};
			} else if (word === 'fencing') {
				const m = FENCING.exec(line);
				if (!m) return malformed('fencing', 'fencing <state>', i);
				result.fencing = m[1]!;
			} else if (word === 'lrm') {
				const m = LRM.exec(line);
				const d = m ? details(m[2]!) : null;
				if (!m || !d) return malformed('lrm', 'lrm <node> (<state>[, watchdog …], <time>)', i);
				result.lrms.push({node: m[1]!, ...d});
			} else if (word === 'service') {
				const m = SERVICE.exec(line);
				const d = m ? details(m[4]!) : null;
				if (!m || !d) return malformed('service', 'service <ct|vm>:<vmid> (<node>, <state>)', i);
				const service: HaService = {sid: m[1]!, vmid: Number(m[2]), node: m[3]!, state: d.state};
				result.services.push(service);
			} else {
				// A line a later ha-manager may add: the rest is still worth reading.
				warnings.push(`line ${i + 1}: unknown line "${line.slice(0, 40)}"`);
			}
		}
		return parsed(result, warnings);
	});
}

/** The HA state of a guest that is an HA resource, by VMID. */
export function haStateByVmid(status: HaStatus | undefined): Map<number, string> {
	return new Map((status?.services ?? []).map((s) => [s.vmid, s.state]));
}
