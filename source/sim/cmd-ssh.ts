/**
 * `ssh` between the simulated cluster's nodes, as `root@<node-ip>` with root's cluster key:
 * the node-to-node hop proxdeck's router uses. It reaches a node by its cluster address,
 * refuses an address no node has or a node that is down the way OpenSSH does (exit 255), checks
 * the host key alias against the node's name (the cluster's known_hosts holds names), and
 * hands the remote command to the target node's shell.
 */
import type {SimContext} from './cmd-util.js';
import type {SimResult} from './faults.js';
import {isUp, nodeAt} from './nodes.js';

export interface Hop {
	/** The node the command runs on. */
	target: SimContext;
	/** The remote command line (ssh joins its words with spaces, as the real one does). */
	command: string;
	tty: boolean;
}

const WITH_VALUE = new Set(['-o', '-e', '-p', '-i', '-l', '-F', '-J', '-b', '-c', '-m', '-E']);

/** Reads an ssh command line; the target node's context, or the error OpenSSH would give. */
export function planHop(ctx: SimContext, argv: readonly string[]): Hop | SimResult {
	const options = new Map<string, string>();
	let tty = false;
	let i = 1;
	for (; i < argv.length; i++) {
		const word = argv[i]!;
		if (!word.startsWith('-')) break;
		if (WITH_VALUE.has(word)) {
			const value = argv[++i] ?? '';
			if (word === '-o') {
				const eq = value.indexOf('=');
				options.set(value.slice(0, eq).toLowerCase(), value.slice(eq + 1));
			}
		} else if (word.includes('t')) tty = true;
	}
	const destination = argv[i];
	if (destination === undefined)
		return {
			stdout: '',
			stderr: 'usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] destination [command [argument ...]]\n',
			code: 255,
		};
	const at = destination.lastIndexOf('@');
	const user = at === -1 ? 'root' : destination.slice(0, at);
	const host = destination.slice(at + 1);
	const node = nodeAt(ctx.state, host);
	if (!node || !isUp(ctx.state, node))
		return {stdout: '', stderr: `ssh: connect to host ${host} port 22: No route to host\n`, code: 255};
	if ((ctx.state.faults.nodesUnreachable ?? []).includes(node.name))
		return {stdout: '', stderr: `ssh: connect to host ${host} port 22: Connection timed out\n`, code: 255};
	const alias = options.get('hostkeyalias');
	if (alias !== undefined && alias !== node.name) {
		return {
			stdout: '',
			stderr: `@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\nHost key for ${alias} has changed and you have requested strict checking.\nHost key verification failed.\n`,
			code: 255,
		};
	}
	if (user !== 'root') return {stdout: '', stderr: `${user}@${host}: Permission denied (publickey).\n`, code: 255};
	return {target: {...ctx, node: node.name}, command: argv.slice(i + 1).join(' '), tty};
}

export function isHopError(hop: Hop | SimResult): hop is SimResult {
	return 'code' in hop;
}
