/**
 * `--once`: one refresh, printed, then exit. JSON goes out as the snapshot itself (schema
 * v1); tables are rendered by the caller (screens/ own rendering).
 */
import type {Snapshot} from './model/snapshot.js';
import type {Collector} from './host/collector-types.js';
import type {Transport} from './transport/types.js';
import {EXIT} from './exit-codes.js';
import {hostJournal} from './host/commands.js';
import {shellJoin} from './host/quote.js';
import {parseJournalJson} from './host/parse/journal.js';
import type {ReportTable} from './report/rows.js';
import {formatLogTime, PRIORITY_NAMES} from './report/log-rows.js';
import {cutNotice} from './transport/output-cap.js';

/** `--once --pane logs`: the host journal's last lines, read once (no follow). */
export async function recentJournalTable(transport: Transport, lines = 50): Promise<ReportTable> {
	const result = await transport.exec(shellJoin(hostJournal(lines, false)), {timeoutMs: 15_000});
	// A cut output ends in the middle of a record: read the whole records before it.
	const text = result.cut?.stdout ? result.stdout.slice(0, result.stdout.lastIndexOf('\n') + 1) : result.stdout;
	const parsed = result.code === 0 ? parseJournalJson(text) : null;
	if (!parsed?.ok) {
		const why =
			parsed && !parsed.ok ? parsed.error.message : (result.stderr.trim().split('\n')[0] ?? `exit code ${result.code}`);
		return {title: 'Host journal', rows: [{ERROR: `journalctl: ${why}`}]};
	}
	const cut = result.cut?.stdout
		? [{TIME: '', PRIORITY: '', UNIT: '', MESSAGE: `journalctl: ${cutNotice(result.cut.limit, result.cut.stdout)}`}]
		: [];
	return {
		title: 'Host journal',
		rows: [
			...parsed.value.map((line) => ({
				TIME: formatLogTime(line.time),
				PRIORITY: line.priority === undefined ? '' : (PRIORITY_NAMES[line.priority] ?? String(line.priority)),
				UNIT: line.unit ?? '',
				MESSAGE: line.message,
			})),
			...cut,
		],
	};
}

export interface OnceResult {
	snapshot: Snapshot | null;
	exitCode: number;
	/** What went wrong when there is no snapshot at all. */
	failure?: string;
}

export async function collectOnce(collector: Collector, transport: Transport): Promise<OnceResult> {
	try {
		const snapshot = await collector.collect();
		// Every section failing means the host answered nothing useful: that is an error exit.
		const useful = snapshot.guests.length + snapshot.pools.length + snapshot.bridges.length + snapshot.nodes.length > 0;
		return {snapshot, exitCode: useful || snapshot.errors.length === 0 ? EXIT.ok : EXIT.error};
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		return {snapshot: null, exitCode: EXIT.error, failure: `cannot read ${transport.label}: ${message}`};
	}
}

export function reportHeading(snapshot: Snapshot, label: string): string {
	const nodes = snapshot.nodes.map((n) => `${n.name}${n.online ? '' : ' (offline)'}`).join(', ');
	const cluster = snapshot.cluster
		? ` cluster ${snapshot.cluster.name}${snapshot.cluster.quorate ? '' : ' (NO QUORUM)'}`
		: '';
	return `proxdeck — ${snapshot.context} (${label})${cluster} — nodes: ${nodes || 'none'} — ${snapshot.takenAt}`;
}
