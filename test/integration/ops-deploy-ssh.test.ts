/**
 * Deploy, health and the journal through the real ssh transport: proxdeck talks to a real
 * sshd whose sessions run the simulated homelab's commands (test/host).
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createJournal, type Journal} from '../../source/journal/journal.js';
import type {SshTransport} from '../../source/transport/ssh.js';
import {connectTestHost} from '../host/connect.js';
import {requireE2E} from '../host/gate.js';
import {subcommandOn} from '../host/cli.js';
import {startTestHost, type TestHost} from '../host/harness.js';

const gate = requireE2E('ops-deploy-ssh');

describe.skipIf(gate.skip)('ops through the sshd test host', () => {
	let host: TestHost;
	let ssh: SshTransport;
	let journal: Journal;
	let stateDir: string;

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost();
		ssh = await connectTestHost(host);
		stateDir = mkdtempSync(join(tmpdir(), 'proxdeck-ops-ssh-'));
		journal = createJournal({env: {XDG_STATE_HOME: stateDir}});
	}, 120_000);
	afterAll(async () => {
		await ssh?.close();
		await host?.close();
		if (stateDir) rmSync(stateDir, {recursive: true, force: true});
	});

	async function cli(argv: string[]): Promise<{code: number; out: string; err: string}> {
		const run = await subcommandOn(ssh, argv, {journal});
		return {code: run.code, out: run.stdout, err: run.stderr};
	}

	function setFaults(faults: Record<string, unknown>): void {
		const file = host.sim!.stateFile;
		const state = JSON.parse(readFileSync(file, 'utf8')) as {faults: Record<string, unknown>};
		state.faults = faults;
		writeFileSync(file, JSON.stringify(state));
	}

	it('deploys postgresql: guest 200 running at 10.0.30.10 on vmbr2, probe passing', async () => {
		const run = await cli(['deploy', 'postgresql', '--yes']);
		expect(run.err).toBe('');
		expect(run.code).toBe(0);
		expect(run.out).toContain('postgresql deployed: guest 200 running at 10.0.30.10 on vmbr2, probes passing');
		expect((await ssh.exec('pct status 200')).stdout.trim()).toBe('status: running');
		expect((await ssh.exec('pct config 200')).stdout).toMatch(/^net0: name=eth0,bridge=vmbr2,.*ip=10\.0\.30\.10\/24/m);
	}, 120_000);

	it('running it again changes nothing and says so', async () => {
		const run = await cli(['deploy', 'postgresql']);
		expect(run.code).toBe(0);
		expect(run.out).toContain('nothing changed');
		expect(run.out).not.toMatch(/ok\s+clone/);
	}, 120_000);

	it('a failed start is journaled with its step; deploying again finishes', async () => {
		setFaults({failStep: [{sub: 'start', vmid: 201, remaining: 1}]});
		const failed = await cli(['deploy', 'redis', '--yes']);
		expect(failed.code).toBe(1);
		expect(failed.out).toContain("start failed: `pct start 201` exited 255: startup for container '201' failed");
		expect(failed.out).toMatch(/left behind: guest 201 \(redis\), created by this run, exists and is stopped/);
		expect((await journal.read()).at(-1)).toMatchObject({action: 'deploy', result: 'failed', failedStep: 'start'});
		setFaults({});
		const again = await cli(['deploy', 'redis', '--yes']);
		expect(again.code).toBe(0);
		expect(again.out).toMatch(/skip clone/);
	}, 120_000);

	it('health --json exits 3 with the pool warning and the s6 failure; --prometheus is valid text', async () => {
		const run = await cli(['health', '--json']);
		expect(run.code).toBe(3);
		const report = JSON.parse(run.out) as {results: {target: string; check: string; state: string; hint?: string}[]};
		expect(report.results.find((r) => r.target === 'pool:media-pool' && r.check === 'capacity')?.state).toBe('warn');
		expect(report.results.find((r) => r.target === 'ctr:111:qbittorrent')?.hint).toMatch(/official image/);
		const prom = await cli(['health', '--prometheus']);
		expect(prom.out).toMatch(/^# HELP proxdeck_health_state /);
		expect(prom.out).toMatch(
			/^proxdeck_health_state\{context="test-host",target="pool:media-pool",check="capacity"\} 1$/m,
		);
	}, 120_000);
});
