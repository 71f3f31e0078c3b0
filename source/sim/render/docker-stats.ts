/**
 * Docker's live readings in the simulated homelab, in the real formats: `docker stats
 * --no-stream --format '{{json .}}'` (every value a string, memory in MiB/GiB, I/O in kB/MB),
 * `docker inspect` (the whole JSON array, or the templates proxdeck sends) and `docker system
 * df --format '{{json .}}'`. Usage moves with time and differs per container, deterministically.
 */
import type {SimContainer, SimGuest} from '../types.js';
import {lastCrash} from './docker.js';

const MIB = 1024 ** 2;

/** A stable number in [0, 1) per container and purpose. */
function unit(name: string, salt: string): number {
	let h = 2166136261;
	for (const ch of `${salt}:${name}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
	return ((h >>> 0) % 10_000) / 10_000;
}

/** go-units HumanSize: powers of 1000, 3 significant digits (`13.3kB`, `606MB`, `0B`). */
export function humanSize(bytes: number): string {
	const units = ['B', 'kB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let i = 0;
	while (value >= 1000 && i < units.length - 1) {
		value /= 1000;
		i += 1;
	}
	return `${Number(value.toPrecision(3))}${units[i]}`;
}

/** go-units BytesSize: powers of 1024 (`2.352MiB`, `982.5MiB`). */
export function bytesSize(bytes: number): string {
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let value = bytes;
	let i = 0;
	while (value >= 1024 && i < units.length - 1) {
		value /= 1024;
		i += 1;
	}
	return `${Number(value.toFixed(4))
		.toString()
		.replace(/(\.\d{1,3})\d*$/, '$1')}${units[i]}`;
}

export interface SimUsage {
	cpu: number;
	mem: number;
	limit: number;
	net: [number, number];
	block: [number, number];
	pids: number;
}

/** What a running container uses at `now`: a base per container, a slow wave, a little noise. */
export function containerUsage(guest: SimGuest, ctr: SimContainer, now: number): SimUsage {
	const up = Math.max(1, (now - ctr.startedAt) / 1000);
	const wave = Math.sin(now / 20_000 + unit(ctr.name, 'phase') * 6.28);
	const cpu = Math.max(0.01, (0.2 + unit(ctr.name, 'cpu') * 6) * (1 + 0.6 * wave));
	const limit = ctr.memLimit ?? guest.memory * MIB;
	const mem = Math.min(limit, (40 + unit(ctr.name, 'mem') * 400) * MIB * (1 + 0.08 * wave));
	const rate = 200 + unit(ctr.name, 'net') * 5_000;
	return {
		cpu,
		mem,
		limit,
		net: [up * rate, up * rate * 0.4],
		block: [up * 90 + 40 * MIB * unit(ctr.name, 'blk'), up * 30],
		pids: 2 + Math.floor(unit(ctr.name, 'pids') * 40),
	};
}

export function renderDockerStats(guest: SimGuest, now: number): string {
	return (guest.docker?.containers ?? [])
		.filter((c) => c.state === 'running')
		.map((c) => {
			const u = containerUsage(guest, c, now);
			return `${JSON.stringify({
				BlockIO: `${humanSize(u.block[0])} / ${humanSize(u.block[1])}`,
				CPUPerc: `${u.cpu.toFixed(2)}%`,
				Container: c.id.slice(0, 12),
				ID: c.id.slice(0, 12),
				MemPerc: `${((u.mem / u.limit) * 100).toFixed(2)}%`,
				MemUsage: `${bytesSize(u.mem)} / ${bytesSize(u.limit)}`,
				Name: c.name,
				NetIO: `${humanSize(u.net[0])} / ${humanSize(u.net[1])}`,
				PIDs: String(u.pids),
			})}\n`;
		})
		.join('');
}

function restartCount(ctr: SimContainer, now: number): number {
	if (ctr.state !== 'restarting') return 0;
	return Math.max(1, Math.floor((lastCrash(ctr, now) - ctr.startedAt) / ((ctr.restartPeriodSec ?? 60) * 1000)) + 1);
}

function healthOf(ctr: SimContainer, now: number): Record<string, unknown> | null {
	if (!ctr.health) return null;
	const failing = ctr.health === 'unhealthy';
	const log = [0, 1, 2].map((i) => {
		const start = new Date(now - (3 - i) * 30_000).toISOString();
		return failing
			? {
					Start: start,
					End: start,
					ExitCode: 1,
					Output: 'curl: (7) Failed to connect to localhost port 5690: Connection refused\n',
				}
			: {Start: start, End: start, ExitCode: 0, Output: ''};
	});
	return {Status: ctr.health, FailingStreak: failing ? 12 : 0, Log: log};
}

function stateOf(ctr: SimContainer, now: number): Record<string, unknown> {
	const health = healthOf(ctr, now);
	return {
		Status: ctr.state,
		Running: ctr.state === 'running',
		Paused: ctr.state === 'paused',
		Restarting: ctr.state === 'restarting',
		OOMKilled: ctr.oomKilled === true,
		Dead: false,
		Pid: ctr.state === 'running' ? 4000 + Math.floor(unit(ctr.name, 'pid') * 20_000) : 0,
		ExitCode: ctr.exitCode,
		Error: '',
		StartedAt: new Date(ctr.startedAt).toISOString(),
		FinishedAt: ctr.state === 'running' ? '0001-01-01T00:00:00Z' : new Date(ctr.startedAt).toISOString(),
		...(health ? {Health: health} : {}),
	};
}

function mountsOf(ctr: SimContainer): Record<string, unknown>[] {
	return (ctr.binds ?? []).map((b) => ({
		Type: 'bind',
		Source: b.source,
		Destination: b.destination,
		Mode: '',
		RW: true,
		Propagation: 'rprivate',
	}));
}

function inspectObject(ctr: SimContainer, now: number): Record<string, unknown> {
	return {
		Id: ctr.id,
		Name: `/${ctr.name}`,
		RestartCount: restartCount(ctr, now),
		State: stateOf(ctr, now),
		Mounts: mountsOf(ctr),
	};
}

/**
 * `docker inspect [--format T] <name|id>...`: the templates proxdeck and its users send
 * (the whole object, `{{json .State.Health}}`, `{{.State.Health.Status}}`, `{{.RestartCount}}`,
 * the readings' own one-line JSON and bind sources); another template is refused, as a
 * template docker cannot execute is.
 */
export function renderDockerInspect(
	containers: SimContainer[],
	format: string | undefined,
	now: number,
): {stdout: string; stderr: string; code: number} {
	const objects = containers.map((c) => inspectObject(c, now));
	if (format === undefined) return {stdout: `${JSON.stringify(objects, null, 4)}\n`, stderr: '', code: 0};
	const one = (c: SimContainer, o: Record<string, unknown>): string | null => {
		const state = o['State'] as Record<string, unknown>;
		if (format.includes('"restarts":'))
			return JSON.stringify({name: o['Name'], restarts: o['RestartCount'], state, mounts: o['Mounts']});
		if (format.includes('range .Mounts')) return (c.binds ?? []).map((b) => `${b.source}\n`).join('');
		if (/^\{\{\s*json \.State\.Health\s*\}\}$/.test(format)) return JSON.stringify(state['Health'] ?? null);
		if (/^\{\{\s*\.State\.Health\.Status\s*\}\}$/.test(format))
			return state['Health'] ? String((state['Health'] as {Status: string}).Status) : null;
		if (/^\{\{\s*\.RestartCount\s*\}\}$/.test(format)) return String(o['RestartCount']);
		if (/^\{\{\s*\.State\.Status\s*\}\}$/.test(format)) return String(state['Status']);
		return null;
	};
	let stdout = '';
	for (const [i, c] of containers.entries()) {
		const text = one(c, objects[i]!);
		if (text === null)
			return {
				stdout,
				stderr: `template parsing error: template: :1: cannot evaluate ${format} for ${c.name}\n`,
				code: 1,
			};
		stdout += text.endsWith('\n') || text === '' ? text : `${text}\n`;
	}
	return {stdout, stderr: '', code: 0};
}

/** `docker system df --format '{{json .}}'`: images, containers, local volumes, build cache. */
export function renderSystemDf(guest: SimGuest): string {
	const containers = guest.docker?.containers ?? [];
	const images = new Set(containers.map((c) => c.image)).size;
	const running = containers.filter((c) => c.state === 'running').length;
	const seed = guest.name;
	const imageBytes = images * (180 + unit(seed, 'img') * 300) * 1e6 + 2.1e9;
	const unusedImages = 3;
	const rows = [
		{
			Active: String(images),
			Reclaimable: `${humanSize(2.1e9)} (${Math.round((2.1e9 / imageBytes) * 100)}%)`,
			Size: humanSize(imageBytes),
			TotalCount: String(images + unusedImages),
			Type: 'Images',
		},
		{
			Active: String(running),
			Reclaimable: `${humanSize(4.2e6)} (1%)`,
			Size: humanSize(310e6),
			TotalCount: String(containers.length),
			Type: 'Containers',
		},
		{
			Active: String(Math.max(1, running - 2)),
			Reclaimable: `${humanSize(650e6)} (12%)`,
			Size: humanSize(5.4e9),
			TotalCount: String(running + 2),
			Type: 'Local Volumes',
		},
		{Active: '0', Reclaimable: humanSize(1.3e9), Size: humanSize(1.3e9), TotalCount: '41', Type: 'Build Cache'},
	];
	return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
}
