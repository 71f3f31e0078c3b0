/**
 * The simulated host's Proxmox tasks: every write that is a task on a real host (start, clone,
 * snapshot, vzdump, restore…) gets a UPID, takes its time, holds its guest's lock while it
 * runs, and leaves a log that grows line by line as the clock moves, ending in `TASK OK` or
 * `TASK ERROR: …`. Lists, status and log are answered in the API's shapes (pve-manager
 * PVE/API2/Tasks.pm, PVE/API2/Cluster.pm).
 */
import {upid} from './cmd-util.js';
import type {SimContext} from './cmd-util.js';
import type {SimResult} from './faults.js';
import {addEvent, findGuest, touchConfig} from './mutate.js';
import {hostTarget} from './journal.js';
import type {SimBackup, SimState, SimTask} from './types.js';

/** A task's log as it is kept: each line with its time from the task's start (ms). */
export type TaskLog = {at: number; t: string}[];

/** What pvesh prints for a task it started (the detached caller never reads it): the log, then the UPID. */
export function taskOutput(task: SimTask): SimResult {
	return {stdout: `${(task.log ?? []).map((l) => `${l.t}\n`).join('')}${task.upid}\n`, stderr: '', code: 0};
}

/** Tasks kept: older ones fall out of the history like a rotated index. */
export const MAX_TASKS = 400;

export function tasksOf(state: SimState): SimTask[] {
	return (state.tasks ??= []);
}

export interface NewTask {
	node?: string;
	type: string;
	id: string | number;
	durationMs: number;
	status?: string;
	log?: SimTask['log'];
	run?: SimTask['run'];
	lock?: SimTask['lock'];
	/** Backups that appear on their storage when the task ends. */
	produces?: SimBackup[];
	/** The journal's ident for the starting/end lines (pct, qm, pvedaemon, vzdump). */
	ident?: string;
}

/** Register a task starting now; the caller has made (or scheduled) its effect. */
export function startTask(ctx: SimContext, spec: NewTask, start = ctx.now): SimTask {
	const tasks = tasksOf(ctx.state);
	const node = spec.node ?? ctx.node;
	const task: SimTask = {
		upid: upid(node, start, spec.type, spec.id, tasks.length + ctx.state.eventSeq),
		node,
		type: spec.type,
		id: String(spec.id),
		user: 'root@pam',
		start,
		end: start + Math.max(1, spec.durationMs),
		status: spec.status ?? 'OK',
		...(spec.log ? {log: spec.log} : {}),
		...(spec.run ? {run: spec.run} : {}),
		...(spec.lock ? {lock: spec.lock} : {}),
	};
	if (spec.produces && spec.produces.length > 0) (ctx.state.pendingBackups ??= {})[task.upid] = spec.produces;
	tasks.push(task);
	if (tasks.length > MAX_TASKS) tasks.splice(0, tasks.length - MAX_TASKS);
	const ident = spec.ident ?? 'pvedaemon';
	// The task runs on its node: its lines are in that node's journal.
	const target = hostTarget(ctx.state, node);
	const pid = 400_000 + ((tasks.length + ctx.state.eventSeq) % 90_000);
	addEvent(ctx.state, {
		time: start,
		target,
		ident,
		pid,
		priority: 6,
		message: `<root@pam> starting task ${task.upid}`,
	});
	addEvent(ctx.state, {
		time: task.end,
		target,
		ident,
		pid,
		priority: 6,
		message: `<root@pam> end task ${task.upid} ${task.status}`,
	});
	return task;
}

/**
 * Bring tasks up to `now`: locks of ended tasks are released and the backups they wrote
 * appear. Cheap when nothing ended (the refresh runs it a dozen times a second).
 */
export function settleTasks(ctx: SimContext, prune: (state: SimState, backup: SimBackup) => void): boolean {
	const tasks = ctx.state.tasks;
	if (!tasks) return false;
	let changed = false;
	for (let i = tasks.length - 1; i >= 0 && i >= tasks.length - 40; i--) {
		const task = tasks[i]!;
		if (task.end > ctx.now) continue;
		if (task.lock) {
			const guest = findGuest(ctx.state, task.lock.vmid);
			if (guest && guest.lock === task.lock.name) {
				delete guest.lock;
				touchConfig(ctx.state, guest);
			}
			delete task.lock;
			changed = true;
		}
	}
	const waiting = ctx.state.pendingBackups;
	if (!waiting) return changed;
	for (const [key, backups] of Object.entries(waiting)) {
		const task = tasks.find((t) => t.upid === key);
		if (task && task.end > ctx.now) continue;
		for (const backup of backups) {
			(ctx.state.backups ??= []).push(backup);
			prune(ctx.state, backup);
		}
		delete waiting[key];
		changed = true;
	}
	return changed;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The host's local time as vzdump prints it (`2026-11-22 02:00:03`; the sim's host runs on UTC). */
export function localTime(ms: number): string {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `00:01:12`: a duration as vzdump prints it. */
export function hms(ms: number): string {
	const s = Math.round(ms / 1000);
	return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** A scheduled job's log, drawn from its run. */
function runLog(task: SimTask): {at: number; t: string}[] {
	const run = task.run!;
	const lines: {at: number; t: string}[] = [
		{
			at: 0,
			t: `INFO: starting new backup job: vzdump ${run.guests.map((g) => g.vmid).join(' ')} --mode ${run.mode} --storage ${run.storage} --quiet 1 --compress zstd --mailnotification failure --notes-template '{{guestname}}'`,
		},
	];
	for (const g of run.guests) {
		const at = g.at - task.start;
		const add = (offset: number, t: string): void => {
			lines.push({at: at + offset, t});
		};
		const type = g.type ?? 'lxc';
		add(0, `INFO: Starting Backup of VM ${g.vmid} (${type})`);
		add(0, `INFO: Backup started at ${localTime(g.at)}`);
		add(0, 'INFO: status = running');
		add(0, `INFO: backup mode: ${run.mode}`);
		add(0, 'INFO: ionice priority: 7');
		if (type === 'lxc') add(200, "INFO: create storage snapshot 'vzdump'");
		add(400, `INFO: creating vzdump archive '${g.archive}'`);
		if (g.error) {
			add(g.durationMs - 100, 'INFO: zstd: error 70 : Write error : cannot write block : No space left on device');
			add(g.durationMs, `ERROR: Backup of VM ${g.vmid} failed - ${g.error}`);
			add(g.durationMs, `INFO: Failed at ${localTime(g.at + g.durationMs)}`);
		} else {
			add(
				g.durationMs - 400,
				`INFO: Total bytes written: ${g.size * 3} (${((g.size * 3) / 1024 ** 3).toFixed(1)}GiB, ${Math.round((g.size * 3) / 1024 ** 2 / Math.max(1, g.durationMs / 1000))}MiB/s)`,
			);
			add(g.durationMs - 300, `INFO: archive file size: ${Math.round(g.size / 1024 ** 2)}MB`);
			add(g.durationMs - 200, 'INFO: adding notes to backup');
			add(g.durationMs - 100, "INFO: cleanup temporary 'vzdump' snapshot");
			add(g.durationMs, `INFO: Finished Backup of VM ${g.vmid} (${hms(g.durationMs)})`);
			add(g.durationMs, `INFO: Backup finished at ${localTime(g.at + g.durationMs)}`);
		}
	}
	const failed = run.guests.some((g) => g.error);
	lines.push({
		at: task.end - task.start,
		t: failed ? 'INFO: Backup job finished with errors' : 'INFO: Backup job finished successfully',
	});
	return lines;
}

/** The log lines written by `now`, the TASK line last once it ended. */
export function taskLines(task: SimTask, now: number): string[] {
	const all = task.run ? runLog(task) : (task.log ?? []);
	const lines = all.filter((l) => task.start + l.at <= now).map((l) => l.t);
	if (now >= task.end)
		lines.push(
			task.status === 'OK'
				? 'TASK OK'
				: /^WARNINGS: /.test(task.status)
					? `TASK ${task.status}`
					: `TASK ERROR: ${task.status}`,
		);
	return lines;
}

/** A task as the API lists it (keys sorted, as the sim's pvesh prints them). */
export function taskEntry(task: SimTask, now: number): Record<string, unknown> {
	const [, , pid = '0', pstart = '0'] = task.upid.split(':');
	const done = now >= task.end;
	return {
		...(done ? {endtime: Math.floor(task.end / 1000)} : {}),
		id: task.id,
		node: task.node,
		pid: parseInt(pid, 16),
		pstart: parseInt(pstart, 16),
		...(done ? {} : {saved: '0'}),
		starttime: Math.floor(task.start / 1000),
		status: done ? task.status : 'RUNNING',
		type: task.type,
		upid: task.upid,
		user: task.user,
	};
}

/** `…/tasks/<upid>/status`. */
export function taskStatusEntry(task: SimTask, now: number): Record<string, unknown> {
	const done = now >= task.end;
	const [, , pid = '0', pstart = '0'] = task.upid.split(':');
	return {
		...(done ? {exitstatus: task.status} : {}),
		id: task.id,
		node: task.node,
		pid: parseInt(pid, 16),
		pstart: parseInt(pstart, 16),
		starttime: Math.floor(task.start / 1000),
		status: done ? 'stopped' : 'running',
		type: task.type,
		upid: task.upid,
		user: task.user,
	};
}

/** What pvedaemon writes for a task it cannot find: one line, still a 200 answer. */
export function missingTaskLog(upidText: string): string {
	const starttime = upidText.split(':')[4] ?? '00000000';
	return `unable to open file '/var/log/pve/tasks/${starttime.slice(7, 8) || '0'}/${upidText}' - No such file or directory`;
}
