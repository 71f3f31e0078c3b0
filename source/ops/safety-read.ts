/**
 * The backup audit's read, kept apart from the 2-second refresh because it costs: each
 * `pvesh` is a Perl start (a few hundred ms of the host's CPU) and listing a Proxmox Backup
 * Server's datastore asks that server. One batched exec reads the jobs, the host's UTC offset,
 * each online node's recent vzdump tasks and the backups on every storage that holds them (a
 * shared one once); a second exec, only when there are any, reads the logs of failed vzdump
 * tasks not read before (a finished task's log never changes, so they are kept).
 */
import type {BackupVolume, SafetyData, TaskEntry, VzdumpOutcome} from '../model/safety.js';
import type {SectionError, Snapshot} from '../model/snapshot.js';
import type {BatchSection} from '../host/batch.js';
import type {SectionOutput} from '../host/batch-output.js';
import {execBatch} from '../host/batch-exec.js';
import {parseBackupContent, parseBackupJobs} from '../host/parse/backups.js';
import {parseUtcOffset} from '../host/parse/calendar-event.js';
import {parseTaskList, parseTaskLog, vzdumpOutcomes, taskErrorLine} from '../host/parse/tasks.js';
import {shellJoin} from '../host/quote.js';
import type {NodeRouter} from '../host/node-router.js';
import {backupContent, backupJobs, nodeTasks, taskLog} from './safety-commands.js';

export interface SafetyReadEnv {
	/** The reads are pvesh API calls (they reach every node themselves), sent on the connected node. */
	nodes: Pick<NodeRouter, 'execScript'>;
	now?: () => number;
}

/** Failed task logs read per audit, newest first (older ones wait for the next read). */
const LOG_READS = 6;
const TIMEOUT_SEC = 30;

export interface SafetyReader {
	read(snapshot: Snapshot, signal?: AbortSignal): Promise<SafetyData>;
}

/** Storages that hold backups, each once: a shared one on its first online node, a local one on each node. */
export function backupTargets(snapshot: Snapshot): {storage: string; node: string}[] {
	const online = new Set(snapshot.nodes.filter((n) => n.online).map((n) => n.name));
	const seen = new Set<string>();
	const targets: {storage: string; node: string}[] = [];
	for (const s of snapshot.storages) {
		if (!s.content.includes('backup') || !online.has(s.node) || (s.status !== 'available' && s.status !== 'active'))
			continue;
		const key = s.shared ? s.storage : `${s.storage}@${s.node}`;
		if (seen.has(key)) continue;
		seen.add(key);
		targets.push({storage: s.storage, node: s.node});
	}
	return targets;
}

function sectionError(
	section: string,
	argv: readonly string[],
	output: SectionOutput | undefined,
	message?: string,
): SectionError {
	const text = (output?.stderr || output?.stdout || '').trim().split('\n')[0] ?? '';
	return {
		section,
		command: shellJoin(argv),
		message: message ?? (text || (output ? `exit code ${output.code}` : 'no output (the batch was cut off)')),
		exitCode: output?.code ?? null,
	};
}

export function createSafetyReader(env: SafetyReadEnv): SafetyReader {
	const logs = new Map<string, VzdumpOutcome[]>();

	async function batch(sections: BatchSection[], signal?: AbortSignal): Promise<Map<string, SectionOutput>> {
		const {outputs, result} = await execBatch(env.nodes, undefined, sections, {
			timeoutMs: (TIMEOUT_SEC + 15) * 1000,
			...(signal ? {signal} : {}),
		});
		if (result.interrupted)
			throw new Error(
				`the backup read was ${result.interrupted === 'timeout' ? 'timed out' : result.interrupted === 'aborted' ? 'cancelled' : 'cut off: the connection dropped'}`,
			);
		return outputs;
	}

	return {
		async read(snapshot, signal) {
			const now = env.now ?? Date.now;
			const nodes = snapshot.nodes.filter((n) => n.online).map((n) => n.name);
			const targets = backupTargets(snapshot);
			const section = (id: string, argv: readonly string[], root = true): BatchSection => ({
				id,
				argv,
				root,
				timeoutSec: TIMEOUT_SEC,
			});
			const sections: BatchSection[] = [
				section('backup-jobs', backupJobs().argv),
				section('utc-offset', ['date', '+%z'], false),
			];
			nodes.forEach((node, i) =>
				sections.push(section(`tasks-${i}`, nodeTasks(node, {type: 'vzdump', limit: 50}).argv)),
			);
			targets.forEach((t, i) => sections.push(section(`backups-${i}`, backupContent(t.node, t.storage).argv)));
			const out = await batch(sections, signal);
			const errors: SectionError[] = [];
			const take = (s: BatchSection): SectionOutput | undefined => {
				const o = out.get(s.id);
				if (o?.code === 0) return o;
				errors.push(sectionError(s.id, s.argv, o));
				return undefined;
			};

			let jobs: SafetyData['jobs'] = null;
			const jobsOut = take(sections[0]!);
			if (jobsOut) {
				const parsed = parseBackupJobs(jobsOut.stdout);
				if (parsed.ok) jobs = parsed.value;
				else errors.push(sectionError('backup-jobs', sections[0]!.argv, jobsOut, parsed.error.message));
			}
			const offsetOut = out.get('utc-offset');
			const utcOffsetMinutes = offsetOut?.code === 0 ? parseUtcOffset(offsetOut.stdout) : null;

			const backupTasks: TaskEntry[] = [];
			nodes.forEach((node, i) => {
				const s = sections.find((x) => x.id === `tasks-${i}`)!;
				const o = take(s);
				if (!o) return;
				const parsed = parseTaskList(o.stdout, `pvesh get /nodes/${node}/tasks`);
				if (parsed.ok) backupTasks.push(...parsed.value);
				else errors.push(sectionError(s.id, s.argv, o, parsed.error.message));
			});
			backupTasks.sort((a, b) => b.starttime - a.starttime);

			const backups: BackupVolume[] = [];
			const storagesRead: string[] = [];
			targets.forEach((t, i) => {
				const s = sections.find((x) => x.id === `backups-${i}`)!;
				const o = take(s);
				if (!o) return;
				const parsed = parseBackupContent(o.stdout, t.storage, t.node);
				if (!parsed.ok) return errors.push(sectionError(s.id, s.argv, o, parsed.error.message));
				storagesRead.push(t.storage);
				backups.push(...parsed.value);
			});

			// The logs of failed runs name each guest's error; read the ones not read yet.
			const failed = backupTasks.filter((t) => t.state === 'error' || t.state === 'warning');
			const unread = failed.filter((t) => !logs.has(t.upid)).slice(0, LOG_READS);
			if (unread.length > 0) {
				const logSections = unread.map((t, i) => section(`log-${i}`, taskLog(t.upid, t.node, 0, 5000).argv));
				const logOut = await batch(logSections, signal);
				unread.forEach((t, i) => {
					const o = logOut.get(`log-${i}`);
					const parsed = o?.code === 0 ? parseTaskLog(o.stdout) : null;
					if (!parsed?.ok)
						return errors.push(
							sectionError(
								`log-${i}`,
								logSections[i]!.argv,
								o,
								parsed && !parsed.ok ? parsed.error.message : undefined,
							),
						);
					const lines = parsed.value.map((l) => l.t);
					const outcomes = vzdumpOutcomes(lines);
					// A single-guest run that died before naming its guest still failed for it.
					if (outcomes.length === 0 && /^\d+$/.test(t.id))
						outcomes.push({vmid: Number(t.id), ok: false, error: taskErrorLine(lines) ?? t.status ?? 'failed'});
					logs.set(t.upid, outcomes);
				});
			}
			const failedRuns: Record<string, VzdumpOutcome[]> = {};
			for (const t of failed) {
				const outcomes = logs.get(t.upid);
				if (outcomes) failedRuns[t.upid] = outcomes;
			}
			return {takenAt: now(), jobs, backups, storagesRead, backupTasks, failedRuns, errors, utcOffsetMinutes};
		},
	};
}

/** Failed tasks whose log is read for its error line, newest first. */
const ERROR_LINES = 10;

/** The error line of each failed task (its status says `job errors` for a vzdump), from one batched read of their logs. */
export async function failedTaskLines(
	nodes: Pick<NodeRouter, 'execScript'>,
	tasks: readonly TaskEntry[],
): Promise<Record<string, string>> {
	const failed = tasks.filter((t) => t.state === 'error').slice(0, ERROR_LINES);
	if (failed.length === 0) return {};
	const sections = failed.map((t, i) => ({
		id: `log-${i}`,
		argv: taskLog(t.upid, t.node, 0, 5000).argv,
		root: true,
		timeoutSec: 30,
	}));
	const {outputs} = await execBatch(nodes, undefined, sections, {timeoutMs: 60_000});
	const lines: Record<string, string> = {};
	failed.forEach((t, i) => {
		const out = outputs.get(`log-${i}`);
		const log = out?.code === 0 ? parseTaskLog(out.stdout) : null;
		const line = log?.ok ? taskErrorLine(log.value.map((l) => l.t)) : null;
		if (line) lines[t.upid] = line;
	});
	return lines;
}
