import {describe, expect, it} from 'vitest';
import type {SubcommandName} from '../../source/cli-args.js';
import {cli} from './ops-cli-run.js';
import {parseExposition} from './ops-prometheus-parser.js';
import {hostState, simLab} from './ops-sim.js';

const name = (n: SubcommandName) => n;

describe('proxdeck deploy', () => {
	it('prints one progress line per step and ends with the summary', async () => {
		const lab = simLab();
		const run = await cli(lab, [name('deploy'), 'postgresql', '--yes']);
		expect(run.err).toBe('');
		expect(run.code).toBe(0);
		const lines = run.out.trim().split('\n');
		expect(lines.map((l) => l.replace(/\s+\d+\.\ds.*$/, ''))).toEqual([
			'[postgresql] ok   preflight',
			'[postgresql] ok   clone',
			'[postgresql] ok   configure',
			'[postgresql] ok   start',
			'[postgresql] ok   wait-running',
			'[postgresql] skip post-deploy',
			'[postgresql] ok   health',
			'postgresql deployed: guest 200 running at 10.0.30.10 on vmbr2, probes passing',
		]);
		const again = await cli(lab, ['deploy', 'postgresql']);
		// Nothing to change: no confirmation needed even without a terminal.
		expect(again.code).toBe(0);
		expect(again.out).toContain(
			'postgresql is already deployed: guest 200 running at 10.0.30.10 on vmbr2, probes passing; nothing changed',
		);
	});

	it('refuses without --yes when stdin is not a terminal, with exit 2, and changes nothing', async () => {
		const lab = simLab();
		const before = hostState(lab);
		const run = await cli(lab, ['deploy', 'postgresql']);
		expect(run.code).toBe(2);
		expect(run.err).toBe(
			'proxdeck: deploy postgresql (200) changes the host and stdin is not a terminal, so proxdeck cannot ask: add --yes to go ahead (or --dry-run to see the plan)\n',
		);
		expect(hostState(lab)).toBe(before);
	});

	it('asks on a terminal and does nothing on "n"', async () => {
		const lab = simLab();
		const before = hostState(lab);
		const run = await cli(lab, ['deploy', 'postgresql'], {tty: true, input: 'n\n'});
		expect(run.code).toBe(1);
		expect(run.out).toContain('$ pct clone 900 200 --hostname postgresql-db --storage local-lvm --full');
		expect(run.out).toContain('deploy postgresql (200)? [y/N] ');
		expect(hostState(lab)).toBe(before);
	});

	it('--dry-run prints the plan and leaves the host untouched', async () => {
		const lab = simLab();
		const before = hostState(lab);
		const run = await cli(lab, ['deploy', 'postgresql', 'redis', '--dry-run']);
		expect(run.code).toBe(0);
		expect(run.out).toContain(
			'$ pct set 201 --net0 name=eth0,bridge=vmbr2,ip=10.0.30.20/24,gw=10.0.30.1 --memory 512 --cores 1 --onboot 1 --tags database',
		);
		expect(run.out.trim().split('\n').at(-1)).toBe('dry run: nothing was changed');
		expect(hostState(lab)).toBe(before);
		expect(await lab.journal.read()).toEqual([]);
	});

	it('--all deploys the catalog one by one and ends with a summary table', async () => {
		const lab = simLab();
		const run = await cli(lab, ['deploy', '--all', '--yes']);
		const table = run.out.slice(run.out.indexOf('SERVICE')).trim().split('\n');
		expect(table[0]).toMatch(/^SERVICE\s+VMID\s+RESULT\s+STEP\s+TIME\s+DETAIL$/);
		expect(table.slice(1).map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([
			'postgresql 200 ok',
			'redis 201 ok',
			'nextcloud 202 ok',
			'gitea 203 ok',
			'homeassistant 204 ok',
			'grafana 205 ok',
			'prometheus 206 ok',
			'nginx-proxy-manager 207 ok',
			'docker 208 ok',
		]);
		for (const vmid of [200, 201, 202, 203, 204, 205, 206, 207, 208])
			expect(lab.transport.sim.state.guests.find((g) => g.vmid === vmid)?.status).toBe('running');
		expect(run.code).toBe(0);
		// The Docker host got the three pool mounts.
		expect(
			lab.transport.sim.state.guests.find((g) => g.vmid === 208)?.mounts.map((m) => `${m.key}:${m.source}`),
		).toEqual(['mp0:/staging-pool', 'mp1:/service-pool', 'mp2:/media-pool']);
	});

	it('rejects an unknown service with the catalog list', async () => {
		const run = await cli(simLab(), ['deploy', 'mysql', '--yes']);
		expect(run.code).toBe(2);
		expect(run.err).toContain('no service "mysql" in the catalog (catalog: postgresql, redis, nextcloud');
	});
});

describe('proxdeck health on the demo', () => {
	it('--json reports media-pool at warn and the s6 failure, with hints, and exits 3', async () => {
		const lab = simLab();
		const run = await cli(lab, ['health', '--json']);
		expect(run.code).toBe(3);
		const report = JSON.parse(run.out) as {
			takenAt: string;
			time: string;
			status: string;
			results: {target: string; check: string; state: string; detail: string; hint?: string}[];
		};
		expect(report.status).toBe('fail');
		// One name for the time, as in the snapshot; `time` stays as a deprecated alias within schema 1.
		expect(report.takenAt).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(report.time).toBe(report.takenAt);
		expect(Object.keys(report).slice(0, 4)).toEqual(['schemaVersion', 'context', 'takenAt', 'status']);
		const media = report.results.find((r) => r.target === 'pool:media-pool' && r.check === 'capacity');
		expect(media).toMatchObject({state: 'warn', detail: expect.stringMatching(/^84% used/)});
		expect(media?.hint).toMatch(/free space on media-pool/);
		const s6 = report.results.find((r) => r.target === 'ctr:111:qbittorrent');
		expect(s6?.state).toBe('fail');
		expect(s6?.detail).toContain('s6-ipcserver-socketbinder: fatal: unable to create socket: Permission denied');
		expect(s6?.hint).toMatch(/use the official image, or install the service natively in the LXC/i);
	});

	it('--prometheus prints valid exposition text', async () => {
		const run = await cli(simLab(), ['health', '--prometheus']);
		expect(run.code).toBe(3);
		const parsed = parseExposition(run.out);
		expect(parsed.errors).toEqual([]);
		expect(
			parsed.samples.find((s) => s.labels['target'] === 'pool:media-pool' && s.labels['check'] === 'capacity')?.value,
		).toBe(1);
	});

	it('checks a deployed service: running, probes, and the mounts the catalog expects', async () => {
		const lab = simLab();
		await cli(lab, ['deploy', 'postgresql', '--yes']);
		const run = await cli(lab, ['health', 'postgresql']);
		// Freshly deployed, it runs and answers, but no backup job covers it yet: the audit says so.
		expect(run.code).toBe(3);
		expect(run.out).toMatch(
			/FAIL\s+guest:200\s+backup:job\s+postgresql-db runs and is only in disabled job backup-0e44b7d3-7a21/,
		);
		expect(run.out).toMatch(/PASS\s+service:postgresql\s+running\s+guest 200 is running/);
		expect(run.out).toMatch(/PASS\s+service:postgresql\s+probe:postgresql\s+10\.0\.30\.10:5432 accepts connections/);
		const missing = await cli(lab, ['health', 'redis']);
		expect(missing.code).toBe(3);
		expect(missing.out).toMatch(
			/FAIL\s+service:redis\s+running\s+guest 201 does not exist\n\s+hint: proxdeck deploy redis/,
		);
	});
});

describe('lifecycle subcommands', () => {
	it('stop, start, and destroy with typed confirmation, refused while running', async () => {
		const lab = simLab();
		await cli(lab, ['deploy', 'postgresql', '--yes']);
		const refused = await cli(lab, ['destroy', '200', '--confirm', '200', '--yes']);
		expect(refused.code).toBe(1);
		expect(refused.out).toContain('guest 200 (postgresql-db) is running: stop it first (proxdeck stop 200)');
		expect(lab.transport.sim.state.guests.some((g) => g.vmid === 200)).toBe(true);

		expect((await cli(lab, ['stop', '200', '--yes'])).code).toBe(0);
		expect(lab.transport.sim.state.guests.find((g) => g.vmid === 200)?.status).toBe('stopped');
		const wrong = await cli(lab, ['destroy', '200', '--confirm', '201', '--yes']);
		expect(wrong.code).toBe(2);
		expect(wrong.err).toContain('--confirm 201 does not match 200: nothing was changed');
		const noConfirm = await cli(lab, ['destroy', '200', '--yes']);
		expect(noConfirm.code).toBe(2);
		expect(noConfirm.err).toContain('needs the VMID typed: add --confirm 200 --yes');
		const ok = await cli(lab, ['destroy', '200', '--confirm', '200', '--yes']);
		expect(ok.code).toBe(0);
		expect(lab.transport.sim.state.guests.some((g) => g.vmid === 200)).toBe(false);
		const journal = await cli(lab, ['journal', '--json']);
		expect(
			(JSON.parse(journal.out) as {action: string; result: string}[]).map((e) => `${e.action}:${e.result}`),
		).toEqual(['deploy:ok', 'destroy:failed', 'stop:ok', 'destroy:ok']);
	});

	it('start of a running guest has nothing to do', async () => {
		const run = await cli(simLab(), ['start', '110']);
		expect(run.code).toBe(0);
		expect(run.out).toContain('start grafana (110): nothing to do');
	});

	it('refuses changes in read-only mode', async () => {
		const lab = simLab();
		const run = await cli(lab, ['--readonly', 'stop', '110', '--yes']);
		expect(run.code).toBe(1);
		expect(run.err).toContain('read-only mode: stop grafana (110) would change the host');
		expect(lab.transport.sim.state.guests.find((g) => g.vmid === 110)?.status).toBe('running');
	});
});
