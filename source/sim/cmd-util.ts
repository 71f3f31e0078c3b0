/** Shared pieces of the sim's command handlers. */
import type {SimTiming} from './command-time.js';
import type {SimResult} from './faults.js';
import type {SimState} from './types.js';

export interface SimContext {
	state: SimState;
	now: number;
	/** The node the command runs on: pct, zpool, ip and the journal answer for this node only. */
	node: string;
	/** Which command times the sim models (command-time.ts); none when unset. */
	timing?: SimTiming;
}

export function ok(stdout = '', stderr = ''): SimResult {
	return {stdout, stderr, code: 0};
}

/** Proxmox's CLI dies with the message and exit code 255. */
export function pveError(message: string): SimResult {
	return {stdout: '', stderr: message.endsWith('\n') ? message : `${message}\n`, code: 255};
}

export function notFound(command: string): SimResult {
	return {stdout: '', stderr: `sh: 1: ${command}: not found\n`, code: 127};
}

/** The shell's own `true`, `false` and `echo`, on the host and in guests alike; null for anything else. */
export function shellBuiltin(command: string, args: readonly string[]): SimResult | null {
	switch (command) {
		case 'true':
			return ok();
		case 'false':
			return {stdout: '', stderr: '', code: 1};
		case 'echo':
			return ok(`${args.join(' ')}\n`);
		default:
			return null;
	}
}

/** Proxmox CLI options: `--name value` or `-name value`; flags take an optional 0/1 after them. */
export function parseOptions(
	args: readonly string[],
	flags: readonly string[] = [],
): {positional: string[]; options: Map<string, string>} {
	const positional: string[] = [];
	const options = new Map<string, string>();
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		const m = /^--?([a-z][a-z0-9_-]*)(?:=(.*))?$/i.exec(arg);
		if (!m || arg === '--') {
			positional.push(arg);
			continue;
		}
		const name = m[1]!;
		if (m[2] !== undefined) options.set(name, m[2]);
		else if (flags.includes(name)) {
			const next = args[i + 1];
			if (next !== undefined && /^(0|1|true|false|yes|no)$/.test(next)) {
				options.set(name, /^(1|true|yes)$/.test(next) ? '1' : '0');
				i++;
			} else options.set(name, '1');
		} else {
			options.set(name, args[i + 1] ?? '');
			i++;
		}
	}
	return {positional, options};
}

/**
 * Verbs that read the guest's config before anything else and die right there: Perl's `die`
 * exits with errno, which the failed open of the config file left at ENOENT (2). The others
 * (start, stop, clone...) fail inside their task and exit 255 like every PVE CLI error.
 */
const DIRECT_VERBS = new Set(['status', 'exec', 'enter', 'console']);

/**
 * What `pct <verb> <vmid>` / `qm <verb> <vmid>` says on a node that does not have the guest
 * (it lives on another node of the cluster, or nowhere): pmxcfs has no config for it here.
 */
export function notOnThisNode(ctx: SimContext, type: 'lxc' | 'qemu', vmid: number, verb: string): SimResult {
	const text = `Configuration file 'nodes/${ctx.node}/${type === 'qemu' ? 'qemu-server' : 'lxc'}/${vmid}.conf' does not exist\n`;
	return {stdout: '', stderr: text, code: DIRECT_VERBS.has(verb) ? 2 : 255};
}

/** `400 Parameter verification failed.` as the PVE CLI prints it. */
export function paramError(problems: Record<string, string>, usage: string): SimResult {
	const lines = Object.entries(problems).map(([k, v]) => `${k}: ${v}`);
	return {stdout: '', stderr: `400 Parameter verification failed.\n${lines.join('\n')}\n\n${usage}\n`, code: 255};
}

/** A task id like the ones pvedaemon writes: UPID:node:pid:pstart:starttime:type:id:user: */
export function upid(node: string, now: number, type: string, id: string | number, seq = 0): string {
	const hex = (n: number, w = 8): string => Math.floor(n).toString(16).toUpperCase().padStart(w, '0');
	return `UPID:${node}:${hex(0x3000 + ((now / 1000) % 0xfff) + seq)}:${hex((now / 10) % 0xfffffff)}:${hex(now / 1000)}:${type}:${id}:root@pam:`;
}
