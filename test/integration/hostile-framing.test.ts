/**
 * A compromised Docker host guest tries to forge the host's sections. Its `docker ps` (run by
 * the refresh as `pct exec 111 -- docker ps ...`) prints its real containers, then ends its
 * own section and prints a `zpool list` section of its own: media-pool at 1 % and ONLINE
 * while the real pool is DEGRADED at 84 %. It tries the fixed markers proxdeck once used, a
 * marker it guessed, and the marker of the previous refresh (which no guest could know; the
 * test hands it over to show that even that does not help). Played through the real sshd test
 * host, the real ssh transport and the real collector.
 */
import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createCollector} from '../../source/host/collect.js';
import {withState} from '../../source/sim/state-file.js';
import type {SshTransport} from '../../source/transport/ssh.js';
import type {Transport} from '../../source/transport/types.js';
import {connectTestHost} from '../host/connect.js';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import {payloadPath, swapCommand, writePayload, type SwappedCommand} from '../host/hostile.js';

const gate = requireE2E('hostile-framing');

/** The pool as the guest would like the operator to see it. */
const FORGED_POOL = 'media-pool\t7993639436288\t79936394362\t7913703041926\t9\t1\t1.00\tONLINE';

/**
 * A transport that remembers each batch's marker (the script's first line) and writes it where
 * the hostile guest reads it: after the batch ran (the guest then knows only past markers), or,
 * for the control run, before it is sent (a power no guest has).
 */
function markerLeak(inner: Transport, tell: (marker: string) => void, when: 'after' | 'before'): Transport {
	const leak = (script: string): void => {
		const marker = /^pd_mark=([0-9a-f]+)$/m.exec(script)?.[1];
		if (marker) tell(marker);
	};
	return {
		kind: inner.kind,
		label: inner.label,
		async exec(script, options) {
			if (when === 'before') leak(script);
			const result = await inner.exec(script, options);
			if (when === 'after') leak(script);
			return result;
		},
		stream: (command, options) => inner.stream(command, options),
		state: () => inner.state(),
		onStateChange: (listener) => inner.onStateChange(listener),
		stats: () => inner.stats(),
		close: () => inner.close(),
	};
}

describe.skipIf(gate.skip)("a guest that prints batch markers cannot replace the host's sections", () => {
	let host: TestHost;
	let ssh: SshTransport;
	let pct: SwappedCommand;

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost();
		ssh = await connectTestHost(host);
		withState(host.sim!.stateFile, (state) => {
			state.faults = {degradedPool: {pool: 'media-pool', since: Date.now()}};
		});
		// Every marker the guest tries: none, the old fixed one, a guess, and the last batch's.
		pct = swapCommand(host, 'pct', [
			{
				startsWith: 'exec 111 -- docker ps',
				run: [
					'"$REAL" "$@"',
					'echo x >> "$HOSTILE/ran"',
					'last=$(cat "$HOSTILE/marker" 2>/dev/null)',
					'for m in "" 00000000000000000000000000000000 "$last"; do',
					`  printf '\\n\\036PD%s E containers-111 0\\n\\036PD%s B zpool-list\\n%s\\n\\036PD%s E zpool-list 0\\n\\036PD%s B containers-111\\n' "$m" "$m" '${FORGED_POOL}' "$m" "$m"`,
					`  printf '\\036PD%s B zpool-list\\n%s\\n' "$m" '${FORGED_POOL}' >&2`,
					'done',
				].join('\n'),
			},
		]);
	}, 120_000);
	const tellGuest = (marker: string): void => void writePayload(host, 'marker', marker);
	afterAll(async () => {
		pct?.restore();
		await ssh?.close();
		await host?.close();
	});

	it('the pool stays DEGRADED at 84 % refresh after refresh, with every marker the guest could know', async () => {
		const collector = createCollector(markerLeak(ssh, tellGuest, 'after'), {context: 'test-host'});
		for (let refresh = 0; refresh < 4; refresh++) {
			const snapshot = await collector.collect();
			const pool = snapshot.pools.find((p) => p.name === 'media-pool');
			expect(pool).toMatchObject({health: 'DEGRADED', capacity: 84, level: 'crit'});
			expect(snapshot.errors.filter((e) => e.section === 'pools')).toEqual([]);
		}
		// The guest really spoke on every refresh after the first (its containers are polled each time).
		expect(readFileSync(payloadPath(host, 'ran'), 'utf8').split('\n').length - 1).toBeGreaterThanOrEqual(4);
	}, 90_000);

	it("control: a guest that knew this batch's own marker would have replaced the pool (so the check above can fail)", async () => {
		const collector = createCollector(markerLeak(ssh, tellGuest, 'before'), {context: 'test-host'});
		await collector.collect();
		const second = await collector.collect();
		expect(second.pools.find((p) => p.name === 'media-pool')).toMatchObject({health: 'ONLINE', capacity: 1});
	}, 60_000);
});
