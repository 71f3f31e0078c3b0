/**
 * The node router: the one place that decides how a command reaches the node it must run on.
 * In a Proxmox cluster `pct`, `qm`, `zpool`, `ip`, `wg` and the journal act on the node they
 * run on, so every command that is about a node or a guest carries its node (HostCommand.node)
 * and comes here. There are three ways to a node:
 *
 * - connected: the node proxdeck's own connection lands on; the command runs as it is.
 * - hop: any other node, through the cluster's own node-to-node SSH from the connected node
 *   (`ssh -o BatchMode=yes -o HostKeyAlias=<node> root@<node-ip> <command>`, the way Proxmox's
 *   migration does it), on the same connection: one more exec channel, no new login.
 * - direct: a node the config names a connection of its own for (contexts[].nodes), opened
 *   the first time a command needs it.
 *
 * Node names and addresses come from the cluster status of the last refresh (learn()). A node
 * the cluster reports offline, or one with no address, refuses with the reason instead of
 * trying. Feature code never builds a hop itself and never assumes the connected node: it
 * hands a HostCommand (or, for a batch, a script) to exec/execScript/stream/interactive.
 */
import {
	TransportError,
	type ExecOptions,
	type ExecResult,
	type InteractiveIo,
	type StreamHandle,
	type StreamOptions,
	type Transport,
} from '../transport/types.js';
import {nodeHop} from './commands.js';
import {renderCommand, type CommandRenderer, type HostCommand} from './host-command.js';
import {shellJoin} from './quote.js';
import {foldProbe, type FoldedProbe} from './privilege-fold.js';
import {probeHost, type HostProbe} from './privilege.js';

/** A node as the cluster status describes it. */
export interface ClusterNode {
	name: string;
	/** Its cluster (corosync) address, when known. */
	ip?: string;
	online: boolean;
	/** The node proxdeck's connection lands on. */
	local: boolean;
}

export type NodeRoute =
	| {kind: 'connected'; node: string | undefined}
	| {kind: 'hop'; node: string; ip: string; via: string | undefined}
	| {kind: 'direct'; node: string; target: string};

export interface DirectConnection {
	transport: Transport;
	/** That login's root commands go through `sudo -n`. */
	sudo: boolean;
}

export type DirectConnector = (node: string, target: string) => Promise<DirectConnection>;

export interface NodeRouterOptions {
	/**
	 * The connected login's root commands go through `sudo -n` (a non-root login). `probe`: not
	 * known yet; the first script on the connected node finds out in its own prelude
	 * (privilege-fold.ts), with `configuredSudo` as the context's own setting.
	 */
	sudo: boolean | 'probe';
	configuredSudo?: boolean;
	/** Nodes the config names a connection of their own for: node name -> ssh target. */
	direct?: Readonly<Record<string, string>>;
	/** Opens such a connection (required when `direct` names any node). */
	connect?: DirectConnector;
}

export interface NodeRouter extends CommandRenderer {
	/** The connection proxdeck holds (the connected node). */
	readonly transport: Transport;
	readonly sudo: boolean;
	/** The connected login's privilege probe when the first script carries it (sudo: 'probe'), else null. */
	readonly probe: Promise<HostProbe> | null;
	/** The connected node's name, once a refresh has read the cluster status. */
	readonly connectedNode: string | undefined;
	/** Nodes and addresses as the last refresh read them. */
	learn(nodes: readonly ClusterNode[]): void;
	/** How a command for `node` gets there; throws a TransportError when it cannot. */
	route(node: string | undefined): NodeRoute;
	/** `pve2 (through ssh from pve1)`: where a command runs, for the job panel and the journal. */
	describe(node: string | undefined): string;
	/** The exact line a command becomes on the connection that carries it (`tty`: as a terminal session). */
	render(command: HostCommand, options?: {tty?: boolean}): string;
	exec(command: HostCommand, options?: ExecOptions): Promise<ExecResult>;
	/**
	 * A whole script for one node; `script(sudo)` renders it for the login that runs it there
	 * (`probed`: the script's prelude decides; only the first one on the connected node, with a sink).
	 */
	execScript(
		node: string | undefined,
		script: (sudo: boolean | 'probed') => string,
		options?: ExecOptions,
	): Promise<ExecResult>;
	stream(command: HostCommand, options: StreamOptions): StreamHandle;
	/** `pct enter` and the like: a terminal session on the command's node. */
	interactive(command: HostCommand, io: InteractiveIo): Promise<number | null>;
	/** Whether a terminal session can be opened at all (the simulated homelab has none). */
	readonly canInteract: boolean;
	/** Closes the direct connections it opened (the main one belongs to its opener). */
	close(): Promise<void>;
}

/** What carries one command: a transport, and the line to send on it. */
interface Carrier {
	transport: Transport | Promise<DirectConnection>;
	line: string | ((sudo: boolean) => string);
}

export function createNodeRouter(transport: Transport, options: NodeRouterOptions): NodeRouter {
	const direct = options.direct ?? {};
	let nodes = new Map<string, ClusterNode>();
	let connectedNode: string | undefined;
	const opened = new Map<string, Promise<DirectConnection>>();
	/** Whether each opened node connection's login needs sudo (known once it is open). */
	const directSudo = new Map<string, boolean>();
	const configured = options.configuredSudo ?? false;
	// Until the folded probe answers, the connected login's sudo is unknown: every command but
	// the one script that carries the probe waits for it.
	let fold: FoldedProbe | null = options.sudo === 'probe' ? foldProbe(configured) : null;
	const probe = fold?.probe ?? null;
	let sudo = options.sudo === 'probe' ? false : options.sudo;
	let undecided = probe !== null;
	const decided: Promise<unknown> = probe
		? probe
				.then(
					(p) => (sudo = configured || !p.isRoot),
					() => {},
				)
				.finally(() => (undecided = false))
		: Promise.resolve();

	function route(node: string | undefined): NodeRoute {
		if (node === undefined) return {kind: 'connected', node: connectedNode};
		const target = direct[node];
		if (target !== undefined) return {kind: 'direct', node, target};
		// Before the first refresh nothing is known about a cluster: a standalone node is the
		// one place to go (and a wrong node says so itself: "Configuration file ... does not exist").
		if (node === connectedNode || nodes.size === 0) return {kind: 'connected', node};
		const known = nodes.get(node);
		if (!known)
			throw new TransportError(
				'unreachable',
				`node ${node} is not in the cluster (nodes: ${[...nodes.keys()].join(', ')})`,
			);
		if (!known.online)
			throw new TransportError(
				'unreachable',
				`node ${node} is offline (the cluster status says so): nothing can run there until it is back`,
			);
		if (!known.ip)
			throw new TransportError(
				'unreachable',
				`the cluster status gives no address for node ${node}: name a connection for it in the config (contexts[].nodes.${node})`,
			);
		return {kind: 'hop', node, ip: known.ip, via: connectedNode};
	}

	function directConnection(node: string, target: string): Promise<DirectConnection> {
		let pending = opened.get(node);
		if (!pending) {
			if (!options.connect)
				throw new TransportError('config', `no way to open the connection the config names for node ${node}`);
			pending = options.connect(node, target);
			// A failed attempt is not kept: the next command tries again.
			pending.then(
				(c) => directSudo.set(node, c.sudo),
				() => opened.delete(node),
			);
			opened.set(node, pending);
		}
		return pending;
	}

	/** The hop around a line that runs as root on the other node; `sudo -n` on this side when needed. */
	function hopLine(r: Extract<NodeRoute, {kind: 'hop'}>, inner: string, tty = false): string {
		return shellJoin([...(sudo ? ['sudo', '-n'] : []), ...nodeHop(r.node, r.ip, {tty}), inner]);
	}

	function carrier(node: string | undefined, line: (sudo: boolean) => string, tty = false): Carrier {
		const r = route(node);
		switch (r.kind) {
			case 'connected':
				return {transport, line: line(sudo)};
			case 'hop':
				return {transport, line: hopLine(r, line(false), tty)};
			case 'direct':
				return {transport: directConnection(r.node, r.target), line};
		}
	}

	async function resolve(c: Carrier): Promise<{transport: Transport; line: string}> {
		if (!('then' in c.transport))
			return {transport: c.transport, line: typeof c.line === 'string' ? c.line : c.line(sudo)};
		const connection = await c.transport;
		return {transport: connection.transport, line: typeof c.line === 'string' ? c.line : c.line(connection.sudo)};
	}

	const renderFor = (command: HostCommand) => (sudo: boolean) => renderCommand(command, sudo);

	/** A command needs the login's privilege before any script carried the probe: it gets an exec of its own. */
	async function privilegeKnown(): Promise<void> {
		if (fold) {
			const asking = fold;
			fold = null;
			try {
				asking.answer(await probeHost(transport));
			} catch (error) {
				asking.failed(error instanceof Error ? error : new Error(String(error)));
			}
		}
		await decided;
	}

	/** The one script that carries the probe: its prelude first, its output read past the probe's frame. */
	async function execWithProbe(
		carrying: FoldedProbe,
		script: (sudo: boolean | 'probed') => string,
		execOptions: ExecOptions & {sink: NonNullable<ExecOptions['sink']>},
	): Promise<ExecResult> {
		try {
			const line = carrying.prelude + script('probed');
			const result = await transport.exec(line, {...execOptions, sink: carrying.wrap(execOptions.sink)});
			carrying.ended(result, transport.label);
			return result;
		} catch (error) {
			carrying.ended(error instanceof Error ? error : new Error(String(error)), transport.label);
			throw error;
		}
	}

	return {
		transport,
		get sudo() {
			return sudo;
		},
		probe,
		get connectedNode() {
			return connectedNode;
		},
		get canInteract() {
			return typeof transport.interactive === 'function';
		},
		learn(list) {
			nodes = new Map(list.map((n) => [n.name, n]));
			connectedNode = list.find((n) => n.local)?.name ?? (list.length === 1 ? list[0]!.name : undefined);
		},
		route,
		describe(node) {
			try {
				const r = route(node);
				if (r.kind === 'connected') return r.node ?? 'the connected node';
				if (r.kind === 'hop') return `${r.node} (through ssh from ${r.via ?? 'the connected node'})`;
				return `${r.node} (its own connection, ${r.target})`;
			} catch (error) {
				return `${node ?? 'the connected node'} (${(error as Error).message})`;
			}
		},
		render(command, renderOptions = {}) {
			const r = route(command.node);
			if (r.kind === 'hop') return hopLine(r, renderCommand(command, false), renderOptions.tty);
			return renderCommand(command, r.kind === 'direct' ? (directSudo.get(r.node) ?? sudo) : sudo);
		},
		async exec(command, execOptions) {
			await privilegeKnown();
			const {transport: to, line} = await resolve(carrier(command.node, renderFor(command)));
			return to.exec(line, execOptions);
		},
		async execScript(node, script, execOptions) {
			if (fold && execOptions?.sink && route(node).kind === 'connected') {
				const carrying = fold;
				fold = null;
				return execWithProbe(carrying, script, {...execOptions, sink: execOptions.sink});
			}
			await privilegeKnown();
			const {transport: to, line} = await resolve(carrier(node, script));
			return to.exec(line, execOptions);
		},
		stream(command, streamOptions) {
			if (undecided)
				return deferredStream(
					privilegeKnown().then(() => resolve(carrier(command.node, renderFor(command)))),
					streamOptions,
				);
			const c = carrier(command.node, renderFor(command));
			if (!('then' in c.transport)) return c.transport.stream(c.line as string, streamOptions);
			return deferredStream(resolve(c), streamOptions);
		},
		async interactive(command, io) {
			await privilegeKnown();
			const {transport: to, line} = await resolve(carrier(command.node, renderFor(command), true));
			if (!to.interactive) throw new Error(`${to.label} cannot open a terminal`);
			return to.interactive(line, io);
		},
		async close() {
			const all = [...opened.values()];
			opened.clear();
			await Promise.all(all.map(async (p) => (await p.catch(() => null))?.transport.close()));
		},
	};
}

/** A stream whose connection is still being opened: it starts once the connection is there. */
function deferredStream(ready: Promise<{transport: Transport; line: string}>, options: StreamOptions): StreamHandle {
	let inner: StreamHandle | null = null;
	let stopped = false;
	let settle!: (end: {code: number | null; reason?: string}) => void;
	const done = new Promise<{code: number | null; reason?: string}>((r) => (settle = r));
	const end = (result: {code: number | null; reason?: string}): void => {
		options.onEnd?.(result);
		settle(result);
	};
	ready.then(
		({transport, line}) => {
			if (stopped) return end({code: null, reason: 'stopped'});
			inner = transport.stream(line, {...options, onEnd: undefined});
			void inner.done.then(end);
		},
		(error: unknown) => end({code: null, reason: error instanceof Error ? error.message : String(error)}),
	);
	return {
		stop() {
			stopped = true;
			inner?.stop();
		},
		done,
	};
}
