/**
 * The config file's shape (format version 1) and what the engine resolves it to. Everything
 * here is plain data: the file is JSON, checked by schema.ts, never trusted as typed.
 *
 * No field holds a secret: proxdeck authenticates with ssh-agent or keys from ~/.ssh, so
 * the schema has nowhere to put a password and refuses a file that tries (schema.ts).
 */
import type {Thresholds} from '../model/thresholds.js';
import type {CatalogService, TemplateRecipe} from '../catalog/types.js';
import type {SafetyConfig} from './safety.js';

export const CONFIG_VERSION = 1;

export type ContextTargetKind = 'host' | 'local' | 'demo';
export const CONTEXT_TARGET_KINDS: readonly ContextTargetKind[] = ['host', 'local', 'demo'];

/** Colours a context may paint its header with (a red "production" context). */
export type ContextColour = 'red' | 'yellow' | 'green' | 'blue' | 'magenta' | 'cyan' | 'white' | 'gray';
export const CONTEXT_COLOURS: readonly ContextColour[] = [
	'red',
	'yellow',
	'green',
	'blue',
	'magenta',
	'cyan',
	'white',
	'gray',
];

/** One context as written in the file (optional fields fall back to the file's top level, then built-in defaults). */
export interface ContextEntry {
	name: string;
	target: ContextTargetKind;
	/** Only for target "host": an ~/.ssh/config alias or user@host[:port]. */
	host?: string;
	readOnly?: boolean;
	/** Prefix host commands with `sudo -n` (a non-root login). */
	sudo?: boolean;
	/** The WireGuard gateway guest: its vmid, null for "none", or "auto" (found by tag or name). */
	vpnGateway?: number | null | 'auto';
	/** Guests that run Docker/Podman: vmids (these and no other), or "auto" (tag, name, then a probe). */
	dockerHosts?: number[] | 'auto';
	/** Guests never treated as Docker hosts, whatever their tags, name or probe say. */
	notDockerHosts?: number[];
	thresholds?: Partial<Thresholds>;
	/** Seconds between refreshes for this context. */
	intervalSeconds?: number;
	colour?: ContextColour;
	/** A short word shown in the header (`PRODUCTION`). */
	banner?: string;
	/**
	 * Cluster nodes proxdeck reaches with a connection of their own instead of the cluster's
	 * ssh from the connected node: node name -> an ssh alias or user@host[:port].
	 */
	nodes?: Record<string, string>;
}

export interface ThemeConfig {
	/** false = no colours, as --no-color. */
	color: boolean;
	/** true = ASCII glyphs and borders only. */
	ascii: boolean;
}

/** A catalog override: `name` picks the service; other fields replace the default's. A new name must give every required field. */
/** A service's fields to change (a template recipe's too, one by one), or a new service's. */
export type CatalogOverride = Omit<Partial<CatalogService>, 'template'> & {
	name: string;
	template?: Partial<TemplateRecipe>;
};

/** Action id -> the keys that trigger it; an empty list means `<disabled>`. */
export type KeymapOverrides = Record<string, string[]>;

/** A validated config, with defaults filled in. */
export interface ProxdeckConfig {
	version: typeof CONFIG_VERSION;
	defaultContext: string;
	intervalSeconds: number;
	thresholds: Thresholds;
	theme: ThemeConfig;
	contexts: ContextEntry[];
	catalog: {services: CatalogOverride[]};
	keymap: KeymapOverrides;
	safety: SafetyConfig;
}

export const DISABLED_KEY = '<disabled>';

/** One thing wrong with a config file: which file, which field, what was expected. */
export interface ConfigProblem {
	/** Dotted/indexed path: `contexts[1].host`, or `` for the whole file. */
	field: string;
	/** What would be accepted, or the rule that was broken, in words. */
	expected: string;
	/** The value found, shortened for a message; absent when the field is missing. */
	found?: string;
}

export interface ConfigFailure {
	file: string;
	problems: ConfigProblem[];
	/** One message naming the file and every problem, ready to print. */
	message: string;
}

export type LoadedConfig =
	| {
			ok: true;
			config: ProxdeckConfig;
			file: string;
			/** false: there is no file and these are the defaults. */
			exists: boolean;
			/** The format version the file was written in (the config is always upgraded to CONFIG_VERSION in memory). */
			fileVersion: number;
	  }
	| {ok: false; error: ConfigFailure};

/** What a context decides for a session: changes allowed, sudo, refresh, thresholds, the header's look. */
export interface SessionSettings {
	readOnly: boolean;
	/** Prefix root commands with `sudo -n` (a non-root login). */
	sudo: boolean;
	intervalMs: number;
	thresholds: Thresholds;
	colour: ContextColour | null;
	banner: string | null;
}

/** A context ready for the engine: every choice made, nothing optional. */
export interface ResolvedContext extends SessionSettings {
	name: string;
	target: {kind: 'host'; host: string} | {kind: 'local'} | {kind: 'demo'};
	vpnGateway: number | null | 'auto';
	dockerHosts: number[] | 'auto';
	notDockerHosts: number[];
	/** Nodes with a connection of their own: node name -> ssh target. */
	nodes: Record<string, string>;
}
