/**
 * Docker inside the Docker-host guest through the real ssh transport and a real sshd whose
 * sessions run the simulated homelab (test/host): the web stack's update pulls the one image
 * with a newer digest, snapshots the guest, recreates that container, sees its healthcheck
 * fail and rolls the guest back; a stack's merged logs come the same way.
 */
import {describe, expect, it} from 'vitest';
import {createCollector} from '../../source/host/collect.js';
import {requireE2E} from '../host/gate.js';
import {subcommandOn} from '../host/cli.js';
import {journaledTestHost} from '../host/journaled.js';

const gate = requireE2E('docker-ssh');

describe.skipIf(gate.skip)('Docker stacks through the sshd test host', () => {
	const lab = journaledTestHost(gate, 'docker-ssh');

	async function cli(argv: string[]): Promise<{code: number; out: string; err: string}> {
		const run = await subcommandOn(lab.ssh, argv, {journal: lab.journal});
		return {code: run.code, out: run.stdout, err: run.stderr};
	}

	it('reads a Docker host’s stats in the background of the refresh batch, through a real shell', async () => {
		// The first refresh reads the Docker hosts it finds in a round of its own, readings and all.
		const snapshot = await createCollector(lab.ssh, {context: 'test-host'}).collect();
		const running = snapshot.guests.find((g) => g.vmid === 111)?.containers?.filter((c) => c.state === 'running');
		expect(running?.length).toBeGreaterThan(3);
		for (const c of running ?? []) expect(c.stats?.cpuPercent).toEqual(expect.any(Number));
		expect(snapshot.errors.filter((e) => e.section === 'containers')).toEqual([]);
	}, 30_000);

	it('update → failed health → rollback to the snapshot taken first', async () => {
		const update = await cli(['stack', 'update', '111', 'web', '--yes']);
		expect(update.code).toBe(1);
		expect(update.out).toMatch(
			/ok {3}compare .*newer: wizarr \(ghcr\.io\/wizarrrr\/wizarr:latest [0-9a-f]{12} → [0-9a-f]{12}/,
		);
		expect(update.out).toMatch(/ok {3}snapshot .*snapshot pd_stack_\d{14} taken/);
		expect(update.out).toContain('FAIL health');
		expect(update.out).toContain('web is not healthy after the update: wizarr is unhealthy');
		expect(update.out).toMatch(/rolled back: guest 111 rolled back to pd_stack_\d{14} and running again/);
		const entries = await lab.journal.read();
		expect(entries.at(-1)).toMatchObject({action: 'stack-update', result: 'failed'});
	}, 60_000);

	it('prints a stack’s logs merged, each line with its container', async () => {
		const logs = await cli(['stack', 'logs', '111', 'media', '--tail', '1']);
		expect(logs.code).toBe(0);
		const names = logs.out
			.trim()
			.split('\n')
			.map((l) => /^(\S+)\s+\| /.exec(l)?.[1]);
		expect(new Set(names)).toEqual(new Set(['plex', 'sonarr', 'radarr', 'prowlarr', 'qbittorrent']));
	}, 30_000);
});
