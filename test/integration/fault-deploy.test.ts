/**
 * sshd killed in the middle of `proxdeck deploy` against the sshd test host: the deploy fails
 * naming the step it was on, the action journal records that step, and deploying again once
 * the host is back completes. One test host for the file; short keepalives and backoff.
 */
import {describe, expect, it} from 'vitest';
import {withState} from '../../source/sim/state-file.js';
import {requireE2E} from '../host/gate.js';
import {subcommandOn} from '../host/cli.js';
import {journaledTestHost} from '../host/journaled.js';

const gate = requireE2E('fault-deploy');

describe.skipIf(gate.skip)('sshd killed mid-deploy', () => {
	const lab = journaledTestHost(gate, 'fault-deploy');

	async function deploy(argv: string[], output: {out: string}): Promise<number> {
		const run = await subcommandOn(lab.ssh, argv, {journal: lab.journal, onOutput: (t) => (output.out += t)});
		return run.code;
	}

	function setFaults(faults: Record<string, unknown>): void {
		withState(lab.host.sim!.stateFile, (state) => {
			state.faults = faults as typeof state.faults;
		});
	}

	it('fails naming the step, journals it, and a second deploy completes', async () => {
		// Every host command takes 1.5 s, so the deploy is surely in the middle of a step.
		setFaults({latencyMs: 1500});
		const first = {out: ''};
		const running = deploy(['deploy', 'postgresql', '--yes'], first);
		// Once preflight has passed, the clone (its next step) is under way: cut the link then.
		await expect.poll(() => first.out, {timeout: 60_000, interval: 50}).toMatch(/ok\s+preflight/);
		await lab.host.stop();
		const code = await running;
		setFaults({});
		await lab.host.start();

		expect(code).toBe(1);
		const failed = (await lab.journal.read()).at(-1);
		expect(failed).toMatchObject({action: 'deploy', result: 'failed'});
		expect(typeof failed?.failedStep).toBe('string');
		expect(first.out).toContain(`${failed!.failedStep} failed`);
		expect(first.out).toMatch(/connection|disconnected|dropped/i);

		await expect.poll(() => lab.ssh.state().kind, {timeout: 20_000}).toBe('connected');
		const second = {out: ''};
		expect(await deploy(['deploy', 'postgresql', '--yes'], second)).toBe(0);
		expect(second.out).toContain('postgresql deployed: guest 200 running at 10.0.30.10 on vmbr2, probes passing');
		expect((await lab.journal.read()).at(-1)).toMatchObject({action: 'deploy', result: 'ok'});
		expect((await lab.ssh.exec('pct status 200')).stdout.trim()).toBe('status: running');
	}, 180_000);
});
