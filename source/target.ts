/**
 * Resolves the command line and the config file to a connected transport, its collector,
 * and the settings of the context in effect. Flags win over the context, the context over
 * the file's top level. The simulated homelab, the local host and SSH load only when chosen.
 */
import type {Prompter} from './transport/prompt.js';
import {existsSync} from 'node:fs';
import {hostname} from 'node:os';
import process from 'node:process';
import type {GlobalOptions} from './cli-args.js';
import type {Collector} from './host/collector-types.js';
import {createCollector} from './host/collect.js';
import {createNodeRouter, type DirectConnector, type NodeRouter} from './host/node-router.js';
import type {Transport} from './transport/types.js';
import {probeHost, probeProblem, type HostProbe} from './host/privilege.js';
import {TransportError} from './transport/types.js';
import {
	configFilePath,
	loadConfig,
	resolveContext,
	type ProxdeckConfig,
	type ResolvedContext,
	type SessionSettings,
} from './config/index.js';
import {EXIT} from './exit-codes.js';
import {MAX_REFRESH_DEADLINE_MS} from './store/poller.js';

/** What the rest of the program needs to know about the context in effect. */
export interface TargetSettings extends SessionSettings {
	config: ProxdeckConfig;
	configFile: string;
}

export type OpenedTarget =
	| {ok: true; transport: Transport; collector: Collector; nodes: NodeRouter; context: string; settings: TargetSettings}
	| {ok: false; message: string; exitCode: number};

type ContextTarget = ResolvedContext['target'];

/**
 * Which context applies: the one named, the explicit target, or the file's default context.
 * With no file and no target, the host itself on a Proxmox host, and everywhere else the
 * default config's one context, the demo.
 */
function chooseContext(
	options: GlobalOptions,
	config: ProxdeckConfig,
	file: {exists: boolean; path: string},
): ResolvedContext {
	const target = options.target;
	const onProxmoxHost = !target && !file.exists && existsSync('/etc/pve/.vmlist');
	if (target?.kind === 'context' || (!target && !onProxmoxHost)) {
		const resolved = resolveContext(config, target?.kind === 'context' ? target.name : undefined);
		if (!resolved.ok)
			throw new TransportError(
				'config',
				file.exists
					? resolved.message
					: `there is no config file (${file.path}), so the only context is "demo"; \`proxdeck config edit\` creates one`,
			);
		return resolved.context;
	}
	// No file, or an explicit --demo/--local/--host: the file's top level still sets the defaults.
	const base = resolveContext(config, undefined);
	const defaults = base.ok ? base.context : null;
	let chosen: ContextTarget;
	if (target?.kind === 'demo') chosen = {kind: 'demo'};
	else if (target?.kind === 'local') chosen = {kind: 'local'};
	else if (target?.kind === 'host') chosen = {kind: 'host', host: target.host};
	else chosen = {kind: 'local'}; // on a Proxmox host with no config, look at the host itself
	const homelab = target?.kind === 'demo' ? target.homelab : undefined;
	const name = chosen.kind === 'host' ? chosen.host : chosen.kind === 'local' ? hostname() : (homelab?.name ?? 'demo');
	return {
		name,
		target: chosen,
		readOnly: homelab?.readOnly ?? false,
		sudo: false,
		vpnGateway: 'auto',
		dockerHosts: 'auto',
		notDockerHosts: [],
		thresholds: defaults?.thresholds ?? config.thresholds,
		intervalMs: defaults?.intervalMs ?? config.intervalSeconds * 1000,
		colour: null,
		banner: null,
		nodes: {},
	};
}

/**
 * How a target is opened. While the console owns the terminal (a runtime :ctx) questions go
 * to `prompt` (a modal) rather than the terminal; without one they are refused.
 */
export interface OpenOptions {
	interactive?: boolean;
	prompt?: Prompter;
	/**
	 * The session will refresh at once (the console, --once): its first refresh starts while the
	 * target opens and carries the privilege check, instead of a check of its own before it.
	 */
	firstRefresh?: boolean;
	/**
	 * Called once the connection is under way (its code loaded, the connect started): a caller
	 * with work of its own to load does it during the connection's round trips, not before them.
	 */
	onConnecting?: () => void;
}

/**
 * How a node the context names a connection for is reached: the same SSH transport as the
 * main one (~/.ssh/config, host keys against known_hosts, the same privilege check), opened
 * when a command first needs that node. Never interactive: the console may own the terminal.
 */
function directConnector(ctx: ResolvedContext, options: GlobalOptions): DirectConnector {
	return async (node, target) => {
		const {connectSsh} = await import('./transport/ssh.js');
		try {
			const transport = await connectSsh(target, {acceptNewHostKey: options.acceptNewHostKey, interactive: false});
			return {transport, sudo: await checkPrivilege(transport, ctx.sudo)};
		} catch (error) {
			const why = error instanceof Error ? error.message : String(error);
			throw new TransportError(
				error instanceof TransportError ? error.code : 'unreachable',
				`node ${node} (${target}, from contexts[].nodes): ${why}`,
			);
		}
	};
}

async function connect(
	ctx: ResolvedContext,
	options: GlobalOptions,
	open: OpenOptions,
): Promise<{transport: Transport; sudo: boolean | 'probe'}> {
	switch (ctx.target.kind) {
		case 'demo': {
			// The saved homelab every demo command shares (or a generated one for --demo-scale).
			const {openDemo} = await import('./sim/demo.js');
			// A homelab of the demo fleet is generated (in memory) unless it is the saved one.
			const homelab = options.target?.kind === 'demo' ? options.target.homelab : undefined;
			const scale = options.demoScale ?? homelab?.scale;
			const demo = openDemo({
				...(options.demoCluster ? {cluster: true} : {}),
				...(scale ? {scale} : {}),
				...(homelab ? {seed: homelab.seed} : {}),
				...(options.demoReset ? {reset: true} : {}),
			});
			if (!demo.ok) throw new TransportError('unreachable', demo.message);
			open.onConnecting?.();
			return {transport: demo.transport, sudo: false};
		}
		case 'local': {
			const {createLocalTransport} = await import('./transport/local.js');
			const transport = createLocalTransport();
			open.onConnecting?.();
			return {transport, sudo: open.firstRefresh ? 'probe' : await checkPrivilege(transport, ctx.sudo)};
		}
		case 'host': {
			const {connectSsh} = await import('./transport/ssh.js');
			const connecting = connectSsh(ctx.target.host, {
				acceptNewHostKey: options.acceptNewHostKey,
				insecureAcceptAnyHostKey: options.insecureAcceptAnyHostKey ?? false,
				// A question (unknown host key, passphrase) needs someone to ask: the terminal before
				// the console starts, the console's own modal once it runs (open.prompt).
				interactive: open.prompt !== undefined || (open.interactive ?? process.stdin.isTTY === true),
				...(open.prompt ? {prompt: open.prompt} : {}),
			});
			open.onConnecting?.();
			const transport = await connecting;
			return {transport, sudo: open.firstRefresh ? 'probe' : await checkPrivilege(transport, ctx.sudo)};
		}
	}
}

/**
 * One exec to learn who we are on the host (a session that refreshes at once carries the same
 * probe in its first refresh instead: host/first-refresh.ts). A non-root login whose `sudo -n`
 * works gets sudo for the root commands (a context can ask for it explicitly too); one that
 * cannot run them is refused with the one sentence that says why and how to fix it.
 */
async function checkPrivilege(transport: Transport, configured: boolean): Promise<boolean> {
	const probe = await probeHost(transport);
	await refuseProblem(probe, transport);
	return configured || !probe.isRoot;
}

/** A login that cannot work here is refused with the one sentence, the connection closed. */
async function refuseProblem(probe: HostProbe, transport: Transport): Promise<void> {
	const problem = probeProblem(probe);
	if (!problem) return;
	await transport.close();
	throw problem;
}

export async function openTarget(options: GlobalOptions, open: OpenOptions = {}): Promise<OpenedTarget> {
	const loaded = loadConfig(options.configPath ? {explicit: options.configPath} : {});
	if (!loaded.ok) return {ok: false, message: loaded.error.message, exitCode: EXIT.error};
	if (options.configPath !== undefined && !loaded.exists) {
		// A file named on the command line must be there: falling back to the defaults would hide a typo.
		const fallback = configFilePath({});
		return {
			ok: false,
			message: `--config ${loaded.file}: no such file; create it with \`proxdeck config edit --config ${loaded.file}\`, or leave out --config to use ${fallback}`,
			exitCode: EXIT.usage,
		};
	}
	try {
		const ctx = chooseContext(options, loaded.config, {exists: loaded.exists, path: loaded.file});
		const {transport, sudo} = await connect(ctx, options, open);
		const {createPassiveHealth} = await import('./ops/health/passive.js');
		const passiveHealth = createPassiveHealth();
		// Every command for a node goes through this router: the collector's per-node reads and the actions alike.
		const nodes = createNodeRouter(transport, {
			sudo,
			configuredSudo: ctx.sudo,
			direct: ctx.nodes,
			connect: directConnector(ctx, options),
		});
		const collector = createCollector(nodes, {
			passiveHealth: (snapshot, nowMs) =>
				passiveHealth(snapshot, nowMs, {poolWarn: ctx.thresholds.warn, poolCrit: ctx.thresholds.crit}),
			context: ctx.name,
			// The console's refresh loop cuts a refresh by what this host has shown it needs
			// (store/poller.ts); the collector's own ceiling only stops one that never ends.
			timeoutMs: MAX_REFRESH_DEADLINE_MS,
			thresholds: ctx.thresholds,
			vpnGateway: ctx.vpnGateway,
			dockerHosts: ctx.dockerHosts,
			notDockerHosts: ctx.notDockerHosts,
		});
		if (nodes.probe) {
			const {startFirstRefresh} = await import('./host/first-refresh.js');
			const first = await startFirstRefresh(collector, nodes).catch(async (error: unknown) => {
				await transport.close();
				throw error;
			});
			if (first.probe && probeProblem(first.probe)) first.cancel();
			if (first.probe) await refuseProblem(first.probe, transport);
		}
		const settings: TargetSettings = {
			readOnly: options.readOnly ?? ctx.readOnly,
			intervalMs: options.intervalMs ?? ctx.intervalMs,
			thresholds: ctx.thresholds,
			sudo: nodes.sudo,
			colour: ctx.colour,
			banner: ctx.banner,
			config: loaded.config,
			configFile: loaded.file,
		};
		return {ok: true, transport, collector, nodes, context: ctx.name, settings};
	} catch (error) {
		if (error instanceof TransportError)
			return {ok: false, message: error.message, exitCode: error.code === 'config' ? EXIT.usage : EXIT.error};
		throw error;
	}
}
