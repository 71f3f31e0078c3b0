import {describe, expect, it} from 'vitest';
import {detectDocker, type DetectableGuest} from '../../source/host/docker-detect.js';
import {chooseGuestSources} from '../../source/host/guest-sources.js';
import {containerResults} from '../../source/ops/health/docker.js';
import {buildGuestRows} from '../../source/store/guest-rows.js';
import type {Container, Guest, Snapshot} from '../../source/model/snapshot.js';

const NOW = 1_800_000_000_000;
const lxc = (vmid: number, name: string, extra: Partial<DetectableGuest> = {}): DetectableGuest => ({
	vmid,
	name,
	type: 'lxc',
	status: 'running',
	template: false,
	tags: [],
	uptime: 3600,
	nesting: true,
	...extra,
});

describe('which guests are Docker hosts', () => {
	it('says why: config, tag, name, nesting, probe', () => {
		const rule = (g: DetectableGuest, choice = {}, answer?: {startedAt: number; runtime: 'docker' | 'podman' | null}) =>
			detectDocker(g, choice, answer, NOW).rule;
		expect(rule(lxc(1, 'docker'), {notDockerHosts: [1]})).toBe('config-excluded');
		expect(rule(lxc(1, 'apps'), {dockerHosts: [1]})).toBe('config');
		expect(rule(lxc(2, 'docker'), {dockerHosts: [1]})).toBe('config-excluded');
		expect(rule(lxc(1, 'apps', {tags: ['compose']}))).toBe('tag');
		expect(rule(lxc(1, 'podman-box'))).toBe('name');
		expect(rule(lxc(1, 'apps', {nesting: false}))).toBe('no-nesting');
		expect(rule(lxc(1, 'apps', {status: 'stopped'}))).toBe('not-running');
		expect(rule(lxc(1, 'apps'))).toBe('probe-pending');
		const started = NOW - 3600_000;
		expect(rule(lxc(1, 'apps'), {}, {startedAt: started, runtime: 'podman'})).toBe('probe');
		expect(detectDocker(lxc(1, 'apps'), {}, {startedAt: started, runtime: 'podman'}, NOW).runtime).toBe('podman');
		expect(rule(lxc(1, 'apps'), {}, {startedAt: started, runtime: null})).toBe('probe-none');
	});

	it('asks again once the guest has restarted since the probe', () => {
		const answer = {startedAt: NOW - 3600_000, runtime: null};
		// Up 60 s: it started long after the answer was given.
		expect(detectDocker(lxc(1, 'apps', {uptime: 60}), {}, answer, NOW).rule).toBe('probe-pending');
	});

	it('probes only the guests it must, a few per refresh, and polls the ones the probe found', () => {
		const guests = [lxc(1, 'apps'), lxc(2, 'media'), lxc(3, 'web'), lxc(4, 'docker'), lxc(5, 'nas', {nesting: false})];
		const answers = new Map([[2, {startedAt: NOW - 3600_000, runtime: 'docker' as const}]]);
		const sources = chooseGuestSources(guests, {}, {answers, nowMs: NOW, perRefresh: 1});
		expect(sources.dockerHosts.map((h) => h.vmid)).toEqual([2, 4]);
		expect(sources.probes).toEqual([1]);
		// A one-off read (no probe state) probes nothing.
		expect(chooseGuestSources(guests).probes).toBeUndefined();
	});
});

const ctr = (name: string, extra: Partial<Container> = {}): Container => ({
	id: name.padEnd(12, '0'),
	name,
	image: `${name}:1`,
	state: 'running',
	status: 'Up 2 hours',
	ports: '',
	runtime: 'docker',
	...extra,
});

function host(containers: Container[]): Guest {
	return {
		vmid: 111,
		name: 'apps',
		type: 'lxc',
		node: 'pve',
		status: 'running',
		template: false,
		cpu: 0.1,
		maxcpu: 2,
		mem: 1,
		maxmem: 2,
		disk: 1,
		maxdisk: 2,
		uptime: 100,
		tags: [],
		nics: [],
		mounts: [],
		unprivileged: true,
		containers,
	};
}

describe("a Docker host's findings", () => {
	it('OOM kill, failing healthcheck, restart loop and missing bind source, each with a hint', () => {
		const results = containerResults(
			host([
				ctr('db', {state: 'exited', status: 'Exited (137) 5 minutes ago', oomKilled: true, exitCode: 137}),
				ctr('web', {health: 'unhealthy', failingStreak: 4, lastHealthOutput: 'connection refused'}),
				ctr('worker', {restarts: 9}),
				ctr('files', {mounts: [{type: 'bind', source: '/mnt/nas', destination: '/data', sourceMissing: true}]}),
				ctr('fine', {restarts: 1, mounts: [{type: 'bind', source: '/srv', destination: '/srv', sourceMissing: false}]}),
			]),
		);
		expect(results.map((r) => `${r.target} ${r.check} ${r.state}`)).toEqual([
			'ctr:111:db oom-killed fail',
			'ctr:111:web unhealthy warn',
			'ctr:111:worker restart-loop warn',
			'ctr:111:files bind-source fail',
		]);
		expect(results[1]!.detail).toContain('4 failed checks in a row; last check said: connection refused');
		expect(results[3]!.hint).toContain('pct exec 111 -- mkdir -p /mnt/nas');
		expect(results.every((r) => r.hint)).toBe(true);
	});
});

describe('stacks in the guests tree', () => {
	const stats = (cpuPercent: number | null, memUsed: number | null) => ({
		cpuPercent,
		memUsed,
		memLimit: null,
		netRx: null,
		netTx: null,
		blockRead: null,
		blockWrite: null,
		pids: null,
	});
	const snapshot = {
		guests: [
			host([
				ctr('a', {project: 'web', stats: stats(1, 100)}),
				ctr('b', {project: 'web', stats: stats(5, 50)}),
				ctr('c', {project: 'media', stats: stats(2, 10)}),
				ctr('d', {project: 'media', state: 'exited'}),
				ctr('loose', {stats: stats(9, 1)}),
			]),
		],
	} as unknown as Snapshot;

	it('sums each stack over the containers that have stats, and sorts stacks and containers by CPU', () => {
		const {rows} = buildGuestRows(snapshot, {sort: {key: 'cpu', desc: true}, filter: '', expanded: {'g:111': true}});
		const stacks = rows.flatMap((r) => (r.kind === 'stack' ? [r.stack] : []));
		expect(stacks.map((s) => [s.project, s.running, s.total, s.cpuPercent, s.memUsed])).toEqual([
			['web', 2, 2, 6, 150],
			['media', 1, 2, 2, 10],
			// The containers of no stack come last, whatever the sort.
			[undefined, 1, 1, 9, 1],
		]);
		expect(rows.filter((r) => r.kind === 'container').map((r) => r.key.split(':')[2])).toEqual([
			'b',
			'a',
			'c',
			'd',
			'loose',
		]);
	});
});
