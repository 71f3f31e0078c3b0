import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {renderBatch, type BatchSection} from '../../source/host/batch.js';
import {splitBatchOutput} from '../../source/host/batch-output.js';
import {configsSection, dockerReadings, READS} from '../../source/host/commands.js';
import {CONFIGS_FUNCTION, configsFunctionDefinition} from '../../source/host/scripts.js';
import {SimClock} from '../../source/sim/clock.js';
import {DOCKER_SAMPLING_MS} from '../../source/sim/command-time.js';
import {runScript} from '../../source/sim/interpreter.js';
import {renderPveTree} from '../../source/sim/pve-tree.js';
import {createHomelab} from '../../source/sim/state.js';

const NOW = Date.UTC(2025, 10, 23, 11, 20, 0);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, {recursive: true, force: true})));

/** Run a script under the machine's real /bin/sh, capturing both streams and the exit code. */
function realSh(script: string): {stdout: string; stderr: string; code: number} {
	try {
		const stdout = execFileSync('sh', ['-c', `${script}\nexec 1>&- 2>&-`], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		return {stdout, stderr: '', code: 0};
	} catch (error) {
		const e = error as {stdout: string; stderr: string; status: number};
		return {stdout: e.stdout, stderr: e.stderr, code: e.status};
	}
}

function realShBoth(script: string): {stdout: string; stderr: string} {
	const dir = mkdtempSync(join(tmpdir(), 'pd-sh-'));
	dirs.push(dir);
	execFileSync('sh', ['-c', `{\n${script}\n} >${dir}/out 2>${dir}/err; true`]);
	return {
		stdout: execFileSync('cat', [`${dir}/out`], {encoding: 'utf8'}),
		stderr: execFileSync('cat', [`${dir}/err`], {encoding: 'utf8'}),
	};
}

/** The batch of `sections` on the sim, after checking it prints the bytes a real sh prints; split. */
function simLikeRealSh(sections: BatchSection[]): ReturnType<typeof splitBatchOutput> {
	const {script, marker} = renderBatch(sections);
	const real = realShBoth(script);
	const sim = runScript(createHomelab({now: NOW}), new SimClock({start: NOW}), script);
	expect(sim.stdout).toBe(real.stdout);
	expect(sim.stderr).toBe(real.stderr);
	return splitBatchOutput(sim.stdout, sim.stderr, marker);
}

describe('the interpreter', () => {
	it('frames sections exactly as a real sh does', () => {
		const sections: BatchSection[] = [
			{id: 'plain', argv: ['printf', 'hello\\nworld\\n']},
			{id: 'no-newline', argv: ['printf', '%s', 'no newline at the end']},
			{id: 'echo', argv: ['echo', "it's", 'quoted']},
			{id: 'fails', argv: ['false']},
			{id: 'timed', argv: ['printf', 'x'], timeoutSec: 5},
		];
		const parsed = simLikeRealSh(sections);
		expect(parsed.get('plain')).toEqual({stdout: 'hello\nworld\n', stderr: '', code: 0});
		expect(parsed.get('no-newline')!.stdout).toBe('no newline at the end');
		expect(parsed.get('fails')!.code).toBe(1);
	});

	it('runs background sections (pd_spawn, pd_reap) with the same bytes a real sh prints', () => {
		const sections: BatchSection[] = [
			{id: 'bg-text', argv: ['printf', 'one\\ntwo'], background: true, timeoutSec: 5},
			{id: 'bg-fails', argv: ['false'], background: true},
			{id: 'fg', argv: ['echo', 'between']},
		];
		const parsed = simLikeRealSh(sections);
		expect(parsed.get('bg-text')).toEqual({stdout: 'one\ntwo', stderr: '', code: 0});
		expect(parsed.get('bg-fails')).toEqual({stdout: '', stderr: '', code: 1});
	});

	it("models a Docker host's sampling time, and background readings of several hosts overlapping", () => {
		const state = createHomelab({now: NOW});
		const clock = new SimClock({start: NOW});
		const hosts = state.guests.filter((g) => g.docker && g.status === 'running');
		expect(hosts.length).toBe(2);
		const readings = (background: boolean): BatchSection[] =>
			hosts.map((g) => ({id: `readings-${g.vmid}`, argv: dockerReadings(g.vmid), background, timeoutSec: 15}));
		const inTurn = runScript(state, clock, renderBatch(readings(false)).script, undefined, 'sampling');
		const beside = runScript(state, clock, renderBatch(readings(true)).script, undefined, 'sampling');
		// One sampling interval per host one after another; all of them at once in the background.
		expect(inTurn.elapsedMs).toBe(2 * DOCKER_SAMPLING_MS);
		expect(beside.elapsedMs).toBe(DOCKER_SAMPLING_MS);
		const {marker, script} = renderBatch(readings(true));
		const parsed = splitBatchOutput(runScript(state, clock, script).stdout, '', marker);
		for (const g of hosts) expect(parsed.get(`readings-${g.vmid}`)?.stdout).toContain('--proxdeck:stats--');
		// Without a timing model (tests, the stepped clock) nothing takes any time.
		expect(runScript(state, clock, script).elapsedMs).toBeUndefined();
	});

	it('frames sim commands the same way, with their own codes and stderr', () => {
		const state = createHomelab({now: NOW});
		const clock = new SimClock({start: NOW});
		const {script, marker} = renderBatch(
			[
				{id: 'resources', argv: READS.resources, root: true},
				{id: 'zpool', argv: READS.zpoolList, timeoutSec: 10},
				{id: 'missing', argv: ['pct', 'config', '999'], root: true},
				{id: 'wg', argv: READS.wgHost, root: true},
			],
			{sudo: true},
		);
		const sim = runScript(state, clock, script);
		const parsed = splitBatchOutput(sim.stdout, sim.stderr, marker);
		// Guests, the node, its storages (six for guests, three for backups) and the SDN zone.
		expect(JSON.parse(parsed.get('resources')!.stdout)).toHaveLength(state.guests.length + 1 + 9 + 1);
		expect(parsed.get('zpool')!.stdout.split('\n')[0]).toMatch(/^media-pool\t\d+\t\d+\t\d+\t9\t8\d\t1\.00\tONLINE$/);
		expect(parsed.get('missing')).toEqual({
			stdout: '',
			stderr: "Configuration file 'nodes/pve/lxc/999.conf' does not exist\n",
			code: 255,
		});
		expect(parsed.get('wg')).toEqual({stdout: '', stderr: '', code: 0});
	});

	it('emulates pd_configs byte for byte like the real awk over the rendered /etc/pve', () => {
		const state = createHomelab({now: NOW});
		const dir = mkdtempSync(join(tmpdir(), 'pd-pve-'));
		dirs.push(dir);
		renderPveTree(state, dir);
		const known = state.guests
			.filter((g) => g.vmid % 2 === 0)
			.map((g) => `${g.vmid}:${g.vmid === 100 ? g.version - 1 : g.version}`)
			.join(' ');
		const section = configsSection(known);
		const script = ['export LC_ALL=C', configsFunctionDefinition(dir), `${CONFIGS_FUNCTION} '${known}'`].join('\n');
		const real = realSh(script.replace(/timeout -k 2 15 /, ''));
		expect(real.code).toBe(0);
		const sim = runScript(state, new SimClock({start: NOW}), script);
		expect(sim.stdout).toBe(real.stdout);
		expect(sim.stdout).toContain(`\x1ePDFILE ${dir}/nodes/pve/lxc/100.conf\n`);
		expect(sim.stdout).not.toContain(`${dir}/nodes/pve/lxc/102.conf`);
		expect(section.argv[0]).toBe(CONFIGS_FUNCTION);
	});

	it('runs single command lines with sudo and shell operators', () => {
		const state = createHomelab({now: NOW});
		const clock = new SimClock({start: NOW});
		expect(runScript(state, clock, 'sudo -n pct status 105')).toEqual({
			stdout: 'status: running\n',
			stderr: '',
			code: 0,
		});
		expect(
			runScript(
				state,
				clock,
				"pct exec 111 -- sh -c 'cd /srv/containers/media && docker compose ps -a' | grep -c . >/dev/null; echo $?",
			).stdout,
		).toBe('0\n');
		expect(runScript(state, clock, 'pct status 999 || echo fallback')).toMatchObject({stdout: 'fallback\n', code: 0});
		expect(runScript(state, clock, 'false && echo never').code).toBe(1);
	});
});
