/**
 * Jobs against a host that hangs, and a proxdeck that is told to stop, through the sshd test
 * host. A `pct set` that never returns fails its step when its time is up (instead of holding
 * the deploy for ever); SIGTERM or Ctrl-C in the middle of a deploy journals it as interrupted
 * at the step it reached, with the half-made guest named, and exits 143 or 130; running the
 * same deploy again resumes where it stopped.
 */
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createJournal} from '../../source/journal/journal.js';
import type {SshTransport} from '../../source/transport/ssh.js';
import {connectTestHost} from '../host/connect.js';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import {swapCommand, type SwappedCommand} from '../host/hostile.js';
import {descendants} from '../host/sshd.js';
import {subcommandOn} from '../host/cli.js';

const gate = requireE2E('fault-jobs');
const root = fileURLToPath(new URL('../..', import.meta.url));

/** `pct set` never answers; every other pct command is the sim's. */
const HUNG_SET = [{startsWith: 'set ', run: 'exec sleep 600'}];

describe.skipIf(gate.skip)('jobs that hang or are stopped, through the sshd test host', () => {
	let host: TestHost;
	let ssh: SshTransport;
	let stateDir: string;
	let pct: SwappedCommand | null = null;

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost();
		ssh = await connectTestHost(host);
		stateDir = mkdtempSync(join(tmpdir(), 'pd-fault-jobs-'));
	}, 120_000);
	afterAll(async () => {
		pct?.restore();
		await ssh?.close();
		await host?.close();
		if (stateDir) rmSync(stateDir, {recursive: true, force: true});
	});

	const journal = () => createJournal({env: {XDG_STATE_HOME: stateDir}});

	const cli = (argv: string[], extra: {timeoutCapMs?: number} = {}) =>
		subcommandOn(ssh, argv, {journal: journal(), ...extra});

	it('a hung pct set fails the configure step when its time is up; the rerun finishes the deploy', async () => {
		pct = swapCommand(host, 'pct', HUNG_SET);
		const started = Date.now();
		const failed = await cli(['deploy', 'postgresql', '--yes'], {timeoutCapMs: 1500});
		expect(failed.code).toBe(1);
		expect(failed.out).toMatch(/configure failed: `pct set 200 [^`]+` did not finish within 2s and was given up/);
		expect(failed.out).toMatch(/left behind: guest 200 \(postgresql-db\), created by this run/);
		expect(Date.now() - started).toBeLessThan(60_000);
		expect((await journal().read()).at(-1)).toMatchObject({
			action: 'deploy',
			result: 'failed',
			failedStep: 'configure',
		});
		pct.restore();
		const again = await cli(['deploy', 'postgresql', '--yes']);
		expect(again.code).toBe(0);
		expect(again.out).toMatch(/skip clone/);
		expect(again.out).toContain('postgresql deployed');
	}, 180_000);

	for (const [signal, code, service, vmid] of [
		['SIGTERM', 143, 'redis', 201],
		['SIGINT', 130, 'nextcloud', 202],
	] as const) {
		it(`${signal} mid-deploy: journaled as interrupted at configure with the guest it left, exit ${code}; the rerun resumes`, async () => {
			pct = swapCommand(host, 'pct', HUNG_SET);
			const env = {...process.env, HOME: host.home, USER: 'root', XDG_STATE_HOME: stateDir};
			const child = spawn('npx', ['tsx', 'source/cli.tsx', '--host', host.alias, 'deploy', service, '--yes'], {
				cwd: root,
				env,
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let out = '';
			child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
			const exited = new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
			// The clone is done and `pct set` hangs: configure is under way.
			await expect.poll(() => out, {timeout: 90_000, interval: 100}).toMatch(/ok\s+clone/);
			await new Promise((resolve) => setTimeout(resolve, 500));
			// npx and tsx run proxdeck as a grandchild: the signal goes to proxdeck's own process.
			const proxdeck = descendants(child.pid!)
				.filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('source/cli.tsx'))
				.at(-1)!;
			process.kill(proxdeck, signal);
			expect(await exited).toBe(code);
			expect(out).toMatch(
				new RegExp(
					`interrupted by ${signal} during configure\\. Left behind: guest ${vmid} \\(\\S+\\), created by this run`,
				),
			);
			const entry = (await journal().read()).at(-1)!;
			expect(entry).toMatchObject({action: 'deploy', result: 'interrupted', interrupted: {signal, step: 'configure'}});
			expect(entry.leftovers?.join(' ')).toMatch(new RegExp(`guest ${vmid}`));
			pct.restore();
			const again = await cli(['deploy', service, '--yes']);
			expect(again.code).toBe(0);
			expect(again.out).toMatch(/skip clone/);
		}, 180_000);
	}
});
