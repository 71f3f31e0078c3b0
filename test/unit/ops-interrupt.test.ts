/**
 * Every remote step of a job has a timeout, and a job stopped by SIGINT or SIGTERM is journaled
 * as interrupted at the step it reached, with what it left behind; running it again resumes.
 * On the simulated homelab, with a transport that can make one command hang.
 */
import {describe, expect, it} from 'vitest';
import {defaultCatalog, findService} from '../../source/catalog/defaults.js';
import {planDeploy} from '../../source/ops/deploy.js';
import {Interrupted, INTERRUPT_EXIT, watchSignals} from '../../source/ops/interrupt.js';
import type {JobEvent, OpsEnv} from '../../source/ops/job.js';
import {planLifecycle} from '../../source/ops/lifecycle.js';
import {runJob} from '../../source/ops/runner.js';
import {createAppStore} from '../../source/store/app-store.js';
import type {ExecOptions, ExecResult, Transport} from '../../source/transport/types.js';
import {createNodeRouter, type NodeRouter} from '../../source/host/node-router.js';
import {simLab} from './ops-sim.js';

const postgresql = () => findService(defaultCatalog(), 'postgresql')!;

/** Ops over this transport (the standalone demo: every command on the connected node). */
const routed = (transport: Transport): NodeRouter => createNodeRouter(transport, {sudo: false});

/** The lab's transport, except that commands starting with `hang` never answer (until their timeout or an abort). */
function hanging(inner: Transport, hang: string, seen: {timeoutMs?: number}[] = []): Transport {
	return Object.assign(Object.create(inner) as Transport, {
		exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
			if (!command.startsWith(hang)) return inner.exec(command, options);
			seen.push({...(options.timeoutMs !== undefined ? {timeoutMs: options.timeoutMs} : {})});
			return new Promise((resolve) => {
				const end = (interrupted: 'timeout' | 'aborted'): void =>
					resolve({stdout: '', stderr: '', code: null, interrupted, durationMs: 0});
				if (options.timeoutMs !== undefined) setTimeout(() => end('timeout'), options.timeoutMs);
				options.signal?.addEventListener('abort', () => end('aborted'), {once: true});
			});
		},
	});
}

describe('timeouts on every remote step', () => {
	it('a hung pct set fails the configure step after its timeout, naming it, and is journaled with what was left', async () => {
		const lab = simLab();
		const seen: {timeoutMs?: number}[] = [];
		const env: OpsEnv = {...lab.env, nodes: routed(hanging(lab.transport, 'pct set', seen)), timeoutCapMs: 50};
		const job = await planDeploy(env, postgresql());
		const result = await runJob(job, env, {journal: lab.journal});
		expect(result.result).toBe('failed');
		expect(result.failure?.step).toBe('configure');
		expect(result.failure?.message).toMatch(
			/^configure failed: `pct set 200 [^`]+` did not finish within 50 ms and was given up: it may still be running on the host/,
		);
		expect(result.leftovers.join(' ')).toMatch(/guest 200 \(postgresql-db\), created by this run/);
		expect(seen).toEqual([{timeoutMs: 50}]);
		expect((await lab.journal.read()).at(-1)).toMatchObject({result: 'failed', failedStep: 'configure'});
	});

	it('every command a job runs carries a timeout of its own, without the step saying so', async () => {
		const lab = simLab();
		const timeouts: (number | undefined)[] = [];
		const inner = lab.transport;
		const transport = Object.assign(Object.create(inner) as Transport, {
			exec(command: string, options: ExecOptions = {}) {
				timeouts.push(options.timeoutMs);
				return inner.exec(command, options);
			},
		});
		const env: OpsEnv = {...lab.env, nodes: routed(transport)};
		// Shutdown then stop: the stop after a shutdown that timed out is a step of its own.
		const job = await planLifecycle(env, {action: 'shutdown', vmid: 100, timeoutSec: 5});
		await runJob(job, env);
		const deploy = await planDeploy(env, postgresql());
		const before = timeouts.length;
		await runJob(deploy, env);
		expect(timeouts.length).toBeGreaterThan(before);
		expect(timeouts.filter((t) => t === undefined || !(t > 0))).toEqual([]);
	});

	it('the stop after a shutdown that never answers times out too', async () => {
		const lab = simLab();
		const env: OpsEnv = {
			...lab.env,
			nodes: routed(hanging(hanging(lab.transport, 'pct shutdown'), 'pct stop')),
			timeoutCapMs: 30,
		};
		const job = await planLifecycle(env, {action: 'shutdown', vmid: 100, timeoutSec: 5});
		const result = await runJob(job, env);
		expect(result.result).toBe('failed');
		expect(result.failure?.step).toBe('stop');
		expect(result.failure?.message).toMatch(/`pct stop 100` did not finish/);
	});
});

describe('SIGINT and SIGTERM during a job', () => {
	it('the job stops before its next command, is journaled as interrupted at the step it reached with what it left; a rerun resumes', async () => {
		const lab = simLab();
		const controller = new AbortController();
		const events: JobEvent[] = [];
		const job = await planDeploy(lab.env, postgresql());
		const result = await runJob(job, lab.env, {
			journal: lab.journal,
			signal: controller.signal,
			rollback: true,
			listener: (event) => {
				events.push(event);
				// The signal arrives while the guest is being configured.
				if (event.step === 'configure' && event.state === 'running') controller.abort(new Interrupted('SIGTERM'));
			},
		});
		expect(result.result).toBe('interrupted');
		expect(result.interrupted).toEqual({signal: 'SIGTERM', step: 'configure'});
		// Interrupted, not rolled back even though --rollback was asked: the rerun finishes the job.
		expect(result.rolledBack).toEqual([]);
		expect(result.leftovers.join(' ')).toMatch(/guest 200 \(postgresql-db\), created by this run/);
		expect(result.summary).toMatch(
			/^deploy postgresql \(200\): interrupted by SIGTERM during configure\. Left behind: .* Run it again to resume\.$/,
		);
		const entry = (await lab.journal.read()).at(-1)!;
		expect(entry).toMatchObject({result: 'interrupted', interrupted: {signal: 'SIGTERM', step: 'configure'}});
		expect(entry.leftovers?.join(' ')).toMatch(/guest 200/);

		const again = await runJob(await planDeploy(lab.env, postgresql()), lab.env, {journal: lab.journal});
		expect(again.result).toBe('ok');
		expect(again.steps.find((s) => s.name === 'clone')).toMatchObject({state: 'skipped'});
	});

	it('in the console: the running job is journaled as interrupted, the queued one does not start', async () => {
		const lab = simLab();
		const env: OpsEnv = {...lab.env, nodes: routed(hanging(lab.transport, 'pct set'))};
		const store = createAppStore({
			collector: lab.env.collector,
			transport: env.nodes.transport,
			context: 'demo',
			readOnly: false,
			journal: lab.journal,
		});
		const first = await planDeploy(env, postgresql());
		const second = await planDeploy(env, findService(defaultCatalog(), 'redis')!);
		store.runtime.runner.enqueue([first, second], {ops: env, catalog: defaultCatalog(), refreshNow: () => undefined});
		await expect.poll(() => store.getState().jobs[0]?.steps.find((s) => s.name === 'configure')?.state).toBe('running');
		store.runtime.runner.interrupt(new Interrupted('SIGTERM'));
		await store.runtime.runner.idle();
		expect(store.getState().jobs.map((j) => j.state)).toEqual(['interrupted', 'cancelled']);
		expect(store.getState().jobs[1]!.summary).toMatch(/not started \(interrupted by SIGTERM\)/);
		const entries = await lab.journal.read();
		expect(entries.map((e) => [e.target, e.result])).toEqual([['postgresql (200)', 'interrupted']]);
	});

	it('watchSignals: the first signal aborts with the signal as the reason, a second exits with 128 + its number', () => {
		const exits: number[] = [];
		const reasons: string[] = [];
		const watch = watchSignals({exit: (code) => exits.push(code), onFirst: (reason) => reasons.push(reason.signal)});
		try {
			process.emit('SIGTERM', 'SIGTERM');
			expect(watch.signal.aborted).toBe(true);
			expect((watch.signal.reason as Interrupted).signal).toBe('SIGTERM');
			expect(exits).toEqual([]);
			process.emit('SIGINT', 'SIGINT');
			expect(exits).toEqual([INTERRUPT_EXIT.SIGINT]);
			expect(reasons).toEqual(['SIGTERM']);
		} finally {
			watch.dispose();
		}
	});
});
