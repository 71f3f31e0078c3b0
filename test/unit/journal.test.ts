import {mkdtemp, readFile, writeFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createJournal, journalPath, type JournalEntry} from '../../source/journal/journal.js';
import {redactSecrets} from '../../source/journal/redact.js';

function entry(partial: Partial<JournalEntry> = {}): JournalEntry {
	return {
		v: 1,
		time: '2025-01-01T00:00:00.000Z',
		user: 'alice',
		context: 'demo',
		action: 'deploy',
		target: 'postgresql (200)',
		jobId: 'deploy-1',
		result: 'ok',
		steps: [{name: 'clone', state: 'done', elapsedMs: 10}],
		commands: [
			{
				step: 'clone',
				command: 'pct clone 900 200 --hostname postgresql-db --storage local-lvm --full',
				exitCode: 0,
				durationMs: 10,
			},
		],
		summary: 'done',
		durationMs: 12,
		...partial,
	};
}

describe('journal path', () => {
	it('honours XDG_STATE_HOME and falls back to ~/.local/state', () => {
		expect(journalPath({XDG_STATE_HOME: '/var/state'}, '/home/a')).toBe('/var/state/proxdeck/journal.jsonl');
		expect(journalPath({}, '/home/a')).toBe('/home/a/.local/state/proxdeck/journal.jsonl');
		// Relative values are invalid per the XDG spec.
		expect(journalPath({XDG_STATE_HOME: 'state'}, '/home/a')).toBe('/home/a/.local/state/proxdeck/journal.jsonl');
	});
});

describe('journal file', () => {
	let dir: string;
	beforeEach(async () => {
		dir = await mkdtemp(join(tmpdir(), 'proxdeck-journal-'));
	});
	afterEach(async () => {
		await rm(dir, {recursive: true, force: true});
	});

	it('appends one JSON line per action and reads them back, last N', async () => {
		const journal = createJournal({env: {XDG_STATE_HOME: dir}});
		await journal.append(entry({jobId: 'a'}));
		await journal.append(entry({jobId: 'b', result: 'failed', failedStep: 'start'}));
		await journal.append(entry({jobId: 'c'}));
		const text = await readFile(join(dir, 'proxdeck', 'journal.jsonl'), 'utf8');
		expect(text.trim().split('\n')).toHaveLength(3);
		expect((await journal.read()).map((e) => e.jobId)).toEqual(['a', 'b', 'c']);
		expect((await journal.read(2)).map((e) => `${e.jobId}:${e.failedStep ?? ''}`)).toEqual(['b:start', 'c:']);
	});

	it('skips a torn line instead of losing the journal', async () => {
		const path = join(dir, 'j.jsonl');
		await writeFile(path, `${JSON.stringify(entry({jobId: 'x'}))}\n{"action": "dep\n`);
		expect((await createJournal({path}).read()).map((e) => e.jobId)).toEqual(['x']);
	});

	it('never writes a secret', async () => {
		const path = join(dir, 'j.jsonl');
		await createJournal({path}).append(
			entry({
				commands: [
					{
						step: 'post-deploy',
						command: "pct exec 200 -- psql --password 'hunter2' -c 'select 1'",
						exitCode: 0,
						durationMs: 1,
					},
				],
				error: 'PGPASSWORD=s3cret psql failed',
			}),
		);
		const text = await readFile(path, 'utf8');
		expect(text).not.toContain('hunter2');
		expect(text).not.toContain('s3cret');
		expect(text).toContain('--password ***');
	});
});

describe('redactSecrets', () => {
	it('masks flags, assignments, URL credentials and auth headers, and leaves the rest alone', () => {
		expect(redactSecrets('mysql --password=abc -u root')).toBe('mysql --password=*** -u root');
		expect(redactSecrets('DB_PASS=abc API_TOKEN="x y" HOST=db')).toBe('DB_PASS=*** API_TOKEN=*** HOST=db');
		expect(redactSecrets('curl https://bob:pw@example.com/x')).toBe('curl https://bob:***@example.com/x');
		expect(redactSecrets('Authorization: Bearer abc.def')).toBe('Authorization: Bearer ***');
		expect(redactSecrets('pct set 200 --net0 name=eth0,bridge=vmbr2,ip=10.0.30.10/24')).toBe(
			'pct set 200 --net0 name=eth0,bridge=vmbr2,ip=10.0.30.10/24',
		);
	});

	it('masks the forms that commands and URLs really use', () => {
		// A command line as the journal holds it: shell-quoted words.
		expect(redactSecrets("pct exec 200 -- mysql '--password=a b' -u root")).toBe(
			"pct exec 200 -- mysql '--password=***' -u root",
		);
		expect(redactSecrets('mysql -uroot -pS3cr3t -h db')).toBe('mysql -uroot -p*** -h db');
		expect(redactSecrets("pct exec 200 -- sh -c 'mysqldump -pS3cr3t app'")).toBe(
			"pct exec 200 -- sh -c 'mysqldump -p*** app'",
		);
		expect(redactSecrets('curl -u admin:hunter2 https://x')).toBe('curl -u admin:*** https://x');
		expect(redactSecrets("curl --user 'admin:two words' https://x")).toBe("curl --user 'admin:***' https://x");
		expect(redactSecrets('git clone https://bob:p@ss@git.example/r.git')).toBe(
			'git clone https://bob:***@git.example/r.git',
		);
		expect(redactSecrets("curl -H 'X-Api-Key: abc123' https://x")).toBe("curl -H 'X-Api-Key: ***' https://x");
		expect(redactSecrets('docker login -p hunter2 -u bob registry')).toBe('docker login -p *** -u bob registry');
		expect(redactSecrets('MYSQL_PWD=hunter2 mysql app')).toBe('MYSQL_PWD=*** mysql app');
	});

	it('leaves look-alikes alone: ports, mkdir -p, a user without a password', () => {
		for (const text of [
			'docker run -p 8080:80 nginx',
			'mkdir -p /srv/data',
			'mysql -u root app',
			'pct exec 200 -- useradd -u 1000 app',
			'curl -u admin https://x',
			'--password-stdin --username bob',
		]) {
			expect(redactSecrets(text)).toBe(text);
		}
	});
});
