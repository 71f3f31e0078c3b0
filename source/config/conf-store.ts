/**
 * The conf (15) store behind `saveConfig`. Kept in its own module and imported only when
 * saving, because conf loads ajv at import (100+ ms) and reading the config must not slow
 * down `proxdeck --once`.
 */
import path from 'node:path';
import Conf from 'conf';
import {isPlainObject} from './upgrade.js';

export const PROJECT_NAME = 'proxdeck';
export const FILE_MODE = 0o600;

/** conf's reader must never throw or hand back something it would "fix" by rewriting the file: our own checks read the bytes. */
function lenientJson(text: string): Record<string, unknown> {
	try {
		const value = JSON.parse(text) as unknown;
		return isPlainObject(value) ? value : {};
	} catch {
		return {};
	}
}

/**
 * A conf store bound to exactly this file (cwd + configName + extension), so --config works
 * like the default location. No schema, no defaults and a lenient reader: constructing it
 * never writes, and clearInvalidConfig stays false, so a bad file is never cleared.
 */
export function openConf(file: string): Conf<Record<string, unknown>> {
	const extension = path.extname(file);
	return new Conf<Record<string, unknown>>({
		projectName: PROJECT_NAME,
		projectSuffix: '',
		cwd: path.dirname(file),
		configName: path.basename(file, extension),
		fileExtension: extension.replace(/^\./, ''),
		configFileMode: FILE_MODE,
		clearInvalidConfig: false,
		// Host names and action ids contain dots; they are data, never key paths.
		accessPropertiesByDotNotation: false,
		deserialize: lenientJson,
		serialize: (value) => `${JSON.stringify(value, undefined, 2)}\n`,
	});
}
