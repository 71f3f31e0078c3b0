/** Shared pieces of the sim's command handlers. */
import type {SimResult} from './faults.js';
import type {SimState} from './types.js';

export interface SimContext {
	state: SimState;
	now: number;
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
