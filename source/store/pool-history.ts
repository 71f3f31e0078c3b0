/**
 * Pool history kept across restarts, so "full in ~N days" can rest on days of samples rather
 * than on the minutes a console happened to be open: one file per context in the state
 * directory ($XDG_STATE_HOME/proxdeck/pool-history/<context>.json), holding each pool's
 * bounded history (trends.ts thins it to one sample per 10 minutes, 14 days at most).
 *
 * Written atomically (a temporary file renamed over the old one), so a crash mid-write leaves
 * the previous history. A file that cannot be read as history (cut short, edited, too big) is
 * never fatal: the console starts with no history and says so, and the next save replaces it.
 */
import {mkdirSync, readFileSync, renameSync, statSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {stateDirectory} from '../state-dir.js';
import {boundHistory, type PoolSample} from './trends.js';

export const POOL_HISTORY_VERSION = 1 as const;
/** A bigger file is not one proxdeck wrote (a few pools' 14 days are well under 1 MB). */
export const POOL_HISTORY_MAX_BYTES = 4 * 1024 * 1024;
/** At most one write per this while the console runs (and one more when it stops). */
export const POOL_HISTORY_SAVE_MS = 60_000;

export type PoolTrends = Readonly<Record<string, readonly PoolSample[]>>;

export interface PoolHistory {
	readonly path: string;
	/** The history kept, and why it had to be dropped when the file could not be read. */
	load(): {trends: PoolTrends; note: string | null};
	/**
	 * Writes now unless a write happened within POOL_HISTORY_SAVE_MS (`force` writes anyway).
	 * Synchronous, so the last save before the console exits is whole; a failed write is
	 * returned (the console goes on without it).
	 */
	save(trends: PoolTrends, options?: {force?: boolean; now?: number}): Error | null;
}

/** `lab` → …/pool-history/lab.json; a name with other characters than [A-Za-z0-9._-] is %-escaped. */
export function poolHistoryPath(context: string, env: Record<string, string | undefined> = process.env): string {
	const safe = context.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
	return join(stateDirectory(env), 'pool-history', `${safe.startsWith('.') ? `%2e${safe.slice(1)}` : safe}.json`);
}

export class PoolHistoryError extends Error {}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The pools' histories from a file's text; a PoolHistoryError saying what is wrong otherwise. */
export function parsePoolHistory(text: string): PoolTrends {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		throw new PoolHistoryError('is not JSON');
	}
	const file = data as {version?: unknown; pools?: unknown};
	if (typeof data !== 'object' || data === null || file.version !== POOL_HISTORY_VERSION)
		throw new PoolHistoryError(`is not pool history version ${POOL_HISTORY_VERSION}`);
	if (typeof file.pools !== 'object' || file.pools === null || Array.isArray(file.pools))
		throw new PoolHistoryError('has no pools');
	const trends: Record<string, readonly PoolSample[]> = {};
	for (const [key, rows] of Object.entries(file.pools)) {
		if (!Array.isArray(rows)) throw new PoolHistoryError(`has no samples for ${JSON.stringify(key)}`);
		const samples: PoolSample[] = [];
		for (const row of rows as unknown[]) {
			if (!Array.isArray(row) || row.length !== 4 || !row.every(isNumber))
				throw new PoolHistoryError(`has a bad sample for ${JSON.stringify(key)}`);
			const [t, alloc, size, capacity] = row as [number, number, number, number];
			if (samples.length > 0 && t <= samples[samples.length - 1]!.t)
				throw new PoolHistoryError(`has samples out of order for ${JSON.stringify(key)}`);
			samples.push({t, alloc, size, capacity});
		}
		trends[key] = boundHistory(samples);
	}
	return trends;
}

export function serializePoolHistory(trends: PoolTrends): string {
	const pools = Object.fromEntries(
		Object.entries(trends).map(([key, samples]) => [
			key,
			boundHistory(samples).map((s) => [s.t, s.alloc, s.size, s.capacity]),
		]),
	);
	return `${JSON.stringify({version: POOL_HISTORY_VERSION, pools})}\n`;
}

export function openPoolHistory(path: string): PoolHistory {
	let lastSave = -Infinity;
	return {
		path,
		load() {
			let text: string;
			try {
				if (statSync(path).size > POOL_HISTORY_MAX_BYTES) throw new PoolHistoryError('is too big');
				text = readFileSync(path, 'utf8');
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {trends: {}, note: null};
				return {trends: {}, note: unreadable(path, error)};
			}
			try {
				return {trends: parsePoolHistory(text), note: null};
			} catch (error) {
				return {trends: {}, note: unreadable(path, error)};
			}
		},
		save(trends, options = {}) {
			const now = options.now ?? Date.now();
			if (!options.force && now - lastSave < POOL_HISTORY_SAVE_MS) return null;
			lastSave = now;
			try {
				writeAtomically(path, serializePoolHistory(trends));
				return null;
			} catch (error) {
				return error as Error;
			}
		},
	};
}

function unreadable(path: string, error: unknown): string {
	const why = error instanceof PoolHistoryError ? error.message : (error as Error).message;
	return `pool history ${path} ${why}: starting a new one (forecasts return after 10 minutes of growth)`;
}

/** Written beside the old file, then renamed over it: a reader sees the old history or the new, never half. */
function writeAtomically(path: string, text: string): void {
	mkdirSync(dirname(path), {recursive: true, mode: 0o700});
	const temporary = `${path}.${process.pid}.tmp`;
	writeFileSync(temporary, text, {encoding: 'utf8', mode: 0o600});
	renameSync(temporary, path);
}

/**
 * A fleet's pool history: each member's pools (keyed `<context>/<node>/<pool>` on a fleet's
 * screen) are kept in that member's own file, the same one its console alone would use.
 */
export function fleetPoolHistory(
	members: readonly {context: string; poolHistory?: PoolHistory | null | undefined}[],
): PoolHistory | null {
	const kept = members.flatMap((m) => (m.poolHistory ? [{prefix: `${m.context}/`, history: m.poolHistory}] : []));
	if (kept.length === 0) return null;
	return {
		path: kept.map((m) => m.history.path).join(', '),
		load() {
			const trends: Record<string, readonly PoolSample[]> = {};
			const notes: string[] = [];
			for (const {prefix, history} of kept) {
				const loaded = history.load();
				for (const [key, samples] of Object.entries(loaded.trends)) trends[prefix + key] = samples;
				if (loaded.note) notes.push(loaded.note);
			}
			return {trends, note: notes.length > 0 ? notes.join('; ') : null};
		},
		save(trends, options) {
			let failed: Error | null = null;
			for (const {prefix, history} of kept) {
				const own = Object.entries(trends).filter(([key]) => key.startsWith(prefix));
				failed =
					history.save(Object.fromEntries(own.map(([key, s]) => [key.slice(prefix.length), s])), options) ?? failed;
			}
			return failed;
		},
	};
}
