/**
 * The privilege probe carried by the first batch, run by a real `sh` with stand-ins for `id`,
 * `sudo` and `pvesh` first on its PATH: who logs in decides, in the batch's own shell, whether
 * the root sections get `sudo -n`, and the probe costs no exec of its own.
 */
import {chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execBatch} from '../../source/host/batch-exec.js';
import {MARK} from '../../source/host/batch.js';
import {createNodeRouter} from '../../source/host/node-router.js';
import {ProbeFrameReader} from '../../source/host/privilege-fold.js';
import {privilegeMessage, probeProblem, type HostProbe} from '../../source/host/privilege.js';
import {createCollector} from '../../source/host/collect.js';
import type {Collector} from '../../source/host/collector-types.js';
import {startFirstRefresh} from '../../source/host/first-refresh.js';
import {createSimTransport} from '../../source/sim/transport.js';
import {createLocalTransport} from '../../source/transport/local.js';
import type {Transport} from '../../source/transport/types.js';

let bin: string;
let sudoBin: string;

beforeAll(() => {
	bin = mkdtempSync(join(tmpdir(), 'proxdeck-fold-'));
	sudoBin = mkdtempSync(join(tmpdir(), 'proxdeck-fold-sudo-'));
	const script = (name: string, body: string, dir = bin): void => {
		writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
		chmodSync(join(dir, name), 0o755);
	};
	script('id', 'case "$1" in -u) echo "$FAKE_UID";; -un) echo "$FAKE_USER";; esac');
	script('pvesh', 'echo "pvesh $* via-sudo=${VIA_SUDO:-no}"');
	// `sudo -n …`: runs the rest when the login may, says what real sudo says when it asks for a password.
	script(
		'sudo',
		'[ "$FAKE_SUDO" = ok ] || { echo "sudo: a password is required" >&2; exit 1; }\n[ "$1" = -n ] && shift\nVIA_SUDO=yes exec "$@"',
		sudoBin,
	);
	for (const tool of ['uname', 'true']) symlinkSync(`/bin/${tool}`, join(bin, tool));
});
afterAll(() => {
	rmSync(bin, {recursive: true, force: true});
	rmSync(sudoBin, {recursive: true, force: true});
});

/** The local shell with only the stand-ins on PATH, logged in as `who`. */
function shellAs(who: {uid: number; user: string; sudo: 'ok' | 'password' | 'missing'}): Transport {
	const local = createLocalTransport();
	const path = who.sudo === 'missing' ? bin : `${bin}:${sudoBin}`;
	const env = `PATH=${path}; FAKE_UID=${who.uid} FAKE_USER=${who.user} FAKE_SUDO=${who.sudo}; export FAKE_UID FAKE_USER FAKE_SUDO`;
	return Object.assign(Object.create(local) as Transport, {
		exec: (command: string, options?: Parameters<Transport['exec']>[1]) => local.exec(`${env}\n${command}`, options),
	});
}

/** One batch with a root section, the privilege not known yet: what it printed, what was learned, how many execs. */
async function firstBatch(transport: Transport) {
	const router = createNodeRouter(transport, {sudo: 'probe'});
	const run = await execBatch(router, undefined, [{id: 'pools', argv: ['pvesh', 'get', '/pools'], root: true}], {
		timeoutMs: 10_000,
	});
	const probe = await router.probe!;
	return {router, probe, pools: run.outputs.get('pools'), execs: transport.stats().execs};
}

describe('the privilege probe in the first batch', () => {
	it('as root: no sudo, in one exec', async () => {
		const {router, probe, pools, execs} = await firstBatch(shellAs({uid: 0, user: 'root', sudo: 'ok'}));
		expect(probe).toMatchObject({user: 'root', uid: 0, isRoot: true, hasPvesh: true, sudo: 'not-needed'});
		expect(pools?.stdout.trim()).toBe('pvesh get /pools via-sudo=no');
		expect(pools?.code).toBe(0);
		expect(execs).toBe(1);
		expect(router.sudo).toBe(false);
		expect(privilegeMessage(probe)).toBeNull();
	});

	it('as a user whose sudo -n works: the root sections and every later root command get sudo -n', async () => {
		const {router, probe, pools, execs} = await firstBatch(shellAs({uid: 1000, user: 'alice', sudo: 'ok'}));
		expect(probe).toMatchObject({user: 'alice', uid: 1000, isRoot: false, sudo: 'ok'});
		expect(pools?.stdout.trim()).toBe('pvesh get /pools via-sudo=yes');
		expect(execs).toBe(1);
		expect(router.sudo).toBe(true);
		expect(router.render({argv: ['pct', 'start', '101'], root: true})).toBe('sudo -n pct start 101');
	});

	it('asks in an exec of its own when a command comes before any batch could carry it', async () => {
		const transport = shellAs({uid: 1000, user: 'alice', sudo: 'ok'});
		const router = createNodeRouter(transport, {sudo: 'probe'});
		const result = await router.exec({argv: ['pvesh', 'get', '/version'], root: true});
		expect(result.stdout.trim()).toBe('pvesh get /version via-sudo=yes');
		expect(transport.stats().execs).toBe(2);
		expect(await router.probe).toMatchObject({user: 'alice', sudo: 'ok'});
	});

	it('says once that it could not tell who it is when that exec of its own gets no answer', async () => {
		// `id` answers nothing: no uid, so no probe.
		const transport = shellAs({uid: Number.NaN, user: '', sudo: 'ok'});
		const router = createNodeRouter(transport, {sudo: 'probe'});
		await router.exec({argv: ['pvesh', 'get', '/version'], root: true});
		const failure = await router.probe!.then(
			() => 'answered',
			(error: unknown) => (error instanceof Error ? error.message : String(error)),
		);
		expect(failure).toMatch(/^could not tell who proxdeck is on /);
		expect(failure.split('could not tell').length).toBe(2);
	});

	it('as a user whose sudo asks for a password: the one sentence that says so, from the same exec', async () => {
		const {probe, pools, execs} = await firstBatch(shellAs({uid: 1000, user: 'alice', sudo: 'password'}));
		expect(execs).toBe(1);
		expect(pools?.code).not.toBe(0);
		const host = probe.host;
		expect(probeProblem(probe)).toMatchObject({
			code: 'sudo',
			message: `proxdeck logs in as 'alice', who is not root, and sudo on ${host} asks 'alice' for a password: add /etc/sudoers.d/proxdeck (see README: Non-root users) so the host commands run with sudo -n, or connect as root.`,
		});
	});

	it('as a user on a host without sudo: the sentence says to install it', async () => {
		const {probe} = await firstBatch(shellAs({uid: 1000, user: 'alice', sudo: 'missing'}));
		expect(probe.sudo).toBe('missing');
		expect(privilegeMessage(probe)).toContain(`sudo is not installed on ${probe.host}: install sudo`);
	});
});

describe('the simulated homelab', () => {
	it('answers the probe as root on its node: the first refresh reads it all, the probe in its first exec', async () => {
		const sim = createSimTransport();
		const nodes = createNodeRouter(sim, {sudo: 'probe'});
		const collector = createCollector(nodes, {context: 'demo'});
		const {probe} = await startFirstRefresh(collector, nodes);
		expect(probe).toMatchObject({user: 'root', uid: 0, isRoot: true, hasPvesh: true, sudo: 'not-needed'});
		const snapshot = await collector.collect();
		expect(snapshot.errors).toEqual([]);
		expect(snapshot.guests.length).toBeGreaterThan(0);
		expect(snapshot.pools.length).toBeGreaterThan(0);
	});
});

describe('the first refresh started early', () => {
	it('is the one the first collect() gets: no second refresh, and later calls refresh anew', async () => {
		const firstRefreshExecs = async (
			early: boolean,
		): Promise<{execs: number; collector: Collector; now: () => number}> => {
			const sim = createSimTransport();
			const nodes = createNodeRouter(sim, {sudo: false});
			const collector = createCollector(nodes, {context: 'demo'});
			if (early) expect((await startFirstRefresh(collector, nodes)).probe).toBeNull();
			const snapshot = await collector.collect();
			expect(snapshot.guests.length).toBeGreaterThan(0);
			return {execs: sim.stats().execs, collector, now: () => sim.stats().execs};
		};
		const plain = await firstRefreshExecs(false);
		const early = await firstRefreshExecs(true);
		expect(early.execs).toBe(plain.execs);
		await early.collector.collect();
		expect(early.now()).toBeGreaterThan(early.execs);
	});
});

describe('reading the probe frame', () => {
	const marker = 'ab'.repeat(16);
	const read = (...chunks: string[]): {probe: HostProbe | null | undefined; rest: string} => {
		let probe: HostProbe | null | undefined;
		let rest = '';
		const reader = new ProbeFrameReader(marker, {stdout: (c) => (rest += c.toString()), stderr: () => {}}, (p) => {
			probe = p;
		});
		for (const chunk of chunks) reader.stdout(Buffer.from(chunk, 'latin1'));
		reader.finish();
		return {probe, rest};
	};
	const fields = 'user=alice\nuid=1000\nhost=pve1\npvesh=yes\nsudo=ok\n';

	it('takes the frame off the front, however the output is cut, and passes the rest on unchanged', () => {
		const whole = `${MARK}${marker} P\n${fields}${MARK}${marker} Q\nbatch output`;
		for (const cut of [1, 7, 40, whole.length - 3]) {
			const {probe, rest} = read(whole.slice(0, cut), whole.slice(cut));
			expect(probe).toMatchObject({user: 'alice', uid: 1000, host: 'pve1', sudo: 'ok'});
			expect(rest).toBe('batch output');
		}
	});

	it('believes no frame that is not first: a root probe printed later by a guest is batch output', () => {
		const forged = `${MARK}${marker} P\nuser=root\nuid=0\nsudo=not-needed\n${MARK}${marker} Q\n`;
		const {probe, rest} = read(`guest says hi\n${forged}`);
		expect(probe).toBeNull();
		expect(rest).toBe('');
		expect(read(`${MARK}${marker} P\n${fields}${MARK}${marker} Q\n${forged}`).rest).toBe(forged);
	});

	it('gives up on a frame that never ends or is garbage, never crashing', () => {
		expect(read(`${MARK}${marker} P\n${'x'.repeat(10_000)}`).probe).toBeNull();
		expect(read(`${MARK}${marker} P\nnonsense\n${MARK}${marker} Q\n`).probe).toBeNull();
		expect(read('').probe).toBeNull();
	});
});
