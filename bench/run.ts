/**
 * `npm run bench`: every figure of docs/PERFORMANCE.md, measured on this machine, printed as
 * one table and written to bench/results.json. Run through scripts/bench.mjs (which builds
 * dist/ first and clears CI so Ink renders frames). Flags: --quick (shorter idle window, fewer
 * runs), --long (the steady-memory row runs 30 minutes instead of 3),
 * --only=<refresh,docker-stats,cluster,client,keys,keys-pty,cold,startup,cold-ssh,start,idle (with idle over SSH),fleet,rss,steady,ingest>.
 */
import {writeFileSync} from 'node:fs';
import {cpus, loadavg, totalmem} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execFileSync} from 'node:child_process';
import {benchRefresh, type RefreshResult} from './refresh.js';
import {benchClusterRefresh, type ClusterRefreshResult} from './cluster-refresh.js';
import {benchDockerStats, type DockerStatsResult} from './docker-stats.js';
import {benchKeyLatency, type KeyLatencyResult} from './keys.js';
import {benchPtyKeys, type PtyKeyResult} from './keys-pty.js';
import {benchIngestRows, type IngestRows} from './ingest-ssh.js';
import {
	benchColdStart,
	type IdleProgram,
	benchIdleSideBySide,
	benchReadmeStart,
	nodeArgv,
	shebangFlags,
	tmuxAvailable,
	type IdleResult,
} from './tty-runs.js';
import {benchPeakRss, type RssResult} from './rss.js';
import {benchColdSsh, type ColdSshResult} from './cold-ssh.js';
import {benchStartup, type StartupResult} from './startup.js';
import {benchClientCost, type ClientCostResult} from './client-cost.js';
import {benchSteadyRss, type SteadyRssResult} from './steady-rss.js';
import {benchIdleLocalAndSsh, type IdleSshResult} from './idle-ssh.js';
import {formatTable, goalRows} from './report.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
// The steady-memory row runs the goal's 30 minutes only when asked; 3 minutes otherwise.
const long = argv.includes('--long');
const only = argv
	.find((a) => a.startsWith('--only='))
	?.slice(7)
	.split(',');
const wants = (name: string): boolean => !only || only.includes(name);
const dist = join(root, 'dist', 'proxdeck.mjs');

export interface BenchResults {
	schema: 1;
	ranAt: string;
	quick: boolean;
	machine: {cpu: string; cores: number; memoryGb: number; os: string; node: string};
	refresh?: RefreshResult;
	clusterRefresh?: ClusterRefreshResult | {skipped: string};
	/** A refresh at 1,000 guests with 50 Docker hosts' stats read, against the same without (timed and instant host). */
	dockerStats?: DockerStatsResult[];
	/** CPU time per refresh per guest in proxdeck's process, replayed from the simulated host. */
	clientCost?: ClientCostResult;
	keys?: KeyLatencyResult;
	/** Key → frame through a real pty at 1,000, 10,000 and 30,000 guests (the built program). */
	ptyKeys?: PtyKeyResult;
	coldStart?: {medianMs: number; runsMs: number[]};
	/** The paths that print and exit, beside `node -e 0`. */
	startup?: StartupResult;
	/** `--once --json` over SSH against OpenSSH running the same scripts. */
	coldSsh?: ColdSshResult;
	/** `npm start` (the README's start command) to the first full frame. */
	readmeStart?: {medianMs: number; runsMs: number[]; devMedianMs: number; devRunsMs: number[]};
	idle?: IdleResult[] | {skipped: string};
	/** The console connected to the sshd test host, which runs the simulated homelab on its side. */
	idleSsh?: IdleSshResult;
	/** A fleet of three contexts against one context of the same size, side by side in one window. */
	fleetIdle?: {single: IdleResult; fleet: IdleResult; ratio: number} | {skipped: string};
	rss?: RssResult | {skipped: string};
	/** RSS over a long run at 1,000 guests with the journal at 5,000 lines/s, and its growth. */
	steadyRss?: SteadyRssResult | {skipped: string};
	/** Log ingest through a real SSH channel, and pushed into the log session in process beside it. */
	ingest?: IngestRows;
	errors: Record<string, string>;
	/**
	 * The machine's load average (1, 5 and 15 minutes) when each row started and ended: a
	 * figure measured on a busy machine says so.
	 */
	load: Record<string, {start: number[]; end: number[]}>;
}

function machine(): BenchResults['machine'] {
	let os = `${process.platform} ${process.arch}`;
	try {
		os = execFileSync('uname', ['-sr'], {encoding: 'utf8'}).trim();
	} catch {
		// keep the platform
	}
	return {
		cpu: cpus()[0]?.model.trim() ?? 'unknown',
		cores: cpus().length,
		memoryGb: Math.round(totalmem() / 1024 ** 3),
		os,
		node: process.version,
	};
}

async function step<T>(name: string, results: BenchResults, run: () => Promise<T>): Promise<T | undefined> {
	if (!wants(name)) return undefined;
	const started = Date.now();
	const load = (): number[] => loadavg().map((l) => Math.round(l * 100) / 100);
	const start = load();
	process.stderr.write(`bench: ${name}…`);
	try {
		const value = await run();
		process.stderr.write(` ${((Date.now() - started) / 1000).toFixed(0)} s (load ${start[0]} → ${load()[0]})\n`);
		return value;
	} catch (error) {
		process.stderr.write(' failed\n');
		results.errors[name] = error instanceof Error ? error.message : String(error);
		return undefined;
	} finally {
		results.load[name] = {start, end: load()};
	}
}

const results: BenchResults = {
	schema: 1,
	ranAt: new Date().toISOString(),
	quick,
	machine: machine(),
	errors: {},
	load: {},
};
const benchStarted = Date.now();
const tmuxReason = tmuxAvailable() ? null : 'tmux is not installed';

results.refresh = await step('refresh', results, () => benchRefresh({runs: quick ? 3 : 5}));
results.dockerStats = await step('docker-stats', results, async () => [
	await benchDockerStats({runs: quick ? 5 : 7, perRefresh: 4, host: 'timed'}),
	await benchDockerStats({runs: quick ? 5 : 7, host: 'timed', timeScale: 0.1}),
	await benchDockerStats({runs: quick ? 5 : 9, perRefresh: 4}),
	await benchDockerStats({runs: quick ? 5 : 9}),
]);
results.clusterRefresh = await step('cluster', results, () => benchClusterRefresh({runs: quick ? 3 : 5}));
results.clientCost = await step('client', results, () => benchClientCost({refreshes: quick ? 3 : 5}));
results.keys = await step('keys', results, () => benchKeyLatency({presses: quick ? 60 : 150}));
results.ptyKeys = await step('keys-pty', results, () =>
	benchPtyKeys(dist, {presses: quick ? 40 : 100, ...(quick ? {sizes: [1000, 10_000]} : {})}),
);
results.ingest = await step('ingest', results, () => benchIngestRows({runs: 5, secondsPerRate: quick ? 1 : 2}));
results.coldStart = await step('cold', results, () => benchColdStart(dist, quick ? 3 : 7));
results.startup = await step('startup', results, () => benchStartup(dist, quick ? 5 : 11));
results.coldSsh = await step('cold-ssh', results, () => benchColdSsh(dist, {runs: quick ? 5 : 7}));
results.readmeStart = await step('start', results, () => benchReadmeStart(root, 5));
// Each size on its own (three copies of it side by side), so one size's refreshes do not
// weigh on the other's figure.
const idleSizes: [IdleProgram, IdleProgram] = [
	{label: 'demo', argv: [...nodeArgv(dist), '--demo', '--interval', '2']},
	{label: '1000', argv: [...nodeArgv(dist), '--demo', '--demo-scale', '1000', '--interval', '2']},
];
// Over SSH too, in the same window as each size: the console against the sshd test host
// serving the same homelab from its side.
results.idle = await step('idle', results, async () => {
	if (tmuxReason) {
		results.idleSsh = {skipped: tmuxReason};
		return {skipped: tmuxReason};
	}
	const {local, ssh} = await benchIdleLocalAndSsh(idleSizes, dist, {
		seconds: quick ? 10 : 30,
		warmupSeconds: quick ? 5 : 60,
	});
	results.idleSsh = ssh;
	return local;
});
// The fleet row: three simulated homelabs of 40 generated guests each (on top of the seeds'
// homelab) in one console, against one such homelab, measured over the same window.
const FLEET_SCALE = '40';
results.fleetIdle = await step('fleet', results, async () => {
	if (tmuxReason) return {skipped: tmuxReason};
	const [single, fleet] = await benchIdleSideBySide(
		[
			{label: 'one-context', argv: [...nodeArgv(dist), '--demo', '--demo-scale', FLEET_SCALE, '--interval', '2']},
			{label: 'fleet-of-3', argv: [...nodeArgv(dist), '--demo-fleet', '--demo-scale', FLEET_SCALE, '--interval', '2']},
		],
		quick ? 10 : 30,
		quick ? 5 : 60,
	);
	return {single: single!, fleet: fleet!, ratio: Math.round((fleet!.cpuPercent / single!.cpuPercent) * 100) / 100};
});
results.rss = await step('rss', results, async () =>
	tmuxReason ? {skipped: tmuxReason} : benchPeakRss({nodeFlags: shebangFlags(dist)}),
);
results.steadyRss = await step('steady', results, async () =>
	tmuxReason ? {skipped: tmuxReason} : benchSteadyRss({minutes: long ? 30 : 3, nodeFlags: shebangFlags(dist)}),
);

const table = formatTable(goalRows(results), results.machine);
if (!only) {
	writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(results, null, '\t') + '\n');
	// The README's performance table, ready to paste: the same rows.
	writeFileSync(join(root, 'bench', 'results.md'), table + '\n');
}
process.stdout.write(table + '\n');
process.stderr.write(`bench: ${Math.round((Date.now() - benchStarted) / 1000)} s in all\n`);
if (Object.keys(results.errors).length > 0) {
	for (const [name, message] of Object.entries(results.errors))
		process.stderr.write(`bench ${name} failed: ${message}\n`);
	process.exitCode = 1;
}
process.exit();
