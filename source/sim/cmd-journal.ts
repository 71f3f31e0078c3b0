/**
 * `journalctl` for the host and inside guests: `-o json|short`, `-n N`, `-u unit`, `-p prio`;
 * `-f` is served by streams (transport.stream / the shim's follow loop); as a plain command
 * it prints the tail and returns.
 */
import type {SimContext} from './cmd-util.js';
import type {SimResult} from './faults.js';
import {tailLines, type LogSource, type SimLogLine} from './journal.js';
import {renderJournalLine} from './render/journal-json.js';

export interface JournalArgs {
	lines: number;
	format: 'json' | 'short';
	unit?: string;
	priority?: number;
	follow: boolean;
}

const PRIORITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

export function parseJournalArgs(args: readonly string[]): JournalArgs {
	const parsed: JournalArgs = {lines: 10, format: 'short', follow: false};
	let explicitLines = false;
	for (let i = 0; i < args.length; i++) {
		const a = args[i]!;
		const value = (): string => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : (args[++i] ?? ''));
		if (a === '-f' || a === '--follow') parsed.follow = true;
		else if (a === '-o' || a.startsWith('--output')) parsed.format = value().startsWith('json') ? 'json' : 'short';
		else if (a === '-n' || a.startsWith('--lines')) {
			parsed.lines = Number(value()) || 0;
			explicitLines = true;
		} else if (/^-n\d+$/.test(a)) {
			parsed.lines = Number(a.slice(2));
			explicitLines = true;
		} else if (a === '-u' || a.startsWith('--unit')) parsed.unit = value();
		else if (a === '-p' || a.startsWith('--priority')) {
			const p = value();
			parsed.priority = /^\d$/.test(p) ? Number(p) : PRIORITIES.indexOf(p);
		}
	}
	// Without -n, journalctl prints everything; the sim's "everything" is the last day.
	if (!explicitLines && !parsed.follow) parsed.lines = 500;
	return parsed;
}

export function lineMatches(line: SimLogLine, args: JournalArgs): boolean {
	if (args.unit && line.unit !== args.unit && line.unit !== `${args.unit}.service`) return false;
	if (args.priority !== undefined && line.priority > args.priority) return false;
	return true;
}

function shortTime(ms: number): string {
	const d = new Date(ms);
	const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
	return `${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, '0')} ${d.toISOString().slice(11, 19)}`;
}

export function formatJournalLine(line: SimLogLine, args: JournalArgs, bootMs: number): string {
	if (args.format === 'json') return renderJournalLine(line, bootMs);
	return `${shortTime(line.time)} ${line.hostname} ${line.ident}${line.pid !== undefined ? `[${line.pid}]` : ''}: ${line.message}`;
}

/** The last N matching lines of a source (filters look further back to fill N). */
export function journalTail(ctx: SimContext, source: LogSource, args: JournalArgs): SimLogLine[] {
	const filtered = args.unit !== undefined || args.priority !== undefined;
	const window = filtered ? Math.min(args.lines * 40, 50_000) : args.lines;
	const {lines} = tailLines(ctx.state, source, ctx.now, window);
	const kept = lines.filter((l) => lineMatches(l, args));
	return args.lines === 0 ? [] : kept.slice(-args.lines);
}

export function runJournalctl(ctx: SimContext, source: LogSource, args: readonly string[], bootMs: number): SimResult {
	const parsed = parseJournalArgs(args);
	const lines = journalTail(ctx, source, parsed);
	if (lines.length === 0 && parsed.format === 'short') return {stdout: '-- No entries --\n', stderr: '', code: 0};
	return {stdout: lines.map((l) => `${formatJournalLine(l, parsed, bootMs)}\n`).join(''), stderr: '', code: 0};
}
