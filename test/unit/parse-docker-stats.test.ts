import {describe, expect, it} from 'vitest';
import {
	dockerSize,
	healthOf,
	parseDockerInspect,
	parseDockerStats,
	parseDockerSystemDf,
	partLine,
	splitReadingParts,
} from '../../source/host/parse/docker-stats.js';
import {foldReadings} from '../../source/host/docker-readings.js';
import type {Container} from '../../source/model/docker.js';
import type {ParseResult} from '../../source/model/result.js';
import {listFixtures, readFixture} from '../helpers/fixtures.js';

function value<T>(result: ParseResult<T>): T {
	if (!result.ok) throw new Error(`expected ok, got: ${result.error.command}: ${result.error.message}`);
	return result.value;
}

const MIB = 1024 ** 2;
const noise = new TextDecoder().decode(new Uint8Array(2000).map((_, index) => (index * 211 + 5) % 256));
const STATS = readFixture('docker-stats/no-stream-format-json-one-container-nginx-dockercli-docs.jsonl');
const HEALTH = readFixture('docker-inspect/state-health-unhealthy-failingstreak-log-REFORMATTED-dockercli-docs.json');

/** One line as the readings' inspect template prints it, around the docs' real Health object. */
function inspectLine(name: string, state: Record<string, unknown>, mounts: unknown[] = [], restarts = 0): string {
	return JSON.stringify({name: `/${name}`, restarts, state, mounts});
}

describe('docker stats, inspect and system df', () => {
	it('the folders hold exactly the samples tested here', () => {
		expect(listFixtures('docker-stats')).toEqual(['no-stream-format-json-one-container-nginx-dockercli-docs.jsonl']);
		expect(listFixtures('docker-inspect')).toEqual([
			'state-health-unhealthy-failingstreak-log-REFORMATTED-dockercli-docs.json',
		]);
	});

	it('reads docker stats: CPU %, memory in binary units, network and block I/O in decimal ones', () => {
		const [row] = value(parseDockerStats(STATS));
		expect(row).toEqual({
			id: 'ed37317fbf42',
			name: 'nginx',
			stats: {
				cpuPercent: 0.03,
				memUsed: Math.round(2.352 * MIB),
				memLimit: Math.round(982.5 * MIB),
				netRx: 539_000,
				netTx: 606_000,
				blockRead: 0,
				blockWrite: 13_300,
				pids: 2,
			},
		});
	});

	it("keeps Podman's `--` (not measured) unknown, never 0", () => {
		const line = JSON.stringify({
			ID: 'a9f807ffaacd',
			Name: 'web',
			CPUPerc: '--',
			MemUsage: '-- / --',
			NetIO: '-- / --',
			BlockIO: '-- / --',
			PIDs: '--',
		});
		const [row] = value(parseDockerStats(line));
		expect(Object.values(row!.stats).every((v) => v === null)).toBe(true);
	});

	it("reads a failing healthcheck from the docs' inspect output: status, streak, the last check's output", () => {
		expect(healthOf(JSON.parse(HEALTH))).toEqual({
			health: 'unhealthy',
			failingStreak: 3,
			lastHealthOutput: "stat: can't stat '/etc/passwd': No such file or directory",
		});
	});

	it('reads restarts, OOM kill, exit code and mounts from the inspect template', () => {
		const text = [
			inspectLine('web', {Status: 'running', OOMKilled: false, ExitCode: 0, Health: JSON.parse(HEALTH)}, [], 7),
			inspectLine('db', {Status: 'exited', OOMKilled: true, ExitCode: 137}, [
				{Type: 'bind', Source: '/srv/db', Destination: '/var/lib/postgresql/data'},
				{Type: 'volume', Source: '/var/lib/docker/volumes/x/_data', Destination: '/x'},
			]),
		].join('\n');
		const [web, db] = value(parseDockerInspect(text));
		expect(web).toMatchObject({name: 'web', restarts: 7, health: 'unhealthy', failingStreak: 3, oomKilled: false});
		expect(db).toMatchObject({name: 'db', restarts: 0, oomKilled: true, exitCode: 137});
		expect(db!.mounts.map((m) => m.type)).toEqual(['bind', 'volume']);
	});

	it('reads docker system df lines: counts, sizes and the reclaimable bytes without the percent', () => {
		const text = [
			{Active: '12', Reclaimable: '2.1GB (36%)', Size: '5.83GB', TotalCount: '15', Type: 'Images'},
			{Active: '0', Reclaimable: '1.3GB', Size: '1.3GB', TotalCount: '41', Type: 'Build Cache'},
		]
			.map((row) => JSON.stringify(row))
			.join('\n');
		expect(value(parseDockerSystemDf(text))).toEqual([
			{type: 'Images', total: 15, active: 12, size: 5_830_000_000, reclaimable: 2_100_000_000},
			{type: 'Build Cache', total: 41, active: 0, size: 1_300_000_000, reclaimable: 1_300_000_000},
		]);
	});

	it('sizes: decimal and binary units, and null for what is not a size', () => {
		expect(dockerSize('13.3kB')).toBe(13_300);
		expect(dockerSize('2GiB')).toBe(2 * 1024 ** 3);
		expect(dockerSize('0B')).toBe(0);
		for (const bad of ['--', 'N/A', '', '12 parsecs', '5iB']) expect(dockerSize(bad)).toBeNull();
	});

	it('garbage is a clear error naming the command, never a crash', () => {
		for (const parse of [parseDockerStats, parseDockerInspect, parseDockerSystemDf]) {
			for (const text of [noise, 'Error response from daemon: dial unix /var/run/docker.sock', '[1,2]', '{"Type":']) {
				const result = parse(text);
				expect(result.ok).toBe(false);
				if (!result.ok) expect(result.error.message).toMatch(/no usable JSON line/);
			}
		}
		expect(value(parseDockerStats(''))).toEqual([]);
	});
});

describe('a Docker host readings section', () => {
	const ctr = (name: string, state = 'running'): Container => ({
		id: `${name}000000000000`.slice(0, 12),
		name,
		image: `${name}:latest`,
		state,
		status: '',
		ports: '',
		runtime: 'docker',
	});
	const section = (parts: Partial<Record<'stats' | 'inspect' | 'binds' | 'df', string>>): string =>
		Object.entries(parts)
			.map(([part, text]) => `${partLine(part as 'stats')}\n${text}`)
			.join('\n');

	it('splits at its part lines only', () => {
		expect(splitReadingParts(`${partLine('stats')}\na\n--proxdeck:other--\n${partLine('df')}\nb`)).toEqual({
			stats: 'a\n--proxdeck:other--',
			df: 'b',
		});
	});

	it('puts stats on running containers only, and marks a bind source the host does not have', () => {
		const stats = STATS.replace('"Name":"nginx"', '"Name":"web"');
		const mounts = [
			{Type: 'bind', Source: '/srv/web', Destination: '/data'},
			{Type: 'bind', Source: '/mnt/gone', Destination: '/media'},
			{Type: 'bind', Source: '/srv/with space', Destination: '/other'},
		];
		const inspect = [
			inspectLine('web', {Status: 'running'}, mounts),
			inspectLine('old', {Status: 'exited', ExitCode: 1}),
		].join('\n');
		const folded = foldReadings(
			[ctr('web'), ctr('old', 'exited')],
			section({stats, inspect, binds: '/srv/web\n', df: ''}),
		);
		const [web, old] = folded.containers;
		expect(web!.stats?.cpuPercent).toBe(0.03);
		expect(old!.stats).toBeUndefined();
		expect(old!.exitCode).toBe(1);
		expect(web!.mounts?.map((m) => m.sourceMissing)).toEqual([false, true, undefined]);
		expect(folded.problems).toEqual([]);
	});

	it('leaves bind sources unjudged when the host never printed the binds part, and names a part it could not read', () => {
		const inspect = inspectLine('web', {Status: 'running'}, [{Type: 'bind', Source: '/srv/web', Destination: '/d'}]);
		const folded = foldReadings([ctr('web')], section({stats: noise, inspect}));
		expect(folded.containers[0]!.mounts?.[0]?.sourceMissing).toBeUndefined();
		expect(folded.containers[0]!.stats).toBeUndefined();
		expect(folded.problems).toEqual(['docker stats --no-stream: no usable JSON line in the output']);
	});
});
