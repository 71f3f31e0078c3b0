/**
 * Where the config file lives, reading it, and writing it. The path is conf's own default
 * location for projectName 'proxdeck' with projectSuffix '' (`~/.config/proxdeck/config.json`,
 * XDG_CONFIG_HOME honoured, no `-nodejs`; a test checks they agree), computed here so reading
 * needs neither conf nor a directory. proxdeck reads and checks the bytes itself so a bad file
 * gets a message naming the file, the field and what is expected, and is never rewritten or
 * cleared; conf writes it (atomic, mode 0600), loaded only to save (conf-store.ts).
 */
import {
	chmodSync,
	closeSync,
	fsyncSync,
	mkdirSync,
	openSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	writeSync,
} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {configFailure, parseConfigJson} from './problems.js';
import {defaultConfig, validateConfig} from './schema.js';
import {CONFIG_VERSION, type ConfigFailure, type LoadedConfig, type ProxdeckConfig} from './types.js';
import {upgradeConfig} from './upgrade.js';

const PROJECT_NAME = 'proxdeck';
const FILE_MODE = 0o600;

export interface ConfigLocation {
	/** --config <file>, when given. */
	explicit?: string;
	env?: NodeJS.ProcessEnv;
	home?: string;
}

/**
 * The config file's path: --config as given (resolved against the working directory), else
 * `$XDG_CONFIG_HOME/proxdeck/config.json`, else `~/.config/proxdeck/config.json`. The same
 * path conf's env-paths gives with projectSuffix '' (a test checks they agree); computed
 * here too so `config path` creates nothing.
 */
export function configFilePath(location: ConfigLocation = {}): string {
	if (location.explicit !== undefined) return path.resolve(location.explicit);
	const env = location.env ?? process.env;
	const xdg = env['XDG_CONFIG_HOME'];
	const base = xdg !== undefined && xdg !== '' ? xdg : path.join(location.home ?? homedir(), '.config');
	return path.resolve(base, PROJECT_NAME, 'config.json');
}

export interface CheckOptions {
	/** The keymap registry's action ids, to refuse overrides of actions that do not exist. */
	knownActionIds?: readonly string[];
}

export type TextCheck =
	| {ok: true; config: ProxdeckConfig; fileVersion: number; upgraded: Record<string, unknown>}
	| {ok: false; error: ConfigFailure};

/** Parses, upgrades and validates config text; `file` is only named in messages. */
export function checkConfigText(text: string, file: string, options: CheckOptions = {}): TextCheck {
	const json = parseConfigJson(text);
	if (!json.ok) return {ok: false, error: configFailure(file, [json.problem])};
	const upgrade = upgradeConfig(json.value);
	if (!upgrade.ok) return {ok: false, error: configFailure(file, [upgrade.problem])};
	const checked = validateConfig(upgrade.value, options.knownActionIds);
	if (!checked.ok) return {ok: false, error: configFailure(file, checked.problems)};
	return {ok: true, config: checked.config, fileVersion: upgrade.fromVersion, upgraded: upgrade.value};
}

export type ReadText = {ok: true; text: string | null} | {ok: false; error: ConfigFailure};

/** The file's text, null when there is none. */
export function readConfigText(file: string): ReadText {
	try {
		return {ok: true, text: readFileSync(file, 'utf8')};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return {ok: true, text: null};
		const why =
			code === 'EACCES'
				? 'a file proxdeck may read (permission denied)'
				: code === 'EISDIR'
					? 'a file, not a directory'
					: `a readable file (${(error as Error).message})`;
		return {ok: false, error: configFailure(file, [{field: '', expected: why}])};
	}
}

/** Reads and checks the config. A missing file is fine (the defaults: one `demo` context); nothing is ever written here. */
export function loadConfig(location: ConfigLocation = {}, options: CheckOptions = {}): LoadedConfig {
	const file = configFilePath(location);
	const read = readConfigText(file);
	if (!read.ok) return read;
	if (read.text === null) return {ok: true, config: defaultConfig(), file, exists: false, fileVersion: CONFIG_VERSION};
	const checked = checkConfigText(read.text, file, options);
	if (!checked.ok) return checked;
	const guarded = guardCommands(file, checked.config);
	if (guarded) return {ok: false, error: guarded};
	return {ok: true, config: checked.config, file, exists: true, fileVersion: checked.fileVersion};
}

/**
 * postDeploy commands run as root inside guests: a config file another user may write is a
 * way in for that user. Like ssh with a config of bad permissions, proxdeck then refuses it.
 */
function guardCommands(file: string, config: ProxdeckConfig): ConfigFailure | null {
	if (!config.catalog.services.some((s) => (s.postDeploy?.length ?? 0) > 0)) return null;
	let info;
	try {
		info = statSync(file);
	} catch {
		return null;
	}
	const writableByOthers = (info.mode & 0o022) !== 0;
	const me = process.getuid?.();
	const foreignOwner = me !== undefined && info.uid !== me && info.uid !== 0;
	if (!writableByOthers && !foreignOwner) return null;
	const why = writableByOthers
		? `other users may write to it (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')})`
		: `it belongs to another user (uid ${info.uid})`;
	const fix = writableByOthers ? `chmod 600 ${file}` : `chown $USER ${file} && chmod 600 ${file}`;
	return {
		file,
		problems: [
			{
				field: 'catalog.services[].postDeploy',
				expected: 'a file only you can write, since its commands run as root in guests',
			},
		],
		message: `config file ${file} holds postDeploy commands, which run as root in guests, and ${why}: proxdeck does not use it. Run: ${fix} (the file was not changed)`,
	};
}

/** Saves a config object through conf (atomic, mode 0600). Callers validate first: this is the writer, not a checker. */
export async function saveConfig(file: string, content: Record<string, unknown>): Promise<void> {
	const {openConf} = await import('./conf-store.js');
	const conf = openConf(file);
	conf.store = content;
	// atomically creates its temp file with our mode, but an existing file keeps older bits on some paths: make sure.
	chmodSync(file, FILE_MODE);
}

/**
 * Replaces the file with exactly this text, atomically (temp file in the same directory,
 * fsync, rename) and with mode 0600. Used for `config edit`, where the user's own formatting
 * is kept byte for byte (conf would re-serialise it).
 */
export function writeConfigTextAtomic(file: string, text: string): void {
	mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
	try {
		const fd = openSync(temp, 'wx', FILE_MODE);
		try {
			writeSync(fd, text);
			fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
		chmodSync(temp, FILE_MODE); // a umask never adds bits, but be explicit: 0600 is the promise
		renameSync(temp, file);
	} catch (error) {
		rmSync(temp, {force: true});
		throw error;
	}
}
