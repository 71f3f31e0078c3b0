/**
 * Picks the context to use (`--context <name>`, else the config's default) and makes every
 * choice explicit: a context's own value, else the file's top level, else the built-in default.
 * Command-line flags (--readonly, --interval, --host...) are applied by the caller on top.
 */
import type {ProxdeckConfig, ResolvedContext} from './types.js';

export type ContextResolution = {ok: true; context: ResolvedContext} | {ok: false; message: string; known: string[]};

export function resolveContext(config: ProxdeckConfig, name: string | undefined): ContextResolution {
	const known = config.contexts.map((c) => c.name);
	const wanted = name ?? config.defaultContext;
	const entry = config.contexts.find((c) => c.name === wanted);
	if (!entry) {
		const which = name === undefined ? `the default context "${wanted}"` : `context "${wanted}"`;
		return {ok: false, message: `${which} is not in the config file; known contexts: ${known.join(', ')}`, known};
	}
	const target: ResolvedContext['target'] =
		entry.target === 'host'
			? {kind: 'host', host: entry.host ?? ''}
			: entry.target === 'local'
				? {kind: 'local'}
				: {kind: 'demo'};
	return {
		ok: true,
		context: {
			name: entry.name,
			target,
			readOnly: entry.readOnly ?? false,
			sudo: entry.sudo ?? false,
			vpnGateway: entry.vpnGateway === undefined ? 'auto' : entry.vpnGateway,
			dockerHosts:
				entry.dockerHosts === undefined ? 'auto' : Array.isArray(entry.dockerHosts) ? [...entry.dockerHosts] : 'auto',
			notDockerHosts: [...(entry.notDockerHosts ?? [])],
			thresholds: {...config.thresholds, ...entry.thresholds},
			intervalMs: Math.round((entry.intervalSeconds ?? config.intervalSeconds) * 1000),
			colour: entry.colour ?? null,
			banner: entry.banner ?? null,
			nodes: {...entry.nodes},
		},
	};
}
