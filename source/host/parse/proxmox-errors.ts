/**
 * Recognises Proxmox's own error texts (pct/qm/API/task logs) so the UI can say what happened
 * and what to do, instead of dumping stderr. Patterns follow the message templates in the PVE
 * sources (fixtures/errors/message-templates-from-source.txt). Never throws.
 */
import type {ProxmoxErrorKind} from '../../model/job-result.js';

export interface ProxmoxError {
	kind: ProxmoxErrorKind;
	vmid?: number;
	/** The line that says what went wrong, without spinner debris or `TASK ERROR: `. */
	detail: string;
	hint?: string;
}

interface Rule {
	kind: ProxmoxErrorKind;
	pattern: RegExp;
	/** Capture group holding the vmid, when the message names one. */
	vmidGroup?: number;
	hint?: (vmid: string) => string;
}

const guestRef = (vmid: string): string => (vmid === '' ? '<vmid>' : vmid);

// Order matters: the most specific cause wins when one line matches several rules
// (`unable to create CT 103 - ... Device or resource busy` is a busy device, not a generic failure).
const RULES: readonly Rule[] = [
	{
		kind: 's6-socket-permission',
		pattern: /s6-ipcserver-socketbinder: fatal: unable to create socket: Permission denied/,
		hint: () => 'LinuxServer.io image in a Proxmox container: use the official image or install natively in the LXC',
	},
	{
		kind: 'no-space',
		pattern: /No space left on device|not enough space|out of space/i,
		hint: (vmid) => `resize the rootfs (pct resize ${guestRef(vmid)} rootfs +NG) or move data to a pool mount`,
	},
	{
		kind: 'device-busy',
		pattern: /(?:unable to (?:create|restore) CT (\d+) - .*)?Device or resource busy/,
		vmidGroup: 1,
		hint: () => 'pmxcfs (/etc/pve) was busy or read-only: check `pvecm status` for quorum, wait, and retry',
	},
	{
		kind: 'already-exists',
		pattern: /\b(?:CT|VM) (\d+|<[^>]*>) already exists on node/,
		vmidGroup: 1,
		hint: () => 'pick a free id (`pvesh get /cluster/nextid`) or destroy the old guest first',
	},
	{
		kind: 'locked',
		pattern: /\b(?:CT|VM)(?: (\d+))? is locked \(([^)]*)\)/,
		vmidGroup: 1,
		hint: (vmid) =>
			`wait for the running task to finish, or if none is running: pct unlock ${guestRef(vmid)} (qm unlock for VMs)`,
	},
	{
		kind: 'already-running',
		pattern: /\b(?:CT|VM) (\d+) already running/,
		vmidGroup: 1,
	},
	{
		kind: 'not-running',
		pattern:
			/\b(?:CT|VM) (\d+) not running|unable to get PID for CT (\d+) \(not running\?\)|can only push files to a running CT/,
		vmidGroup: 1,
		hint: (vmid) => `start it first: pct start ${guestRef(vmid)}`,
	},
	{
		kind: 'config-missing',
		pattern:
			/Configuration file '(?:[^']*\/)?(?:lxc|qemu-server)\/(\d+)\.conf' does not exist|Configuration file '[^']*' does not exist/,
		vmidGroup: 1,
		hint: () => 'the guest does not exist on this node: check the id and node (`pvesh get /cluster/resources`)',
	},
	{
		kind: 'start-failed',
		pattern:
			/startup for container '(\d+)' failed|Failed to (?:initialize|run lxc\.hook\.[\w-]+ for) container "(\d+)"|\bstart failed\b/,
		vmidGroup: 1,
		hint: (vmid) => `see why with: pct start ${guestRef(vmid)} --debug`,
	},
	{
		kind: 'create-failed',
		pattern: /unable to (?:create|restore) (?:CT|VM) (\d+) -/,
		vmidGroup: 1,
		hint: () =>
			'the template or storage failed: check free space and that the template file is intact (re-download with pveam)',
	},
];

/** Spinner frames and bullet marks that installer scripts leave in front of the message. */
function cleanLine(line: string): string {
	return (
		line
			.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
			// Escaped: a regular expression keeps its characters in the bundle as written, and one
			// beyond Latin-1 makes V8 hold the bundle's whole source at two bytes a character.
			.replace(/^[\s\\|/\-\u2713\u2714\u2717\u2716\u2022\u00b7]+/u, '')
			.replace(/^TASK ERROR:\s*/, '')
			.trim()
			// A message lifted out of a JSON string keeps its closing quote (`..." ,`).
			.replace(/^([^"]*(?:"[^"]*"[^"]*)*)"[,}]?$/, '$1')
			.trim()
	);
}

/** The vmid is in the first capture group that matched a number (some rules have two). */
function findVmid(match: RegExpExecArray): string {
	return match.slice(1).find((group) => group !== undefined && /^\d+$/.test(group)) ?? '';
}

function vmidElsewhere(lines: string[]): string {
	for (const line of lines) {
		const found = /\b(?:CT|VM) (\d+)\b|container ['"](\d+)['"]/.exec(line);
		if (found) return found[1] ?? found[2] ?? '';
	}
	return '';
}

export function classifyProxmoxError(text: string): ProxmoxError {
	try {
		const lines = String(text).split(/\r?\n/);
		for (const rule of RULES) {
			for (const line of lines) {
				const match = rule.pattern.exec(line);
				if (!match) continue;
				// The vmid may sit on another line (`No space left...` then `unable to create CT 150`).
				const vmidText = (rule.vmidGroup === undefined ? '' : findVmid(match)) || vmidElsewhere(lines);
				const detail = detailFrom(line, match.index);
				const error: ProxmoxError = {kind: rule.kind, detail};
				if (vmidText !== '') error.vmid = Number(vmidText);
				const hint = rule.hint?.(vmidText);
				if (hint) error.hint = hint;
				return error;
			}
		}
		const first = lines.map(cleanLine).find((line) => line !== '') ?? '';
		return {kind: 'unknown', detail: first};
	} catch {
		return {kind: 'unknown', detail: ''};
	}
}

/**
 * The message proper: text before a known Proxmox phrase is usually a script's own prompt
 * (` - Creating LXC Container  -`), so cut to the phrase's sentence start when there is one.
 */
function detailFrom(line: string, matchIndex: number): string {
	const starts = [
		/unable to (?:create|restore) (?:CT|VM) /,
		/Configuration file '/,
		/s6-ipcserver-socketbinder:/,
		/(?:CT|VM) (?:\d+|<[^>]*>) already exists/,
		/unable to get PID/,
	];
	for (const start of starts) {
		const found = start.exec(line);
		if (found && found.index <= matchIndex) return cleanLine(line.slice(found.index));
	}
	return cleanLine(line);
}
