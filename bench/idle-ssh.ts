/**
 * Idle CPU over SSH: the built console connected to the sshd test host, which serves the
 * simulated homelab from the far side as a real host would (its work runs in the host's own
 * processes, not proxdeck's), at the demo's size and at 1,040 guests. Measured as the demo's
 * idle rows are (tmux, three copies side by side, after the first minute), one size at a
 * time: three consoles at 1,040 guests already keep the far side busy.
 */
import {join} from 'node:path';
import {renderPveTree} from '../source/sim/pve-tree.js';
import {writeState} from '../source/sim/state-file.js';
import {sshdUnavailableReason} from '../test/host/gate.js';
import {startTestHost, type TestHost} from '../test/host/harness.js';
import {demoState} from './console-under-test.js';
import type {Row} from './report.js';
import {benchIdle, nodeArgv, type IdleResult} from './tty-runs.js';

/** A size whose consoles never showed a full frame says why, and the other size still counts. */
export type IdleSshSize = IdleResult | {guests: string; failed: string};
export type IdleSshResult = {skipped: string} | {sizes: IdleSshSize[]};

async function attempt(measure: () => Promise<IdleResult>, guests: string): Promise<IdleSshSize> {
	try {
		return await measure();
	} catch (error) {
		return {guests, failed: (error instanceof Error ? error.message : String(error)).split('\n')[0]!};
	}
}

function consoleOver(host: TestHost, dist: string, label: string) {
	return {
		label,
		// `env` execs node in its place: the pid measured is the console's.
		argv: [
			'/usr/bin/env',
			`HOME=${host.home}`,
			'USER=root',
			`XDG_CONFIG_HOME=${join(host.dir, 'xdg-config')}`,
			`XDG_STATE_HOME=${join(host.dir, 'xdg-state')}`,
			...nodeArgv(dist),
			'--host',
			host.alias,
			'--interval',
			'2',
		],
	};
}

export async function benchIdleSsh(
	dist: string,
	options: {seconds: number; warmupSeconds: number},
): Promise<IdleSshResult> {
	const reason = sshdUnavailableReason();
	if (reason) return {skipped: reason};
	const host = await startTestHost();
	try {
		const small = await attempt(
			() => benchIdle(consoleOver(host, dist, 'ssh-demo'), options.seconds, options.warmupSeconds),
			'ssh-demo',
		);
		// The same host, now serving the 1,040-guest homelab (10 nodes, 50 Docker hosts).
		const big = demoState(1000);
		writeState(host.sim!.stateFile, big);
		renderPveTree(big, host.sim!.pveDir);
		const large = await attempt(
			() => benchIdle(consoleOver(host, dist, 'ssh-1000'), options.seconds, options.warmupSeconds),
			'ssh-1000',
		);
		return {sizes: [small, large]};
	} finally {
		await host.close();
	}
}

export function idleSshRows(result: IdleSshResult | undefined): Row[] {
	if (!result) return [];
	if ('skipped' in result)
		return [{figure: 'idle CPU over SSH', measured: `skipped: ${result.skipped}`, compare: '', goal: '', met: '—'}];
	return result.sizes.map((idle) => {
		const demo = idle.guests === 'ssh-demo';
		const limit = demo ? 1 : 3;
		const figure = `idle CPU over SSH, ${demo ? 'demo (40 guests)' : '1,040 guests'}, 2 s refresh`;
		if ('failed' in idle) return {figure, measured: 'failed', compare: idle.failed, goal: `≤ ${limit} %`, met: 'NO'};
		return {
			figure,
			measured: `${idle.cpuPercent} % of a core (${Math.min(...idle.runsPercent)}–${Math.max(...idle.runsPercent)})`,
			compare: `the sshd test host serving the simulated homelab; median of ${idle.runsPercent.length} copies side by side over ${idle.seconds} s after ${idle.warmupSeconds} s running; peak RSS ${idle.peakRssMb} MB`,
			goal: `≤ ${limit} %`,
			met: idle.cpuPercent <= limit ? 'yes' : 'NO',
		};
	});
}
