/**
 * The smaller ways a host, a guest or a careless setup could mislead or expose the operator,
 * each played through the sshd test host:
 * - `pvesh get /cluster/resources` comes back cut short: the console keeps the last good
 *   guests, marked stale, instead of an empty pane;
 * - post-deploy commands carrying passwords in the forms real tools take them: the journal
 *   holds none of them;
 * - a config file other users may write, holding post-deploy commands: refused, with the fix;
 * - a password typed into --host: never echoed back.
 */
import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {defaultCatalog} from '../../source/catalog/defaults.js';
import {createCollector} from '../../source/host/collect.js';
import {createJournal} from '../../source/journal/journal.js';
import {createAppStore, startPoller, stopPoller} from '../../source/store/app-store.js';
import type {AppStore} from '../../source/store/types.js';
import type {SshTransport} from '../../source/transport/ssh.js';
import {connectTestHost} from '../host/connect.js';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import {payloadPath, swapCommand, writePayload} from '../host/hostile.js';
import {proxdeckOnHost, subcommandOn} from '../host/cli.js';
import {renderApp, type Harness} from '../screen/harness.js';

const gate = requireE2E('hostile-leftovers');

describe.skipIf(gate.skip)('smaller leaks and lies, through the sshd test host', () => {
	let host: TestHost;
	let ssh: SshTransport;
	let dir: string;

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost();
		ssh = await connectTestHost(host);
		dir = mkdtempSync(join(tmpdir(), 'pd-leftovers-'));
		// While the switch file exists, /cluster/resources is cut off after 3000 bytes.
		swapCommand(host, 'pvesh', [
			{
				startsWith: 'get /cluster/resources',
				run: `if [ -e "$HOSTILE/truncate" ]; then "$REAL" "$@" | head -c 3000; else exec "$REAL" "$@"; fi`,
			},
		]);
	}, 120_000);
	afterAll(async () => {
		await ssh?.close();
		await host?.close();
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	describe('a truncated /cluster/resources', () => {
		let store: AppStore;
		let app: Harness;
		afterAll(() => {
			if (store) stopPoller(store);
			app?.unmount();
		});

		it('keeps the last good guests on screen, marked stale, then fresh again once it reads', async () => {
			store = createAppStore({
				collector: createCollector(ssh, {context: 'test-host'}),
				transport: ssh,
				context: 'test-host',
				host: ssh.label,
				readOnly: true,
				intervalMs: 500,
			});
			app = await renderApp(store, {cols: 200, rows: 50});
			startPoller(store);
			await expect.poll(() => app.lastFrame(), {timeout: 60_000}).toMatch(/116 wireguard/);
			const guests = store.getState().snapshot!.guests.length;
			writePayload(host, 'truncate', '');
			await expect.poll(() => app.lastFrame(), {timeout: 30_000}).toMatch(/1 Guests stale since \d\d:\d\d:\d\d/);
			const snapshot = store.getState().snapshot!;
			expect(snapshot.guests).toHaveLength(guests);
			expect(snapshot.stale).toEqual([{section: 'guests', since: expect.any(String)}]);
			expect(snapshot.errors.find((e) => e.section === 'guests')?.command).toBe(
				'pvesh get /cluster/resources --output-format json',
			);
			expect(app.lastFrame()).toMatch(/116 wireguard/);
			rmSync(payloadPath(host, 'truncate'));
			await expect.poll(() => app.lastFrame(), {timeout: 30_000}).not.toMatch(/stale since/);
			expect(store.getState().snapshot!.stale).toBeUndefined();
		}, 120_000);
	});

	it('post-deploy commands with passwords in them reach the journal masked', async () => {
		const secrets = ['S3cr3t', 'hunter2', 'p@ss', 'k3y-abc', 'd0ck3r', 'pwd-xyz', 'a b'];
		const catalog = defaultCatalog();
		const postgresql = catalog.services.find((s) => s.name === 'postgresql')!;
		// The guest has none of these tools: each command is allowed to fail (`|| true`), so all
		// of them run, and all of them are journaled.
		postgresql.postDeploy = [
			['sh', '-c', 'true', '--password=a b'],
			['sh', '-c', 'mysql -pS3cr3t -e "select 1" || true'],
			['sh', '-c', 'curl -u admin:hunter2 -H "X-Api-Key: k3y-abc" https://bob:p@ss@git.example/r.git || true'],
			['sh', '-c', 'docker login -p d0ck3r registry.example || MYSQL_PWD=pwd-xyz mysql app || true'],
		];
		const journal = createJournal({env: {XDG_STATE_HOME: dir}});
		const {out} = await subcommandOn(ssh, ['deploy', 'postgresql', '--yes'], {journal, catalog});
		const text = readFileSync(journal.path, 'utf8');
		expect(text).toContain("'--password=***'");
		expect(text).toContain('mysql -p***');
		expect(text).toContain('curl -u admin:***');
		expect(text).toContain('X-Api-Key: ***');
		expect(text).toContain('https://bob:***@git.example');
		expect(text).toContain('docker login -p ***');
		expect(text).toContain('MYSQL_PWD=***');
		for (const secret of secrets) expect(text).not.toContain(secret);
		expect(out).toMatch(/post-deploy/);
	}, 180_000);

	it('a config file others may write, with post-deploy commands in it, is refused with the fix', async () => {
		const file = join(dir, 'config.json');
		writeFileSync(
			file,
			JSON.stringify({
				version: 1,
				catalog: {services: [{name: 'postgresql', postDeploy: [['systemctl', 'enable', 'postgresql']]}]},
			}),
		);
		chmodSync(file, 0o666);
		const result = await proxdeckOnHost(host, ['--config', file, 'deploy', 'postgresql', '--dry-run']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(
			`holds postDeploy commands, which run as root in guests, and other users may write to it (mode 0666): proxdeck does not use it. Run: chmod 600 ${file}`,
		);
	}, 60_000);

	it('a password typed into --host is never echoed back', async () => {
		// The last --host wins over the alias the helper passes first.
		const result = await proxdeckOnHost(host, ['--host', `root:hunter2@127.0.0.1:${host.port}`, '--once']);
		expect(result.code).not.toBe(0);
		expect(`${result.stdout}${result.stderr}`).not.toContain('hunter2');
		expect(result.stderr).toContain(`root:***@127.0.0.1:${host.port}`);
	}, 60_000);
});
