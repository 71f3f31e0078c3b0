import {
	chmodSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {
	configFilePath,
	loadConfig,
	saveConfig,
	checkConfigText,
	upgradeConfig,
	writeConfigTextAtomic,
} from '../../source/config/index.js';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'proxdeck-config-test-'));
});

const write = (name: string, content: unknown): string => {
	const file = path.join(dir, name);
	writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, undefined, 2));
	return file;
};

/** Loads a file and insists it fails; returns the message and checks the bytes were left alone. */
function loadBad(file: string): string {
	const before = readFileSync(file);
	const loaded = loadConfig({explicit: file});
	expect(loaded.ok).toBe(false);
	expect(readFileSync(file).equals(before)).toBe(true);
	return loaded.ok ? '' : loaded.error.message;
}

describe('config file location', () => {
	const saved = process.env['XDG_CONFIG_HOME'];
	afterEach(() => {
		if (saved === undefined) delete process.env['XDG_CONFIG_HOME'];
		else process.env['XDG_CONFIG_HOME'] = saved;
	});

	it('is ~/.config/proxdeck/config.json without XDG_CONFIG_HOME (no -nodejs suffix)', () => {
		expect(configFilePath({env: {}, home: '/home/ops'})).toBe('/home/ops/.config/proxdeck/config.json');
	});

	it('honours XDG_CONFIG_HOME', () => {
		expect(configFilePath({env: {XDG_CONFIG_HOME: '/srv/xdg'}, home: '/home/ops'})).toBe(
			'/srv/xdg/proxdeck/config.json',
		);
	});

	it('agrees with conf 15 given projectSuffix ""', () => {
		// env-paths reads process.env at call time: point it at our temp dir.
		process.env['XDG_CONFIG_HOME'] = dir;
		const conf = new Conf({projectName: 'proxdeck', projectSuffix: '', configFileMode: 0o600});
		expect(conf.path).toBe(path.join(dir, 'proxdeck', 'config.json'));
		expect(configFilePath()).toBe(conf.path);
	});

	it('uses --config as given, resolved against the working directory', () => {
		expect(configFilePath({explicit: '/etc/proxdeck/lab.json'})).toBe('/etc/proxdeck/lab.json');
		expect(configFilePath({explicit: 'lab.json'})).toBe(path.join(process.cwd(), 'lab.json'));
	});

	it('reads the file under XDG_CONFIG_HOME', () => {
		mkdirSync(path.join(dir, 'proxdeck'));
		writeFileSync(
			path.join(dir, 'proxdeck', 'config.json'),
			JSON.stringify({version: 1, contexts: [{name: 'pve', target: 'host', host: 'root@pve'}]}),
		);
		const loaded = loadConfig({env: {XDG_CONFIG_HOME: dir}});
		expect(loaded.ok && loaded.config.contexts.map((c) => c.name)).toEqual(['pve']);
		expect(loaded.ok && loaded.file).toBe(path.join(dir, 'proxdeck', 'config.json'));
	});
});

describe('loadConfig', () => {
	it('refuses a file others may write when it holds postDeploy commands (they run as root in guests)', () => {
		const withCommands = {
			version: 1,
			catalog: {services: [{name: 'postgresql', postDeploy: [['systemctl', 'enable', '--now', 'postgresql']]}]},
		};
		const file = write('shared.json', withCommands);
		chmodSync(file, 0o666);
		const message = loadBad(file);
		expect(message).toBe(
			`config file ${file} holds postDeploy commands, which run as root in guests, and other users may write to it (mode 0666): proxdeck does not use it. Run: chmod 600 ${file} (the file was not changed)`,
		);
		chmodSync(file, 0o620);
		expect(loadBad(file)).toMatch(/mode 0620/);
		chmodSync(file, 0o600);
		expect(loadConfig({explicit: file}).ok).toBe(true);
		// Without commands, a loose mode risks nothing proxdeck would run.
		const plain = write('plain.json', {version: 1, intervalSeconds: 5});
		chmodSync(plain, 0o666);
		expect(loadConfig({explicit: plain}).ok).toBe(true);
	});

	it("never shows a password typed into a context's host", () => {
		const file = write('pw.json', {version: 1, contexts: [{name: 'home', target: 'host', host: 'root:hunter2@pve'}]});
		const message = loadBad(file);
		expect(message).not.toContain('hunter2');
		expect(message).toContain('root:***@pve');
		expect(message).toMatch(/a password cannot be part of the target/);
	});

	it('gives the defaults when there is no file, and creates nothing', () => {
		const file = path.join(dir, 'none', 'config.json');
		const loaded = loadConfig({explicit: file});
		expect(loaded).toMatchObject({ok: true, exists: false, file});
		if (!loaded.ok) return;
		expect(loaded.config.defaultContext).toBe('demo');
		expect(loaded.config.contexts).toEqual([{name: 'demo', target: 'demo'}]);
		expect(loaded.config.intervalSeconds).toBe(2);
		expect(loaded.config.thresholds).toEqual({warn: 80, crit: 90});
		expect(existsSync(path.join(dir, 'none'))).toBe(false);
	});

	it('reads a full version-1 file', () => {
		const file = write('full.json', {
			version: 1,
			defaultContext: 'lab',
			intervalSeconds: 5,
			thresholds: {warn: 70, crit: 85},
			theme: {ascii: true},
			contexts: [
				{name: 'demo', target: 'demo'},
				{
					name: 'lab',
					target: 'host',
					host: 'ops@pve.lan:2222',
					sudo: true,
					readOnly: true,
					vpnGateway: 110,
					dockerHosts: [120, 121],
					thresholds: {crit: 95},
					colour: 'red',
					banner: 'PROD',
				},
			],
			keymap: {'guest.start': 'S', 'nav.top': ['g', 'Home'], 'app.refresh': '<disabled>'},
			catalog: {services: [{name: 'postgresql', memory: 4096}]},
		});
		const loaded = loadConfig({explicit: file});
		expect(loaded.ok).toBe(true);
		if (!loaded.ok) return;
		expect(loaded.config.defaultContext).toBe('lab');
		expect(loaded.config.theme).toEqual({color: true, ascii: true});
		expect(loaded.config.contexts[1]).toMatchObject({
			host: 'ops@pve.lan:2222',
			vpnGateway: 110,
			dockerHosts: [120, 121],
			thresholds: {crit: 95},
		});
		expect(loaded.config.keymap).toEqual({'guest.start': ['S'], 'nav.top': ['g', 'home'], 'app.refresh': []});
		expect(loaded.config.catalog.services).toEqual([{name: 'postgresql', memory: 4096}]);
	});

	it('names the file, the field and what is expected for a wrong type, and leaves the file alone', () => {
		const file = write('wrong-type.json', {
			version: 1,
			contexts: [
				{name: 'demo', target: 'demo'},
				{name: 'pve', target: 'host', host: 42},
			],
		});
		const message = loadBad(file);
		expect(message).toBe(
			`config file ${file}: contexts[1].host: expected an ssh alias or user@host[:port] (the context's target is "host"), found 42 (the file was not changed)`,
		);
	});

	it('refuses an unknown target kind', () => {
		const file = write('kind.json', {version: 1, contexts: [{name: 'cloud', target: 'aws'}]});
		expect(loadBad(file)).toContain('contexts[0].target: expected one of "host", "local", "demo", found "aws"');
	});

	it('refuses a negative interval', () => {
		const file = write('interval.json', {version: 1, intervalSeconds: -1});
		expect(loadBad(file)).toBe(
			`config file ${file}: intervalSeconds: expected seconds from 0.5 to 3600, found -1 (the file was not changed)`,
		);
	});

	it('refuses warn above crit, at the top level and in a context (merged with the top level)', () => {
		const file = write('thresholds.json', {
			version: 1,
			thresholds: {warn: 95, crit: 90},
			contexts: [{name: 'a', target: 'demo', thresholds: {warn: 92}}],
		});
		const message = loadBad(file);
		expect(message).toContain(`config file ${file} has 2 problems (the file was not changed):`);
		expect(message).toContain('  thresholds: expected warn at or below crit (warn 95 is above crit 90)');
		expect(message).toContain('  contexts[0].thresholds: expected warn at or below crit (warn 92 is above crit 90)');
	});

	it('lists every problem in one message', () => {
		const file = write('many.json', {
			version: 1,
			intervalSeconds: 'fast',
			contexts: [{name: 'x', target: 'local', host: 'pve', readonly: true}],
			theme: {color: 'no'},
		});
		const message = loadBad(file);
		expect(message.split('\n').slice(1)).toEqual([
			'  intervalSeconds: expected seconds from 0.5 to 3600, found "fast"',
			'  theme.color: expected true or false, found "no"',
			'  contexts[0].readonly: expected "readOnly" (names are case-sensitive), found "readonly"',
			'  contexts[0].host: expected no host for a "local" context (set "target": "host" to connect over SSH), found "pve"',
		]);
	});

	it('points at the line and column of a JSON syntax error', () => {
		const file = write(
			'syntax.json',
			'{\n  "version": 1,\n  "contexts": [\n    {"name": "a" "target": "demo"}\n  ]\n}\n',
		);
		expect(loadBad(file)).toBe(
			`config file ${file}: the file: expected valid JSON (Expected ',' or '}' after property value at line 4 column 18) (the file was not changed)`,
		);
	});

	it('refuses a password or passphrase with a sentence about secrets, never echoing the value', () => {
		const file = write('secret.json', {
			version: 1,
			contexts: [{name: 'pve', target: 'host', host: 'root@pve', password: 'hunter2'}],
			passphrase: 'x',
		});
		const message = loadBad(file);
		expect(message).toContain(
			'contexts[0].password: expected no secrets here: proxdeck never stores passwords, passphrases or tokens; use ssh-agent or an SSH key',
		);
		expect(message).toContain('  passphrase: expected no secrets here');
		expect(message).not.toContain('hunter2');
		expect(message.split('\n')).toHaveLength(3);
	});

	it('refuses a defaultContext that names no context, listing the names', () => {
		const file = write('default.json', {
			version: 1,
			defaultContext: 'prod',
			contexts: [
				{name: 'demo', target: 'demo'},
				{name: 'lab', target: 'local'},
			],
		});
		expect(loadBad(file)).toContain(
			'defaultContext: expected the name of one of the contexts: demo, lab, found "prod"',
		);
	});

	it('refuses duplicate context names and a host that ssh would misread', () => {
		const file = write('dupes.json', {
			version: 1,
			contexts: [
				{name: 'pve', target: 'local'},
				{name: 'pve', target: 'host', host: 'root@pve -oProxyCommand=x'},
			],
		});
		const message = loadBad(file);
		expect(message).toContain(
			'contexts[1].host: expected an ssh alias or user@host[:port] (contains a space), found "root@pve -oProxyCommand=x"',
		);
		const second = write('dupes2.json', {
			version: 1,
			contexts: [
				{name: 'pve', target: 'local'},
				{name: 'pve', target: 'demo'},
			],
		});
		expect(loadBad(second)).toContain(
			'contexts[1].name: expected a name no other context has (contexts[0] is also "pve")',
		);
	});

	it('refuses a file from a newer proxdeck', () => {
		const file = write('v2.json', {version: 2, contexts: []});
		expect(loadBad(file)).toContain(
			'version: expected format version 1 (a newer proxdeck wrote this file; upgrade proxdeck), found 2',
		);
	});

	it('refuses a file that is not an object, and an empty file', () => {
		expect(loadBad(write('array.json', '[1, 2]'))).toContain(
			'the file: expected a JSON object such as {"version": 1}, found a list of 2',
		);
		expect(loadBad(write('empty.json', ''))).toContain('found an empty file');
	});

	it('checks keymap action ids when the registry ids are given', () => {
		const text = JSON.stringify({version: 1, keymap: {'guest.strat': 'S'}});
		const result = checkConfigText(text, '/x/config.json', {knownActionIds: ['guest.start', 'app.quit']});
		expect(result.ok).toBe(false);
		if (!result.ok)
			expect(result.error.message).toBe(
				'config file /x/config.json: keymap["guest.strat"]: expected a known action id (proxdeck --help and the ? screen list them), found "guest.strat" (the file was not changed)',
			);
	});
});

describe('format versions', () => {
	const v0 = {
		defaultContext: 'pve',
		intervalSeconds: 3,
		contexts: {pve: {host: 'root@pve', sudo: true}, sim: {target: 'demo'}},
	};

	it('upgrades version 0 (contexts keyed by name, target implied by host) to 1 in memory', () => {
		const result = upgradeConfig(v0);
		expect(result).toEqual({
			ok: true,
			fromVersion: 0,
			value: {
				version: 1,
				defaultContext: 'pve',
				intervalSeconds: 3,
				contexts: [
					{name: 'pve', target: 'host', host: 'root@pve', sudo: true},
					{name: 'sim', target: 'demo'},
				],
			},
		});
	});

	it('is idempotent', () => {
		const once = upgradeConfig(v0);
		expect(once.ok).toBe(true);
		if (!once.ok) return;
		expect(upgradeConfig(once.value)).toEqual({ok: true, value: once.value, fromVersion: 1});
	});

	it('loads a version-0 file without rewriting it', () => {
		const file = write('v0.json', v0);
		const before = readFileSync(file);
		const loaded = loadConfig({explicit: file});
		expect(loaded.ok && loaded.fileVersion).toBe(0);
		expect(loaded.ok && loaded.config.contexts[0]).toEqual({name: 'pve', target: 'host', host: 'root@pve', sudo: true});
		expect(readFileSync(file).equals(before)).toBe(true);
	});
});

describe('saving', () => {
	it('saves through conf with mode 0600, also over an existing 0644 file', async () => {
		const file = write('saved.json', '{}');
		chmodSync(file, 0o644);
		await saveConfig(file, {version: 1, contexts: [{name: 'lab', target: 'local'}]});
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({version: 1, contexts: [{name: 'lab', target: 'local'}]});
		const fresh = path.join(dir, 'sub', 'new.json');
		await saveConfig(fresh, {version: 1});
		expect(statSync(fresh).mode & 0o777).toBe(0o600);
	});

	it('writes text atomically with mode 0600 and leaves no temp file behind', () => {
		const file = path.join(dir, 'deep', 'config.json');
		writeConfigTextAtomic(file, '{"version": 1}\n');
		expect(readFileSync(file, 'utf8')).toBe('{"version": 1}\n');
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(readdirSync(path.dirname(file))).toEqual(['config.json']);
	});

	it('conf never rewrites or clears an invalid file when opened', async () => {
		const {openConf} = await import('../../source/config/conf-store.js');
		const file = write('broken.json', '{"version": 1, "contexts": [');
		const before = readFileSync(file);
		const conf = openConf(file);
		expect(conf.path).toBe(file);
		expect(readFileSync(file).equals(before)).toBe(true);
	});
});
