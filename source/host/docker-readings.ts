/**
 * Folds a Docker host's readings (stats, inspect, existing bind sources, system df) into the
 * containers its `ps` listed. A part the host did not print leaves its fields unknown; a
 * part it printed but that could not be read says so in a warning, the rest still arrives.
 */
import type {Container, DockerDiskUsage} from '../model/docker.js';
import {
	parseDockerInspect,
	parseDockerStats,
	parseDockerSystemDf,
	splitReadingParts,
	type InspectRow,
	type StatsRow,
} from './parse/docker-stats.js';

export interface FoldedReadings {
	containers: Container[];
	disk?: DockerDiskUsage[];
	/** Parts that could not be read, each as `<command>: <why>`. */
	problems: string[];
}

/** `ls -d` prints one path a line; a path with a space or newline cannot be told apart, so it is not judged. */
function judgeable(path: string): boolean {
	return path !== '' && !/\s/.test(path);
}

function merge(
	container: Container,
	stats: StatsRow | undefined,
	inspect: InspectRow | undefined,
	existing: Set<string> | null,
): Container {
	const merged: Container = {...container};
	if (stats && container.state === 'running') merged.stats = stats.stats;
	if (!inspect) return merged;
	// Field by field rather than Object.assign of spread pieces: this runs for every container
	// of every polled host on every refresh, and the pieces were most of its cost.
	if (inspect.restarts !== undefined) merged.restarts = inspect.restarts;
	if (inspect.health !== undefined) merged.health = inspect.health;
	if (inspect.failingStreak !== undefined) merged.failingStreak = inspect.failingStreak;
	if (inspect.lastHealthOutput !== undefined) merged.lastHealthOutput = inspect.lastHealthOutput;
	if (inspect.oomKilled !== undefined) merged.oomKilled = inspect.oomKilled;
	if (inspect.exitCode !== undefined) merged.exitCode = inspect.exitCode;
	merged.mounts = inspect.mounts.map((m) =>
		m.type === 'bind' && existing !== null && judgeable(m.source) ? {...m, sourceMissing: !existing.has(m.source)} : m,
	);
	return merged;
}

export function foldReadings(containers: readonly Container[], text: string): FoldedReadings {
	const parts = splitReadingParts(text);
	const problems: string[] = [];
	const read = <T>(result: {ok: true; value: T} | {ok: false; error: {command: string; message: string}}): T | null => {
		if (result.ok) return result.value;
		problems.push(`${result.error.command}: ${result.error.message}`);
		return null;
	};
	const stats = parts.stats === undefined ? null : read(parseDockerStats(parts.stats));
	const inspect = parts.inspect === undefined ? null : read(parseDockerInspect(parts.inspect));
	const disk = parts.df === undefined || parts.df.trim() === '' ? null : read(parseDockerSystemDf(parts.df));
	// No binds part (the guest's shell stopped before it): no bind source is judged.
	const existing = parts.binds === undefined ? null : new Set(parts.binds.split('\n').filter((l) => l !== ''));
	const statsOf = new Map<string, StatsRow>();
	for (const row of stats ?? []) {
		if (row.name) statsOf.set(row.name, row);
		if (row.id) statsOf.set(row.id, row);
	}
	const inspectOf = new Map((inspect ?? []).map((row) => [row.name, row]));
	return {
		containers: containers.map((c) =>
			merge(c, statsOf.get(c.name) ?? statsOf.get(c.id), inspectOf.get(c.name), existing),
		),
		...(disk === null ? {} : {disk}),
		problems,
	};
}
