import {describe, expect, it} from 'vitest';
import {defaultCatalog} from '../../source/catalog/defaults.js';
import {applyCatalogOverrides} from '../../source/config/catalog-overrides.js';
import {classifyProxmoxError} from '../../source/host/parse/proxmox-errors.js';
import {parsePveamAvailable, parsePveamList} from '../../source/host/parse/pveam.js';
import {downloadWatcher, lastPercent, progressBar} from '../../source/ops/download-progress.js';
import {firstAddress, parseDigest, scriptEnvironment} from '../../source/ops/template-commands.js';
import {templateRows, templatesMade} from '../../source/report/template-rows.js';
import {SimClock} from '../../source/sim/clock.js';
import {runSimCommand} from '../../source/sim/commands.js';
import {createHomelab} from '../../source/sim/homelab.js';
import {sampleSnapshot} from '../helpers/sample-snapshot.js';

const START = Date.parse('2025-06-01T12:00:00Z');

function lab() {
	const clock = new SimClock({start: START});
	const state = createHomelab({now: START});
	return {state, run: (...argv: string[]) => runSimCommand(state, clock, argv)};
}

describe('the sim answers pveam and pct create as Proxmox does', () => {
	it('lists, updates, downloads with wget progress, and lists the new template', () => {
		const {run} = lab();
		const before = parsePveamList(run('pveam', 'list', 'local').stdout);
		expect(before.ok && before.value.map((t) => t.file)).toEqual(['debian-11-standard_11.7-1_amd64.tar.zst']);
		expect(run('pveam', 'download', 'local', 'debian-12-standard_12.7-1_amd64.tar.zst').stderr).toContain(
			'template: no such template',
		);
		expect(run('pveam', 'update').stdout).toBe('update successful\n');
		const available = parsePveamAvailable(run('pveam', 'available', '--section', 'system').stdout);
		expect(available.ok && available.value.map((r) => r.template)).toContain('debian-12-standard_12.7-1_amd64.tar.zst');
		const download = run('pveam', 'download', 'local', 'debian-12-standard_12.7-1_amd64.tar.zst');
		expect(download.code).toBe(0);
		expect(lastPercent(download.stdout)).toBe(100);
		expect(download.stdout).toContain('calculating checksum...OK, checksum verified');
		const after = parsePveamList(run('pveam', 'list', 'local').stdout);
		// pveam prints MiB as "MB", two decimals: the size comes back within a hundredth of a MiB.
		const size = after.ok ? after.value.find((t) => t.file.startsWith('debian-12'))?.size : undefined;
		expect(Math.abs((size ?? 0) - 126_009_839)).toBeLessThan(10_486);
	});

	it('refuses pct create for a missing OS template and for a full storage, in words the classifier knows', () => {
		const {state, run} = lab();
		const missing = run(
			'pct',
			'create',
			'950',
			'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
			'--rootfs',
			'local-hdd:8',
		);
		expect(missing.stderr).toBe(
			"unable to create CT 950 - volume 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' does not exist\n",
		);
		state.storages.find((s) => s.id === 'local-hdd')!.baseUsed = state.storages.find(
			(s) => s.id === 'local-hdd',
		)!.total;
		const full = run(
			'pct',
			'create',
			'950',
			'local:vztmpl/debian-11-standard_11.7-1_amd64.tar.zst',
			'--rootfs',
			'local-hdd:8',
		);
		expect(full.code).toBe(255);
		expect(classifyProxmoxError(full.stderr).kind).toBe('no-space');
	});
});

describe('the pieces a template build reads from host output', () => {
	it('reads wget progress, a DHCP address and a sha256sum line; garbage gives nothing', () => {
		expect(lastPercent('  3072K ........ ........  5% 9.67M 12s\n  6144K ........ 10% 9.1M 11s')).toBe(10);
		expect(lastPercent('no progress here 250% ')).toBeNull();
		expect(progressBar(40)).toBe('[########            ]  40%');
		expect(firstAddress('2: eth0    inet 10.0.30.112/24 brd 10.0.30.255 scope global dynamic eth0')).toBe(
			'10.0.30.112/24',
		);
		expect(firstAddress('lxc-attach: 900: failed')).toBeNull();
		const digest = 'a'.repeat(64);
		expect(parseDigest(`${digest}  /var/tmp/x.sh\n`)).toBe(digest);
		expect(parseDigest('sha256sum: /var/tmp/x.sh: No such file or directory')).toBeNull();
	});

	it('moves the bar as the download goes and logs each tenth once', () => {
		const bars: string[] = [];
		const steps: string[] = [];
		const watch = downloadWatcher(
			'x.tar.zst',
			(b) => bars.push(b),
			(s) => steps.push(s),
		);
		watch('Length: 126009839 (120M) [application/octet-stream]\n');
		watch('  0K ........  3% 9M 12s\n');
		watch('  3072K ........  4% 9M 12s\n 6144K ..');
		watch('...... 12% 9M 11s\n');
		expect(bars).toEqual([
			'x.tar.zst (120M) [#                   ]   3%',
			'x.tar.zst (120M) [#                   ]   4%',
			'x.tar.zst (120M) [##                  ]  12%',
		]);
		expect(steps).toEqual([
			'x.tar.zst (120M) [#                   ]   3%',
			'x.tar.zst (120M) [##                  ]  12%',
		]);
	});

	it("passes the homelab's variables and the scripts' unattended ones", () => {
		const env = scriptEnvironment({
			vmid: 903,
			hostname: 'gitea',
			storage: 'local-hdd',
			osStorage: 'local',
			bridge: 'vmbr2',
			memory: 1024,
			cores: 1,
			diskGb: 8,
		});
		expect(env).toEqual(
			expect.arrayContaining(['CTID=903', 'STORAGE=local-hdd', 'NET=dhcp', 'mode=default', 'PHS_SILENT=1']),
		);
		expect(() =>
			scriptEnvironment({
				vmid: 903,
				hostname: 'x;rm',
				storage: 'local-hdd',
				osStorage: 'local',
				bridge: 'vmbr2',
				memory: 1,
				cores: 1,
				diskGb: 1,
			}),
		).toThrow(/invalid hostname/);
	});
});

describe('template rows', () => {
	it('names the service, storage and size of each template and the guests made from it; age only when known', () => {
		const snapshot = sampleSnapshot();
		const rows = templateRows(
			snapshot,
			defaultCatalog(),
			START,
			templatesMade([
				{action: 'template', result: 'ok', target: 'postgresql (900)', time: new Date(START - 3_600_000).toISOString()},
			]),
		);
		const templates = snapshot.guests.filter((g) => g.template && g.type === 'lxc');
		expect(rows.map((r) => r.vmid)).toEqual(templates.map((g) => g.vmid).sort((a, b) => a - b));
		expect(rows.find((r) => r.vmid === 900)).toMatchObject({service: 'postgresql', ageText: '1h00m ago'});
		expect(rows.find((r) => r.vmid === 900)?.clones).toEqual([{vmid: 200, name: 'postgresql', status: 'running'}]);
		expect(rows.find((r) => r.vmid === 901)?.clones.map((c) => c.vmid)).toEqual([201]);
		for (const r of rows.filter((r) => r.vmid !== 900)) expect(r.ageText).toBe('?');
	});
});

describe('a template recipe in the config file', () => {
	it('changes only the fields it gives, and a bad digest is named with the service', () => {
		const url = 'https://raw.githubusercontent.com/community-scripts/ProxmoxVE/abc/ct/gitea.sh';
		const merged = applyCatalogOverrides(
			defaultCatalog(),
			[{name: 'gitea', template: {install: {script: {url, sha256: 'f'.repeat(64)}}}}],
			'config.json',
		);
		expect(merged.ok && merged.catalog.services.find((s) => s.name === 'gitea')?.template).toMatchObject({
			storage: 'local-hdd',
			osStorage: 'local',
			install: {script: {url, sha256: 'f'.repeat(64)}},
		});
		const bad = applyCatalogOverrides(
			defaultCatalog(),
			[{name: 'gitea', template: {install: {script: {url, sha256: 'nope'}}}}],
			'config.json',
		);
		expect(bad.ok).toBe(false);
		expect(JSON.stringify(bad)).toContain('catalog.services[0]');
		expect(JSON.stringify(bad)).toContain('sha256');
	});
});
