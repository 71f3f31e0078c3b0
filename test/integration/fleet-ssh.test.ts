/**
 * A fleet over two real sshd test hosts, each serving its own simulated homelab: one console
 * store refreshes both over their own SSH connections; when one host's sshd is killed (its
 * connections with it) the other keeps refreshing and the dead one's guests stay, marked
 * stale. `--once --json` over the two contexts prints one document with a section per
 * context, and with one host down still prints the other's section (and exits 1).
 */
import {appendFileSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createFleetStore} from '../../source/fleet/store.js';
import type {FleetDocument} from '../../source/fleet/once.js';
import {createCollector} from '../../source/host/collect.js';
import {startPoller, stopPoller} from '../../source/store/app-store.js';
import type {AppStore, OpenedContext} from '../../source/store/types.js';
import type {SshTransport} from '../../source/transport/ssh.js';
import type {Snapshot} from '../../source/model/snapshot.js';
import {proxdeckOnHost} from '../host/cli.js';
import {connectTestHost} from '../host/connect.js';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import {until} from '../screen/sim-fleet.js';

const gate = requireE2E('fleet-ssh');

function opened(context: string, transport: SshTransport): OpenedContext {
	return {
		collector: createCollector(transport, {context}),
		transport,
		context,
		readOnly: false,
		readOnlyWhy: null,
		colour: null,
		banner: null,
		sudo: false,
		intervalMs: 500,
		thresholds: {warn: 80, crit: 90},
	};
}

describe.skipIf(gate.skip)('a fleet of two test hosts', () => {
	let a: TestHost;
	let b: TestHost;
	let configPath = '';
	const transports: SshTransport[] = [];
	let store: AppStore | null = null;

	/** `proxdeck --context alpha --context beta --once --json` with the HOME that knows both hosts. */
	const fleetOnceJson = () =>
		proxdeckOnHost(a, ['--config', configPath, '--context', 'alpha', '--context', 'beta', '--once', '--json']);

	beforeAll(async () => {
		gate.assert();
		[a, b] = await Promise.all([startTestHost(), startTestHost()]);
		// One HOME that knows both hosts: host a's, with b added as `pve-b` (its key and host key).
		appendFileSync(
			join(a.home, '.ssh', 'config.d', 'test-host.conf'),
			`Host pve-b\n\tHostName 127.0.0.1\n\tPort ${b.port}\n\tUser ${b.user}\n\tIdentityFile ${b.clientKeyPath}\n\tIdentitiesOnly yes\n`,
		);
		appendFileSync(a.knownHostsPath, readFileSync(b.knownHostsPath, 'utf8'));
		configPath = join(a.dir, 'fleet-config.json');
		writeFileSync(
			configPath,
			JSON.stringify({
				contexts: [
					{name: 'alpha', target: 'host', host: a.alias},
					{name: 'beta', target: 'host', host: 'pve-b'},
				],
			}),
		);
	}, 120_000);
	afterAll(async () => {
		if (store) stopPoller(store);
		await Promise.all(transports.map((t) => t.close()));
		await Promise.all([a?.close(), b?.close()]);
	});

	it('--once --json over both contexts prints one document with a section per context', async () => {
		const run = await fleetOnceJson();
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const doc = JSON.parse(run.stdout) as FleetDocument;
		expect(doc.fleet).toEqual(['alpha', 'beta']);
		const alpha = doc.contexts['alpha'] as Snapshot;
		const beta = doc.contexts['beta'] as Snapshot;
		expect(alpha.context).toBe('alpha');
		expect(beta.context).toBe('beta');
		// Each section is that host's own snapshot (schema v1, as --once --json prints for one context).
		expect(alpha.guests.length).toBeGreaterThan(30);
		expect(beta.guests.map((g) => g.vmid)).toEqual(alpha.guests.map((g) => g.vmid));
		expect(alpha.guests[0]).not.toHaveProperty('context');
		expect(beta.pools.length).toBeGreaterThan(0);
	}, 120_000);

	it('keeps refreshing one host while the other is down, the dead one’s rows kept and marked stale', async () => {
		const [ta, tb] = await Promise.all([connectTestHost(a), connectTestHost(b)]);
		transports.push(ta, tb);
		store = createFleetStore({members: [opened('alpha', ta), opened('beta', tb)]});
		startPoller(store, {logs: false});
		const member = (name: string) => store!.getState().fleet!.find((m) => m.name === name)!;
		await until(
			'both hosts to answer',
			() => member('alpha').lastOkAt !== null && member('beta').lastOkAt !== null,
			30_000,
		);
		const betaGuests = member('beta').guests;
		expect(betaGuests).toBeGreaterThan(30);

		await b.stop();
		await until('beta to be stale', () => member('beta').stale, 30_000);
		const staleAt = member('alpha').lastOkAt!;
		// alpha goes on: two more refreshes after beta went stale.
		await until('alpha to refresh on', () => member('alpha').lastOkAt! > staleAt + 500, 30_000);
		expect(member('alpha').stale).toBe(false);
		const state = store.getState();
		expect(state.snapshot!.guests.filter((g) => g.context === 'beta')).toHaveLength(betaGuests);
		expect(state.snapshot!.stale?.map((s) => s.section)).toContain('context beta');
		expect(['reconnecting', 'failed']).toContain(member('beta').connection.kind);
	}, 120_000);

	it('--once --json with one host down still prints the other’s section, and the error in the dead one’s', async () => {
		const run = await fleetOnceJson();
		expect(run.code).toBe(1);
		const doc = JSON.parse(run.stdout) as FleetDocument;
		expect((doc.contexts['alpha'] as Snapshot).guests.length).toBeGreaterThan(30);
		expect(doc.contexts['beta']).toEqual({error: expect.stringMatching(/127\.0\.0\.1|pve-b|connect/i)});
	}, 120_000);
});
