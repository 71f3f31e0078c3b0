/**
 * The headless job runner: runs a job's steps in order, emits one event per step change to a
 * listener (the console's job panel, the CLI's progress lines), records every command with its
 * exit code and duration, stops at the first failure naming the step and quoting Proxmox's
 * own error, and appends one line to the action journal.
 */
import {classifyProxmoxError} from '../host/parse/proxmox-errors.js';
import type {Journal} from '../journal/journal.js';
import {journalEntryFromResult} from '../journal/journal.js';
import type {StepCommand} from '../host/host-command.js';
import {renderCommand} from '../host/host-command.js';
import {cutNotice, ExecOutput} from '../transport/output-cap.js';
import type {OutputSink} from '../transport/types.js';
import {interruption} from './interrupt.js';
import type {CommandRecord, JobResult, StepFailureInfo, StepReport} from '../model/job-result.js';
import type {Job, JobEvent, JobListener, OpsEnv, StepContext, TaskRef} from './job.js';

/** A step failed: carries what the journal and the user need. */
export class StepFailure extends Error {
	constructor(readonly info: Omit<StepFailureInfo, 'step'> & {step?: string}) {
		super(info.message);
		this.name = 'StepFailure';
	}
}

export class JobCancelled extends Error {
	constructor() {
		super('cancelled');
		this.name = 'JobCancelled';
	}
}

export interface RunOptions {
	listener?: JobListener;
	signal?: AbortSignal;
	journal?: Journal;
	/** After a failure, remove what this run created. */
	rollback?: boolean;
	/** Local user name for the journal (default: os user). */
	user?: string;
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(new JobCancelled());
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = (): void => {
			clearTimeout(timer);
			reject(new JobCancelled());
		};
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

/** The first line of stderr (or stdout) that says something, for quoting. */
function errorText(stdout: string, stderr: string): string {
	return stderr.trim() !== '' ? stderr : stdout;
}

/** `90s`, `2 min`, `30 min`: a timeout as a sentence says it. */
function duration(ms: number): string {
	if (ms < 1000) return `${ms} ms`;
	return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)}s`;
}

/** Turn a failed command into the sentence the user reads: step, command, Proxmox's words. */
export function commandFailure(
	step: string,
	command: string,
	code: number | null,
	stdout: string,
	stderr: string,
	interrupted?: string,
	timeoutMs?: number,
): StepFailureInfo {
	const text = errorText(stdout, stderr);
	const classified = classifyProxmoxError(text);
	const timedOut = interrupted === 'timeout';
	const detail =
		classified.detail ||
		(timedOut
			? 'it may still be running on the host (pct status and the task log tell)'
			: interrupted
				? `the command was ${interrupted}`
				: '');
	const how = timedOut
		? `did not finish within ${duration(timeoutMs ?? 0)} and was given up`
		: interrupted
			? `was ${interrupted}`
			: `exited ${code}`;
	return {
		step,
		message: `${step} failed: \`${command}\` ${how}${detail ? `: ${detail}` : ''}`,
		...(detail ? {detail} : {}),
		...(classified.hint ? {hint: classified.hint} : {}),
		kind: classified.kind,
		command,
		exitCode: code,
	};
}

/** Where a step's reports go besides its commands: progress text, the tasks it started, their logs. */
interface StepSink {
	progress(message: string): void;
	task(ref: TaskRef): void;
	taskLog(lines: readonly string[]): void;
}

/** Hand each chunk to `onOutput` as text and keep it in `gathered`. */
function watch(gathered: ExecOutput, onOutput: (text: string) => void): OutputSink {
	return {
		stdout(chunk) {
			gathered.stdout(chunk);
			onOutput(chunk.toString('utf8'));
		},
		stderr(chunk) {
			gathered.stderr(chunk);
			onOutput(chunk.toString('utf8'));
		},
	};
}

const NO_SINK: StepSink = {progress: () => {}, task: () => {}, taskLog: () => {}};

function makeContext(
	env: OpsEnv,
	step: () => string,
	records: CommandRecord[],
	sink: StepSink,
	signal?: AbortSignal,
): StepContext {
	const now = env.now ?? Date.now;
	const sleep = env.sleep ?? defaultSleep;
	return {
		env,
		...(signal ? {signal} : {}),
		now,
		progress: sink.progress,
		task: sink.task,
		taskLog: sink.taskLog,
		async sleep(ms) {
			if (signal?.aborted) throw new JobCancelled();
			await sleep(ms, signal);
			if (signal?.aborted) throw new JobCancelled();
		},
		async run(command: StepCommand, options = {}) {
			if (signal?.aborted) throw new JobCancelled();
			const line = env.nodes.render(command);
			const started = now();
			// Every command has a timeout (its own, or the step's); none waits for ever.
			const timeoutMs = Math.min(options.timeoutMs ?? command.timeoutMs, env.timeoutCapMs ?? Number.POSITIVE_INFINITY);
			// Output watched as it arrives is still gathered (under the usual cap) for the result.
			const gathered = options.onOutput ? new ExecOutput() : null;
			const onOutput = options.onOutput;
			const watcher = gathered && onOutput ? watch(gathered, onOutput) : undefined;
			const answer = await env.nodes.exec(command, {
				timeoutMs,
				...(signal ? {signal} : {}),
				...(watcher ? {sink: watcher} : {}),
			});
			const result = gathered ? {...answer, ...gathered.result()} : answer;
			const record: CommandRecord = {
				step: step(),
				command: line,
				...(command.node ? {node: command.node} : {}),
				exitCode: result.code,
				durationMs: Math.max(0, Math.round(result.durationMs ?? now() - started)),
			};
			if (result.interrupted) record.interrupted = result.interrupted;
			records.push(record);
			if (result.cut)
				sink.progress(
					`${renderCommand(command, false)}: ${cutNotice(result.cut.limit, Math.max(result.cut.stdout ?? 0, result.cut.stderr ?? 0))}`,
				);
			if (result.interrupted === 'aborted' || signal?.aborted) throw new JobCancelled();
			if ((result.code !== 0 || result.interrupted) && !options.allowFailure) {
				throw new StepFailure(
					commandFailure(step(), line, result.code, result.stdout, result.stderr, result.interrupted, timeoutMs),
				);
			}
			return {stdout: result.stdout, stderr: result.stderr, code: result.code};
		},
	};
}

export async function runJob(job: Job, env: OpsEnv, options: RunOptions = {}): Promise<JobResult> {
	const now = env.now ?? Date.now;
	const {plan} = job;
	const records: CommandRecord[] = [];
	const reports: StepReport[] = [];
	const startedAt = now();
	let current = plan.steps[0]?.name ?? plan.action;
	let stepStarted = startedAt;
	const tasks: NonNullable<JobResult['tasks']> = [];
	const emit = (
		state: StepReport['state'] | 'running',
		message?: string,
		extra: Pick<JobEvent, 'task' | 'log'> = {},
	): void => {
		options.listener?.({
			jobId: job.id,
			action: plan.action,
			target: plan.target,
			step: current,
			state,
			elapsedMs: now() - stepStarted,
			...(message ? {message} : {}),
			...extra,
		});
	};
	const sink: StepSink = {
		progress: (message) => emit('running', message),
		task: (ref) => {
			tasks.push({step: current, ...ref});
			emit('running', `task started on ${ref.node}`, {task: ref});
		},
		taskLog: (lines) => {
			if (lines.length > 0) emit('running', undefined, {log: [...lines]});
		},
	};
	const ctx = makeContext(env, () => current, records, sink, options.signal);

	let failure: StepFailureInfo | undefined;
	let cancelled = false;
	let changed = false;
	for (const step of job.steps) {
		current = step.plan.name;
		stepStarted = now();
		if (options.signal?.aborted) {
			cancelled = true;
			break;
		}
		if (step.plan.skip !== undefined) {
			reports.push({name: current, state: 'skipped', elapsedMs: 0, message: step.plan.skip});
			emit('skipped', step.plan.skip);
			continue;
		}
		emit('running', step.plan.title);
		try {
			const message = (await step.run?.(ctx)) ?? undefined;
			changed ||= step.changes;
			reports.push({name: current, state: 'done', elapsedMs: now() - stepStarted, ...(message ? {message} : {})});
			emit('done', message ?? undefined);
		} catch (error) {
			if (error instanceof JobCancelled || options.signal?.aborted) {
				cancelled = true;
				const why = interruption(options.signal)?.message ?? 'cancelled';
				reports.push({name: current, state: 'failed', elapsedMs: now() - stepStarted, message: why});
				emit('failed', why);
				break;
			}
			failure =
				error instanceof StepFailure
					? {...error.info, step: current}
					: {step: current, message: `${current} failed: ${error instanceof Error ? error.message : String(error)}`};
			reports.push({name: current, state: 'failed', elapsedMs: now() - stepStarted, message: failure.message});
			emit('failed', failure.message);
			break;
		}
	}

	let leftovers: string[] = [];
	let rolledBack: string[] = [];
	const interrupted = cancelled ? interruption(options.signal) : null;
	if ((failure || cancelled) && job.onFailure) {
		// The cleanup runs even after a cancel, without the aborted signal, so it can finish.
		const cleanupCtx = makeContext(
			env,
			() => 'rollback',
			records,
			{...NO_SINK, task: sink.task, taskLog: sink.taskLog},
			undefined,
		);
		const info = failure ?? {
			step: current,
			message: `${current} was ${interrupted ? interrupted.message : 'cancelled'}`,
		};
		// An interrupted run only says what it left: the process is on its way out, and running
		// the command again finishes the job.
		const rollback = (options.rollback ?? false) && !interrupted;
		try {
			({leftovers, rolledBack} = await job.onFailure(cleanupCtx, info, rollback, interrupted !== null));
		} catch (error) {
			leftovers = [`could not check what was left behind: ${error instanceof Error ? error.message : String(error)}`];
		}
	}

	const result: Omit<JobResult, 'summary'> = {
		jobId: job.id,
		action: plan.action,
		target: plan.target,
		...(plan.node ? {node: plan.node} : {}),
		result: interrupted
			? 'interrupted'
			: cancelled
				? 'cancelled'
				: failure
					? 'failed'
					: changed
						? 'ok'
						: 'nothing-to-do',
		...(interrupted ? {interrupted: {signal: interrupted.signal, step: current}} : {}),
		steps: reports,
		commands: records,
		...(failure ? {failure} : {}),
		leftovers,
		rolledBack,
		...(tasks.length > 0 ? {tasks} : {}),
		startedAt,
		finishedAt: now(),
	};
	const summary = summarize(result, job);
	const final: JobResult = {...result, summary};
	if (options.journal)
		await options.journal.append(
			journalEntryFromResult(final, {context: env.context, ...(options.user ? {user: options.user} : {})}),
		);
	return final;
}

function summarize(result: Omit<JobResult, 'summary'>, job: Job): string {
	const {plan} = job;
	const left = result.leftovers.length > 0 ? ` Left behind: ${result.leftovers.join('; ')}.` : '';
	if (result.interrupted)
		return `${plan.action} ${plan.target}: interrupted by ${result.interrupted.signal} during ${result.interrupted.step}.${left} Run it again to resume.`;
	if (result.result === 'cancelled')
		return `${plan.action} ${plan.target}: cancelled during ${result.steps.at(-1)?.name ?? 'start'}${left ? `.${left}` : ''}`;
	if (result.failure) {
		const extra =
			result.rolledBack.length > 0
				? ` Rolled back: ${result.rolledBack.join(', ')}.`
				: result.leftovers.length > 0
					? ` Left behind: ${result.leftovers.join('; ')}.`
					: '';
		return `${plan.action} ${plan.target}: ${result.failure.message}${result.failure.hint ? ` (hint: ${result.failure.hint})` : ''}.${extra}`;
	}
	if (job.successSummary) return job.successSummary(result);
	if (result.result === 'nothing-to-do') return `${plan.action} ${plan.target}: nothing to do`;
	return `${plan.action} ${plan.target}: done`;
}

export interface RunningJob {
	id: string;
	plan: Job['plan'];
	/** Resolves when the job ends, however it ends (never rejects). */
	done: Promise<JobResult>;
	cancel(): void;
}

/** Start a job in the background (the console's job panel): events go to the listener, cancel() aborts it. */
export function startJob(
	job: Job,
	env: OpsEnv,
	options: Omit<RunOptions, 'signal'> & {signal?: AbortSignal} = {},
): RunningJob {
	const controller = new AbortController();
	// The outer reason (an Interrupted signal) carries over: the job journals why it stopped.
	if (options.signal?.aborted) controller.abort(options.signal.reason);
	options.signal?.addEventListener('abort', () => controller.abort(options.signal?.reason), {once: true});
	const done = runJob(job, env, {...options, signal: controller.signal});
	return {id: job.id, plan: job.plan, done, cancel: () => controller.abort()};
}
