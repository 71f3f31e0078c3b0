/**
 * `proxdeck config path|show|edit|upgrade`: where the file is, what proxdeck makes of it,
 * changing it safely, and rewriting an older format. None of these needs a host, so the
 * entry point runs them before opening any target.
 *
 * `edit` never lets a bad file in: the editor works on a temporary copy, the copy is checked
 * when the editor exits, and only a valid copy replaces the file (atomically, mode 0600).
 * An invalid copy is kept and its path printed, so nothing typed is lost.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {execa} from 'execa';
import type {Catalog} from './catalog/types.js';
import {applyCatalogOverrides} from './config/catalog-overrides.js';
import {defaultConfig} from './config/schema.js';
import {
	checkConfigText,
	configFilePath,
	readConfigText,
	saveConfig,
	writeConfigTextAtomic,
	type TextCheck,
} from './config/store.js';
import {CONFIG_VERSION, DISABLED_KEY, type ProxdeckConfig} from './config/types.js';
import {EXIT} from './exit-codes.js';

export const CONFIG_USAGE = 'usage: proxdeck config path|show|edit|upgrade [--config <file>]';

export interface ConfigCommandIo {
	stdout(text: string): void;
	stderr(text: string): void;
	env: NodeJS.ProcessEnv;
	/** The keymap registry's action ids (default: read from keymaps/registry). */
	knownActionIds?: readonly string[];
	/** The catalog the overrides apply to (default: defaultCatalog()). */
	baseCatalog?: () => Catalog | Promise<Catalog>;
	/** Runs the editor command on a file and resolves to its exit status. */
	runEditor?(command: string, file: string): Promise<number>;
}

const defaultIo = (): ConfigCommandIo => ({
	stdout: (text) => process.stdout.write(text),
	stderr: (text) => process.stderr.write(text),
	env: process.env,
});

/** Like git: $VISUAL, then $EDITOR, else vi; run through sh so `code -w` or a script with arguments works. */
export function editorCommand(env: NodeJS.ProcessEnv): string {
	return [env['VISUAL'], env['EDITOR']].find((e): e is string => e !== undefined && e.trim() !== '') ?? 'vi';
}

async function spawnEditor(command: string, file: string): Promise<number> {
	const result = await execa('sh', ['-c', `${command} "$@"`, command, file], {stdio: 'inherit', reject: false});
	return result.exitCode ?? 128;
}

async function knownIds(io: ConfigCommandIo): Promise<readonly string[]> {
	if (io.knownActionIds) return io.knownActionIds;
	const {KEY_ACTIONS} = await import('../keymaps/registry.js');
	return KEY_ACTIONS.map((a) => a.id);
}

async function baseCatalog(io: ConfigCommandIo): Promise<Catalog> {
	if (io.baseCatalog) return io.baseCatalog();
	const {defaultCatalog} = await import('./catalog/defaults.js');
	return defaultCatalog();
}

/** Every check a saved file must pass: JSON, format, schema, keymap action ids, and the merged catalog's values. */
async function checkEverything(text: string, file: string, io: ConfigCommandIo): Promise<TextCheck> {
	const checked = checkConfigText(text, file, {knownActionIds: await knownIds(io)});
	if (!checked.ok) return checked;
	const merged = applyCatalogOverrides(await baseCatalog(io), checked.config.catalog.services, file);
	return merged.ok ? checked : merged;
}

/** The effective config as JSON, with `<disabled>` written the way the user wrote it. */
function showJson(config: ProxdeckConfig): string {
	const keymap = Object.fromEntries(
		Object.entries(config.keymap).map(([id, keys]) => [id, keys.length === 0 ? DISABLED_KEY : keys]),
	);
	return `${JSON.stringify({...config, keymap}, undefined, 2)}\n`;
}

function starterText(): string {
	const {version, defaultContext, intervalSeconds, thresholds, contexts} = defaultConfig();
	return `${JSON.stringify({version, defaultContext, intervalSeconds, thresholds, contexts}, undefined, 2)}\n`;
}

async function show(file: string, io: ConfigCommandIo): Promise<number> {
	const read = readConfigText(file);
	if (!read.ok) return fail(io, read.error.message);
	if (read.text === null) {
		io.stderr(`proxdeck: no config file at ${file}: these are the defaults\n`);
		io.stdout(showJson(defaultConfig()));
		return EXIT.ok;
	}
	const checked = await checkEverything(read.text, file, io);
	if (!checked.ok) return fail(io, checked.error.message);
	if (checked.fileVersion !== CONFIG_VERSION) {
		io.stderr(
			`proxdeck: ${file} is in format ${checked.fileVersion}; shown as format ${CONFIG_VERSION} (\`proxdeck config upgrade\` rewrites it)\n`,
		);
	}
	io.stdout(showJson(checked.config));
	return EXIT.ok;
}

async function edit(file: string, io: ConfigCommandIo): Promise<number> {
	const read = readConfigText(file);
	if (!read.ok) return fail(io, read.error.message);
	const original = read.text;
	const dir = mkdtempSync(path.join(tmpdir(), 'proxdeck-config-'));
	const draft = path.join(dir, path.basename(file).endsWith('.json') ? path.basename(file) : 'config.json');
	const before = original ?? starterText();
	writeFileSync(draft, before, {mode: 0o600});
	const command = editorCommand(io.env);
	const status = await (io.runEditor ?? spawnEditor)(command, draft);
	const kept = `your edit is kept in ${draft}`;
	if (status !== 0)
		return fail(
			io,
			`the editor (${command}) exited with status ${status}${status === 127 ? ' (command not found?)' : ''}; ${file} was not changed; ${kept}`,
		);
	const text = readFileSync(draft, 'utf8');
	if (text === before) {
		rmSync(dir, {recursive: true, force: true});
		io.stderr(`proxdeck: no changes; ${file} was not changed\n`);
		return EXIT.ok;
	}
	const checked = await checkEverything(text, file, io);
	if (!checked.ok)
		return fail(
			io,
			`${checked.error.message}\n${kept}: fix it there and copy it to ${file}, or run \`proxdeck config edit\` again`,
		);
	// Someone (another edit, a sync tool) changed the file meanwhile: never overwrite their change blindly.
	const now = readConfigText(file);
	if (!now.ok || now.text !== original)
		return fail(io, `${file} changed while you were editing; it was not replaced; ${kept}`);
	if (checked.fileVersion === CONFIG_VERSION) writeConfigTextAtomic(file, text);
	else await saveConfig(file, checked.upgraded);
	rmSync(dir, {recursive: true, force: true});
	const upgradedNote =
		checked.fileVersion === CONFIG_VERSION ? '' : ` (upgraded from format ${checked.fileVersion} to ${CONFIG_VERSION})`;
	io.stderr(`proxdeck: saved ${file}${upgradedNote}\n`);
	return EXIT.ok;
}

async function upgrade(file: string, io: ConfigCommandIo): Promise<number> {
	const read = readConfigText(file);
	if (!read.ok) return fail(io, read.error.message);
	if (read.text === null) {
		io.stderr(`proxdeck: no config file at ${file}; nothing to upgrade\n`);
		return EXIT.ok;
	}
	const checked = await checkEverything(read.text, file, io);
	if (!checked.ok) return fail(io, checked.error.message);
	if (checked.fileVersion === CONFIG_VERSION) {
		io.stderr(`proxdeck: ${file} is already in format ${CONFIG_VERSION}\n`);
		return EXIT.ok;
	}
	await saveConfig(file, checked.upgraded);
	io.stderr(`proxdeck: upgraded ${file} from format ${checked.fileVersion} to ${CONFIG_VERSION}\n`);
	return EXIT.ok;
}

function fail(io: ConfigCommandIo, message: string): number {
	io.stderr(`proxdeck: ${message}\n`);
	return EXIT.error;
}

/**
 * Runs `proxdeck config <verb>`. `args` are the words after `config` (`['edit']`);
 * configPath is --config. Returns the exit code (0 ok, 1 error, 2 usage).
 */
export async function runConfigCommand(
	args: readonly string[],
	options: {configPath?: string},
	io: Partial<ConfigCommandIo> = {},
): Promise<number> {
	const full: ConfigCommandIo = {...defaultIo(), ...io};
	const file = configFilePath({
		...(options.configPath === undefined ? {} : {explicit: options.configPath}),
		env: full.env,
	});
	if (args.length !== 1) {
		full.stderr(`proxdeck: ${CONFIG_USAGE}\n`);
		return EXIT.usage;
	}
	switch (args[0]) {
		case 'path':
			full.stdout(`${file}\n`);
			return EXIT.ok;
		case 'show':
			return show(file, full);
		case 'edit':
			return edit(file, full);
		case 'upgrade':
			return upgrade(file, full);
		default:
			full.stderr(`proxdeck: unknown config command "${args[0]}"; ${CONFIG_USAGE}\n`);
			return EXIT.usage;
	}
}
