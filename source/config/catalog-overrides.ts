/**
 * Catalog overrides in the config file: `"catalog": {"services": [{"name": "postgresql",
 * "vmid": 250}, ...]}`. An entry whose name is a default service replaces just the fields it
 * gives; a new name adds a service and must give every required field. The shape is checked
 * here at load; the values (addresses, storages, VMIDs...) by the catalog's own
 * validateCatalog once merged, with the problems mapped back to the file's field paths.
 */
import {validateCatalog} from '../catalog/validate-catalog.js';
import type {Catalog, CatalogService, TemplateRecipe} from '../catalog/types.js';
import {checkKnownKeys} from './fields.js';
import {configFailure, fieldPath, Problems} from './problems.js';
import type {CatalogOverride, ConfigFailure} from './types.js';
import {isPlainObject} from './upgrade.js';

type Kind = 'string' | 'integer' | 'boolean' | 'strings' | 'argvs' | 'mounts' | 'probes' | 'template';

const SERVICE_FIELDS: Record<keyof CatalogService, Kind> = {
	name: 'string',
	description: 'string',
	templateVmid: 'integer',
	vmid: 'integer',
	hostname: 'string',
	storage: 'string',
	node: 'string',
	bridge: 'string',
	ip: 'string',
	gateway: 'string',
	memory: 'integer',
	cores: 'integer',
	onboot: 'boolean',
	mounts: 'mounts',
	tags: 'strings',
	postDeploy: 'argvs',
	probes: 'probes',
	snapshotBeforeRisky: 'boolean',
	dockerHost: 'boolean',
	startTimeoutSec: 'integer',
	healthTimeoutSec: 'integer',
	template: 'template',
};

const REQUIRED_FOR_NEW: readonly (keyof CatalogService)[] = [
	'templateVmid',
	'vmid',
	'hostname',
	'storage',
	'bridge',
	'ip',
	'gateway',
	'memory',
	'cores',
];

const EXPECTED: Record<Kind, string> = {
	string: 'a string',
	integer: 'a whole number',
	boolean: 'true or false',
	strings: 'a list of strings',
	argvs: 'a list of commands, each a list of words (["systemctl", "enable", "x"])',
	mounts: 'a list of {"key": "mp0", "source": "/pool", "path": "/mnt/x"}',
	template:
		'{"storage", "osTemplate", "osStorage", "diskGb", "install": {"commands": [[...]]} or {"script": {"url", "sha256"}}} (any of them, for a default service)',
	probes:
		'a list of probes: {"kind": "tcp", "name", "port"}, {"kind": "http", "name", "url", "expect"} or {"kind": "command", "name", "argv"}',
};

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

function probeOk(p: unknown): boolean {
	if (!isPlainObject(p) || typeof p['name'] !== 'string') return false;
	switch (p['kind']) {
		case 'tcp':
			return Number.isInteger(p['port']) && (p['host'] === undefined || typeof p['host'] === 'string');
		case 'http':
			return typeof p['url'] === 'string' && Number.isInteger(p['expect']);
		case 'command':
			return isStrings(p['argv']);
		default:
			return false;
	}
}

const TEMPLATE_STRINGS = ['storage', 'osTemplate', 'osStorage'];

function installOk(v: unknown): boolean {
	if (!isPlainObject(v) || Object.keys(v).length !== 1) return false;
	if ('commands' in v) return Array.isArray(v['commands']) && v['commands'].every(isStrings);
	const script = v['script'];
	return (
		isPlainObject(script) &&
		typeof script['url'] === 'string' &&
		typeof script['sha256'] === 'string' &&
		Object.keys(script).length === 2
	);
}

function templateOk(v: unknown): boolean {
	if (!isPlainObject(v)) return false;
	return Object.entries(v).every(([key, field]) =>
		TEMPLATE_STRINGS.includes(key)
			? typeof field === 'string'
			: key === 'diskGb'
				? Number.isInteger(field)
				: key === 'install' && installOk(field),
	);
}

function kindOk(kind: Kind, v: unknown): boolean {
	switch (kind) {
		case 'string':
			return typeof v === 'string';
		case 'integer':
			return typeof v === 'number' && Number.isInteger(v);
		case 'boolean':
			return typeof v === 'boolean';
		case 'strings':
			return isStrings(v);
		case 'argvs':
			return Array.isArray(v) && v.every(isStrings);
		case 'mounts':
			return (
				Array.isArray(v) &&
				v.every(
					(m) =>
						isPlainObject(m) &&
						typeof m['key'] === 'string' &&
						typeof m['source'] === 'string' &&
						typeof m['path'] === 'string' &&
						(m['readonly'] === undefined || typeof m['readonly'] === 'boolean'),
				)
			);
		case 'probes':
			return Array.isArray(v) && v.every(probeOk);
		case 'template':
			return templateOk(v);
	}
}

/** Checks the `catalog` object's shape into `problems`; returns the overrides that are well-formed. */
export function checkCatalogOverrides(value: unknown, path: string, problems: Problems): CatalogOverride[] {
	if (!isPlainObject(value)) {
		problems.add(path, 'an object: {"services": [...]}', value);
		return [];
	}
	checkKnownKeys(value, path, ['services'], problems);
	const services = value['services'];
	if (services === undefined) return [];
	const at = fieldPath(path, 'services');
	if (!Array.isArray(services)) {
		problems.add(at, 'a list of service overrides', services);
		return [];
	}
	const overrides: CatalogOverride[] = [];
	services.forEach((entry, i) => {
		const here = fieldPath(at, i);
		if (!isPlainObject(entry)) return problems.add(here, 'an object with at least a "name"', entry);
		const before = problems.list.length;
		checkKnownKeys(entry, here, Object.keys(SERVICE_FIELDS), problems);
		if (typeof entry['name'] !== 'string')
			problems.add(
				fieldPath(here, 'name'),
				'the service name (a default to change, or a new one)',
				entry['name'],
				'name' in entry,
			);
		for (const [key, kind] of Object.entries(SERVICE_FIELDS)) {
			if (key !== 'name' && entry[key] !== undefined && !kindOk(kind, entry[key]))
				problems.add(fieldPath(here, key), EXPECTED[kind], entry[key]);
		}
		if (problems.list.length === before) overrides.push(entry as CatalogOverride);
	});
	return overrides;
}

export type CatalogMerge = {ok: true; catalog: Catalog} | {ok: false; error: ConfigFailure};

/** The base catalog (defaultCatalog()) with the file's overrides applied and every value checked. */
export function applyCatalogOverrides(
	base: Catalog,
	overrides: readonly CatalogOverride[],
	file: string,
): CatalogMerge {
	const problems = new Problems();
	const services = base.services.map((s) => ({...s}));
	const origin = new Map<string, string>(); // service name -> the override's field path, for messages
	overrides.forEach((override, i) => {
		const at = `catalog.services[${i}]`;
		origin.set(override.name, at);
		const index = services.findIndex((s) => s.name === override.name);
		if (index !== -1) {
			const base = services[index]!;
			// A recipe is changed field by field: give only the install to pin another script.
			const {template: recipe, ...fields} = override;
			const template = recipe ? ({...base.template, ...recipe} as TemplateRecipe) : base.template;
			services[index] = {...base, ...fields, ...(template ? {template} : {})};
			return;
		}
		const missing = REQUIRED_FOR_NEW.filter((key) => override[key] === undefined);
		if (missing.length > 0)
			return problems.add(
				at,
				`every field of a new service (missing: ${missing.join(', ')}); or the name of a default service`,
				override.name,
			);
		services.push({onboot: false, mounts: [], tags: [], postDeploy: [], probes: [], ...override} as CatalogService);
	});
	if (problems.empty) {
		for (const p of validateCatalog({services})) {
			const at = origin.get(p.service) ?? `catalog service "${p.service}"`;
			// InvalidValueError reads `invalid VMID "5": expected a whole number ...`: reword it as field, expected, found.
			const parts = /^invalid (.+?) (".*"): expected (.+)$/s.exec(p.message);
			if (parts) problems.list.push({field: at, expected: `${parts[3]!} for the ${parts[1]!}`, found: parts[2]!});
			else problems.list.push({field: at, expected: `a usable service (${p.message})`});
		}
	}
	return problems.empty ? {ok: true, catalog: {services}} : {ok: false, error: configFailure(file, problems.list)};
}
