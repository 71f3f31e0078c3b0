/**
 * Cold start over SSH, against the sshd test host, at the demo's size and at 1,040 guests,
 * two ways side by side in the same run, alternating:
 *   proxdeck  the built file, `proxdeck --host <test host> --once --json`: a new process, a new
 *             connection (key exchange, host key check, login), the privilege probe, the first
 *             refresh, the snapshot printed, the connection closed, the process gone.
 *   OpenSSH   `ssh` on a fresh connection (no ControlMaster) running the very scripts that
 *             proxdeck's first refresh sends (recorded from proxdeck's own transport), one
 *             after the other in one session, output thrown away: no parsing at all.
 * Both are timed from spawn to exit.
 */
import {spawn} from 'node:child_process';
import {loadavg} from 'node:os';
import {join} from 'node:path';
import {createCollector} from '../source/host/collect.js';
import {probeHost} from '../source/host/privilege.js';
import {renderPveTree} from '../source/sim/pve-tree.js';
import {writeState} from '../source/sim/state-file.js';
import type {Transport} from '../source/transport/types.js';
import {shebangFlags} from '../scripts/shebang-flags.mjs';
import {connectTestHost} from '../test/host/connect.js';
import {sshdUnavailableReason} from '../test/host/gate.js';
import {startTestHost, type TestHost} from '../test/host/harness.js';
import {demoState} from './console-under-test.js';
import {median, round, timing, type Timing} from './lib.js';
import {sshArgs} from './refresh.js';
import type {Row} from './report.js';

export interface ColdSshSize {
	guests: number;
	proxdeck: Timing;
	openssh: Timing;
	/** proxdeck.medianMs / openssh.medianMs */
	ratio: number;
	/** Execs of proxdeck's first refresh, the probe included: what OpenSSH runs in one session. */
	scripts: number;
	/** The privilege probe alone, on a connection already open (median). */
	probeMs: number;
	/** 1-minute load average when the size was measured. */
	loadAverage: number;
}

export type ColdSshResult = {skipped: string} | {sizes: ColdSshSize[]};

/** Spawn to exit, in ms; fails unless it exits 0 with output. */
function timed(argv: readonly string[], env: NodeJS.ProcessEnv, check: (stdout: string) => boolean): Promise<number> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(argv[0]!, argv.slice(1), {env, stdio: ['ignore', 'pipe', 'pipe']});
		const out: Buffer[] = [];
		let err = '';
		child.stdout.on('data', (d: Buffer) => out.push(d));
		child.stderr.on('data', (d: Buffer) => (err += d.toString()));
		child.once('error', reject);
		child.once('exit', (code) => {
			const ms = performance.now() - started;
			child.once('close', () => {
				if (code === 0 && check(Buffer.concat(out).toString())) resolve(ms);
				else reject(new Error(`${argv[0]} exited ${code}: ${err.trim().slice(0, 400)}`));
			});
		});
	});
}

/** What proxdeck sends on a cold start: the probe and the first refresh's batches, in order. */
async function firstRefreshScripts(host: TestHost): Promise<{scripts: string[]; probeMs: number}> {
	const ssh = await connectTestHost(host);
	try {
		const scripts: string[] = [];
		// The connection itself with exec noted: the probe and the collector call nothing else on it.
		const recording: Transport = Object.create(ssh) as Transport;
		recording.exec = (command, options) => {
			scripts.push(command);
			return ssh.exec(command, options);
		};
		await probeHost(recording);
		await createCollector(recording, {context: host.alias}).collect();
		const probeRuns: number[] = [];
		for (let i = 0; i < 5; i++) {
			const started = performance.now();
			await probeHost(ssh);
			probeRuns.push(performance.now() - started);
		}
		return {scripts, probeMs: round(median(probeRuns), 1)};
	} finally {
		await ssh.close();
	}
}

async function measureSize(host: TestHost, dist: string, runs: number): Promise<ColdSshSize> {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		HOME: host.home,
		USER: 'root',
		XDG_CONFIG_HOME: join(host.dir, 'xdg-config'),
		XDG_STATE_HOME: join(host.dir, 'xdg-state'),
	};
	const {scripts, probeMs} = await firstRefreshScripts(host);
	let guests = 0;
	const proxdeckArgv = [process.execPath, ...shebangFlags(dist), dist, '--host', host.alias, '--once', '--json'];
	const proxdeckRun = (): Promise<number> =>
		timed(proxdeckArgv, env, (stdout) => {
			guests = (JSON.parse(stdout) as {guests: unknown[]}).guests.length;
			return guests > 0;
		});
	const opensshRun = (): Promise<number> =>
		timed(['ssh', ...sshArgs(host), scripts.join('\n')], env, (stdout) => stdout.length > 0);
	// One of each first: the page cache, sshd and the sim's files warm for both alike.
	await proxdeckRun();
	await opensshRun();
	const ours: number[] = [];
	const theirs: number[] = [];
	for (let i = 0; i < runs; i++) {
		// Alternate which goes first, so neither always runs right after the other.
		if (i % 2 === 0) {
			ours.push(await proxdeckRun());
			theirs.push(await opensshRun());
		} else {
			theirs.push(await opensshRun());
			ours.push(await proxdeckRun());
		}
	}
	return {
		guests,
		proxdeck: timing(ours),
		openssh: timing(theirs),
		ratio: round(median(ours) / median(theirs), 2),
		scripts: scripts.length,
		probeMs,
		loadAverage: round(loadavg()[0]!, 2),
	};
}

export async function benchColdSsh(dist: string, options: {runs?: number} = {}): Promise<ColdSshResult> {
	const reason = sshdUnavailableReason();
	if (reason) return {skipped: reason};
	const host = await startTestHost();
	try {
		const runs = options.runs ?? 7;
		const small = await measureSize(host, dist, runs);
		// The same host, now serving the 1,040-guest homelab (10 nodes, 50 Docker hosts).
		const big = demoState(1000);
		writeState(host.sim!.stateFile, big);
		renderPveTree(big, host.sim!.pveDir);
		const large = await measureSize(host, dist, runs);
		return {sizes: [small, large]};
	} finally {
		await host.close();
	}
}

/** The table's rows for this benchmark. */
export function coldSshRows(result: ColdSshResult | undefined): Row[] {
	if (!result) return [];
	if ('skipped' in result)
		return [{figure: 'cold start over SSH', measured: `skipped: ${result.skipped}`, compare: '', goal: '', met: '—'}];
	return result.sizes.map((size) => ({
		figure: `cold start over SSH, ${size.guests} guests: --once --json`,
		measured: `${size.proxdeck.medianMs} ms`,
		compare:
			`OpenSSH, fresh connection, same ${size.scripts} scripts in one session, ${size.openssh.medianMs} ms (×${size.ratio}); ` +
			`median of ${size.proxdeck.runsMs.length}, ${size.proxdeck.minMs}–${size.proxdeck.maxMs} vs ${size.openssh.minMs}–${size.openssh.maxMs} ms; ` +
			`probe ${size.probeMs} ms; load ${size.loadAverage}`,
		goal: '≤ 1.15× OpenSSH',
		met: size.ratio <= 1.15 ? 'yes' : 'NO',
	}));
}
