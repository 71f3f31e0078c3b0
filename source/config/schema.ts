/**
 * The config file's schema, checked by hand rather than by conf's ajv: ajv reports
 * "`contexts/1/host` must be string", while a user needs "contexts[1].host: expected an ssh
 * alias or user@host[:port], found 42". One pass collects every problem; defaults are filled
 * in only when there are none.
 */
import {DEFAULT_THRESHOLDS, type Thresholds} from '../model/thresholds.js';
import {parseTarget, shownTarget} from '../transport/ssh-target.js';
import {checkCatalogOverrides} from './catalog-overrides.js';
import {
	checkKnownKeys,
	checkNumber,
	findSecrets,
	PERCENT_RULE,
	readBoolean,
	readEnum,
	readNumber,
	readString,
	SECONDS_RULE,
	VMID_RULE,
} from './fields.js';
import {checkKeymap} from './keymap-overrides.js';
import {checkSafety, defaultSafety} from './safety.js';
import {fieldPath, Problems} from './problems.js';
import {
	CONFIG_VERSION,
	CONTEXT_COLOURS,
	CONTEXT_TARGET_KINDS,
	type ContextEntry,
	type ProxdeckConfig,
	type ThemeConfig,
	type ConfigProblem,
} from './types.js';
import {isPlainObject} from './upgrade.js';

export const DEFAULT_INTERVAL_SECONDS = 2;
const CONTEXT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const CONTEXT_NAME_EXPECTED = 'a name of letters, digits, ".", "_" or "-" (up to 63, starting with a letter or digit)';
const TOP_FIELDS = [
	'$schema',
	'version',
	'defaultContext',
	'intervalSeconds',
	'thresholds',
	'theme',
	'contexts',
	'catalog',
	'keymap',
	'safety',
];
const CONTEXT_FIELDS = [
	'name',
	'target',
	'host',
	'readOnly',
	'sudo',
	'vpnGateway',
	'dockerHosts',
	'notDockerHosts',
	'thresholds',
	'intervalSeconds',
	'colour',
	'banner',
	'nodes',
];
const NODE_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** What a file with no contexts gets: the simulated homelab, so `proxdeck` always has somewhere to look. */
export function defaultConfig(): ProxdeckConfig {
	return {
		version: CONFIG_VERSION,
		defaultContext: 'demo',
		intervalSeconds: DEFAULT_INTERVAL_SECONDS,
		thresholds: {...DEFAULT_THRESHOLDS},
		theme: {color: true, ascii: false},
		contexts: [{name: 'demo', target: 'demo'}],
		catalog: {services: []},
		keymap: {},
		safety: defaultSafety(),
	};
}

function checkThresholds(
	value: unknown,
	path: string,
	base: Thresholds,
	problems: Problems,
): Partial<Thresholds> | undefined {
	if (value === undefined) return undefined;
	if (!isPlainObject(value)) {
		problems.add(path, 'an object such as {"warn": 80, "crit": 90} (percent used)', value);
		return undefined;
	}
	checkKnownKeys(value, path, ['warn', 'crit'], problems);
	const warn = readNumber(value, 'warn', path, PERCENT_RULE, problems);
	const crit = readNumber(value, 'crit', path, PERCENT_RULE, problems);
	const effective = {warn: warn ?? base.warn, crit: crit ?? base.crit};
	if ((warn !== undefined || crit !== undefined) && effective.warn > effective.crit) {
		problems.add(path, `warn at or below crit (warn ${effective.warn} is above crit ${effective.crit})`);
	}
	return {...(warn === undefined ? {} : {warn}), ...(crit === undefined ? {} : {crit})};
}

function checkContext(
	value: unknown,
	at: string,
	thresholds: Thresholds,
	problems: Problems,
): ContextEntry | undefined {
	if (!isPlainObject(value)) {
		problems.add(at, 'an object such as {"name": "pve", "target": "host", "host": "root@pve"}', value);
		return undefined;
	}
	const before = problems.list.length;
	checkKnownKeys(value, at, CONTEXT_FIELDS, problems);
	const name = readString(value, 'name', at, CONTEXT_NAME_EXPECTED, problems, (s) => CONTEXT_NAME.test(s));
	if (value['name'] === undefined) problems.add(fieldPath(at, 'name'), CONTEXT_NAME_EXPECTED);
	const target = readEnum(value, 'target', at, CONTEXT_TARGET_KINDS, problems);
	if (value['target'] === undefined)
		problems.add(fieldPath(at, 'target'), `one of ${CONTEXT_TARGET_KINDS.map((k) => `"${k}"`).join(', ')}`);
	const host = value['host'];
	if (target === 'host') {
		if (typeof host !== 'string')
			problems.add(
				fieldPath(at, 'host'),
				'an ssh alias or user@host[:port] (the context\'s target is "host")',
				host,
				host !== undefined,
			);
		else {
			const parsed = parseTarget(host);
			if (!parsed.ok)
				problems.add(
					fieldPath(at, 'host'),
					`an ssh alias or user@host[:port] (${parsed.error.message.replace(/^'[^']*':? */, '').replace(/ *\(expected an ssh alias[^)]*\)/, '')})`,
					shownTarget(host),
				);
		}
	} else if (target !== undefined && host !== undefined) {
		problems.add(
			fieldPath(at, 'host'),
			`no host for a "${target}" context (set "target": "host" to connect over SSH)`,
			host,
		);
	}
	const readOnly = readBoolean(value, 'readOnly', at, problems);
	const sudo = readBoolean(value, 'sudo', at, problems);
	const gateway = value['vpnGateway'];
	if (gateway !== undefined && gateway !== null && gateway !== 'auto') {
		if (typeof gateway === 'number') checkNumber(gateway, fieldPath(at, 'vpnGateway'), VMID_RULE, problems);
		else problems.add(fieldPath(at, 'vpnGateway'), 'the gateway guest\'s VMID, null for none, or "auto"', gateway);
	}
	const dockerHosts = value['dockerHosts'];
	if (dockerHosts !== undefined && dockerHosts !== 'auto') {
		if (Array.isArray(dockerHosts))
			dockerHosts.forEach((vmid, i) =>
				checkNumber(vmid, fieldPath(fieldPath(at, 'dockerHosts'), i), VMID_RULE, problems),
			);
		else problems.add(fieldPath(at, 'dockerHosts'), 'a list of VMIDs, or "auto"', dockerHosts);
	}
	const notDockerHosts = value['notDockerHosts'];
	if (notDockerHosts !== undefined) {
		if (Array.isArray(notDockerHosts))
			notDockerHosts.forEach((vmid, i) =>
				checkNumber(vmid, fieldPath(fieldPath(at, 'notDockerHosts'), i), VMID_RULE, problems),
			);
		else problems.add(fieldPath(at, 'notDockerHosts'), 'a list of VMIDs', notDockerHosts);
	}
	const ownThresholds = checkThresholds(value['thresholds'], fieldPath(at, 'thresholds'), thresholds, problems);
	const intervalSeconds = readNumber(value, 'intervalSeconds', at, SECONDS_RULE, problems);
	const colour = readEnum(value, 'colour', at, CONTEXT_COLOURS, problems);
	const banner = readString(
		value,
		'banner',
		at,
		'a short label of 1 to 40 printable characters',
		problems,
		(s) => s.trim().length > 0 && s.length <= 40 && !/[\u0000-\u001f\u007f]/.test(s),
	);
	const nodes = checkNodeConnections(value['nodes'], fieldPath(at, 'nodes'), target, problems);
	if (problems.list.length !== before || name === undefined || target === undefined) return undefined;
	return {
		name,
		target,
		...(target === 'host' ? {host: host as string} : {}),
		...(readOnly === undefined ? {} : {readOnly}),
		...(sudo === undefined ? {} : {sudo}),
		...(gateway === undefined ? {} : {vpnGateway: gateway as ContextEntry['vpnGateway']}),
		...(dockerHosts === undefined ? {} : {dockerHosts: dockerHosts as ContextEntry['dockerHosts']}),
		...(notDockerHosts === undefined ? {} : {notDockerHosts: notDockerHosts as number[]}),
		...(ownThresholds === undefined ? {} : {thresholds: ownThresholds}),
		...(intervalSeconds === undefined ? {} : {intervalSeconds}),
		...(colour === undefined ? {} : {colour}),
		...(banner === undefined ? {} : {banner}),
		...(nodes === undefined ? {} : {nodes}),
	};
}

/** `"nodes": {"pve2": "root@pve2.lan"}`: cluster nodes reached over a connection of their own. */
function checkNodeConnections(
	value: unknown,
	at: string,
	target: ContextEntry['target'] | undefined,
	problems: Problems,
): Record<string, string> | undefined {
	if (value === undefined) return undefined;
	if (!isPlainObject(value)) {
		problems.add(at, 'an object of node name -> ssh target, such as {"pve2": "root@pve2.lan"}', value);
		return undefined;
	}
	if (target === 'demo') problems.add(at, 'no node connections for a "demo" context (its nodes are simulated)', value);
	const nodes: Record<string, string> = {};
	for (const [node, host] of Object.entries(value)) {
		const path = fieldPath(at, node);
		if (!NODE_NAME.test(node)) problems.add(at, `node names like pve2 (letters, digits and "-")`, node);
		if (typeof host !== 'string') {
			problems.add(path, 'an ssh alias or user@host[:port]', host, host !== undefined);
			continue;
		}
		const parsed = parseTarget(host);
		if (!parsed.ok) problems.add(path, 'an ssh alias or user@host[:port]', host);
		else nodes[node] = host;
	}
	return nodes;
}

function checkContexts(value: unknown, thresholds: Thresholds, problems: Problems): ContextEntry[] | undefined {
	if (value === undefined) return undefined;
	if (!Array.isArray(value) || value.length === 0) {
		problems.add('contexts', 'a non-empty list of contexts ({"name", "target", ...})', value);
		return undefined;
	}
	const contexts: ContextEntry[] = [];
	const seen = new Map<string, number>();
	value.forEach((entry, i) => {
		const at = fieldPath('contexts', i);
		const context = checkContext(entry, at, thresholds, problems);
		if (!context) return;
		const first = seen.get(context.name);
		if (first !== undefined)
			problems.add(
				fieldPath(at, 'name'),
				`a name no other context has (contexts[${first}] is also "${context.name}")`,
				context.name,
			);
		seen.set(context.name, i);
		contexts.push(context);
	});
	return contexts;
}

function checkTheme(value: unknown, problems: Problems): ThemeConfig {
	const theme = defaultConfig().theme;
	if (value === undefined) return theme;
	if (!isPlainObject(value)) {
		problems.add('theme', 'an object such as {"color": true, "ascii": false}', value);
		return theme;
	}
	checkKnownKeys(value, 'theme', ['color', 'ascii'], problems);
	return {
		color: readBoolean(value, 'color', 'theme', problems) ?? theme.color,
		ascii: readBoolean(value, 'ascii', 'theme', problems) ?? theme.ascii,
	};
}

export type SchemaResult = {ok: true; config: ProxdeckConfig} | {ok: false; problems: ConfigProblem[]};

/**
 * Checks an upgraded (version 1) object. knownActionIds, when given, also checks the keymap's
 * action ids (the registry lives in keymaps/, so the caller passes its ids in).
 */
export function validateConfig(raw: Record<string, unknown>, knownActionIds?: readonly string[]): SchemaResult {
	const problems = new Problems();
	const defaults = defaultConfig();
	findSecrets(raw, '', problems);
	checkKnownKeys(raw, '', TOP_FIELDS, problems);
	const intervalSeconds = readNumber(raw, 'intervalSeconds', '', SECONDS_RULE, problems) ?? defaults.intervalSeconds;
	const own = checkThresholds(raw['thresholds'], 'thresholds', defaults.thresholds, problems);
	const thresholds: Thresholds = {...defaults.thresholds, ...own};
	const theme = checkTheme(raw['theme'], problems);
	const contexts = checkContexts(raw['contexts'], thresholds, problems) ?? defaults.contexts;
	const catalog = raw['catalog'] === undefined ? [] : checkCatalogOverrides(raw['catalog'], 'catalog', problems);
	const keymap = raw['keymap'] === undefined ? {} : checkKeymap(raw['keymap'], 'keymap', knownActionIds, problems);
	const safety = checkSafety(raw['safety'], problems);
	const named = readString(raw, 'defaultContext', '', 'the name of one of the contexts', problems);
	const names = contexts.map((c) => c.name);
	if (named !== undefined && problems.empty && !names.includes(named)) {
		problems.add('defaultContext', `the name of one of the contexts: ${names.join(', ')}`, named);
	}
	if (!problems.empty) return {ok: false, problems: problems.list};
	return {
		ok: true,
		config: {
			version: CONFIG_VERSION,
			defaultContext: named ?? names[0]!,
			intervalSeconds,
			thresholds,
			theme,
			contexts,
			catalog: {services: catalog},
			keymap,
			safety,
		},
	};
}
