/**
 * A simulated homelab kept in a file that several processes share: the test host's shims (one
 * process per command) and the demo (every console, pane and CLI command on the same machine).
 * Read and written under an exclusive lock file (O_EXCL create, retry, and recovery from a lock
 * left by a killed process), replaced atomically (write a temp file, rename) so a reader never
 * sees half a state, and changed only by a process that holds the lock and has just read the
 * newest state, so two writers never lose each other's changes.
 */
import {
	closeSync,
	mkdirSync,
	openSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync,
	writeSync,
	type BigIntStats,
} from 'node:fs';
import {dirname} from 'node:path';
import type {SimState} from './types.js';
import {takeChanged} from './changes.js';

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
			const fd = openSync(lock, 'wx', 0o600);
			writeSync(fd, `${process.pid}\n`);
			closeSync(fd);
			return () => rmSync(lock, {force: true});
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT' && attempt === 0) {
				mkdirSync(dirname(stateFile), {recursive: true, mode: 0o700}); // the first state file in a new directory
				continue;
			}
			if (code !== 'EEXIST') throw error;
			try {
				if (Date.now() - statSync(lock).mtimeMs > STALE_MS) {
					rmSync(lock, {force: true});
					continue;
				}
			} catch {
				continue; // it went away between open and stat
			}
			if (Date.now() > deadline) throw new Error(`timed out waiting for the sim state lock ${lock}`, {cause: error});
			sleepSync(Math.min(50, 2 + attempt * 3));
		}
	}
}

export function readState(stateFile: string): SimState {
	return JSON.parse(readFileSync(stateFile, 'utf8')) as SimState;
}

export function writeState(stateFile: string, state: SimState): void {
	writeStateText(stateFile, JSON.stringify(state));
}

/** A state as read from its file: the text it was parsed from and the file's version then. */
export interface StateRead {
	state: SimState;
	text: string;
	version: string;
}

/** Reads the state with the file's version (stat first: a file replaced in between is newer, not missed). */
export function readStateWithVersion(stateFile: string): StateRead {
	const version = versionOf(statSync(stateFile, {bigint: true}));
	const text = readFileSync(stateFile, 'utf8');
	return {state: JSON.parse(text) as SimState, text, version};
}

/** True while the file is still the version `read` came from. */
export function unchangedSince(stateFile: string, read: StateRead): boolean {
	const stat = statSync(stateFile, {bigint: true, throwIfNoEntry: false});
	return stat !== undefined && versionOf(stat) === read.version;
}

/** Replaces the file with `json` atomically (temp file, rename): readers see the old state or the new. */
export function writeStateText(stateFile: string, json: string): void {
	mkdirSync(dirname(stateFile), {recursive: true, mode: 0o700});
	const temp = `${stateFile}.${process.pid}.tmp`;
	writeFileSync(temp, `${json}\n`, {mode: 0o600});
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

/** A state file that cannot be used: unreadable, not JSON, or not a homelab this version knows. */
export class StateFileError extends Error {
	constructor(
		readonly file: string,
		readonly why: string,
	) {
		super(`${file} ${why}`);
		this.name = 'StateFileError';
	}
}

/**
 * A schema-1 homelab (one node, before pools and bridges named theirs) read as schema 2:
 * everything it has is on its one node. Nothing in it is lost.
 */
function upgradeSchema1(state: Record<string, unknown>): void {
	const node = typeof state['localNode'] === 'string' ? state['localNode'] : 'pve';
	for (const key of ['pools', 'bridges'] as const) {
		const list = state[key];
		if (Array.isArray(list))
			for (const item of list)
				if (item && typeof item === 'object' && !('node' in item)) (item as Record<string, unknown>)['node'] = node;
	}
	state['schema'] = 2;
}

/** The fields every use of a state reads; a file without them was not written by this version. */
function checkShape(value: unknown, file: string): SimState {
	const state = value as Partial<SimState> | null;
	if (typeof state !== 'object' || state === null || Array.isArray(state))
		throw new StateFileError(file, 'is not a simulated homelab (expected a JSON object)');
	if ((state.schema as number) === 1) upgradeSchema1(state as Record<string, unknown>);
	if (state.schema !== 2)
		throw new StateFileError(
			file,
			`was written by another version of proxdeck (state schema ${JSON.stringify(state.schema)}, this one reads 1 and 2)`,
		);
	for (const key of ['nodes', 'guests', 'storages', 'pools', 'bridges', 'events'] as const) {
		if (!Array.isArray(state[key])) throw new StateFileError(file, `has no list "${key}"`);
	}
	for (const key of ['createdAt', 'cfsVersion', 'vmlistVersion', 'eventSeq', 'bootSec', 'serviceSec'] as const) {
		if (typeof state[key] !== 'number' || !Number.isFinite(state[key]))
			throw new StateFileError(file, `has no number "${key}"`);
	}
	if (typeof state.faults !== 'object' || state.faults === null)
		throw new StateFileError(file, 'has no object "faults"');
	return state as SimState;
}

/** What identifies one version of the file: a rename gives a new inode, any write a new ctime. */
function versionOf(stat: BigIntStats): string {
	return `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/**
 * One process's view of a shared state file. `read()` hands out the newest state, loading the
 * file again only when another process replaced it (one stat otherwise); `update()` runs a
 * change on the newest state under the lock and saves it when the state changed. A missing
 * file (never made, or deleted) is made from `create()`, under the lock.
 */
export class SharedStateFile {
	private state!: SimState;
	/** The JSON last read or written, to tell a change from a no-op without a second serialisation. */
	private savedJson = '';
	private version = '';

	private constructor(
		readonly file: string,
		private readonly create: () => SimState,
	) {}

	/** Opens the file, making it from `create()` when there is none. Throws StateFileError for a file it cannot use. */
	static open(file: string, create: () => SimState): SharedStateFile {
		const shared = new SharedStateFile(file, create);
		const release = acquireLock(file);
		try {
			if (!shared.sync()) shared.state = create();
			// Made just now, or read in an older schema: written back at once.
			if (shared.savedJson === '') shared.save(JSON.stringify(shared.state));
		} finally {
			release();
		}
		return shared;
	}

	/** Replaces whatever the file holds with `create()`'s state; every process sharing it follows on its next read. */
	static replace(file: string, create: () => SimState): void {
		const release = acquireLock(file);
		try {
			writeStateText(file, JSON.stringify(create()));
		} finally {
			release();
		}
	}

	/**
	 * Brings this view up to the file. The stat comes before the read, so a file replaced in
	 * between is read again next time rather than missed. Returns false when there is no file.
	 */
	private sync(): boolean {
		const stat = statSync(this.file, {bigint: true, throwIfNoEntry: false});
		if (!stat) return false;
		const version = versionOf(stat);
		if (version === this.version) return true;
		let text: string;
		try {
			text = readFileSync(this.file, 'utf8');
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT') return false;
			throw new StateFileError(this.file, `cannot be read (${code ?? (error as Error).message})`);
		}
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch (error) {
			throw new StateFileError(this.file, `is not valid JSON (${(error as Error).message})`);
		}
		const older = (value as {schema?: unknown} | null)?.schema !== 2;
		this.state = checkShape(value, this.file);
		// The file holds JSON.stringify's own text of the state (save()): no need to make it again
		// (a whole homelab, every start). An upgraded state differs from its file and is saved.
		this.savedJson = older ? '' : text.endsWith('\n') ? text.slice(0, -1) : text;
		this.version = version;
		return true;
	}

	private save(json: string): void {
		writeStateText(this.file, json);
		this.savedJson = json;
		this.version = versionOf(statSync(this.file, {bigint: true}));
	}

	/** The newest state, for reading. Changes made to it are not saved: use update(). */
	read(): SimState {
		if (!this.sync()) this.update(() => undefined); // making the file takes the lock
		return this.state;
	}

	/** The state as last read or written, without looking at the file (for readers that run many times a second). */
	get current(): SimState {
		return this.state;
	}

	/**
	 * Runs `change` on the newest state while holding the lock, and saves the state if it
	 * changed. With `tracked`, only a state marked changed (changes.ts) is serialised to be
	 * compared: the sim's commands mark what they write, so a read is answered without it.
	 */
	update<T>(change: (state: SimState) => T, options: {tracked?: boolean} = {}): T {
		const release = acquireLock(this.file);
		try {
			if (!this.sync()) {
				this.state = this.create();
				this.save(JSON.stringify(this.state));
			}
			const result = change(this.state);
			if (options.tracked && !takeChanged(this.state)) return result;
			const json = JSON.stringify(this.state);
			if (json !== this.savedJson) this.save(json);
			return result;
		} finally {
			release();
		}
	}
}
