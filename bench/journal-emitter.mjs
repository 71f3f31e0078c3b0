/**
 * The far side of the ingest benchmark over SSH: `journalctl -o json -n N -f` on the sshd test
 * host, printing journal records at the rate the benchmark asks for. Usage:
 *   node journal-emitter.mjs <pool> <control> [journalctl arguments...]
 * <pool> holds the records (one `journalctl -o json` line each), printed in turn, round and
 * round. <control> holds the rate in lines per second (0: quiet, `exit`: end); it is read every
 * 50 ms, and a new rate starts counting afresh. Every 100 ms the number of lines printed so far is written
 * to <control>.sent, so the benchmark can tell lines lost on the way from lines not yet sent,
 * and beside it the milliseconds printing has waited for the channel in all (a console, or the
 * SSH link, that could not take the lines as fast as they were offered).
 *
 * Lines go out every 5 ms, as many as are due by the wall clock. When the channel pushes back
 * (a console that cannot keep up), printing waits; lines more than a quarter of a second
 * overdue are skipped, as journald's rate limit would, and are not counted as printed.
 */
import {readFileSync, renameSync, writeFileSync} from 'node:fs';
import process from 'node:process';

const [poolPath, controlPath, ...args] = process.argv.slice(2);
const pool = readFileSync(poolPath);
/** Where each line of the pool starts (its newline included in the slice that ends it). */
const starts = [0];
for (let at = pool.indexOf(10); at !== -1; at = pool.indexOf(10, at + 1)) starts.push(at + 1);
if (starts.at(-1) === pool.length) starts.pop();
const count = starts.length;
const end = (index) => (index + 1 < count ? starts[index + 1] : pool.length);

let cursor = 0;
let printed = 0;

/** The next `n` lines of the pool, round and round, as one buffer. */
function take(n) {
	const pieces = [];
	while (n > 0) {
		const run = Math.min(n, count - cursor);
		pieces.push(pool.subarray(starts[cursor], end(cursor + run - 1)));
		cursor = (cursor + run) % count;
		n -= run;
	}
	return pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
}

/**
 * The rate asked for. A quiet follow never writes, so it would not learn that its channel
 * closed: the benchmark writes `exit` when it is done, and a control file gone ends it too.
 */
function readRate() {
	let text;
	try {
		text = readFileSync(controlPath, 'utf8').trim();
	} catch {
		process.exit(0);
	}
	if (text === 'exit') process.exit(0);
	const rate = Number(text);
	return Number.isFinite(rate) && rate > 0 ? rate : 0;
}

process.stdout.on('error', () => process.exit(0));
const tail = args.indexOf('-n');
const backlog = tail === -1 ? 10 : Number(args[tail + 1]) || 0;
/**
 * Since when the channel has pushed back (null: it takes lines), and the time it did so in
 * all. A pipe's writes block on Linux, so the time inside write() counts too.
 */
let waitingSince = null;
let waitedMs = 0;
function print(lines) {
	printed += lines;
	const chunk = take(lines);
	const before = performance.now();
	const taken = process.stdout.write(chunk);
	const after = performance.now();
	waitedMs += after - before;
	if (!taken) waitingSince = after;
}
process.stdout.on('drain', () => {
	waitedMs += performance.now() - waitingSince;
	waitingSince = null;
});
print(backlog);

let rate = 0;
let since = performance.now();
let sent = 0;
let lastRead = 0;
let lastReport = 0;
setInterval(() => {
	const now = performance.now();
	if (now - lastRead >= 50) {
		lastRead = now;
		const asked = readRate();
		if (asked !== rate) {
			rate = asked;
			since = now;
			sent = 0;
		}
	}
	if (now - lastReport >= 100) {
		lastReport = now;
		const waited = waitedMs + (waitingSince === null ? 0 : now - waitingSince);
		// Written whole, then renamed: the benchmark never reads a half-written count.
		writeFileSync(`${controlPath}.sent-new`, `${printed} ${Math.round(waited)}`);
		renameSync(`${controlPath}.sent-new`, `${controlPath}.sent`);
	}
	if (rate === 0 || waitingSince !== null) return;
	let due = Math.floor(((now - since) / 1000) * rate) - sent;
	const overdue = due - Math.ceil(rate / 4);
	if (overdue > 0) {
		sent += overdue;
		due -= overdue;
	}
	if (due <= 0) return;
	sent += due;
	print(due);
}, 5);
