/**
 * A Docker host whose `docker ps` reports a crash-looping container named to break out of a
 * copy-pasted command, through the sshd test host and `proxdeck health`. The hint's command
 * is then pasted into a real shell whose `pct` only prints its arguments: the name stays one
 * argument, and the command hidden in it (a `touch` of a marker file, the harmless stand-in
 * for `curl … | sh`) never runs.
 */
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import {swapCommand, writePayload} from '../host/hostile.js';
import {proxdeckOnHost} from '../host/cli.js';

const gate = requireE2E('hostile-hints');

describe.skipIf(gate.skip)('health hints with a hostile container name, through the sshd test host', () => {
	let host: TestHost;
	let marker: string;
	let name: string;

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost();
		marker = join(host.dir, 'pasted-and-ran');
		name = `web; touch ${marker} #`;
		const container = JSON.stringify({
			Command: '"/init"',
			CreatedAt: '2026-11-20 10:00:00 +0000 UTC',
			ID: 'badc0ffee000',
			Labels: '',
			LocalVolumes: '0',
			Mounts: '',
			Names: name,
			Image: 'nginx:latest',
			Networks: 'bridge',
			Ports: '',
			RunningFor: '3 days ago',
			Size: '0B',
			State: 'restarting',
			Status: 'Restarting (1) 5 seconds ago',
		});
		const payload = writePayload(host, 'docker.json', `${container}\n`);
		swapCommand(host, 'pct', [{startsWith: 'exec 111 -- docker ps', run: `"$REAL" "$@"; cat '${payload}'`}]);
	}, 120_000);
	afterAll(async () => {
		await host?.close();
	});

	it('health prints a hint whose command, pasted into a shell, keeps the name one argument', async () => {
		const result = await proxdeckOnHost(host, ['health', '111', '--json']);
		const report = JSON.parse(result.stdout) as {results: {target: string; hint?: string}[]};
		const hint = report.results.find((r) => r.target === `ctr:111:${name}`)?.hint;
		expect(hint).toBe(
			`read its log: proxdeck --pane logs, or pct exec 111 -- docker logs --tail 50 'web; touch ${marker} #'`,
		);
		const command = hint!.replace(/^.*, or /, '');
		const printed = execFileSync('sh', ['-c', `pct() { printf '%s\\n' "$@"; }\n${command}`], {encoding: 'utf8'});
		expect(printed.split('\n').slice(0, -1)).toEqual(['exec', '111', '--', 'docker', 'logs', '--tail', '50', name]);
		expect(existsSync(marker)).toBe(false);
	}, 90_000);
});
