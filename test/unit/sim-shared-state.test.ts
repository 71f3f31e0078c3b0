/**
 * The demo's homelab is one file that every proxdeck process of the user shares (a console,
 * a CLI command, another console). What one changes the others see; writes taken at the same
 * time never lose each other's changes; a refresh, which only reads, never rewrites the file;
 * a reader never sees half a file; and a file proxdeck cannot use is named with the way out.
 */
import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createCollector} from '../../source/host/collect.js';
import {demoStatePath, openDemo, resetDemo} from '../../source/sim/demo.js';
import {findGuest, liveStatus, uptimeSec} from '../../source/sim/mutate.js';
import {createHomelab} from '../../source/sim/state.js';
import {SharedStateFile, StateFileError} from '../../source/sim/state-file.js';
import {createSimTransport} from '../../source/sim/transport.js';
import type {SimState} from '../../source/sim/types.js';

const run = promisify(execFile);
const worker = join(import.meta.dirname, '..', 'helpers', 'shared-state-worker.ts');
let dir: string;
let file: string;
const fresh = (): SimState => createHomelab({now: Date.now()});

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'proxdeck-shared-'));
	file = join(dir, 'proxdeck', 'demo-homelab.json');
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

describe('a homelab shared through its file', () => {
	it('makes the file on first use, in a directory of its own', () => {
		const shared = SharedStateFile.open(file, fresh);
		expect(JSON.parse(readFileSync(file, 'utf8')).guests.length).toBe(shared.read().guests.length);
		expect(statSync(file).mode & 0o777).toBe(0o600);
	});

	it('shows one process the guest another one started, and builds on it when writing', async () => {
		const console = SharedStateFile.open(file, fresh);
		const cli = SharedStateFile.open(file, fresh);
		const commands = createSimTransport({shared: cli, realTime: true});
		expect((await commands.exec('pct stop 112')).code).toBe(0);
		expect(findGuest(console.read(), 112)?.status).toBe('stopped');
		// The console's own change starts from the newest state: the CLI's stop is kept.
		console.update((state) => void (findGuest(state, 113)!.status = 'stopped'));
		expect([112, 113].map((vmid) => findGuest(cli.read(), vmid)?.status)).toEqual(['stopped', 'stopped']);
	});

	it('agrees across processes on times: they are the wall clock, stored as absolute instants', async () => {
		const a = createSimTransport({shared: SharedStateFile.open(file, fresh), realTime: true});
		expect((await a.exec('pct start 117')).code).toBe(0);
		const b = SharedStateFile.open(file, fresh);
		const guest = findGuest(b.read(), 117)!;
		const later = guest.bootAt! + 5_000;
		expect(liveStatus(guest, later)).toBe('running');
		expect(uptimeSec(guest, later)).toBe(5);
		expect(uptimeSec(findGuest(a.sim.state, 117)!, later)).toBe(5);
	});

	it('leaves the file alone on a refresh, which only reads', async () => {
		const transport = createSimTransport({shared: SharedStateFile.open(file, fresh), realTime: true});
		const collector = createCollector(transport, {context: 'demo'});
		const before = statSync(file, {bigint: true});
		// Opening it again reads it, and writes nothing either.
		SharedStateFile.open(file, fresh);
		for (let i = 0; i < 3; i++) expect((await collector.collect()).guests.length).toBeGreaterThan(30);
		const after = statSync(file, {bigint: true});
		expect([after.ino, after.mtimeNs]).toEqual([before.ino, before.mtimeNs]);
	});

	it('loses no change when four processes write at once, and a reader never sees half a file', async () => {
		SharedStateFile.open(file, fresh);
		const seqBefore = JSON.parse(readFileSync(file, 'utf8')).eventSeq as number;
		const node = (mode: string, n: number) => run(process.execPath, ['--import', 'tsx', worker, file, mode, String(n)]);
		await Promise.all([node('write', 25), node('write', 25), node('write', 25), node('write', 25), node('read', 300)]);
		const state = JSON.parse(readFileSync(file, 'utf8')) as SimState;
		expect(state.eventSeq - seqBefore).toBe(100);
		expect(new Set(state.events.filter((e) => e.ident === 'worker').map((e) => e.message)).size).toBe(100);
	}, 90_000);

	it('starts afresh when the file is gone, for every process that shares it', async () => {
		const a = SharedStateFile.open(file, fresh);
		a.update((state) => void (findGuest(state, 112)!.status = 'stopped'));
		rmSync(file);
		expect(findGuest(a.read(), 112)?.status).toBe('running');
	});
});

describe('the demo homelab', () => {
	const env = () => ({XDG_STATE_HOME: dir});

	it('lives in the state directory, beside the journal', () => {
		expect(demoStatePath(env())).toBe(join(dir, 'proxdeck', 'demo-homelab.json'));
		expect(demoStatePath({XDG_STATE_HOME: 'relative'})).toMatch(/\.local\/state\/proxdeck\/demo-homelab\.json$/);
	});

	it('remembers between opens, and reset starts it afresh for an open console too', async () => {
		const first = openDemo({env: env()});
		if (!first.ok) throw new Error(first.message);
		expect((await first.transport.exec('pct stop 112')).code).toBe(0);
		const second = openDemo({env: env()});
		if (!second.ok) throw new Error(second.message);
		expect(findGuest(second.transport.sim.state, 112)?.status).toBe('stopped');
		expect(resetDemo(env())).toEqual({file: demoStatePath(env())});
		await second.transport.exec('true');
		expect(findGuest(second.transport.sim.state, 112)?.status).toBe('running');
	});

	it('keeps the cluster demo in a file of its own: three nodes, the single host untouched', () => {
		const cluster = openDemo({env: env(), cluster: true});
		expect(cluster.ok && cluster.file).toBe(join(dir, 'proxdeck', 'demo-cluster-homelab.json'));
		expect(cluster.ok && cluster.transport.sim.state.nodes.map((n) => n.name)).toEqual(['pve', 'pve2', 'pve3']);
		expect(() => statSync(demoStatePath(env()))).toThrow();
		expect(resetDemo(env(), true)).toEqual({file: demoStatePath(env(), true)});
		const single = openDemo({env: env()});
		expect(single.ok && single.transport.sim.state.nodes.map((n) => n.name)).toEqual(['pve']);
	});

	it('spreads a generated --demo-scale homelab over a node per hundred guests, each with its own pools and bridges', () => {
		const scaled = openDemo({env: env(), scale: 300});
		const state = scaled.ok ? scaled.transport.sim.state : null;
		expect(state?.nodes.map((n) => n.name)).toEqual(['pve', 'pve2', 'pve3']);
		expect([...new Set(state?.pools.map((p) => p.node))]).toEqual(['pve', 'pve2', 'pve3']);
		expect([...new Set(state?.bridges.map((b) => b.node))]).toEqual(['pve', 'pve2', 'pve3']);
		expect(new Set(state?.guests.filter((g) => g.vmid >= 1000).map((g) => g.node))).toEqual(
			new Set(['pve', 'pve2', 'pve3']),
		);
	});

	it('keeps a generated --demo-scale homelab in memory only', () => {
		const scaled = openDemo({env: env(), scale: 200});
		expect(scaled.ok && scaled.file).toBe(null);
		expect(() => statSync(demoStatePath(env()))).toThrow();
	});

	it('refuses a file it cannot use with the way out, and reset keeps that file', () => {
		const path = demoStatePath(env());
		SharedStateFile.open(path, fresh);
		writeFileSync(path, '{"schema": 1, "guests": "oops"');
		const opened = openDemo({env: env()});
		expect(opened.ok).toBe(false);
		expect(!opened.ok && opened.message).toMatch(
			new RegExp(
				`^the demo's saved homelab ${path} is not valid JSON \\(.*\\); \`proxdeck demo reset\` starts a fresh one`,
			),
		);
		writeFileSync(path, '{"schema": 1, "guests": "oops"}');
		const shape = openDemo({env: env()});
		expect(!shape.ok && shape.message).toContain(`${path} has no list "nodes"`);
		const reset = resetDemo(env());
		expect(readFileSync(reset.keptAs!, 'utf8')).toBe('{"schema": 1, "guests": "oops"}');
		expect(openDemo({env: env()}).ok).toBe(true);
	});

	it("reports another version's file as such", () => {
		const path = demoStatePath(env());
		SharedStateFile.open(path, () => ({...fresh(), schema: 3 as 2}));
		expect(() => SharedStateFile.open(path, fresh)).toThrow(StateFileError);
		const opened = openDemo({env: env()});
		expect(!opened.ok && opened.message).toContain(
			'was written by another version of proxdeck (state schema 3, this one reads 1 and 2)',
		);
	});

	it("reads a homelab saved before pools and bridges named their node as that one node's, losing nothing", () => {
		const path = demoStatePath(env());
		const old = fresh() as unknown as Record<string, unknown>;
		for (const key of ['pools', 'bridges'])
			for (const item of old[key] as Record<string, unknown>[]) delete item['node'];
		old['schema'] = 1;
		SharedStateFile.open(path, fresh);
		writeFileSync(path, JSON.stringify(old));
		const state = SharedStateFile.open(path, fresh).read();
		expect(state.schema).toBe(2);
		// Written back upgraded when opened: the next process reads schema 2.
		expect((JSON.parse(readFileSync(path, 'utf8')) as {schema: number}).schema).toBe(2);
		expect(state.pools.map((p) => `${p.node}/${p.name}`)).toEqual([
			'pve/media-pool',
			'pve/service-pool',
			'pve/staging-pool',
		]);
		expect(state.bridges.every((b) => b.node === 'pve')).toBe(true);
	});
});
