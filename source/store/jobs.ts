/**
 * The job panel's data: a view of each job (queued, running, done) built from its plan, moved
 * on by the runner's progress events and closed by its result. Pure functions; the queue
 * that runs jobs one after another lives in ops-runner.ts.
 */
import {plural} from '../model/format.js';
import type {HealthResult} from '../model/snapshot.js';
import type {JobResult} from '../model/job-result.js';
import type {Job, JobEvent, TaskRef} from '../ops/job.js';

/** One job as the job panel shows it (each step with its state, elapsed time and message). */
export interface JobStepView {
	name: string;
	title: string;
	state: 'pending' | 'running' | 'done' | 'failed' | 'skipped';
	startedAt: number | null;
	elapsedMs: number;
	message?: string;
}

export interface JobView {
	id: string;
	action: string;
	target: string;
	/** The cluster node it acts on, named in a cluster. */
	node?: string;
	state: 'queued' | 'running' | 'ok' | 'nothing-to-do' | 'failed' | 'cancelled' | 'interrupted';
	steps: readonly JobStepView[];
	startedAt: number | null;
	finishedAt: number | null;
	summary: string | null;
	/** Health results, problems first (a health job has no plan steps). */
	results?: readonly HealthResult[];
	/** The Proxmox task the job follows now, and the newest lines of its log. */
	task?: TaskRef;
	log?: readonly string[];
}

/** Task log lines a job view keeps (the panel shows the last few; `A` opens the whole log). */
const LOG_KEPT = 200;
/** Task log lines the panel shows under the steps. */
export const LOG_SHOWN = 4;

export function jobViewFromJob(job: Job): JobView {
	return {
		id: job.id,
		action: job.plan.action,
		target: job.plan.target,
		...(job.plan.node ? {node: job.plan.node} : {}),
		state: 'queued',
		steps: job.plan.steps.map((step) => ({
			name: step.name,
			title: step.title,
			state: 'pending',
			startedAt: null,
			elapsedMs: 0,
		})),
		startedAt: null,
		finishedAt: null,
		summary: null,
	};
}

/** A step moved: running (with progress text), done, failed or skipped. */
export function applyJobEvent(view: JobView, event: JobEvent, now: number): JobView {
	const steps = view.steps.map((step): JobStepView => {
		if (step.name !== event.step) return step;
		const startedAt = event.state === 'running' ? (step.startedAt ?? now - event.elapsedMs) : step.startedAt;
		return {
			...step,
			state: event.state,
			startedAt,
			elapsedMs: event.elapsedMs,
			...(event.message ? {message: event.message} : {}),
		};
	});
	const log = event.log
		? [...(event.task ? [] : (view.log ?? [])), ...event.log].slice(-LOG_KEPT)
		: event.task
			? []
			: view.log;
	return {
		...view,
		state: 'running',
		startedAt: view.startedAt ?? now,
		steps,
		...(event.task ? {task: event.task} : {}),
		...(log ? {log} : {}),
	};
}

export function finishJobView(view: JobView, result: JobResult): JobView {
	const reports = new Map(result.steps.map((s) => [s.name, s]));
	const steps = view.steps.map((step): JobStepView => {
		const report = reports.get(step.name);
		if (!report) return step.state === 'running' ? {...step, state: 'failed'} : step;
		return {
			...step,
			state: report.state,
			elapsedMs: report.elapsedMs,
			...(report.message ? {message: report.message} : {}),
		};
	});
	return {
		...view,
		steps,
		state: result.result,
		finishedAt: result.finishedAt,
		startedAt: view.startedAt ?? result.startedAt,
		summary: result.summary,
	};
}

/** A health run as a job: no plan steps, one line per result once it is back. */
export function healthJobView(id: string, target: string, now: number): JobView {
	return {
		id,
		action: 'health',
		target,
		state: 'running',
		steps: [{name: 'health', title: `Health checks of ${target}`, state: 'running', startedAt: now, elapsedMs: 0}],
		startedAt: now,
		finishedAt: null,
		summary: null,
	};
}

export function finishHealthView(view: JobView, results: readonly HealthResult[], now: number): JobView {
	const count = (state: HealthResult['state']): number => results.filter((r) => r.state === state).length;
	const fail = count('fail');
	const warn = count('warn');
	const summary = `health ${view.target}: ${count('pass')} pass, ${warn} warn, ${fail} fail`;
	// Problems first: they are what the user came for.
	const order = {fail: 0, warn: 1, pass: 2} as const;
	const sorted = [...results].sort((a, b) => order[a.state] - order[b.state]);
	const elapsed = now - (view.startedAt ?? now);
	return {
		...view,
		state: fail > 0 ? 'failed' : 'ok',
		finishedAt: now,
		summary,
		steps: view.steps.map((s) => ({
			...s,
			state: fail > 0 ? 'failed' : 'done',
			elapsedMs: elapsed,
			message: plural(results.length, 'check'),
		})),
		results: sorted,
	};
}

export function isActive(view: JobView): boolean {
	return view.state === 'queued' || view.state === 'running';
}

/** The job the panel shows in full: the running one, else the newest. */
export function focusJob(jobs: readonly JobView[]): JobView | undefined {
	return jobs.find((j) => j.state === 'running') ?? jobs.at(-1);
}

/** Lines the panel wants for its content (the title line included). */
export function jobPanelWants(jobs: readonly JobView[]): number {
	const job = focusJob(jobs);
	if (!job) return 0;
	// A problem's hint takes a line of its own (and long ones wrap: the panel then scrolls).
	const hints = (job.results ?? []).filter((r) => r.state !== 'pass' && (r.hint || r.fix)).length;
	const body =
		job.steps.length +
		(job.results?.length ?? 0) +
		hints +
		(job.task ? 1 : 0) +
		Math.min(LOG_SHOWN, job.log?.length ?? 0);
	return 1 + body + (job.summary ? 1 : 0);
}

/** Rows the job panel takes from the panes: none without jobs, at most 40% of the body. */
export function jobPanelRows(jobs: readonly JobView[], bodyRows: number): number {
	if (jobs.length === 0) return 0;
	const max = Math.max(4, Math.floor(bodyRows * 0.4));
	// +2 for the border.
	return Math.min(max, jobPanelWants(jobs) + 2);
}

/** What computeLayout should reserve for the panel on this terminal. */
export function reserveFor(jobs: readonly JobView[], term: {rows: number}): number {
	return jobPanelRows(jobs, Math.max(1, term.rows - 1) - 2);
}
