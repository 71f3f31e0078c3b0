/**
 * Refresh cost against the sshd test host, at the demo's size and at 1,000 guests, three ways
 * in the same run, alternating:
 *   ours      SshTransport + createCollector().collect(): one exec channel, framed sections,
 *             parsed into a snapshot (wall time includes parsing and assembly).
 *   by hand   the best a person would write: ONE `ssh host '...'` running the same commands
 *             in one string, through OpenSSH with ControlMaster (an already open master), no
 *             parsing at all.
 *   per guest the loop homelab scripts use: `pct list`, then `pct status <vmid>` for every guest.
 * Remote processes are counted in separate, strace-watched runs (see proc-count.ts).
 */
import {spawn} from 'node:child_process';
import {join} from 'node:path';
import {createCollector} from '../source/host/collect.js';
import {hostSections, guestSections} from '../source/host/sections.js';
import {chooseGuestSources} from '../source/host/guest-sources.js';
import {shellJoin} from '../source/host/quote.js';
import type {Snapshot} from '../source/model/snapshot.js';
import {connectTestHost} from '../test/host/connect.js';
import {sshdUnavailableReason} from '../test/host/gate.js';
import {startTestHost, type TestHost} from '../test/host/harness.js';
import {serveGuests} from './ssh-homelab.js';
import {median, round} from './lib.js';
import {countProcesses, straceAvailable, type ProcessCount} from './proc-count.js';
import {readFileSync} from 'node:fs';

export interface WayResult {
	wallMs: number;
	/** The fastest and slowest run: the noise beside the median. */
	minMs: number;
	maxMs: number;
	/** Ours only: CPU time in this process per refresh (ssh2's decryption, split, parse, assemble), median. */
	clientCpuMs?: number;
	channels: number;
	processes: number | null;
	/** Every process the strace-watched run started, by program (session setup included). */
	byProgram?: Record<string, number>;
	/** Processes each session costs before its command runs (subtracted from `processes`). */
	sessionSetupProcesses?: number;
	runs: number;
	note?: string;
}

export interface RefreshSize {
	guests: number;
	ours: WayResult;
	byHand: WayResult;
	perGuest: WayResult;
	/** ours.wallMs / byHand.wallMs */
	ratio: number;
}

export type RefreshResult = {skipped: string} | {sizes: RefreshSize[]; processCounting: string};

/** The same commands as one steady-state refresh of ours, written the way a person would. */
export function handScript(snapshot: Snapshot, dockerHostsPerRefresh = 4): string {
	const sources = chooseGuestSources(snapshot.guests, {});
	const sections = [
		...hostSections(''),
		...guestSections({...sources, dockerHosts: sources.dockerHosts.slice(0, dockerHostsPerRefresh)}),
	];
	const lines = sections.map((s) => (s.id === 'configs' ? 'cat /etc/pve/.vmlist' : shellJoin(s.argv)));
	// echo is a shell builtin: separators cost no process.
	return lines.map((line, i) => `echo '--- ${i}'; ${line}`).join('; ');
}

function perGuestScript(snapshot: Snapshot, limit: number): string {
	const ids = snapshot.guests
		.slice(0, limit)
		.map((g) => g.vmid)
		.join(' ');
	return `pct list >/dev/null; for id in ${ids}; do pct status $id; done`;
}

/** OpenSSH to the test host with its key and known_hosts; through a ControlMaster when given its path. */
export function sshArgs(host: TestHost, controlPath?: string): string[] {
	const master = controlPath
		? ['-o', 'ControlMaster=auto', '-o', `ControlPath=${controlPath}`, '-o', 'ControlPersist=60']
		: [];
	return [
		'-i',
		host.clientKeyPath,
		'-o',
		'IdentitiesOnly=yes',
		'-o',
		`UserKnownHostsFile=${host.knownHostsPath}`,
		'-o',
		'GlobalKnownHostsFile=/dev/null',
		'-o',
		'BatchMode=yes',
		...master,
		'-F',
		'/dev/null',
		'-p',
		String(host.port),
		`${host.user}@${host.host}`,
	];
}

function runSsh(args: string[], script: string): Promise<{ms: number; bytes: number}> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn('ssh', [...args, script], {stdio: ['ignore', 'pipe', 'pipe']});
		let bytes = 0;
		let err = '';
		child.stdout.on('data', (d: Buffer) => (bytes += d.length));
		child.stderr.on('data', (d: Buffer) => (err += d.toString()));
		child.once('error', reject);
		child.once('close', (code) =>
			code === 0 || bytes > 0
				? resolve({ms: performance.now() - started, bytes})
				: reject(new Error(`ssh exited ${code}: ${err}`)),
		);
	});
}

async function measureSize(host: TestHost, guests: number, runs: number, countProcs: boolean): Promise<RefreshSize> {
	const ssh = await connectTestHost(host);
	const collector = createCollector(ssh, {context: 'bench'});
	const controlPath = join(host.dir, `cm-${guests}`);
	const args = sshArgs(host, controlPath);
	try {
		// Warm up: the first refresh reads every guest config and discovers the Docker hosts.
		let snapshot = await collector.collect();
		for (let i = 0; i < 3; i++) snapshot = await collector.collect();
		const hand = handScript(snapshot);
		const loopLimit = guests > 100 ? 100 : snapshot.guests.length;
		const loop = perGuestScript(snapshot, loopLimit);
		const scale = snapshot.guests.length / loopLimit;
		await runSsh(args, 'true'); // opens the ControlMaster

		const ours: number[] = [];
		const oursCpu: number[] = [];
		const byHand: number[] = [];
		const perGuest: number[] = [];
		let channels = 0;
		for (let i = 0; i < runs; i++) {
			const before = ssh.stats().execs;
			const started = performance.now();
			const cpu = process.cpuUsage();
			await collector.collect();
			ours.push(performance.now() - started);
			const used = process.cpuUsage(cpu);
			oursCpu.push((used.user + used.system) / 1000);
			channels = ssh.stats().execs - before;
			byHand.push((await runSsh(args, hand)).ms);
			if (i < Math.min(3, runs)) perGuest.push((await runSsh(args, loop)).ms * scale);
		}

		let oursCount: ProcessCount | null = null;
		let handCount: ProcessCount | null = null;
		let loopCount: ProcessCount | null = null;
		let sessionSetup = 0;
		if (countProcs) {
			const sshdPid = Number(readFileSync(join(host.dir, 'sshd.pid'), 'utf8').trim());
			const tmp = join(host.dir, 'strace.out');
			// What every session costs before its command runs (sshd's child, the test host's
			// ForceCommand wrapper, namespaces): measured with `true` and taken off each count.
			sessionSetup = (await countProcesses(sshdPid, async () => void (await ssh.exec('true')), tmp)).processes - 1;
			oursCount = await countProcesses(sshdPid, async () => void (await collector.collect()), tmp);
			handCount = await countProcesses(sshdPid, async () => void (await runSsh(args, hand)), tmp);
			loopCount = await countProcesses(sshdPid, async () => void (await runSsh(args, loop)), tmp);
		}
		const way = (
			samples: number[],
			channelsPerTick: number,
			count: ProcessCount | null,
			factor = 1,
			note?: string,
		): WayResult => ({
			wallMs: round(median(samples), 0),
			minMs: round(Math.min(...samples), 0),
			maxMs: round(Math.max(...samples), 0),
			channels: channelsPerTick,
			processes: count ? Math.round((count.processes - sessionSetup * channelsPerTick) * factor) : null,
			...(count ? {byProgram: count.byProgram, sessionSetupProcesses: sessionSetup} : {}),
			runs: samples.length,
			...(note ? {note} : {}),
		});
		const size: RefreshSize = {
			guests: snapshot.guests.length,
			ours: {...way(ours, channels, oursCount), clientCpuMs: round(median(oursCpu), 1)},
			byHand: way(byHand, 1, handCount),
			perGuest: way(
				perGuest,
				1,
				loopCount,
				scale,
				scale > 1 ? `measured over ${loopLimit} guests, scaled ×${round(scale, 1)}` : undefined,
			),
			ratio: round(median(ours) / median(byHand), 2),
		};
		await runSsh([...args.slice(0, -1), '-O', 'exit', args.at(-1)!], '').catch(() => undefined);
		return size;
	} finally {
		await ssh.close();
	}
}

export async function benchRefresh(options: {runs?: number; bigGuests?: number} = {}): Promise<RefreshResult> {
	const reason = sshdUnavailableReason();
	if (reason) return {skipped: reason};
	const countProcs = straceAvailable();
	const host = await startTestHost();
	try {
		const runs = options.runs ?? 5;
		const small = await measureSize(host, 0, runs, countProcs);
		// The same host, now serving 1,000 more guests (50 Docker hosts) on its one node: this
		// row is about growth in guests; the cluster row (cluster-refresh.ts) is about nodes.
		const large = await measureSize(host, serveGuests(host, options.bigGuests ?? 1000), runs, countProcs);
		return {
			sizes: [small, large],
			processCounting: countProcs
				? "strace -f -e trace=execve on the test host's sshd and its sessions; one process per pid that exec'd"
				: 'strace is not installed: processes not counted',
		};
	} finally {
		await host.close();
	}
}
