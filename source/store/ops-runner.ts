/**
 * Runs the console's jobs: one after another (a batch of marked guests never races itself),
 * each step's progress into `jobs` for the job panel, every run into the journal, and a
 * refresh after each job so the panes show what changed. Health runs the same way, with its
 * results as the job's lines. The panes keep refreshing meanwhile: the poller is separate.
 */
import type {Catalog} from '../catalog/types.js';
import type {Journal} from '../journal/journal.js';
import {newJobId, type Job, type OpsEnv} from '../ops/job.js';
import {startJob} from '../ops/runner.js';
import {runHealth} from '../ops/health/run.js';
import {applyJobEvent, finishHealthView, finishJobView, healthJobView, isActive, jobViewFromJob} from './jobs.js';
import type {AppStore, JobView} from './types.js';

export interface OpsDeps {
	/** The current context's transport, collector and sudo (they change with :ctx). */
	env(): OpsEnv;
	journal: Journal | null;
	catalog(): Catalog;
	refreshNow(): void;
	now?: () => number;
}

export interface OpsRunner {
	/** Queue jobs (already confirmed); they run in order after anything queued before. */
	enqueue(jobs: readonly Job[]): void;
	/** Health checks of these VMIDs or service names (none: everything). */
	health(targets: readonly string[], label: string): void;
	busy(): boolean;
	/** Resolves when everything queued so far has finished (tests, quitting). */
	idle(): Promise<void>;
}

/** Finished jobs stay on the panel until the next batch (or Esc); the journal keeps them all. */
function withoutFinished(jobs: readonly JobView[]): JobView[] {
	return jobs.filter(isActive);
}

export function createOpsRunner(store: AppStore, deps: OpsDeps): OpsRunner {
	const now = deps.now ?? Date.now;
	let chain: Promise<void> = Promise.resolve();
	let pending = 0;

	const update = (id: string, change: (view: JobView) => JobView): void => {
		const {jobs} = store.getState();
		store.setState({jobs: jobs.map((view) => (view.id === id ? change(view) : view))});
	};
	const queue = (work: () => Promise<void>): void => {
		pending += 1;
		chain = chain.then(work).catch((error: unknown) => {
			store.setState({notice: `job failed: ${error instanceof Error ? error.message : String(error)}`});
		}).finally(() => {
			pending -= 1;
		});
	};

	return {
		enqueue(jobs) {
			if (jobs.length === 0) return;
			store.setState({jobs: [...withoutFinished(store.getState().jobs), ...jobs.map(jobViewFromJob)]});
			for (const job of jobs) {
				queue(async () => {
					const running = startJob(job, deps.env(), {
						listener: (event) => update(job.id, (view) => applyJobEvent(view, event, now())),
						...(deps.journal ? {journal: deps.journal} : {}),
					});
					update(job.id, (view) => ({...view, state: 'running', startedAt: now()}));
					const result = await running.done;
					update(job.id, (view) => finishJobView(view, result));
					deps.refreshNow();
				});
			}
		},
		health(targets, label) {
			const id = newJobId('health');
			store.setState({jobs: [...withoutFinished(store.getState().jobs), healthJobView(id, label, now())]});
			queue(async () => {
				update(id, (view) => ({...view, startedAt: now(), steps: view.steps.map((s) => ({...s, startedAt: now()}))}));
				const report = await runHealth(deps.env(), {catalog: deps.catalog(), targets: [...targets]});
				update(id, (view) => finishHealthView(view, report.results, now()));
			});
		},
		busy: () => pending > 0,
		idle: async () => {
			// A job queued while waiting extends the chain: wait until it stops growing.
			for (;;) {
				const current = chain;
				await current;
				if (current === chain) return;
			}
		},
	};
}
