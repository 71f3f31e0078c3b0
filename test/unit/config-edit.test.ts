import {chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {editorCommand, runConfigCommand, type ConfigCommandIo} from '../../source/subcommands-config.js';

let dir: string;
let file: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'proxdeck-config-edit-'));
	file = path.join(dir, 'config.json');
});

const V1 = `{
  "version": 1,
  "intervalSeconds": 2,
  "contexts": [{"name": "demo", "target": "demo"}]
}
`;

/** Runs `proxdeck config <verb>` with captured output and an editor that is a sed script. */
async function run(verb: string[], env: Record<string, string> = {}, extra: Partial<ConfigCommandIo> = {}) {
	let stdout = '';
	let stderr = '';
	const code = await runConfigCommand(
		verb,
		{configPath: file},
		{
			stdout: (t) => void (stdout += t),
			stderr: (t) => void (stderr += t),
			env,
			knownActionIds: ['app.quit', 'guest.start'],
			...extra,
		},
	);
	return {code, stdout, stderr};
}

const sedEditor = (expression: string) => ({EDITOR: `sh -c 'sed -i -e "${expression}" "$1"' --`});
const draftPath = (stderr: string) => /your edit is kept in (\S+?):? /.exec(stderr)?.[1] ?? '';

describe('proxdeck config path', () => {
	it('prints the --config path', async () => {
		expect(await run(['path'])).toEqual({code: 0, stdout: `${file}\n`, stderr: ''});
	});

	it('prints the XDG path without --config, and creates nothing', async () => {
		let out = '';
		const code = await runConfigCommand(['path'], {}, {stdout: (t) => void (out += t), env: {XDG_CONFIG_HOME: dir}});
		expect(code).toBe(0);
		expect(out).toBe(`${path.join(dir, 'proxdeck', 'config.json')}\n`);
		expect(existsSync(path.join(dir, 'proxdeck'))).toBe(false);
	});

	it('answers a missing or unknown verb with usage (exit 2)', async () => {
		expect((await run([])).code).toBe(2);
		const unknown = await run(['delete']);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toBe(
			'proxdeck: unknown config command "delete"; usage: proxdeck config path|show|edit|upgrade [--config <file>]\n',
		);
	});
});

describe('proxdeck config show', () => {
	it('prints the defaults when there is no file', async () => {
		const result = await run(['show']);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe(`proxdeck: no config file at ${file}: these are the defaults\n`);
		expect(JSON.parse(result.stdout)).toMatchObject({
			version: 1,
			defaultContext: 'demo',
			intervalSeconds: 2,
			contexts: [{name: 'demo', target: 'demo'}],
		});
	});

	it('prints the effective config, with <disabled> as written', async () => {
		writeFileSync(file, JSON.stringify({version: 1, keymap: {'guest.start': '<disabled>'}}));
		const result = await run(['show']);
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({
			thresholds: {warn: 80, crit: 90},
			keymap: {'guest.start': '<disabled>'},
		});
	});

	it('refuses an invalid file with one message, exit 1', async () => {
		writeFileSync(file, JSON.stringify({version: 1, keymap: {'guest.strat': 'S'}}));
		const result = await run(['show']);
		expect(result).toMatchObject({code: 1, stdout: ''});
		expect(result.stderr).toContain(`config file ${file}: keymap["guest.strat"]: expected a known action id`);
	});

	it('checks keymap ids against the real registry by default', async () => {
		writeFileSync(file, JSON.stringify({version: 1, keymap: {'app.quit': ['ctrl+c', 'ctrl+q'], 'no.such': 'x'}}));
		let stderr = '';
		// No knownActionIds passed: the runner reads keymaps/registry itself.
		const code = await runConfigCommand(
			['show'],
			{configPath: file},
			{stdout: () => {}, stderr: (t) => void (stderr += t), env: {}},
		);
		expect(code).toBe(1);
		expect(stderr).toContain('keymap["no.such"]: expected a known action id');
		expect(stderr).not.toContain('app.quit');
	});

	it('notes a version-0 file and shows it upgraded, without rewriting it', async () => {
		const v0 = JSON.stringify({contexts: {pve: {host: 'root@pve'}}});
		writeFileSync(file, v0);
		const result = await run(['show']);
		expect(result.code).toBe(0);
		expect(result.stderr).toContain('is in format 0; shown as format 1');
		expect(JSON.parse(result.stdout).contexts).toEqual([{name: 'pve', target: 'host', host: 'root@pve'}]);
		expect(readFileSync(file, 'utf8')).toBe(v0);
	});
});

describe('proxdeck config edit', () => {
	it('saves a valid edit byte for byte, with mode 0600, and removes the draft', async () => {
		writeFileSync(file, V1);
		chmodSync(file, 0o644);
		const result = await run(['edit'], sedEditor('s/\\"intervalSeconds\\": 2/\\"intervalSeconds\\": 5/'));
		expect(result).toEqual({code: 0, stdout: '', stderr: `proxdeck: saved ${file}\n`});
		expect(readFileSync(file, 'utf8')).toBe(V1.replace('"intervalSeconds": 2', '"intervalSeconds": 5'));
		expect(statSync(file).mode & 0o777).toBe(0o600);
	});

	it('keeps the old file on an invalid edit and names the draft so nothing typed is lost', async () => {
		writeFileSync(file, V1);
		const before = readFileSync(file);
		const result = await run(['edit'], sedEditor('s/\\"intervalSeconds\\": 2/\\"intervalSeconds\\": -1/'));
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(
			`config file ${file}: intervalSeconds: expected seconds from 0.5 to 3600, found -1 (the file was not changed)`,
		);
		expect(readFileSync(file).equals(before)).toBe(true);
		const draft = draftPath(result.stderr);
		expect(draft).not.toBe('');
		expect(readFileSync(draft, 'utf8')).toContain('"intervalSeconds": -1');
	});

	it('refuses an edit that adds a password', async () => {
		writeFileSync(file, V1);
		const result = await run(
			['edit'],
			sedEditor('s/\\"target\\": \\"demo\\"/\\"target\\": \\"demo\\", \\"password\\": \\"hunter2\\"/'),
		);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('contexts[0].password: expected no secrets here: proxdeck never stores passwords');
		expect(result.stderr).not.toContain('hunter2');
		expect(readFileSync(file, 'utf8')).toBe(V1);
	});

	it('creates a missing file from a starter, mode 0600', async () => {
		const result = await run(['edit'], sedEditor('s/\\"intervalSeconds\\": 2/\\"intervalSeconds\\": 4/'));
		expect(result.code).toBe(0);
		expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
			version: 1,
			intervalSeconds: 4,
			contexts: [{name: 'demo', target: 'demo'}],
		});
		expect(statSync(file).mode & 0o777).toBe(0o600);
	});

	it('changes nothing when the editor saves no change, or fails', async () => {
		const unchanged = await run(['edit'], {EDITOR: 'true'});
		expect(unchanged).toEqual({code: 0, stdout: '', stderr: `proxdeck: no changes; ${file} was not changed\n`});
		expect(existsSync(file)).toBe(false);
		writeFileSync(file, V1);
		const failed = await run(['edit'], {EDITOR: 'sh -c "exit 3" --'});
		expect(failed.code).toBe(1);
		expect(failed.stderr).toContain('the editor (sh -c "exit 3" --) exited with status 3');
		expect(readFileSync(file, 'utf8')).toBe(V1);
	});

	it('does not overwrite a file that changed while the editor was open', async () => {
		writeFileSync(file, V1);
		const result = await run(
			['edit'],
			{},
			{
				runEditor: async (_command, draft) => {
					writeFileSync(draft, V1.replace('"intervalSeconds": 2', '"intervalSeconds": 7'));
					writeFileSync(file, V1.replace('"intervalSeconds": 2', '"intervalSeconds": 9'));
					return 0;
				},
			},
		);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('changed while you were editing; it was not replaced');
		expect(readFileSync(file, 'utf8')).toContain('"intervalSeconds": 9');
	});

	it('writes a version-0 edit back as version 1', async () => {
		writeFileSync(file, JSON.stringify({contexts: {pve: {host: 'root@pve'}}}, undefined, 2));
		const result = await run(['edit'], sedEditor('s/root@pve/ops@pve/'));
		expect(result.code).toBe(0);
		expect(result.stderr).toBe(`proxdeck: saved ${file} (upgraded from format 0 to 1)\n`);
		expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
			version: 1,
			contexts: [{name: 'pve', target: 'host', host: 'ops@pve'}],
		});
		expect(statSync(file).mode & 0o777).toBe(0o600);
	});
});

describe('proxdeck config upgrade', () => {
	it('rewrites a version-0 file once, then says it is current', async () => {
		writeFileSync(file, JSON.stringify({defaultContext: 'pve', contexts: {pve: {host: 'root@pve', sudo: true}}}));
		const first = await run(['upgrade']);
		expect(first).toEqual({code: 0, stdout: '', stderr: `proxdeck: upgraded ${file} from format 0 to 1\n`});
		expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
			version: 1,
			defaultContext: 'pve',
			contexts: [{name: 'pve', target: 'host', host: 'root@pve', sudo: true}],
		});
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const second = await run(['upgrade']);
		expect(second.stderr).toBe(`proxdeck: ${file} is already in format 1\n`);
	});
});

describe('editor choice', () => {
	it('prefers $VISUAL, then $EDITOR, else vi', () => {
		expect(editorCommand({VISUAL: 'nano', EDITOR: 'vim'})).toBe('nano');
		expect(editorCommand({EDITOR: 'vim'})).toBe('vim');
		expect(editorCommand({EDITOR: ' '})).toBe('vi');
	});
});
