/** How a log line's time and priority read in tables. */

/** syslog priorities 0..7, as journalctl names them. */
export const PRIORITY_NAMES: readonly string[] = [
	'emerg',
	'alert',
	'crit',
	'err',
	'warning',
	'notice',
	'info',
	'debug',
];

/** Local `YYYY-MM-DD HH:MM:SS`, or `-` when the source gave no time. */
export function formatLogTime(ms: number | null): string {
	if (ms === null) return '-';
	const d = new Date(ms);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
