/**
 * How much of a task's log proxdeck holds while it follows one. A task's log is the host's
 * text and has no length limit (a vzdump of every guest of a node writes thousands of lines),
 * so a follower keeps its first lines (where vzdump names the archive it writes) and its
 * newest ones (where it ends, with `TASK OK` or the error), and counts what it let go. Each
 * line is already cut to the line cap by the parser.
 */

export interface KeptLog {
	/** The lines held: the head, then a line saying how many were let go (when any), then the tail. */
	readonly lines: readonly string[];
	/** Lines read so far: the next read starts here (`--start`). */
	readonly read: number;
	/** Lines let go from the middle. */
	readonly dropped: number;
}

export interface KeepLimits {
	head: number;
	tail: number;
}

/** What the job panel, the tasks view and `task log --follow` keep of one log. */
export const TASK_LOG_KEEP: KeepLimits = {head: 200, tail: 5_000};

export const EMPTY_LOG: KeptLog = {lines: [], read: 0, dropped: 0};

const droppedNote = (n: number): string => `… ${n} line${n === 1 ? '' : 's'} not kept …`;

/** `log` with `fresh` lines after it, the middle let go once it holds more than head + tail. */
export function keepLog(log: KeptLog, fresh: readonly string[], limits: KeepLimits = TASK_LOG_KEEP): KeptLog {
	if (fresh.length === 0) return log;
	const read = log.read + fresh.length;
	const head = log.dropped > 0 ? log.lines.slice(0, limits.head) : [];
	const rest = log.dropped > 0 ? log.lines.slice(limits.head + 1) : log.lines;
	const body = [...rest, ...fresh];
	if (log.dropped === 0 && body.length <= limits.head + limits.tail) return {lines: body, read, dropped: 0};
	const all = log.dropped > 0 ? body : body.slice(limits.head);
	const keptHead = log.dropped > 0 ? head : body.slice(0, limits.head);
	const cut = Math.max(0, all.length - limits.tail);
	const dropped = log.dropped + cut;
	return {lines: [...keptHead, droppedNote(dropped), ...all.slice(cut)], read, dropped};
}
