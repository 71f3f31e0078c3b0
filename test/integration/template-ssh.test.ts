/**
 * `proxdeck template create` through the sshd test host, the link dropped in the middle of
 * the install: the run fails naming the step and the half-made CT, and running it again once
 * the host is back finishes that same CT (no second create) and makes it a template.
 */
import {describe, expect, it} from 'vitest';
import {removeGuest} from '../../source/sim/mutate.js';
import {withState} from '../../source/sim/state-file.js';
import {requireE2E} from '../host/gate.js';
import {subcommandOn} from '../host/cli.js';
import {swapCommand} from '../host/hostile.js';
import {journaledTestHost} from '../host/journaled.js';

const gate = requireE2E('template-ssh');

describe.skipIf(gate.skip)('template create over ssh, interrupted', () => {
	const lab = journaledTestHost(gate, 'template-ssh');

	async function templateCreate(output: {out: string}): Promise<number> {
		const argv = ['template', 'create', 'postgresql', '--yes'];
		const run = await subcommandOn(lab.ssh, argv, {journal: lab.journal, onOutput: (t) => (output.out += t)});
		return run.code;
	}

	it('a link dropped mid-install leaves CT 900 named; the rerun resumes it to a template', async () => {
		withState(lab.host.sim!.stateFile, (state) => removeGuest(state, 900));
		// The package install hangs, so the link surely drops in the middle of it.
		const pct = swapCommand(lab.host, 'pct', [{startsWith: 'exec 900 -- env DEBIAN_FRONTEND', run: 'exec sleep 600'}]);
		const first = {out: ''};
		const running = templateCreate(first);
		await expect.poll(() => first.out, {timeout: 60_000, interval: 50}).toMatch(/ok {3}wait-network/);
		await lab.host.stop();
		const code = await running;
		pct.restore();
		await lab.host.start();

		expect(code).toBe(1);
		expect(first.out).toMatch(/FAIL install/);
		const failed = (await lab.journal.read()).at(-1);
		expect(failed).toMatchObject({action: 'template', result: 'failed', failedStep: 'install'});

		await expect.poll(() => lab.ssh.state().kind, {timeout: 20_000}).toBe('connected');
		const second = {out: ''};
		expect(await templateCreate(second)).toBe(0);
		expect(second.out).toMatch(/skip create\s+\S+\s+CT 900 already exists/);
		expect(second.out).toContain('postgresql: template 900 made on pve (local-hdd)');
		expect((await lab.journal.read()).at(-1)).toMatchObject({action: 'template', result: 'ok'});
		expect((await lab.ssh.exec('pct config 900')).stdout).toMatch(/^template: 1$/m);
	}, 180_000);
});
