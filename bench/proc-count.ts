/**
 * Counting the remote processes a refresh starts on the test host: strace attached to the
 * test host's sshd and every process under it (the listener and the live connections'
 * session processes), following forks, recording execve only. A process is counted once
 * however many times it execs (a `#!/bin/sh` wrapper that `exec`s node is one process).
 * strace slows what it watches, so counting runs are separate from timed runs.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {readdirSync, readFileSync, rmSync} from 'node:fs';
import {basename} from 'node:path';
import {sleep} from './lib.js';
import {descendants} from '../test/host/sshd.js';

function tracerOf(pid: number): number {
	try {
		return Number(/^TracerPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
	} catch {
		return -1;
	}
}

export interface ProcessCount {
	processes: number;
	/** Processes per program (the last program each one ran). */
	byProgram: Record<string, number>;
}

/** Parse `strace -f -e trace=execve` output into distinct processes that exec'd. */
export function countExecs(trace: string): ProcessCount {
	const program = new Map<number, string>();
	const pendingPath = new Map<number, string>();
	for (const line of trace.split('\n')) {
		const m = /^(\d+)\s+(.*)$/.exec(line);
		if (!m) continue;
		const pid = Number(m[1]);
		const rest = m[2]!;
		const call = /^execve\("([^"]+)"/.exec(rest);
		if (call) {
			if (rest.includes('<unfinished ...>')) pendingPath.set(pid, call[1]!);
			else if (/= 0$/.test(rest)) program.set(pid, basename(call[1]!));
			continue;
		}
		if (rest.startsWith('<... execve resumed>') && /= 0$/.test(rest)) {
			const path = pendingPath.get(pid);
			if (path) program.set(pid, basename(path));
		}
	}
	const byProgram: Record<string, number> = {};
	for (const name of program.values()) byProgram[name] = (byProgram[name] ?? 0) + 1;
	return {processes: program.size, byProgram};
}

/** Run `work` with every process under `rootPid` traced; returns what it started. */
export async function countProcesses(
	rootPid: number,
	work: () => Promise<void>,
	tmpFile: string,
): Promise<ProcessCount> {
	const pids = [rootPid, ...descendants(rootPid)];
	const strace: ChildProcess = spawn(
		'strace',
		['-f', '-qq', '-e', 'trace=execve', '-e', 'signal=none', '-o', tmpFile, ...pids.flatMap((p) => ['-p', String(p)])],
		{stdio: 'ignore'},
	);
	const deadline = Date.now() + 5000;
	while (pids.some((p) => tracerOf(p) === 0)) {
		if (Date.now() > deadline) throw new Error('strace did not attach to the test host');
		await sleep(20);
	}
	try {
		await work();
		await sleep(300); // let the last children finish their exec lines
	} finally {
		const exited = new Promise((resolve) => strace.once('exit', resolve));
		strace.kill('SIGINT');
		await exited;
	}
	const counted = countExecs(readFileSync(tmpFile, 'utf8'));
	rmSync(tmpFile, {force: true});
	return counted;
}

export function straceAvailable(): boolean {
	try {
		return readdirSync('/usr/bin').includes('strace');
	} catch {
		return false;
	}
}
