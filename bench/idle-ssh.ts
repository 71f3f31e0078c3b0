/**
 * Idle CPU over SSH: the built console connected to the sshd test host, which serves the
 * simulated homelab from the far side as a real host would (its work runs in the host's own
 * processes, not proxdeck's), at the demo's size and at 1,040 guests, measured in the same
 * window as the demo's idle rows of that size, so the two sit side by side.
 */
import {join} from 'node:path';
import {renderPveTree} from '../source/sim/pve-tree.js';
import {writeState} from '../source/sim/state-file.js';
import {sshdUnavailableReason} from '../test/host/gate.js';
import {startTestHost, type TestHost} from '../test/host/harness.js';
import {demoState} from './console-under-test.js';
import type {Row} from './report.js';
import {benchIdle, benchIdleSideBySide, nodeArgv, type IdleProgram, type IdleResult} from './tty-runs.js';

/** A size whose consoles never showed a full frame says why, and the other size still counts. */
export type IdleSshSize = IdleResult | {guests: string; failed: string};
export type IdleSshResult = {skipped: string} | {sizes: IdleSshSize[]};

/** The built console connected to the test host as its own user would start it (in a pty). */
export function consoleOver(host: TestHost, dist: string, label: string) {
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

/**
 * The idle rows, local and over SSH, size by size: at each size three copies of the console
 * on the demo (its simulated host in its own process) and three connected to the test host
 * serving the same homelab, all side by side over the same window. Without sshd, or when the
 * SSH consoles never show a full frame, the local ones are measured alone.
 */
export async function benchIdleLocalAndSsh(
	local: readonly [IdleProgram, IdleProgram],
	dist: string,
	options: {seconds: number; warmupSeconds: number},
): Promise<{local: IdleResult[]; ssh: IdleSshResult}> {
	const alone = (program: IdleProgram): Promise<IdleResult> =>
		benchIdle(program, options.seconds, options.warmupSeconds);
	const reason = sshdUnavailableReason();
	if (reason) return {local: [await alone(local[0]), await alone(local[1])], ssh: {skipped: reason}};
	const host = await startTestHost();
	const measured: IdleResult[] = [];
	const sizes: IdleSshSize[] = [];
	try {
		for (const [i, program] of local.entries()) {
			const label = i === 0 ? 'ssh-demo' : 'ssh-1000';
			if (i === 1) {
				// The same host, now serving the 1,040-guest homelab (10 nodes, 50 Docker hosts).
				const big = demoState(1000);
				writeState(host.sim!.stateFile, big);
				renderPveTree(big, host.sim!.pveDir);
			}
			try {
				const [mine, over] = await benchIdleSideBySide(
					[program, consoleOver(host, dist, label)],
					options.seconds,
					options.warmupSeconds,
				);
				measured.push(mine!);
				sizes.push(over!);
			} catch (error) {
				// The error's first line, and the console's own status line (the header it drew).
				const lines = (error instanceof Error ? error.message : String(error)).split('\n');
				sizes.push({guests: label, failed: lines.slice(0, 2).join(' ').replace(/\s+/g, ' ')});
				measured.push(await alone(program));
			}
		}
		return {local: measured, ssh: {sizes}};
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
			compare: `the sshd test host serving the simulated homelab; median of ${idle.runsPercent.length} copies, side by side with the demo's row of this size over ${idle.seconds} s after ${idle.warmupSeconds} s running; peak RSS ${idle.peakRssMb} MB`,
			goal: `≤ ${limit} %`,
			met: idle.cpuPercent <= limit ? 'yes' : 'NO',
		};
	});
}
