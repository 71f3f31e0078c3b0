/**
 * Running a Proxmox task from a job step and following it to the end, as the web UI does:
 * note the guest's recent tasks of that type, start the write detached (it goes on without
 * us), find the new task's UPID in the node's task list, then read its log as it grows until
 * it ends with `TASK OK`, `TASK WARNINGS: n` or `TASK ERROR: …`. The UPID and every log line
 * reach the job panel and the journal; a link that drops while following leaves the task
 * running on the host and the step failed with the UPID and how to follow it.
 */
import type {TaskEntry, TaskState} from '../model/safety.js';
import {parseTaskList, parseTaskLog, parseTaskStatus, taskErrorLine, taskLogEnd} from '../host/parse/tasks.js';
import type {GuestType} from '../model/snapshot.js';
import type {JobStep, PlanEnv, PlanStep, StepContext, TaskRef} from './job.js';
import type {StepCommand} from '../host/host-command.js';
import {showCommand} from './shared.js';
import {nodeTasks, taskLog, taskStatus} from './safety-commands.js';
import {EMPTY_LOG, keepLog} from './task-log-keep.js';
import {StepFailure} from './runner.js';

export interface TaskSpec {
	command: StepCommand;
	/** Where the task runs and how it is listed: node, task type (vzdump, vzrollback…), guest. */
	node: string;
	type: string;
	vmid: number;
	/** Longest the task may take before the step gives up following it (it keeps running). */
	timeoutMs: number;
}

export interface TaskOutcome extends TaskRef {
	state: TaskState;
	/** `OK`, `WARNINGS: n` or the error line. */
	status: string;
	lines: readonly string[];
}

/** How long a started write may take to show up in the task list. */
const APPEAR_MS = 30_000;
/** Read the status every this many log polls, for a task that died without a last line. */
const STATUS_EVERY = 10;

/** `proxdeck task log <upid> --follow`: how to pick up a task this run could not follow. */
export function followHint(upid: string): string {
	return `proxdeck task log ${upid} --follow`;
}

async function listTasks(ctx: StepContext, spec: TaskSpec): Promise<TaskEntry[]> {
	const result = await ctx.run(nodeTasks(spec.node, {vmid: spec.vmid, type: spec.type, limit: 10}), {
		allowFailure: true,
		timeoutMs: 30_000,
	});
	if (result.code !== 0) return [];
	const list = parseTaskList(result.stdout, `pvesh get /nodes/${spec.node}/tasks`);
	return list.ok ? list.value : [];
}

/** Start the task and follow it to its end; a task that ends in an error fails the step with its error line. */
export async function runTask(ctx: StepContext, spec: TaskSpec): Promise<TaskOutcome> {
	const before = new Set((await listTasks(ctx, spec)).map((t) => t.upid));
	await ctx.run(spec.command, {timeoutMs: 30_000});
	const launched = ctx.now();
	let found: TaskEntry | undefined;
	for (;;) {
		found = (await listTasks(ctx, spec)).find((t) => !before.has(t.upid));
		if (found) break;
		if (ctx.now() - launched >= APPEAR_MS) {
			const line = showCommand(ctx.env, spec.command);
			throw new StepFailure({
				message: `no ${spec.type} task for ${spec.vmid} appeared on ${spec.node} within ${APPEAR_MS / 1000}s of \`${line}\``,
				detail: 'Proxmox refused the request before a task began; run the command without setsid to see why',
				command: line,
			});
		}
		ctx.progress(`waiting for the ${spec.type} task to start on ${spec.node}`);
		await ctx.sleep(ctx.env.pollMs ?? 1000);
	}
	const ref = {upid: found.upid, node: found.node || spec.node};
	ctx.task(ref);
	const outcome = await followTask(ctx, ref, spec.timeoutMs);
	if (outcome.state === 'error' || outcome.state === 'unknown') {
		const why = taskErrorLine(outcome.lines) ?? outcome.status;
		throw new StepFailure({message: `task ${ref.upid} failed: ${why}`, detail: why});
	}
	return outcome;
}

/** A guest task's type as Proxmox lists it: `vzrollback` for a container, `qmrollback` for a VM. */
export function guestTaskType(
	type: GuestType,
	action: 'snapshot' | 'delsnapshot' | 'rollback' | 'restore' | 'start',
): string {
	return `${type === 'qemu' ? 'qm' : 'vz'}${action}`;
}

/**
 * A step that starts one Proxmox task and follows it to its end; `done` says what came of it
 * (the step's result). The plan shows the command and that the task is followed.
 */
export function taskStep(
	plan: Omit<PlanStep, 'commands'>,
	spec: TaskSpec,
	env: PlanEnv,
	done: (outcome: TaskOutcome) => string | void,
): JobStep {
	return {
		plan: {
			note: 'a Proxmox task: its log is followed until it ends; it goes on if the connection drops',
			...plan,
			commands: [showCommand(env, spec.command)],
		},
		changes: true,
		run: async (ctx) => done(await runTask(ctx, spec)),
	};
}

/** The connection went while following: the task is the host's now. */
function lostLink(ref: TaskRef, why: string): StepFailure {
	return new StepFailure({
		message: `lost the connection while following task ${ref.upid} (${why}); the task goes on on ${ref.node}: follow it with \`${followHint(ref.upid)}\``,
		detail: why,
		hint: followHint(ref.upid),
	});
}

/**
 * Read a task's log until it ends (or `timeoutMs` passes), reporting new lines as they come.
 * Used by runTask, and by `proxdeck task log --follow` for a task started elsewhere.
 */
export async function followTask(ctx: StepContext, ref: TaskRef, timeoutMs: number): Promise<TaskOutcome> {
	let log = EMPTY_LOG;
	const started = ctx.now();
	/** Read the lines written since the last read, and report them. */
	const readNewLines = async (): Promise<void> => {
		let result: {stdout: string; stderr: string; code: number | null};
		try {
			result = await ctx.run(taskLog(ref.upid, ref.node, log.read), {allowFailure: true, timeoutMs: 30_000});
		} catch (error) {
			if (error instanceof StepFailure) throw error;
			throw lostLink(ref, error instanceof Error ? error.message : String(error));
		}
		if (result.code === null) throw lostLink(ref, 'the read was cut off');
		const parsed = result.code === 0 ? parseTaskLog(result.stdout) : null;
		if (!parsed?.ok) return;
		// `--start` counts lines from 0; a log read twice over a rotation never repeats a line.
		const read = log.read;
		const fresh = parsed.value.filter((l) => l.n > read).map((l) => l.t);
		log = keepLog(log, fresh);
		if (fresh.length > 0) {
			ctx.taskLog(fresh);
			const last = [...fresh].reverse().find((l) => l.trim() !== '');
			if (last) ctx.progress(last);
		}
	};
	for (let poll = 1; ; poll++) {
		await readNewLines();
		const end = taskLogEnd(log.lines);
		if (end.state !== 'running') return {...ref, state: end.state, status: end.status ?? '', lines: log.lines};
		if (poll % STATUS_EVERY === 0) {
			const status = await ctx.run(taskStatus(ref.upid, ref.node), {allowFailure: true, timeoutMs: 30_000});
			const stopped = status.code === 0 ? parseTaskStatus(status.stdout) : null;
			if (stopped?.ok && !stopped.value.running) {
				// The task may have written its last lines between the read above and this status:
				// once it has stopped its log is complete, so one more read gets them.
				await readNewLines();
				const last = taskLogEnd(log.lines);
				if (last.state !== 'running') return {...ref, state: last.state, status: last.status ?? '', lines: log.lines};
				// Stopped without a last line in the log: killed, or the node rebooted under it.
				return {
					...ref,
					state: stopped.value.state,
					status: stopped.value.exitstatus ?? 'unexpected status',
					lines: log.lines,
				};
			}
		}
		if (ctx.now() - started >= timeoutMs) {
			throw new StepFailure({
				message: `task ${ref.upid} still runs after ${Math.round(timeoutMs / 60_000)} min; it goes on on ${ref.node}: follow it with \`${followHint(ref.upid)}\``,
				hint: followHint(ref.upid),
			});
		}
		await ctx.sleep(ctx.env.pollMs ?? 1000);
	}
}
