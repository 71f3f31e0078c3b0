/**
 * The values of a template recipe that end up in host commands: the OS template's file name,
 * a community script's URL (https only: a script fetched in clear could be swapped on the
 * way, digest or not, and the digest would then only stop it) and its sha256.
 */
import {assertStorage, InvalidValueError} from '../host/validate.js';
import type {TemplateRecipe} from './types.js';

/** `debian-12-standard_12.7-1_amd64.tar.zst`, as `pveam available` lists it. */
export function assertOsTemplate(value: string): string {
	if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*\.(tar\.(gz|xz|zst)|tgz|tar)$/.test(value) || value.length > 200)
		throw new InvalidValueError(
			'OS template',
			value,
			'a file name as `pveam available` lists it (debian-12-standard_12.7-1_amd64.tar.zst)',
		);
	return value;
}

/** An https URL without spaces, quotes or shell characters. */
export function assertScriptUrl(value: string): string {
	if (!/^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/[A-Za-z0-9._~/%+-]*$/.test(value) || value.length > 500)
		throw new InvalidValueError('script URL', value, 'an https:// URL to the script file (no query, spaces or quotes)');
	return value;
}

/** A sha256 digest as `sha256sum` prints it: 64 lower-case hex digits. */
export function assertSha256(value: string): string {
	if (!/^[0-9a-f]{64}$/.test(value))
		throw new InvalidValueError('sha256', value, 'the 64 lower-case hex digits `sha256sum` prints for the script');
	return value;
}

export function checkTemplateRecipe(recipe: TemplateRecipe): void {
	// A new service's recipe in the config file may miss a field the defaults would give.
	for (const key of ['storage', 'osTemplate', 'osStorage', 'diskGb', 'install'] as const)
		if (recipe[key] === undefined) throw new InvalidValueError('template recipe', key, `a value for "${key}"`);
	assertStorage(recipe.storage);
	assertStorage(recipe.osStorage);
	assertOsTemplate(recipe.osTemplate);
	if (!Number.isInteger(recipe.diskGb) || recipe.diskGb < 1 || recipe.diskGb > 65_536)
		throw new InvalidValueError('template disk', String(recipe.diskGb), 'GiB, a whole number from 1 to 65536');
	const install = recipe.install;
	if ('script' in install) {
		assertScriptUrl(install.script.url);
		assertSha256(install.script.sha256);
		return;
	}
	if (install.commands.length === 0)
		throw new InvalidValueError('template install', '', 'at least one command, or a pinned community script');
	for (const argv of install.commands)
		if (argv.length === 0) throw new InvalidValueError('template install command', '', 'at least one word');
}
