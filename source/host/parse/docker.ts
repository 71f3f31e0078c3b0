/**
 * Containers inside Docker-host guests: `docker ps -a --format '{{json .}}'` (JSON lines),
 * `podman ps -a --format json` (one array, different field names), `docker compose ls`
 * (JSON or table) and `docker compose ps --format json` (an array before Compose 2.21, JSON lines
 * since). An empty `ps` output is an empty list: that is what docker prints with no containers.
 */
import type {ComposeStack, Container} from '../../model/snapshot.js';
import {isRecord} from './json.js';
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {toInteger, toText} from './units.js';

export const DOCKER_PS_COMMAND = 'docker ps -a --format json';
export const COMPOSE_LS_COMMAND = 'docker compose ls -a --format json';
export const COMPOSE_PS_COMMAND = 'docker compose ps --format json';

const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';

export interface ComposePublisher {
	url: string;
	targetPort: number;
	publishedPort: number;
	protocol: string;
}

export interface ComposePsRow {
	name: string;
	service: string;
	state: string;
	health?: string;
	publishers: ComposePublisher[];
}

/** A JSON array, or JSON lines; objects only. `null` when the text is neither. */
export function jsonObjects(text: string): {objects: Record<string, unknown>[]; bad: number; array: boolean} | null {
	const trimmed = text.trim();
	if (trimmed.startsWith('[')) {
		try {
			const value: unknown = JSON.parse(trimmed);
			if (!Array.isArray(value)) return null;
			const objects = value.filter(isRecord);
			return {objects, bad: value.length - objects.length, array: true};
		} catch {
			return null;
		}
	}
	const objects: Record<string, unknown>[] = [];
	let bad = 0;
	for (const line of trimmed.split('\n')) {
		if (line.trim() === '') continue;
		try {
			const value: unknown = JSON.parse(line);
			if (isRecord(value)) objects.push(value);
			else bad += 1;
		} catch {
			bad += 1;
		}
	}
	return {objects, bad, array: false};
}

/** Podman's ports: `[{host_ip, container_port, host_port, range, protocol}]` -> docker's text form. */
function podmanPorts(value: unknown): string {
	if (!Array.isArray(value)) return toText(value);
	return value
		.filter(isRecord)
		.map((port) => {
			const hostIp = toText(port['host_ip']) || '0.0.0.0';
			const protocol = toText(port['protocol'], 'tcp');
			const host = toText(port['host_port']);
			const target = toText(port['container_port']);
			return host === '' ? `${target}/${protocol}` : `${hostIp}:${host}->${target}/${protocol}`;
		})
		.join(', ');
}

/** Docker's Labels are one `k=v,k=v` string; a value may itself contain `=` but not the next key. */
function dockerLabel(labels: string, key: string): string | undefined {
	for (const pair of labels.split(',')) {
		const at = pair.indexOf('=');
		if (at !== -1 && pair.slice(0, at).trim() === key) return pair.slice(at + 1);
	}
	return undefined;
}

function containerOf(entry: Record<string, unknown>): Container | null {
	const podman = Array.isArray(entry['Names']) || ('Id' in entry && !('ID' in entry));
	const rawNames = entry['Names'];
	const name = Array.isArray(rawNames) ? toText(rawNames[0]) : (toText(rawNames).split(',')[0] ?? '');
	const id = toText(podman ? entry['Id'] : entry['ID']).slice(0, 12);
	if (id === '' && name === '') return null;
	const labels = entry['Labels'];
	const project = isRecord(labels)
		? toText(labels[COMPOSE_PROJECT_LABEL]) || toText(labels['io.podman.compose.project']) || undefined
		: dockerLabel(toText(labels), COMPOSE_PROJECT_LABEL) || undefined;
	return {
		id,
		name,
		image: toText(entry['Image']),
		state: toText(entry['State'], 'unknown').toLowerCase(),
		status: toText(entry['Status']),
		ports: podman ? podmanPorts(entry['Ports']) : toText(entry['Ports']),
		...(project === undefined ? {} : {project}),
		runtime: podman ? 'podman' : 'docker',
	};
}

function parseObjects<T>(
	command: string,
	text: string,
	row: (entry: Record<string, unknown>) => T | null,
): ParseResult<T[]> {
	return guardParse(command, () => {
		if (text.trim() === '') return parsed([]);
		const json = jsonObjects(text);
		if (json === null) return parseFailure(command, 'output is not JSON');
		const rows: T[] = [];
		const warnings: string[] = [];
		let bad = json.bad;
		for (const entry of json.objects) {
			const value = row(entry);
			if (value === null) bad += 1;
			else rows.push(value);
		}
		if (rows.length === 0 && bad > 0) return parseFailure(command, 'no usable entry in the output');
		if (bad > 0) warnings.push(`${bad} unreadable entries skipped`);
		return parsed(rows, warnings);
	});
}

export function parseDockerPs(text: string): ParseResult<Container[]> {
	return parseObjects(DOCKER_PS_COMMAND, text, containerOf);
}

/** `running(3)`, `exited(1), running(2)` -> counts. A status without counts gives null. */
export function composeCounts(status: string): {running: number; total: number} | null {
	let running = 0;
	let total = 0;
	let matched = false;
	for (const match of status.matchAll(/([a-z]+)\((\d+)\)/gi)) {
		const count = Number(match[2]);
		total += count;
		if ((match[1] ?? '').toLowerCase() === 'running') running += count;
		matched = true;
	}
	return matched ? {running, total} : null;
}

function stackOf(name: string, status: string, configFiles: string, warnings: string[]): ComposeStack {
	const counts = composeCounts(status);
	if (counts === null) warnings.push(`stack ${name}: status "${status}" has no container counts`);
	return {
		name,
		status,
		running: counts?.running ?? 0,
		total: counts?.total ?? 0,
		...(configFiles === '' ? {} : {configFiles}),
	};
}

/** The table: `NAME  STATUS  CONFIG FILES`, where STATUS may be `exited(1), running(2)`. */
function composeLsTable(text: string, warnings: string[]): ComposeStack[] {
	const stacks: ComposeStack[] = [];
	for (const [index, line] of text.split('\n').entries()) {
		const tokens = line.trim().split(/\s+/);
		const [name] = tokens;
		if (name === undefined || name === '' || (index === 0 && name === 'NAME')) continue;
		let at = 1;
		const statusParts: string[] = [];
		while (at < tokens.length && /^[a-z]+\(\d+\),?$/i.test(tokens[at] ?? '')) statusParts.push(tokens[at++] ?? '');
		if (statusParts.length === 0) {
			warnings.push(`line ${index + 1}: no status`);
			continue;
		}
		stacks.push(stackOf(name, statusParts.join(' '), tokens.slice(at).join(' '), warnings));
	}
	return stacks;
}

export function parseComposeLs(text: string): ParseResult<ComposeStack[]> {
	return guardParse(COMPOSE_LS_COMMAND, () => {
		const trimmed = text.trim();
		if (trimmed === '') return parseFailure(COMPOSE_LS_COMMAND, 'empty output');
		const warnings: string[] = [];
		if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) {
			if (!/^NAME\s+STATUS/.test(trimmed))
				return parseFailure(COMPOSE_LS_COMMAND, 'neither JSON nor the NAME/STATUS table');
			return parsed(composeLsTable(trimmed, warnings), warnings);
		}
		const json = jsonObjects(trimmed);
		if (json === null) return parseFailure(COMPOSE_LS_COMMAND, 'output is not JSON');
		const stacks: ComposeStack[] = [];
		for (const entry of json.objects) {
			const name = toText(entry['Name']);
			if (name === '') continue;
			stacks.push(stackOf(name, toText(entry['Status']), toText(entry['ConfigFiles']), warnings));
		}
		if (stacks.length === 0 && json.objects.length + json.bad > 0)
			return parseFailure(COMPOSE_LS_COMMAND, 'no usable entry in the output');
		return parsed(stacks, warnings);
	});
}

function publishersOf(value: unknown): ComposePublisher[] {
	if (!Array.isArray(value)) return [];
	return value.filter(isRecord).map((publisher) => ({
		url: toText(publisher['URL']),
		targetPort: toInteger(publisher['TargetPort']) ?? 0,
		publishedPort: toInteger(publisher['PublishedPort']) ?? 0,
		protocol: toText(publisher['Protocol'], 'tcp'),
	}));
}

function composePsRowOf(entry: Record<string, unknown>): ComposePsRow | null {
	const name = toText(entry['Name']);
	if (name === '') return null;
	const health = toText(entry['Health']);
	return {
		name,
		service: toText(entry['Service']),
		state: toText(entry['State'], 'unknown'),
		...(health === '' ? {} : {health}),
		publishers: publishersOf(entry['Publishers']),
	};
}

export function parseComposePs(text: string): ParseResult<ComposePsRow[]> {
	return parseObjects(COMPOSE_PS_COMMAND, text, composePsRowOf);
}
