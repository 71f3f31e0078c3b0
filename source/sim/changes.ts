/**
 * Whether a homelab state may have changed since it was last saved, known from what ran on
 * it instead of by serialising the whole state to compare (the demo's console runs a script
 * on its saved homelab every refresh, and serialising ~180 KB each time was a tenth of its
 * idle CPU).
 *
 * Every command counts as a change unless it is one of the reads listed here, which answer
 * from the state without touching it; the few writes that can happen around a read (time
 * settling tasks and backup jobs, a scripted step failure consumed, a fault set in-process)
 * mark the state themselves. A command missing from these lists only costs the serialisation
 * it always did.
 */
import type {SimState} from './types.js';

const changed = new WeakSet<SimState>();

/** Something was (or may have been) written to `state`. */
export function markChanged(state: SimState): void {
	changed.add(state);
}

/** Whether `state` was marked since the last call, clearing the mark. */
export function takeChanged(state: SimState): boolean {
	return changed.delete(state);
}

const HOST_READS: Readonly<Record<string, (args: readonly string[]) => boolean>> = {
	pvesh: (args) => args[0] === 'get',
	zpool: (args) => args[0] === 'status' || args[0] === 'list',
	zfs: (args) => args[0] === 'list' || args[0] === 'get',
	ip: (args) => args.includes('show') && !args.some((a) => IP_WRITES.has(a)),
	bridge: (args) => args.includes('show') && !args.some((a) => IP_WRITES.has(a)),
	wg: (args) => args[0] === 'show',
	'ha-manager': (args) => args[0] === 'status',
	date: (args) => args.every((a) => a.startsWith('+')),
	// The command it runs in the guest is judged on its own (guestCommandReads).
	pct: (args) => args[0] === 'exec' || args[0] === 'status' || args[0] === 'config' || args[0] === 'list',
	qm: (args) => args[0] === 'status' || args[0] === 'config' || args[0] === 'list',
};

const IP_WRITES = new Set(['add', 'del', 'delete', 'set', 'flush', 'replace', 'change', 'append']);

/** A command the host answers from the state alone (argv without `sudo`/`timeout`). */
export function hostCommandReads(argv: readonly string[]): boolean {
	return HOST_READS[argv[0] ?? '']?.(argv.slice(1)) ?? false;
}

const DOCKER_READS = new Set(['ps', 'stats', 'inspect', 'logs', 'version', 'info', 'images']);

/** A command inside a guest answered without changing anything; `sh -c`'s commands are judged one by one. */
export function guestCommandReads(argv: readonly string[]): boolean {
	const [command = '', ...args] = argv;
	switch (command) {
		case 'sh':
		case 'bash':
		case 'env':
		case 'hostname':
		case 'ls':
		case 'command':
		case 'ip':
		case 'wg':
		case 'journalctl':
		case 'df':
		case 'cat':
			return true;
		case 'docker':
			return (
				DOCKER_READS.has(args[0] ?? '') ||
				(args[0] === 'compose' && args[1] === 'ls') ||
				(args[0] === 'system' && args[1] === 'df')
			);
		default:
			return false;
	}
}
