/**
 * Proxmox tasks: the UPID (pve-common PVE::UPID), the task lists of `/cluster/tasks` and
 * `/nodes/<node>/tasks`, one task's status and log, the lines of `/var/log/pve/tasks/index`,
 * and what a task log's text says (its error line, and each guest's outcome in a vzdump).
 * A task's status word is `OK`, `WARNINGS: n`, or the error text itself (PVE::UPID::read_status).
 */
import type {TaskEntry, TaskLogLine, TaskState, TaskStatus, Upid, VzdumpOutcome} from '../../model/safety.js';
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {capLine} from '../../transport/lines.js';
import {NOTE_CAP_CHARS} from '../../transport/output-cap.js';
import {isRecord, parseJson, unwrapApiData} from './json.js';
import {toInteger, toText} from './units.js';

export const TASK_LIST_COMMAND = 'pvesh get /cluster/tasks';
export const TASK_STATUS_COMMAND = 'pvesh get /nodes/<node>/tasks/<upid>/status';
export const TASK_LOG_COMMAND = 'pvesh get /nodes/<node>/tasks/<upid>/log';
export const TASK_INDEX_FILE = '/var/log/pve/tasks/index';

/** PVE::UPID::decode's pattern: node, pid (8 hex), pstart (8-9 hex), starttime (8 hex), type, id, user. */
const UPID =
	/^UPID:([a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;

/** A UPID's fields, or null when the text is not one. */
export function parseUpid(text: string): Upid | null {
	const m = UPID.exec(text);
	if (!m) return null;
	return {
		upid: text,
		node: m[1]!,
		pid: parseInt(m[2]!, 16),
		pstart: parseInt(m[3]!, 16),
		starttime: parseInt(m[4]!, 16),
		type: m[5]!,
		id: m[6]!,
		user: m[7]!,
	};
}

/** PVE::UPID::normalize_status_type, plus RUNNING for tasks still going. */
export function taskStateOf(status: string | null | undefined): TaskState {
	if (status === null || status === undefined || status === '') return 'unknown';
	if (status === 'RUNNING') return 'running';
	if (status === 'OK') return 'ok';
	if (/^WARNINGS: \d+$/.test(status)) return 'warning';
	if (status === 'unexpected status') return 'unknown';
	return 'error';
}

function entryFrom(value: unknown): TaskEntry | null {
	if (!isRecord(value)) return null;
	const upid = parseUpid(toText(value['upid']));
	if (!upid) return null;
	const endtime = toInteger(value['endtime']);
	const status = capLine(toText(value['status']), NOTE_CAP_CHARS) || null;
	// A task with an end time but no status, or the reverse, is what an unfinished index line looks like.
	const state = status === null && endtime === null ? 'running' : taskStateOf(status);
	return {
		...upid,
		// The list repeats the UPID's fields; the UPID is the authority when they differ.
		starttime: toInteger(value['starttime']) ?? upid.starttime,
		endtime,
		status,
		state,
	};
}

/**
 * `/cluster/tasks` and `/nodes/<node>/tasks` (JSON; bare or API-wrapped), newest first.
 * Entries without a readable UPID are skipped with a warning.
 */
export function parseTaskList(text: string, command = TASK_LIST_COMMAND): ParseResult<TaskEntry[]> {
	return guardParse(command, () => {
		const json = parseJson(command, text);
		if (!json.ok) return json;
		const data = unwrapApiData(json.value);
		if (!Array.isArray(data)) return parseFailure(command, 'expected a JSON array of tasks');
		const tasks: TaskEntry[] = [];
		const warnings: string[] = [];
		data.forEach((item, i) => {
			const task = entryFrom(item);
			if (task) tasks.push(task);
			else warnings.push(`entry ${i + 1} has no valid UPID`);
		});
		tasks.sort((a, b) => b.starttime - a.starttime);
		return parsed(tasks, warnings);
	});
}

/** `…/tasks/<upid>/status`: running or stopped, and how it ended. */
export function parseTaskStatus(text: string): ParseResult<TaskStatus> {
	return guardParse(TASK_STATUS_COMMAND, () => {
		const json = parseJson(TASK_STATUS_COMMAND, text);
		if (!json.ok) return json;
		const data = unwrapApiData(json.value);
		if (!isRecord(data)) return parseFailure(TASK_STATUS_COMMAND, 'expected a JSON object');
		const upid = parseUpid(toText(data['upid']));
		if (!upid) return parseFailure(TASK_STATUS_COMMAND, 'the status has no valid UPID');
		const status = toText(data['status']);
		if (status !== 'running' && status !== 'stopped')
			return parseFailure(TASK_STATUS_COMMAND, `expected status running or stopped, got ${JSON.stringify(status)}`);
		const exit = capLine(toText(data['exitstatus']), NOTE_CAP_CHARS);
		const running = status === 'running';
		return parsed({
			upid: upid.upid,
			node: upid.node,
			running,
			...(exit ? {exitstatus: exit} : {}),
			state: running ? 'running' : taskStateOf(exit || null),
		});
	});
}

/** `…/tasks/<upid>/log`: `[{n, t}]`, in line order. */
export function parseTaskLog(text: string): ParseResult<TaskLogLine[]> {
	return guardParse(TASK_LOG_COMMAND, () => {
		const json = parseJson(TASK_LOG_COMMAND, text);
		if (!json.ok) return json;
		const data = unwrapApiData(json.value);
		if (!Array.isArray(data)) return parseFailure(TASK_LOG_COMMAND, 'expected a JSON array of log lines');
		const lines: TaskLogLine[] = [];
		for (const [i, item] of data.entries()) {
			const n = isRecord(item) ? toInteger(item['n']) : null;
			if (n === null || !isRecord(item) || typeof item['t'] !== 'string')
				return parseFailure(TASK_LOG_COMMAND, `line entry ${i + 1} is not {n, t}`);
			lines.push({n, t: capLine(item['t'])});
		}
		lines.sort((a, b) => a.n - b.n);
		return parsed(lines);
	});
}

/**
 * Lines of `/var/log/pve/tasks/index` (and the `active` file): `UPID [endtime-hex [status]]`,
 * the same reading as pve-manager's Tasks.pm. Lines that are not one are skipped.
 */
export function parseTaskIndex(text: string): ParseResult<TaskEntry[]> {
	return guardParse(TASK_INDEX_FILE, () => {
		const tasks: TaskEntry[] = [];
		const warnings: string[] = [];
		text.split('\n').forEach((line, i) => {
			if (line.trim() === '') return;
			const m = /^(\S+)(?:\s([0-9A-Za-z]{8})(?:\s(\S.*))?)?$/.exec(line);
			const upid = m ? parseUpid(m[1]!) : null;
			if (!m || !upid) {
				warnings.push(`line ${i + 1} is not a task index line`);
				return;
			}
			const endtime = m[2] ? parseInt(m[2], 16) : null;
			const status = m[3] ?? null;
			tasks.push({
				...upid,
				endtime: Number.isFinite(endtime) ? endtime : null,
				status,
				state: endtime === null ? 'running' : taskStateOf(status),
			});
		});
		if (tasks.length === 0 && warnings.length > 0) return parseFailure(TASK_INDEX_FILE, 'no task index lines', 1);
		return parsed(tasks.reverse(), warnings);
	});
}

/** Causes worth quoting from the lines before an error that only says a command failed. */
const CAUSE =
	/No space left on device|Input\/output error|Permission denied|Disk quota exceeded|Read-only file system|Connection (?:refused|timed out)/;

/**
 * An error that quotes a whole shell pipeline (`command 'set -o pipefail && … | zstd …'
 * failed: exit code 70`) says little in a list: the pipeline is cut to its first words, and a
 * line above it that names the cause (`No space left on device`) is added.
 */
export function condenseError(error: string, before: readonly string[] = []): string {
	const short = error.replace(
		/command '([^']{0,40})[^]*' failed: (exit code \d+|got signal \d+)/,
		(_m, head: string, how: string) => `command '${head.trimEnd()} …' failed: ${how}`,
	);
	const cause = [...before].reverse().find((l) => CAUSE.test(l));
	return cause && !short.includes(CAUSE.exec(cause)![0])
		? `${short}; the log says: ${cause.replace(/^(INFO|WARN): /, '').trim()}`
		: short;
}

/**
 * The line that says why a task failed: its `TASK ERROR:` text (or `TASK WARNINGS: n`), else
 * the first `ERROR:` line; null for a log that shows no failure. A vzdump job's own last line
 * is the useless `job errors`, so an `ERROR: Backup of VM …` line wins over it.
 */
export function taskErrorLine(lines: readonly string[]): string | null {
	const detailed = lines.find((l) => /^ERROR: /.test(l));
	const final = [...lines].reverse().find((l) => /^TASK (ERROR|WARNINGS): /.test(l));
	if (detailed && (!final || /^TASK ERROR: job errors$/.test(final)))
		return condenseError(detailed.replace(/^ERROR: /, ''), lines.slice(0, lines.indexOf(detailed)));
	if (final) return final.replace(/^TASK ERROR: /, '').replace(/^TASK /, '');
	return detailed ? detailed.replace(/^ERROR: /, '') : null;
}

/** How a task log ends: its `TASK …` line, or running when the log has none yet. */
export function taskLogEnd(lines: readonly string[]): {state: TaskState; status: string | null} {
	const last = [...lines].reverse().find((l) => l.trim() !== '');
	const m = last ? /^TASK (OK|ERROR: .*|WARNINGS: \d+)$/.exec(last) : null;
	if (!m) return {state: 'running', status: null};
	const status = m[1]!.replace(/^ERROR: /, '');
	return {state: taskStateOf(status), status};
}

/**
 * Each guest of a vzdump log: `Starting Backup of VM N`, then `Finished Backup of VM N` or
 * `ERROR: Backup of VM N failed - why` (pve-manager PVE/VZDump.pm). Guests the log only
 * started (cut off, still running) are left out.
 */
export function vzdumpOutcomes(lines: readonly string[]): VzdumpOutcome[] {
	const outcomes = new Map<number, VzdumpOutcome>();
	const job = lines.find((l) => /^INFO: starting new backup job: vzdump /.test(l));
	const storage = job ? /\s--storage\s+(\S+)/.exec(job)?.[1] : undefined;
	let section = 0;
	for (const [i, line] of lines.entries()) {
		if (/^INFO: Starting Backup of VM \d+ /.test(line)) section = i;
		const failed = /^ERROR: Backup of VM (\d+) failed - (.*)$/.exec(line);
		if (failed) {
			outcomes.set(Number(failed[1]), {
				vmid: Number(failed[1]),
				ok: false,
				error: condenseError(`Backup of VM ${failed[1]} failed - ${failed[2]}`, lines.slice(section, i)),
				...(storage ? {storage} : {}),
			});
			continue;
		}
		const finished = /^INFO: Finished Backup of VM (\d+) /.exec(line);
		if (finished && !outcomes.has(Number(finished[1])))
			outcomes.set(Number(finished[1]), {vmid: Number(finished[1]), ok: true, ...(storage ? {storage} : {})});
	}
	return [...outcomes.values()];
}
