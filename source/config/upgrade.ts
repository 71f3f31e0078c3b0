/**
 * The config file's own format versions, upgraded by a small pure function rather than conf's
 * migrations (which need a projectVersion, store a marker in the file and are documented as
 * buggy in conf's own readme). The upgrade happens in memory on every read; the file is
 * only rewritten when the user runs a command that saves (`config edit`, `config upgrade`).
 *
 * Version 0 (no `version` key) kept contexts as an object keyed by name and let a context
 * with a `host` leave out its target:
 *   {"contexts": {"pve": {"host": "root@pve"}}, "defaultContext": "pve"}
 * Version 1 keeps them as a list, so order is the user's and names with dots need no escaping:
 *   {"version": 1, "contexts": [{"name": "pve", "target": "host", "host": "root@pve"}], ...}
 */
import {CONFIG_VERSION, type ConfigProblem} from './types.js';
import {describeValue} from './problems.js';

export type UpgradeResult =
	{ok: true; value: Record<string, unknown>; fromVersion: number} | {ok: false; problem: ConfigProblem};

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function upgradeContext0(name: string, entry: unknown): unknown {
	if (!isPlainObject(entry)) return entry; // the schema names it: contexts[i] expected an object
	const target = entry['target'] ?? (entry['host'] !== undefined ? 'host' : undefined);
	return {name, ...entry, ...(target === undefined ? {} : {target})};
}

function upgrade0to1(v0: Record<string, unknown>): Record<string, unknown> {
	const {contexts, ...rest} = v0;
	const upgraded: Record<string, unknown> = {version: 1, ...rest};
	if (isPlainObject(contexts))
		upgraded['contexts'] = Object.entries(contexts).map(([name, entry]) => upgradeContext0(name, entry));
	else if (contexts !== undefined) upgraded['contexts'] = contexts;
	return upgraded;
}

/** Brings a parsed file to CONFIG_VERSION. Idempotent: a version-1 object comes back as it was. Never touches the disk. */
export function upgradeConfig(raw: unknown): UpgradeResult {
	if (!isPlainObject(raw))
		return {
			ok: false,
			problem: {field: '', expected: 'a JSON object such as {"version": 1}', found: describeValue(raw)},
		};
	const version = raw['version'];
	if (version === undefined) return {ok: true, value: upgrade0to1(raw), fromVersion: 0};
	if (version === CONFIG_VERSION) return {ok: true, value: raw, fromVersion: CONFIG_VERSION};
	if (typeof version === 'number' && Number.isInteger(version) && version > CONFIG_VERSION) {
		return {
			ok: false,
			problem: {
				field: 'version',
				expected: `format version ${CONFIG_VERSION} (a newer proxdeck wrote this file; upgrade proxdeck)`,
				found: String(version),
			},
		};
	}
	return {
		ok: false,
		problem: {field: 'version', expected: `the format version, ${CONFIG_VERSION}`, found: describeValue(version)},
	};
}
