/**
 * Log ingest through a real SSH channel, the goal's row: the console in this process,
 * connected with proxdeck's own SSH transport to the sshd test host, streams the host journal
 * exactly as the logs pane does (`journalctl -o json -n 200 -f` on a channel of the one
 * connection, its bytes decrypted by ssh2, split into lines, parsed and stored by the log
 * session). On the test host that follow is a small program (journal-emitter.mjs) printing
 * the simulated host's own `journalctl -o json` records at the rate the benchmark sets, so the
 * lines cost what real ones do (about 800 bytes each, every field journald writes), and
 * counting what it printed, so a line lost on the way shows. Every other command is the
 * simulated homelab's, so the console refreshes over the same connection meanwhile.
 */
import {spawn} from 'node:child_process';
import {chmodSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {hostJournalSource, tailLines} from '../source/sim/journal.js';
import {renderJournalLine} from '../source/sim/render/journal-json.js';
import {createHomelab} from '../source/sim/state.js';
import {startTestHost, type TestHost} from '../test/host/harness.js';
import {connectTestHost} from '../test/host/connect.js';
import {sshdUnavailableReason} from '../test/host/gate.js';
import {
	consoleSink,
	foldRuns,
	inProcessSweep,
	meanBytes,
	sweepOptions,
	sweepRates,
	withConsole,
	type IngestFeed,
	type IngestOptions,
	type IngestResult,
	type IngestRuns,
} from './ingest.js';
import {round, sleep} from './lib.js';
import {sshArgs} from './refresh.js';
import {hostJournal} from '../source/host/commands.js';
import {quoteArg, shellJoin} from '../source/host/quote.js';
import type {Row} from './report.js';

const EMITTER = fileURLToPath(new URL('./journal-emitter.mjs', import.meta.url));
const POOL_LINES = 4096;

/** The simulated host's journal records, as its `journalctl -o json` prints them. */
function journalPool(): string[] {
	const state = createHomelab();
	const now = Date.now();
	const {lines} = tailLines(state, hostJournalSource(state, now), now, POOL_LINES);
	return lines.map((line) => renderJournalLine(line, state.createdAt));
}

/** `journalctl … -f` on the test host becomes the emitter; anything else stays the simulated one. */
function installEmitter(host: TestHost, lines: readonly string[]): IngestFeed & {end(): Promise<void>} {
	const bin = host.sim!.binDir;
	const pool = join(host.dir, 'ingest-pool.jsonl');
	const control = join(host.dir, 'ingest-rate');
	writeFileSync(pool, lines.map((line) => `${line}\n`).join(''));
	writeFileSync(control, '0');
	renameSync(join(bin, 'journalctl'), join(bin, 'journalctl-sim'));
	writeFileSync(
		join(bin, 'journalctl'),
		[
			'#!/bin/sh',
			'case " $* " in',
			`*" -f "*) exec ${shellJoin([process.execPath, EMITTER, pool, control])} "$@" ;;`,
			'esac',
			`exec ${quoteArg(join(bin, 'journalctl-sim'))} "$@"`,
			'',
		].join('\n'),
	);
	chmodSync(join(bin, 'journalctl'), 0o755);
	const counts = (): {printed: number; waitedMs: number} | null => {
		try {
			const [printed, waitedMs] = readFileSync(`${control}.sent`, 'utf8').split(' ').map(Number);
			return printed === undefined || waitedMs === undefined ? null : {printed, waitedMs};
		} catch {
			return null;
		}
	};
	return {
		setRate: (perSecond) => writeFileSync(control, String(perSecond)),
		// Each console starts its own follow: the last one ends, and its count with it.
		async end() {
			writeFileSync(control, 'exit');
			await sleep(200);
			rmSync(`${control}.sent`, {force: true});
			writeFileSync(control, '0');
		},
		sent: () => counts()?.printed ?? null,
		waitedMs: () => counts()?.waitedMs ?? null,
	};
}

export interface IngestRows {
	/** Through a real SSH channel: the goal's row. */
	ssh: IngestRuns | {skipped: string};
	/** The same follow read by OpenSSH's client (lines counted, nothing drawn): what the far side delivers. */
	openSsh?: IngestRuns;
	/** The same sweeps with the lines pushed into the log session in this process, for comparison. */
	inProcess: IngestRuns;
}

/**
 * `runs` sweeps each way, alternating (a fresh console for every sweep; OpenSSH's client
 * reading the same follow as a third), so the two rows are
 * measured side by side on the same machine state.
 */
export async function benchIngestRows(options: IngestOptions & {runs: number}): Promise<IngestRows> {
	const limit = sweepOptions(options).frameGapLimitMs;
	const reason = sshdUnavailableReason();
	const host = reason ? null : await startTestHost();
	const pool = journalPool();
	const ssh: IngestResult[] = [];
	const openSsh: IngestResult[] = [];
	const inProcess: IngestResult[] = [];
	try {
		const feed = host ? installEmitter(host, pool) : null;
		for (let i = 0; i < options.runs; i++) {
			inProcess.push(await inProcessSweep(options, pool));
			if (!host || !feed) continue;
			try {
				ssh.push(await sshSweep(host, feed, options));
			} finally {
				await feed.end();
			}
			try {
				openSsh.push(await openSshSweep(host, feed, options));
			} finally {
				await feed.end();
			}
		}
	} finally {
		await host?.close();
	}
	return {
		ssh: reason ? {skipped: reason} : foldRuns('ssh', ssh, limit, meanBytes(pool)),
		...(reason ? {} : {openSsh: foldRuns('openssh', openSsh, limit, meanBytes(pool))}),
		inProcess: foldRuns('in-process', inProcess, limit, meanBytes(pool)),
	};
}

/**
 * The same follow read by OpenSSH's own client, its lines only counted: what the far side and
 * the link deliver on this machine at the time, whatever proxdeck does with the lines.
 */
async function openSshSweep(host: TestHost, feed: IngestFeed, options: IngestOptions): Promise<IngestResult> {
	const child = spawn('ssh', [...sshArgs(host), shellJoin(hostJournal(200))], {stdio: ['ignore', 'pipe', 'ignore']});
	let lines = 0;
	child.stdout.on('data', (chunk: Buffer) => {
		for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
	});
	try {
		await streamStarted(feed, () => lines);
		return await sweepRates({received: () => lines, renderAt: []}, feed, sweepOptions(options));
	} finally {
		child.kill();
	}
}

async function streamStarted(feed: IngestFeed, received: () => number): Promise<void> {
	const waited = performance.now();
	while (feed.sent() === null || received() === 0) {
		if (performance.now() - waited > 15_000) throw new Error('the log stream never started on the test host');
		await sleep(50);
	}
	await sleep(300);
}

async function sshSweep(host: TestHost, feed: IngestFeed, options: IngestOptions): Promise<IngestResult> {
	const transport = await connectTestHost(host);
	return withConsole(transport, options, async (console) => {
		// The stream is up once the follow on the far side has printed its backlog.
		await streamStarted(feed, () => console.store.getState().logs.received);
		return sweepRates(consoleSink(console), feed, sweepOptions(options));
	});
}

const thousands = (perSec: number): string => `${round(perSec / 1000)}k`;

/** Per rate: the worst frame gap (median of the sweeps, their spread) and what was taken in. */
function perRate(runs: IngestRuns): string {
	return runs.rates
		.map(
			(r) =>
				`${thousands(r.offeredPerSec)}→gap ${r.maxFrameGapMs} ms (${r.minMaxFrameGapMs}–${r.maxMaxFrameGapMs}), ${thousands(r.ingestedPerSec)}/s in${r.sentPerSec === undefined ? '' : ` of ${thousands(r.sentPerSec)}/s sent`}, CPU stall ${r.cpuStallMs} ms`,
		)
		.join('; ');
}

function figure(runs: IngestRuns): string {
	return `${runs.sustainedPerSec} lines/s (${runs.sustainedMinPerSec}–${runs.sustainedMaxPerSec})`;
}

export function ingestRows(result: IngestRows | undefined): Row[] {
	if (!result) return [];
	const rows: Row[] = [];
	const goal = '≥ 50,000 lines/s';
	const {ssh, inProcess} = result;
	const limit = inProcess.frameGapLimitMs;
	if ('skipped' in ssh) {
		rows.push({figure: 'log ingest through SSH', measured: `skipped: ${ssh.skipped}`, compare: '', goal, met: '—'});
	} else {
		const lost = ssh.lostLines === undefined ? 'lines lost not known' : `${ssh.lostLines} lines lost`;
		const openSsh = result.openSsh
			? `; OpenSSH's client reading the same follow (lines counted, nothing drawn) took in ${result.openSsh.rates.map((r) => `${thousands(r.ingestedPerSec)}/s`).join(', ')}`
			: '';
		rows.push({
			figure: `log ingest through SSH with no frame gap > ${limit} ms`,
			measured: figure(ssh),
			compare: `the host journal followed over the sshd test host as the logs pane does, its far side printing the simulated host's journal records (${ssh.lineBytes} bytes each on average) at each rate; median of ${ssh.runs.length} sweeps (min–max), alternating with the row below; ${perRate(ssh)}${openSsh}; ${lost}; the figure is the highest rate with every slower one passing too`,
			goal,
			met: ssh.sustainedPerSec >= 50_000 ? 'yes' : 'NO',
		});
	}
	rows.push({
		figure: `log ingest in one process (no SSH), no frame gap > ${limit} ms`,
		measured: figure(inProcess),
		compare: `the same records pushed straight into the log session by a timer in the console's process (no SSH channel, no decryption, no line splitting); median of ${inProcess.runs.length} sweeps; ${perRate(inProcess)}`,
		goal: 'for comparison',
		met: '—',
	});
	return rows;
}
