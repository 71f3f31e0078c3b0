/**
 * `proxdeck tasks [--running] [--json] [--limit N]`: running and recent tasks of every node
 * (`/cluster/tasks`), a failed one with its error line; `proxdeck task log <UPID> [--follow]`:
 * a task's log, followed until it ends (a task started by a job whose connection dropped is
 * picked up this way, with the UPID the journal kept).
 */
import type {SubcommandArgs} from '../cli-args.js';
import {EXIT} from '../exit-codes.js';
import {parseTaskList, parseTaskLog, parseUpid, taskLogEnd} from '../host/parse/tasks.js';
import {assertUpid, validated} from '../host/validate.js';
import {newJobId, type Job} from '../ops/job.js';
import {runJob} from '../ops/runner.js';
import {clusterTasks, taskLog} from '../ops/safety-commands.js';
import {failedTaskLines} from '../ops/safety-read.js';
import {followTask} from '../ops/task-run.js';
import {EMPTY_LOG, keepLog} from '../ops/task-log-keep.js';
import {taskRows} from '../report/safety-rows.js';
import type {SubcommandDeps} from './io.js';
import {flag, makeIo, opsEnv, table, value} from './io.js';

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export async function tasksCommand(args: SubcommandArgs, deps: SubcommandDeps): Promise<number> {
	const io = makeIo(deps);
	if (args.positional.length > 0) {
		io.err('usage: proxdeck tasks [--running] [--json] [--limit N]');
		return EXIT.usage;
	}
	const limitText = value(args, 'limit');
	const limit = limitText === undefined ? 50 : Number(limitText);
	if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
		io.err(`--limit wants a whole number from 1 to 10000, not "${limitText}"`);
		return EXIT.usage;
	}
	const env = opsEnv(deps);
	const command = clusterTasks();
	const line = env.nodes.render(command);
	const result = await env.nodes.exec(command, {timeoutMs: 30_000});
	if (result.code !== 0) {
		io.err(
			`\`${line}\` ${result.interrupted ? `was ${result.interrupted}` : `exited ${result.code}`}: ${(result.stderr || result.stdout).trim().split('\n')[0] ?? ''}`,
		);
		return EXIT.error;
	}
	const parsed = parseTaskList(result.stdout);
	if (!parsed.ok) {
		io.err(`${parsed.error.command}: ${parsed.error.message}`);
		return EXIT.error;
	}
	const tasks = parsed.value.filter((t) => !flag(args, 'running') || t.state === 'running').slice(0, limit);
	const errors = await failedTaskLines(env.nodes, tasks);
	const now = (deps.now ?? Date.now)();
	if (flag(args, 'json') || deps.options.json) {
		const out = tasks.map((t) => ({...t, ...(errors[t.upid] ? {errorLine: errors[t.upid]} : {})}));
		io.json({schemaVersion: 1, context: deps.context, tasks: out});
		return EXIT.ok;
	}
	if (tasks.length === 0) {
		io.out(flag(args, 'running') ? 'no task is running' : 'no recent tasks');
		return EXIT.ok;
	}
	const rows = taskRows(tasks, now, errors).map((r) => [
		r.started,
		r.duration,
		r.task.node,
		r.task.type,
		r.guest,
		r.task.user,
		clip(r.status, 120),
		r.task.upid,
	]);
	for (const out of table([['STARTED', 'TIME', 'NODE', 'TYPE', 'GUEST', 'USER', 'STATUS', 'UPID'], ...rows]))
		io.out(out);
	return EXIT.ok;
}

/** `task log --follow --json` holds as many lines as one read without --follow takes. */
const JSON_LOG_KEEP = {head: 1_000, tail: 49_000};

/** Hours a followed task may run before `task log --follow` stops following (the task goes on). */
const FOLLOW_MS = 24 * 3_600_000;

export async function taskCommand(args: SubcommandArgs, deps: SubcommandDeps): Promise<number> {
	const io = makeIo(deps);
	const [verb, upidText, ...extra] = args.positional;
	if (verb !== 'log' || upidText === undefined || extra.length > 0) {
		io.err('usage: proxdeck task log <UPID> [--follow] [--json]');
		return EXIT.usage;
	}
	const checked = validated(() => assertUpid(upidText));
	if (!checked.ok) {
		io.err(checked.error.message);
		return EXIT.usage;
	}
	const ref = {upid: checked.value, node: parseUpid(checked.value)!.node};
	const env = opsEnv(deps);
	const json = flag(args, 'json') || deps.options.json;
	if (!flag(args, 'follow')) {
		const result = await env.nodes.exec(taskLog(ref.upid, ref.node, 0, 50_000), {timeoutMs: 60_000});
		const log = result.code === 0 ? parseTaskLog(result.stdout) : null;
		if (!log?.ok) {
			io.err(
				`could not read the log of ${ref.upid}: ${log && !log.ok ? log.error.message : (result.stderr || result.stdout).trim().split('\n')[0] || `exit ${result.code}`}`,
			);
			return EXIT.error;
		}
		const lines = log.value.map((l) => l.t);
		const end = taskLogEnd(lines);
		if (json) io.json({...ref, state: end.state, status: end.status, lines});
		else for (const text of lines) io.out(text);
		return end.state === 'error' || end.state === 'unknown' ? EXIT.error : EXIT.ok;
	}
	// Following is a job of one step that only reads: the runner's polling and cancelling, no journal.
	let state: string = 'running';
	const job: Job = {
		id: newJobId('task-log'),
		plan: {
			action: 'task log',
			target: ref.upid,
			steps: [{name: 'follow', title: `Follow ${ref.upid}`, commands: []}],
			checks: [],
			blockers: [],
			nothingToDo: false,
			dangerous: false,
		},
		steps: [
			{
				plan: {name: 'follow', title: `Follow ${ref.upid}`, commands: []},
				changes: false,
				run: async (ctx) => {
					const outcome = await followTask(ctx, ref, FOLLOW_MS);
					state = outcome.state;
					return outcome.status;
				},
			},
		],
	};
	// Printed as they come; for --json, held as the first and newest lines of a long log.
	let kept = EMPTY_LOG;
	const result = await runJob(job, env, {
		listener: (event) => {
			if (!event.log) return;
			if (json) kept = keepLog(kept, event.log, JSON_LOG_KEEP);
			else for (const text of event.log) io.out(text);
		},
		...(deps.signal ? {signal: deps.signal} : {}),
	});
	if (result.failure) io.err(result.failure.message);
	if (json) io.json({...ref, state, status: result.steps[0]?.message ?? null, lines: kept.lines, read: kept.read});
	return !result.failure && result.result !== 'cancelled' && (state === 'ok' || state === 'warning')
		? EXIT.ok
		: EXIT.error;
}
