import {describe, expect, it} from 'vitest';
import type {Job, JobStep} from '../../source/ops/job.js';
import {preflightStep} from '../../source/ops/preflight.js';
import {runJob} from '../../source/ops/runner.js';
import {sampleSnapshot} from '../helpers/sample-snapshot.js';
import {fakeCollector, fakeTransport} from '../screen/fakes.js';
import {createNodeRouter} from '../../source/host/node-router.js';

const env = {
	nodes: createNodeRouter(fakeTransport(), {sudo: false}),
	collector: fakeCollector(sampleSnapshot),
	context: 'demo',
};

function job(steps: JobStep[], blockers: string[] = []): Job {
	return {
		id: 'test-1',
		plan: {
			action: 'test',
			target: 'guest 200',
			vmid: 200,
			steps: steps.map((s) => s.plan),
			checks: [],
			blockers,
			nothingToDo: false,
			dangerous: false,
		},
		steps,
	};
}

function step(name: string, changes: boolean, ran: string[], skip?: string): JobStep {
	return {
		plan: {name, title: name, commands: [], ...(skip ? {skip} : {})},
		changes,
		run: async () => void ran.push(name),
	};
}

describe('the job runner', () => {
	it('a run in which only steps that change nothing ran had nothing to do, whatever the steps are called', async () => {
		const ran: string[] = [];
		const result = await runJob(
			job([step('verify', false, ran), step('apply', true, ran, 'already applied'), step('probe', false, ran)]),
			env,
		);
		expect(ran).toEqual(['verify', 'probe']);
		expect(result.result).toBe('nothing-to-do');
		expect(result.summary).toBe('test guest 200: nothing to do');
	});

	it('a run in which a changing step ran is ok', async () => {
		const ran: string[] = [];
		const result = await runJob(job([step('verify', false, ran), step('apply', true, ran)]), env);
		expect(ran).toEqual(['verify', 'apply']);
		expect(result.result).toBe('ok');
	});

	it('a preflight step with blockers stops the job before any later step runs', async () => {
		const ran: string[] = [];
		const blockers = ['VMID 200 is taken by guest "db"'];
		const result = await runJob(
			job([preflightStep({title: 'Check guest 200'}, blockers), step('apply', true, ran)], blockers),
			env,
		);
		expect(ran).toEqual([]);
		expect(result.result).toBe('failed');
		expect(result.failure).toMatchObject({
			step: 'preflight',
			message: 'preflight failed: VMID 200 is taken by guest "db"',
		});
		expect(result.steps.map((s) => [s.name, s.state])).toEqual([['preflight', 'failed']]);
	});
});
