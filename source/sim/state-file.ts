/**
 * The state file the test host's shims share: read and written under an exclusive lock file
 * (O_EXCL create, retry, and recovery from a lock left by a killed process), replaced
 * atomically (write a temp file, rename) so a reader never sees half a state.
 */
import {closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync} from 'node:fs';
import {dirname} from 'node:path';
import type {SimState} from './types.js';

/** A lock older than this belongs to a process that died holding it. */
const STALE_MS = 10_000;
const WAIT_MS = 15_000;

function sleepSync(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function acquireLock(stateFile: string): () => void {
	const lock = `${stateFile}.lock`;
	const deadline = Date.now() + WAIT_MS;
	for (let attempt = 0; ; attempt++) {
		try {
			const fd = openSync(lock, 'wx');
			writeSync(fd, `${process.pid}\n`);
			closeSync(fd);
			return () => rmSync(lock, {force: true});
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			try {
				if (Date.now() - statSync(lock).mtimeMs > STALE_MS) {
					rmSync(lock, {force: true});
					continue;
				}
			} catch {
				continue; // it went away between open and stat
			}
			if (Date.now() > deadline) throw new Error(`timed out waiting for the sim state lock ${lock}`);
			sleepSync(Math.min(50, 2 + attempt * 3));
		}
	}
}

export function readState(stateFile: string): SimState {
	return JSON.parse(readFileSync(stateFile, 'utf8')) as SimState;
}

export function writeState(stateFile: string, state: SimState): void {
	mkdirSync(dirname(stateFile), {recursive: true});
	const temp = `${stateFile}.${process.pid}.tmp`;
	writeFileSync(temp, `${JSON.stringify(state)}\n`);
	renameSync(temp, stateFile);
}

/** Load, change and save the state while holding the lock. */
export function withState<T>(stateFile: string, change: (state: SimState) => T): T {
	const release = acquireLock(stateFile);
	try {
		const state = readState(stateFile);
		const result = change(state);
		writeState(stateFile, state);
		return result;
	} finally {
		release();
	}
}
