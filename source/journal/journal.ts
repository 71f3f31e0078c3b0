/**
 * The action journal: one JSON line per mutating action in
 * $XDG_STATE_HOME/proxdeck/journal.jsonl (default ~/.local/state/proxdeck/journal.jsonl):
 * when, who (local user), which context, what, on what, every command with its exit code and
 * duration, and how it ended. Secrets are redacted before anything is written.
 */
import {appendFile, mkdir, readFile} from 'node:fs/promises';
import {homedir, userInfo} from 'node:os';
import {dirname, join} from 'node:path';
import type {CommandRecord, JobResult} from '../model/job-result.js';
import {stateDirectory} from '../state-dir.js';
import {redactSecrets} from './redact.js';

export const JOURNAL_VERSION = 1 as const;

export interface JournalEntry {
	v: typeof JOURNAL_VERSION;
	/** ISO time the action finished. */
	time: string;
	user: string;
	context: string;
	action: string;
	target: string;
	/** The cluster node the action ran on (its guest's node). */
	node?: string;
	jobId: string;
	result: JobResult['result'];
	/** The step that failed, when one did. */
	failedStep?: string;
	/** Set when SIGINT or SIGTERM stopped it: which, and the step it had reached. */
	interrupted?: {signal: string; step: string};
	error?: string;
	hint?: string;
	steps: {name: string; state: string; elapsedMs: number; message?: string}[];
	commands: CommandRecord[];
	leftovers?: string[];
	rolledBack?: string[];
	/** Proxmox tasks the action started: after a dropped link, `proxdeck task log <upid> --follow` picks them up. */
	tasks?: {step: string; upid: string; node: string}[];
	summary: string;
	durationMs: number;
}

export interface Journal {
	readonly path: string;
	append(entry: JournalEntry): Promise<void>;
	/** Entries oldest first; the last `limit` when given. Lines that do not parse are skipped. */
	read(limit?: number): Promise<JournalEntry[]>;
}

/** $XDG_STATE_HOME/proxdeck/journal.jsonl, or ~/.local/state/proxdeck/journal.jsonl. */
export function journalPath(env: Record<string, string | undefined> = process.env, home: string = homedir()): string {
	return join(stateDirectory(env, home), 'journal.jsonl');
}

export function localUser(): string {
	try {
		return userInfo().username;
	} catch {
		return process.env['USER'] ?? process.env['LOGNAME'] ?? 'unknown';
	}
}

export function createJournal(options: {path?: string; env?: Record<string, string | undefined>} = {}): Journal {
	const path = options.path ?? journalPath(options.env);
	return {
		path,
		async append(entry) {
			await mkdir(dirname(path), {recursive: true, mode: 0o700});
			// One write per line keeps concurrent proxdeck processes from interleaving inside a line.
			await appendFile(path, `${JSON.stringify(redactEntry(entry))}\n`, {encoding: 'utf8', mode: 0o600});
		},
		async read(limit) {
			let text: string;
			try {
				text = await readFile(path, 'utf8');
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
				throw error;
			}
			const entries: JournalEntry[] = [];
			for (const line of text.split('\n')) {
				if (line.trim() === '') continue;
				try {
					const value = JSON.parse(line) as JournalEntry;
					if (value && typeof value === 'object' && typeof value.action === 'string') entries.push(value);
				} catch {
					// A torn or foreign line: skip it, keep the rest readable.
				}
			}
			return limit !== undefined && limit >= 0 ? entries.slice(Math.max(0, entries.length - limit)) : entries;
		},
	};
}

function redactEntry(entry: JournalEntry): JournalEntry {
	return {
		...entry,
		target: redactSecrets(entry.target),
		...(entry.error !== undefined ? {error: redactSecrets(entry.error)} : {}),
		summary: redactSecrets(entry.summary),
		steps: entry.steps.map((s) => ({...s, ...(s.message !== undefined ? {message: redactSecrets(s.message)} : {})})),
		commands: entry.commands.map((c) => ({...c, command: redactSecrets(c.command)})),
		...(entry.leftovers ? {leftovers: entry.leftovers.map(redactSecrets)} : {}),
	};
}

export function journalEntryFromResult(result: JobResult, meta: {context: string; user?: string}): JournalEntry {
	return {
		v: JOURNAL_VERSION,
		time: new Date(result.finishedAt).toISOString(),
		user: meta.user ?? localUser(),
		context: meta.context,
		action: result.action,
		target: result.target,
		...(result.node ? {node: result.node} : {}),
		jobId: result.jobId,
		result: result.result,
		...(result.interrupted ? {interrupted: {...result.interrupted}} : {}),
		...(result.failure
			? {
					failedStep: result.failure.step,
					error: result.failure.message,
					...(result.failure.hint ? {hint: result.failure.hint} : {}),
				}
			: {}),
		steps: result.steps.map((s) => ({
			name: s.name,
			state: s.state,
			elapsedMs: s.elapsedMs,
			...(s.message ? {message: s.message} : {}),
		})),
		commands: result.commands.map((c) => ({...c})),
		...(result.leftovers.length > 0 ? {leftovers: result.leftovers} : {}),
		...(result.rolledBack.length > 0 ? {rolledBack: result.rolledBack} : {}),
		...(result.tasks && result.tasks.length > 0 ? {tasks: result.tasks.map((t) => ({...t}))} : {}),
		summary: result.summary,
		durationMs: Math.max(0, result.finishedAt - result.startedAt),
	};
}
