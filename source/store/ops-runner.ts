/**
 * Runs the console's jobs: one after another (a batch of marked guests never races itself),
 * each step's progress into `jobs` for the job panel, every run into the journal, and a
 * refresh after each job so the panes show what changed. Health runs the same way, with its
 * results as the job's lines; its snapshot is the panes' own refresh (the env's collector is
 * the poller). The panes keep refreshing meanwhile.
 */
import type {StoreApi} from 'zustand/vanilla';
import type {Catalog} from '../catalog/types.js';
import type {Journal} from '../journal/journal.js';
import {newJobId, type Job, type OpsEnv} from '../ops/job.js';
import {startJob} from '../ops/runner.js';
import type {Interrupted} from '../ops/interrupt.js';
import {runHealth} from '../ops/health/run.js';
import {
	applyJobEvent,
	finishHealthView,
	finishJobView,
	healthJobView,
	isActive,
	jobViewFromJob,
	type JobView,
} from './jobs.js';

/** What one batch of jobs runs against (the context of the moment it was queued). */
export interface RunnerEnv {
	ops: OpsEnv;
	catalog: Catalog;
	/** Called after each job, so the panes show what changed. */
	refreshNow(): void;
	/** Called after each job with its plan: reads the snapshots or backups it changed again. */
	afterJob?(plan: Job['plan']): void;
}

export interface OpsRunner {
	/** Queue jobs (already confirmed); they run in order after anything queued before. */
	enqueue(jobs: readonly Job[], env: RunnerEnv): void;
	/** Health checks of these VMIDs or service names (none: everything). */
	health(targets: readonly string[], label: string, env: RunnerEnv): void;
	busy(): boolean;
	/** Resolves when everything queued so far has finished (tests, quitting). */
	idle(): Promise<void>;
	/**
	 * The process got SIGINT or SIGTERM: the running job stops before its next command and
	 * journals itself as interrupted; jobs not started yet do not start.
	 */
	interrupt(reason: Interrupted): void;
}

/** Finished jobs stay on the panel until the next batch (or Esc); the journal keeps them all. */
function withoutFinished(jobs: readonly JobView[]): JobView[] {
	return jobs.filter(isActive);
}

/** The part of the console's state the runner writes: the job panel, and a notice when a job breaks. */
type JobsStore = StoreApi<{jobs: readonly JobView[]; notice: string | null}>;

export function createOpsRunner(store: JobsStore, options: {journal: Journal | null; now?: () => number}): OpsRunner {
	const now = options.now ?? Date.now;
	const {journal} = options;
	let chain: Promise<void> = Promise.resolve();
	let pending = 0;
	const stop = new AbortController();

	const update = (id: string, change: (view: JobView) => JobView): void => {
		const {jobs} = store.getState();
		store.setState({jobs: jobs.map((view) => (view.id === id ? change(view) : view))});
	};
	const queue = (work: () => Promise<void>): void => {
		pending += 1;
		chain = chain
			.then(work)
			.catch((error: unknown) => {
				store.setState({notice: `job failed: ${error instanceof Error ? error.message : String(error)}`});
			})
			.finally(() => {
				pending -= 1;
			});
	};

	return {
		enqueue(jobs, env) {
			if (jobs.length === 0) return;
			store.setState({jobs: [...withoutFinished(store.getState().jobs), ...jobs.map(jobViewFromJob)]});
			for (const job of jobs) {
				queue(async () => {
					if (stop.signal.aborted) {
						update(job.id, (view) => ({
							...view,
							state: 'cancelled',
							finishedAt: now(),
							summary: `${view.action} ${view.target}: not started (${stop.signal.reason instanceof Error ? stop.signal.reason.message : 'stopped'})`,
						}));
						return;
					}
					const running = startJob(job, env.ops, {
						listener: (event) => update(job.id, (view) => applyJobEvent(view, event, now())),
						signal: stop.signal,
						...(journal ? {journal} : {}),
					});
					update(job.id, (view) => ({...view, state: 'running', startedAt: now()}));
					const result = await running.done;
					update(job.id, (view) => finishJobView(view, result));
					env.refreshNow();
					env.afterJob?.(job.plan);
				});
			}
		},
		health(targets, label, env) {
			const id = newJobId('health');
			store.setState({jobs: [...withoutFinished(store.getState().jobs), healthJobView(id, label, now())]});
			queue(async () => {
				update(id, (view) => ({...view, startedAt: now(), steps: view.steps.map((s) => ({...s, startedAt: now()}))}));
				const report = await runHealth(env.ops, {catalog: env.catalog, targets: [...targets]});
				update(id, (view) => finishHealthView(view, report.results, now()));
			});
		},
		busy: () => pending > 0,
		interrupt: (reason) => stop.abort(reason),
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
