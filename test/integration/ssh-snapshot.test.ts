/**
 * `proxdeck --host <test host> --once --json` and `proxdeck --demo --once --json` describe the
 * same simulated homelab: same guests, storages, pools, bridges, routes and VPN. Moving
 * metrics (cpu, mem, uptime, bytes) and the time of the snapshot differ by nature and are
 * left out.
 */
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';

const gate = requireE2E('ssh-snapshot');
const run = promisify(execFile);

type Json = Record<string, unknown>;

async function snapshot(args: string[], env: NodeJS.ProcessEnv): Promise<Json> {
	const {stdout} = await run('npx', ['tsx', 'source/cli.tsx', ...args, '--once', '--json'], {
		env,
		maxBuffer: 16 * 1024 * 1024,
	});
	return JSON.parse(stdout) as Json;
}

/** The parts of a snapshot that do not move with the clock. */
function stable(s: Json): Json {
	const list = (key: string): Json[] => (s[key] as Json[] | undefined) ?? [];
	return {
		nodes: list('nodes').map((n) => ({name: n['name'], online: n['online'], ip: n['ip']})),
		guests: list('guests').map((g) => ({
			vmid: g['vmid'],
			name: g['name'],
			type: g['type'],
			status: g['status'],
			template: g['template'],
			tags: g['tags'],
			nics: g['nics'],
			mounts: g['mounts'],
			unprivileged: g['unprivileged'],
			containers: ((g['containers'] as Json[] | undefined) ?? []).map((c) => ({
				name: c['name'],
				image: c['image'],
				state: c['state'],
				project: c['project'],
			})),
			stacks: ((g['stacks'] as Json[] | undefined) ?? []).map((st) => ({name: st['name'], total: st['total']})),
		})),
		storages: list('storages').map((x) => ({
			storage: x['storage'],
			type: x['type'],
			content: x['content'],
			total: x['total'],
		})),
		pools: list('pools').map((p) => ({name: p['name'], size: p['size'], health: p['health']})),
		datasets: list('datasets').map((d) => ({name: d['name'], mountpoint: d['mountpoint']})),
		bridges: s['bridges'],
		routes: s['routes'],
		rules: s['rules'],
		// Traffic counters and handshakes move with the clock; who talks to whom does not.
		vpn: ((s['vpn'] as Json)['tunnels'] as Json[]).map((t) => ({
			name: t['name'],
			gatewayVmid: t['gatewayVmid'],
			listenPort: t['listenPort'],
			peers: (t['peers'] as Json[]).map((p) => ({
				publicKey: p['publicKey'],
				endpoint: p['endpoint'],
				allowedIps: p['allowedIps'],
			})),
		})),
		errors: s['errors'],
	};
}

describe.skipIf(gate.skip)('proxdeck --host against the test host', () => {
	let host: TestHost;

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost();
	});
	afterAll(async () => {
		await host?.close();
	});

	it('prints the same snapshot as --demo for the same simulated homelab', async () => {
		// The test host's HOME: ~/.ssh/config has the alias, ~/.ssh/known_hosts its key.
		const env = {...process.env, HOME: host.home, USER: 'root'};
		const [overSsh, demo] = await Promise.all([
			snapshot(['--host', host.alias], env),
			snapshot(['--demo'], process.env),
		]);
		expect(overSsh['context']).toBe(host.alias);
		expect((overSsh['guests'] as Json[]).length).toBeGreaterThan(30);
		const compared = stable(overSsh);
		// Both sides must really carry the VPN tunnel and the Docker host's stacks, not two empty lists.
		expect((compared['vpn'] as Json[]).map((t) => t['gatewayVmid'])).toEqual([116]);
		expect((compared['guests'] as Json[]).find((g) => g['vmid'] === 111)?.['stacks']).toHaveLength(3);
		expect(compared).toEqual(stable(demo));
	}, 60_000);
});
