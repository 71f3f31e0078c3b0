/**
 * The reads behind the safety net's views, on the context's connection and kept off the
 * 2-second refresh: the backup audit once the first snapshot is in and then every
 * `auditIntervalMs` (default 5 minutes; sooner after a job that made or changed a backup),
 * a guest's snapshots on demand, and, only while their views are open, the task list every
 * 5 s and one task's log every 1.5 s. One read of each kind at a time; a stopped session
 * (a context switch) reports nothing more.
 */
import type {Snapshot} from '../model/snapshot.js';
import type {NodeRouter} from '../host/node-router.js';
import {auditBackups} from '../ops/backup-audit.js';
import {createSafetyReader, failedTaskLines} from '../ops/safety-read.js';
import {fetchSnapshots, type Located} from '../ops/guest-api.js';
import type {TaskRef} from '../ops/job.js';
import {clusterTasks, taskLog} from '../ops/safety-commands.js';
import {EMPTY_LOG, keepLog} from '../ops/task-log-keep.js';
import {parseTaskList, parseTaskLog, taskLogEnd} from '../host/parse/tasks.js';
import type {SafetySettings, SafetyState} from './safety-state.js';

export const TASKS_POLL_MS = 5_000;
export const TASK_LOG_POLL_MS = 1_500;

export interface SafetySession {
	start(): void;
	stop(): void;
	/** Read the backups again now (after a job that made or changed one). */
	auditNow(): void;
	loadSnapshots(guest: Located): void;
	/** Which views are open: their reads run only while they are. */
	watch(view: {tasks: boolean; taskLog: TaskRef | null}): void;
}

export interface SafetyDeps {
	/** Every read goes through the node router (pvesh API reads, on the connected node). */
	nodes: NodeRouter;
	settings: SafetySettings;
	snapshot(): Snapshot | null;
	get(): SafetyState;
	set(patch: Partial<SafetyState>): void;
	now?: () => number;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function createSafetySession(deps: SafetyDeps): SafetySession {
	const now = deps.now ?? Date.now;
	const reader = createSafetyReader({nodes: deps.nodes, now});
	const lines: Record<string, string> = {};
	/** The audit repeats on its own once started; every read reports until the session is stopped. */
	let started = false;
	let active = true;
	let auditing = false;
	let auditTimer: ReturnType<typeof setTimeout> | null = null;
	let tasksTimer: ReturnType<typeof setTimeout> | null = null;
	let logTimer: ReturnType<typeof setTimeout> | null = null;
	let watching: {tasks: boolean; taskLog: TaskRef | null} = {tasks: false, taskLog: null};

	const later = (ms: number, run: () => void): ReturnType<typeof setTimeout> => {
		const timer = setTimeout(run, ms);
		timer.unref?.();
		return timer;
	};

	async function audit(): Promise<void> {
		const snapshot = deps.snapshot();
		if (!active || auditing) return;
		if (!snapshot) {
			if (started) auditTimer = later(1_000, () => void audit());
			return;
		}
		auditing = true;
		if (auditTimer) clearTimeout(auditTimer);
		deps.set({audit: {...deps.get().audit, status: deps.get().audit.data ? 'ok' : 'loading'}});
		try {
			const data = await reader.read(snapshot);
			if (!active) return;
			const report = auditBackups(deps.snapshot() ?? snapshot, data, now(), {skipTags: deps.settings.skipBackupTags});
			deps.set({audit: {status: 'ok', data, report, error: null, at: now()}});
		} catch (error) {
			if (active) deps.set({audit: {...deps.get().audit, status: 'error', error: message(error), at: now()}});
		} finally {
			auditing = false;
			if (started && active) auditTimer = later(deps.settings.auditIntervalMs, () => void audit());
		}
	}

	async function readTasks(): Promise<void> {
		tasksTimer = null;
		if (!active || !watching.tasks) return;
		const command = clusterTasks();
		const line = deps.nodes.render(command);
		try {
			const result = await deps.nodes.exec(command, {timeoutMs: 30_000});
			const parsed = result.code === 0 ? parseTaskList(result.stdout) : null;
			if (!active) return;
			if (!parsed?.ok) {
				const why =
					parsed && !parsed.ok
						? parsed.error.message
						: `\`${line}\` ${result.interrupted ? `was ${result.interrupted}` : `exited ${result.code}`}: ${(result.stderr || result.stdout).trim().split('\n')[0] ?? ''}`;
				deps.set({tasks: {...deps.get().tasks, status: 'error', error: why}});
			} else {
				// A finished task's log never changes: each error line is read once.
				const unread = parsed.value.filter((t) => t.state === 'error' && !(t.upid in lines));
				Object.assign(lines, await failedTaskLines(deps.nodes, unread));
				for (const t of unread) lines[t.upid] ??= t.status ?? '';
				deps.set({tasks: {...deps.get().tasks, status: 'ok', list: parsed.value, errorLines: {...lines}, error: null}});
			}
		} catch (error) {
			if (active) deps.set({tasks: {...deps.get().tasks, status: 'error', error: message(error)}});
		}
		if (active && watching.tasks) tasksTimer = later(TASKS_POLL_MS, () => void readTasks());
	}

	async function readLog(): Promise<void> {
		logTimer = null;
		const ref = watching.taskLog;
		const current = deps.get().taskLog;
		if (!active || !ref || !current || current.ref.upid !== ref.upid) return;
		const command = taskLog(ref.upid, ref.node, current.read);
		const line = deps.nodes.render(command);
		try {
			const result = await deps.nodes.exec(command, {timeoutMs: 30_000});
			const parsed = result.code === 0 ? parseTaskLog(result.stdout) : null;
			const latest = deps.get().taskLog;
			if (!active || latest?.ref.upid !== ref.upid) return;
			if (!parsed?.ok)
				deps.set({
					taskLog: {
						...latest,
						error: parsed && !parsed.ok ? parsed.error.message : `\`${line}\` exited ${result.code}`,
					},
				});
			else {
				const fresh = parsed.value.filter((l) => l.n > latest.read).map((l) => l.t);
				const kept = keepLog(latest, fresh);
				deps.set({taskLog: {ref, ...kept, state: taskLogEnd(kept.lines).state, error: null}});
			}
		} catch (error) {
			const latest = deps.get().taskLog;
			if (active && latest?.ref.upid === ref.upid) deps.set({taskLog: {...latest, error: message(error)}});
		}
		const after = deps.get().taskLog;
		// A finished task's log is complete: no more reads.
		if (active && watching.taskLog?.upid === ref.upid && after?.state === 'running')
			logTimer = later(TASK_LOG_POLL_MS, () => void readLog());
	}

	return {
		start() {
			if (started || !active) return;
			started = true;
			auditTimer = later(0, () => void audit());
		},
		stop() {
			started = false;
			active = false;
			for (const timer of [auditTimer, tasksTimer, logTimer]) if (timer) clearTimeout(timer);
			auditTimer = tasksTimer = logTimer = null;
		},
		auditNow() {
			if (!active) return;
			if (auditTimer) clearTimeout(auditTimer);
			auditTimer = later(0, () => void audit());
		},
		loadSnapshots(guest) {
			const previous = deps.get().snapshots[guest.vmid];
			deps.set({
				snapshots: {
					...deps.get().snapshots,
					[guest.vmid]: {status: 'loading', list: previous?.list ?? [], error: null},
				},
			});
			void fetchSnapshots({nodes: deps.nodes}, guest).then((read) => {
				if (!active) return;
				const entry = read.ok
					? {status: 'ok' as const, list: read.list, error: null}
					: {status: 'error' as const, list: previous?.list ?? [], error: read.error};
				deps.set({snapshots: {...deps.get().snapshots, [guest.vmid]: entry}});
			});
		},
		watch(view) {
			const opened = view.tasks && !watching.tasks;
			const newLog = view.taskLog && view.taskLog.upid !== watching.taskLog?.upid;
			watching = view;
			if (opened && active && !tasksTimer) tasksTimer = later(0, () => void readTasks());
			if (!view.tasks && tasksTimer) {
				clearTimeout(tasksTimer);
				tasksTimer = null;
			}
			if (newLog && view.taskLog) {
				deps.set({taskLog: {ref: view.taskLog, ...EMPTY_LOG, state: 'running', error: null}});
				if (logTimer) clearTimeout(logTimer);
				if (active) logTimer = later(0, () => void readLog());
			}
			if (!view.taskLog) {
				if (logTimer) clearTimeout(logTimer);
				logTimer = null;
			}
		},
	};
}
