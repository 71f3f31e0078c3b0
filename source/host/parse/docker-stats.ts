/**
 * A Docker host's live readings, read in one `sh -c` inside the guest beside its `ps`:
 * `docker stats --no-stream --format '{{json .}}'` (every value a string: `"0.03%"`,
 * `"2.352MiB / 982.5MiB"`), an `inspect` template printing one JSON object per container
 * (restart count, State with Health and OOMKilled, Mounts), the bind sources that exist on
 * the host, and `docker system df --format '{{json .}}'`. Every field the host leaves out or
 * prints as `--`/`N/A` stays null: unknown, never 0.
 */
import type {Container, ContainerMount, ContainerStats, DockerDiskUsage} from '../../model/docker.js';
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {isRecord} from './json.js';
import {jsonObjects} from './docker.js';
import {toInteger, toText} from './units.js';

export const DOCKER_STATS_COMMAND = 'docker stats --no-stream';
export const DOCKER_INSPECT_COMMAND = 'docker inspect';
export const DOCKER_DF_COMMAND = 'docker system df';

/** The lines that split the readings section into its parts (printed by the guest's shell). */
export const READING_PARTS = ['stats', 'inspect', 'binds', 'df'] as const;
export type ReadingPart = (typeof READING_PARTS)[number];
export const partLine = (part: ReadingPart): string => `--proxdeck:${part}--`;

/** The section's text cut at the part lines; a part the guest never reached is absent. */
export function splitReadingParts(text: string): Partial<Record<ReadingPart, string>> {
	const parts: Partial<Record<ReadingPart, string[]>> = {};
	let current: string[] | null = null;
	for (const line of text.split('\n')) {
		const part = READING_PARTS.find((p) => line === partLine(p));
		if (part !== undefined) {
			current = parts[part] = [];
			continue;
		}
		current?.push(line);
	}
	const joined: Partial<Record<ReadingPart, string>> = {};
	for (const part of READING_PARTS) if (parts[part]) joined[part] = parts[part].join('\n');
	return joined;
}

const DECIMAL: Record<string, number> = {'': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15};
const BINARY: Record<string, number> = {ki: 1024, mi: 1024 ** 2, gi: 1024 ** 3, ti: 1024 ** 4, pi: 1024 ** 5};

/**
 * Bytes from Docker's sizes: `13.3kB`, `606MB` (powers of 1000, go-units HumanSize) and
 * `2.352MiB` (powers of 1024, BytesSize), `0B`. Null for `--`, `N/A` or anything else.
 */
export function dockerSize(text: string): number | null {
	const match = /^([0-9]+(?:\.[0-9]+)?)\s*([kmgtp]i?)?b$/i.exec(text.trim());
	if (!match) return null;
	const unit = (match[2] ?? '').toLowerCase();
	const factor = unit.endsWith('i') ? BINARY[unit] : DECIMAL[unit];
	return factor === undefined ? null : Math.round(Number(match[1]) * factor);
}

/** `539kB / 606kB` -> both sides. */
function pair(text: string): [number | null, number | null] {
	const [a = '', b = ''] = text.split('/');
	return [dockerSize(a), dockerSize(b)];
}

function percent(text: string): number | null {
	const match = /^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$/.exec(text);
	return match ? Number(match[1]) : null;
}

export interface StatsRow {
	id: string;
	name: string;
	stats: ContainerStats;
}

function parseLines<T>(
	command: string,
	text: string,
	row: (entry: Record<string, unknown>) => T | null,
): ParseResult<T[]> {
	return guardParse(command, () => {
		const json = jsonObjects(text);
		if (json === null) return parseFailure(command, 'output is not JSON');
		const {objects} = json;
		let bad = json.bad;
		const rows: T[] = [];
		for (const entry of objects) {
			const value = row(entry);
			if (value === null) bad += 1;
			else rows.push(value);
		}
		if (rows.length === 0 && bad > 0) return parseFailure(command, 'no usable JSON line in the output');
		return parsed(rows, bad > 0 ? [`${bad} unreadable lines skipped`] : []);
	});
}

function statsRowOf(entry: Record<string, unknown>): StatsRow | null {
	const id = toText(entry['ID'] ?? entry['Container']).slice(0, 12);
	const name = toText(entry['Name']);
	if (id === '' && name === '') return null;
	const [memUsed, memLimit] = pair(toText(entry['MemUsage']));
	const [netRx, netTx] = pair(toText(entry['NetIO']));
	const [blockRead, blockWrite] = pair(toText(entry['BlockIO']));
	const pids = toInteger(toText(entry['PIDs'] ?? entry['PIDS']));
	return {
		id,
		name,
		stats: {
			cpuPercent: percent(toText(entry['CPUPerc'])),
			memUsed,
			memLimit,
			netRx,
			netTx,
			blockRead,
			blockWrite,
			pids,
		},
	};
}

export function parseDockerStats(text: string): ParseResult<StatsRow[]> {
	return parseLines(DOCKER_STATS_COMMAND, text, statsRowOf);
}

/** What `inspect` tells of a container: the container's own fields of that name, mounts always read. */
export type InspectRow = Pick<
	Container,
	'id' | 'name' | 'restarts' | 'health' | 'failingStreak' | 'lastHealthOutput' | 'oomKilled' | 'exitCode'
> & {mounts: ContainerMount[]};

/** A health check's output is the guest's text: kept short, one line. */
const HEALTH_OUTPUT_MAX = 200;

/** `.State.Health` as inspect prints it (also alone: `--format '{{json .State.Health}}'`). */
export function healthOf(value: unknown): Pick<InspectRow, 'health' | 'failingStreak' | 'lastHealthOutput'> {
	if (!isRecord(value)) return {};
	const status = toText(value['Status']);
	const streak = toInteger(value['FailingStreak']);
	const log = Array.isArray(value['Log']) ? value['Log'].filter(isRecord) : [];
	const last = log.at(-1);
	const output = last ? toText(last['Output']).replace(/\s+/g, ' ').trim().slice(0, HEALTH_OUTPUT_MAX) : '';
	return {
		...(status === '' ? {} : {health: status}),
		...(streak === null ? {} : {failingStreak: streak}),
		...(output === '' ? {} : {lastHealthOutput: output}),
	};
}

function mountsOf(value: unknown): ContainerMount[] {
	if (!Array.isArray(value)) return [];
	return value.filter(isRecord).map((m) => ({
		type: toText(m['Type']),
		source: toText(m['Source']),
		destination: toText(m['Destination']),
	}));
}

function inspectRowOf(entry: Record<string, unknown>): InspectRow | null {
	const id = toText(entry['id']).slice(0, 12);
	const name = toText(entry['name']).replace(/^\//, '');
	if (id === '' && name === '') return null;
	const state = isRecord(entry['state']) ? entry['state'] : {};
	const restarts = toInteger(entry['restarts']);
	const exitCode = toInteger(state['ExitCode']);
	return {
		id,
		name,
		...(restarts === null ? {} : {restarts}),
		...healthOf(state['Health'] ?? state['Healthcheck']),
		...(typeof state['OOMKilled'] === 'boolean' ? {oomKilled: state['OOMKilled']} : {}),
		...(exitCode === null ? {} : {exitCode}),
		mounts: mountsOf(entry['mounts']),
	};
}

export function parseDockerInspect(text: string): ParseResult<InspectRow[]> {
	return parseLines(DOCKER_INSPECT_COMMAND, text, inspectRowOf);
}

/** `1.2GB (45%)` -> bytes; a bare size too. */
function reclaimableOf(text: string): number | null {
	return dockerSize(text.replace(/\s*\(.*\)\s*$/, ''));
}

function dfRowOf(entry: Record<string, unknown>): DockerDiskUsage | null {
	const type = toText(entry['Type']);
	if (type === '') return null;
	return {
		type,
		total: toInteger(toText(entry['TotalCount'] ?? entry['Total'])),
		active: toInteger(toText(entry['Active'])),
		size: dockerSize(toText(entry['Size'])),
		reclaimable: reclaimableOf(toText(entry['Reclaimable'])),
	};
}

export function parseDockerSystemDf(text: string): ParseResult<DockerDiskUsage[]> {
	return parseLines(DOCKER_DF_COMMAND, text, dfRowOf);
}
