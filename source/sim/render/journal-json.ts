/**
 * `journalctl -o json`: one compact JSON object per line, every value a string, in the field
 * order journald's own output uses (cursor and timestamps first, then the entry's fields).
 */
import {hexFrom} from '../prng.js';
import type {SimLogLine} from '../journal.js';

const BOOT_ID = hexFrom(16, 'boot');
const MACHINE_ID = hexFrom(16, 'machine');
const SEQNUM_ID = hexFrom(16, 'seqnum');

export function renderJournalLine(line: SimLogLine, bootMs: number): string {
	const realtime = Math.round(line.time * 1000);
	const monotonic = Math.max(1, realtime - Math.round(bootMs * 1000));
	const seq = line.seq.toString(16);
	const entry: Record<string, string> = {
		__CURSOR: `s=${SEQNUM_ID};i=${seq};b=${BOOT_ID};m=${monotonic.toString(16)};t=${realtime.toString(16)};x=${hexFrom(8, 'x', line.seq)}`,
		__REALTIME_TIMESTAMP: String(realtime),
		__MONOTONIC_TIMESTAMP: String(monotonic),
		__SEQNUM: String(line.seq),
		__SEQNUM_ID: SEQNUM_ID,
		_BOOT_ID: BOOT_ID,
		_MACHINE_ID: MACHINE_ID,
		_HOSTNAME: line.hostname,
		_RUNTIME_SCOPE: 'system',
		PRIORITY: String(line.priority),
		SYSLOG_FACILITY: line.ident === 'kernel' ? '0' : '3',
		SYSLOG_IDENTIFIER: line.ident,
	};
	if (line.ident === 'kernel') {
		entry['_TRANSPORT'] = 'kernel';
		entry['_SOURCE_MONOTONIC_TIMESTAMP'] = String(monotonic - 3);
	} else {
		entry['_TRANSPORT'] = 'syslog';
		entry['_UID'] = '0';
		entry['_GID'] = '0';
		entry['_COMM'] = line.ident.toLowerCase().slice(0, 15);
		if (line.unit) {
			entry['_SYSTEMD_CGROUP'] = `/system.slice/${line.unit}`;
			entry['_SYSTEMD_UNIT'] = line.unit;
			entry['_SYSTEMD_SLICE'] = 'system.slice';
		}
		if (line.pid !== undefined) {
			entry['_PID'] = String(line.pid);
			entry['SYSLOG_PID'] = String(line.pid);
		}
		entry['_SOURCE_REALTIME_TIMESTAMP'] = String(realtime - 7);
	}
	entry['MESSAGE'] = line.message;
	return JSON.stringify(entry);
}
