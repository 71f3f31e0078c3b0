/**
 * The demo's saved homelab is written after a script that changed it, and left alone after
 * one that only read it, known from what the script ran (not by serialising the whole state
 * after every script): a refresh is recognised as a read, and each kind of write around it
 * (a command, a command inside a guest, time settling backup jobs, a fault set from the
 * console, a scripted failure used up) still reaches the file.
 */
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createCollector} from '../../source/host/collect.js';
import {takeChanged} from '../../source/sim/changes.js';
import {createHomelab} from '../../source/sim/state.js';
import {SharedStateFile} from '../../source/sim/state-file.js';
import {createSimTransport} from '../../source/sim/transport.js';
import type {SimState} from '../../source/sim/types.js';

let dir: string;
let file: string;
const fresh = (): SimState => createHomelab({now: Date.now()});
const saved = (): SimState => JSON.parse(readFileSync(file, 'utf8')) as SimState;
const version = (): bigint => statSync(file, {bigint: true}).mtimeNs;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'proxdeck-changes-'));
	file = join(dir, 'demo-homelab.json');
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

function open() {
	const shared = SharedStateFile.open(file, fresh);
	return {shared, transport: createSimTransport({shared, realTime: true})};
}

describe("the demo's saved homelab, written only after a change", () => {
	it('knows a whole refresh (Docker hosts, WireGuard, configs) for a read', async () => {
		const {shared, transport} = open();
		const collector = createCollector(transport, {context: 'demo'});
		const before = version();
		for (let i = 0; i < 2; i++) {
			expect((await collector.collect()).guests.length).toBeGreaterThan(30);
			expect(takeChanged(shared.current)).toBe(false);
		}
		// What the console reads beside its refreshes: the host's time zone, a Docker host's disk use.
		for (const read of ['date +%z', "pct exec 111 -- docker system df --format '{{json .}}'"]) {
			expect((await transport.exec(read)).code).toBe(0);
			expect(takeChanged(shared.current)).toBe(false);
		}
		expect(version()).toBe(before);
	});

	it('saves what a command changed, on the host and inside a guest', async () => {
		const {shared, transport} = open();
		expect((await transport.exec('pct stop 112')).code).toBe(0);
		expect(saved().guests.find((g) => g.vmid === 112)?.status).toBe('stopped');
		const running = (s: SimState): string[] =>
			s.guests
				.find((g) => g.vmid === 111)!
				.docker!.containers.filter((c) => c.state === 'running')
				.map((c) => c.name);
		const name = running(shared.current)[0]!;
		expect((await transport.exec(`pct exec 111 -- docker stop ${name}`)).code).toBe(0);
		expect(running(saved())).not.toContain(name);
	});

	it('saves a fault set from the console with the next script, even a read', async () => {
		const {transport} = open();
		transport.sim.faults.failCommand('zfs');
		expect((await transport.exec('pvesh get /cluster/status --output-format json')).code).toBe(0);
		expect(saved().faults.failCommand).toEqual(['zfs']);
	});

	it('saves a scripted failure used up by a command that otherwise reads', async () => {
		const {transport} = open();
		transport.sim.faults.failStep('exec', 111, 1);
		expect((await transport.exec('pvesh get /cluster/status --output-format json')).code).toBe(0);
		expect(saved().faults.failStep).toHaveLength(1);
		expect((await transport.exec('pct exec 111 -- hostname')).code).not.toBe(0);
		expect(saved().faults.failStep).toEqual([]);
		expect((await transport.exec('pct exec 111 -- hostname')).code).toBe(0);
	});

	it('saves the backup jobs that came due while the homelab was not looked at', async () => {
		const {shared, transport} = open();
		const due = shared.update((state) => (state.jobsRunUntil = Date.now() - 3 * 60 * 60_000));
		expect((await transport.exec('pvesh get /cluster/status --output-format json')).code).toBe(0);
		expect(saved().jobsRunUntil).toBeGreaterThan(due);
	});
});
