import {describe, expect, it} from 'vitest';
import {passiveHealth} from '../../source/ops/health/passive.js';
import {renderPrometheus} from '../../source/ops/health/prometheus.js';
import {findKnownFailure} from '../../source/ops/health/known-failures.js';
import {readFixture} from '../helpers/fixtures.js';
import {guest, pool, snapshot} from './ops-snapshot-fixture.js';
import {parseExposition} from './ops-prometheus-parser.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');

describe('passiveHealth of a pool ZFS cannot size', () => {
	it('an UNAVAIL pool whose values are all unknown fails on its state and never passes on a 0 % capacity', () => {
		const unavail = {
			...pool({name: 'media-pool', capacity: 0, health: 'UNAVAIL'}),
			size: null,
			alloc: null,
			free: null,
			capacity: null,
			dedup: null,
		};
		const results = passiveHealth(snapshot({pools: [unavail]}), NOW).filter((r) => r.target === 'pool:media-pool');
		expect(results.map((r) => [r.check, r.state])).toEqual([
			['state', 'fail'],
			['capacity', 'warn'],
		]);
		expect(results.find((r) => r.check === 'capacity')!.detail).toBe(
			'unknown: zpool list gave no capacity for media-pool (UNAVAIL)',
		);
		expect(results.map((r) => r.detail).join(' ')).not.toMatch(/0%|0B/);
	});
});

describe('passiveHealth', () => {
	const snap = snapshot({
		pools: [
			pool({name: 'media-pool', capacity: 84}),
			pool({name: 'service-pool', capacity: 30}),
			pool({name: 'staging-pool', capacity: 50, health: 'DEGRADED'}),
		],
		guests: [
			guest({vmid: 120, name: 'plex', disk: 9.3 * 1024 ** 3, maxdisk: 10 * 1024 ** 3}),
			guest({vmid: 121, name: 'full', disk: 9.9 * 1024 ** 3, maxdisk: 10 * 1024 ** 3}),
			guest({vmid: 117, name: 'immich_backup', status: 'stopped', onboot: false}),
			guest({vmid: 110, name: 'grafana', status: 'stopped', onboot: true}),
			guest({
				vmid: 111,
				name: 'docker',
				containers: [
					{
						id: 'a',
						name: 'qbittorrent',
						image: 'lscr.io/linuxserver/qbittorrent:latest',
						state: 'restarting',
						status: 'Restarting (1) 5 seconds ago',
						ports: '',
						runtime: 'docker',
					},
					{
						id: 'b',
						name: 'plex',
						image: 'plexinc/pms-docker:latest',
						state: 'running',
						status: 'Up 3 hours (healthy)',
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
					name: 'wg0',
					gatewayVmid: 116,
					peers: [
						{
							publicKey: 'PROVIDERKEYxxxxx',
							endpoint: '1.2.3.4:51820',
							allowedIps: ['0.0.0.0/0'],
							latestHandshake: NOW / 1000 - 400,
							rx: 0,
							tx: 0,
						},
						{
							publicKey: 'FRESHKEYyyyyyyyy',
							endpoint: '5.6.7.8:51820',
							allowedIps: ['10.0.0.0/8'],
							latestHandshake: NOW / 1000 - 30,
							rx: 0,
							tx: 0,
						},
						{
							publicKey: 'IDLECLIENTzzzzzz',
							endpoint: null,
							allowedIps: ['10.10.10.9/32'],
							latestHandshake: 0,
							rx: 0,
							tx: 0,
						},
					],
				},
			],
		},
	});
	const results = passiveHealth(snap, NOW);
	const find = (target: string, check: string) => results.find((r) => r.target === target && r.check === check);

	it('warns about a pool over 80 % and fails a degraded one, with hints', () => {
		expect(find('pool:media-pool', 'capacity')).toMatchObject({
			state: 'warn',
			detail: expect.stringMatching(/^84% used, 160G free of 1000G$/),
		});
		expect(find('pool:media-pool', 'capacity')?.hint).toMatch(/free space on media-pool/);
		expect(find('pool:service-pool', 'capacity')?.state).toBe('pass');
		expect(find('pool:staging-pool', 'state')).toMatchObject({state: 'fail', detail: 'DEGRADED'});
	});

	it('warns at 90 % rootfs and fails near full, hinting resize or a pool mount', () => {
		expect(find('guest:120', 'rootfs')).toMatchObject({state: 'warn', detail: 'plex: rootfs 93% used (9.3G of 10G)'});
		expect(find('guest:121', 'rootfs')?.state).toBe('fail');
		expect(find('guest:121', 'rootfs')?.hint).toMatch(/pct resize 121 rootfs \+4G, or move the data to a pool mount/);
	});

	it('flags a LinuxServer.io container stuck restarting with the s6 hint', () => {
		const r = find('ctr:111:qbittorrent', 'state');
		expect(r?.state).toBe('fail');
		expect(r?.detail).toContain('s6-ipcserver-socketbinder: fatal: unable to create socket: Permission denied');
		expect(r?.hint).toMatch(/use the official image, or install the service natively in the LXC/i);
		expect(find('ctr:111:plex', 'state')).toBeUndefined();
	});

	it('ages VPN handshakes and leaves idle road-warrior slots alone', () => {
		expect(find('vpn:wg0@116', 'handshake:PROVIDER')).toMatchObject({
			state: 'warn',
			detail: 'last handshake with 1.2.3.4:51820 6m40s ago',
		});
		expect(find('vpn:wg0@116', 'handshake:FRESHKEY')?.state).toBe('pass');
		expect(results.some((r) => r.check === 'handshake:IDLECLIE')).toBe(false);
	});

	it('only complains about stopped guests that should start on boot', () => {
		expect(find('guest:110', 'running')?.state).toBe('warn');
		expect(results.some((r) => r.target === 'guest:117')).toBe(false);
	});

	it('renders Prometheus text that parses, one series per check', () => {
		const text = renderPrometheus(results, 'demo "lab"', NOW);
		const parsed = parseExposition(text);
		expect(parsed.errors).toEqual([]);
		expect(parsed.types.get('proxdeck_health_state')).toBe('gauge');
		const media = parsed.samples.find(
			(s) =>
				s.name === 'proxdeck_health_state' &&
				s.labels['target'] === 'pool:media-pool' &&
				s.labels['check'] === 'capacity',
		);
		expect(media?.value).toBe(1);
		expect(media?.labels['context']).toBe('demo "lab"');
		expect(parsed.samples.find((s) => s.name === 'proxdeck_health_checks' && s.labels['state'] === 'fail')?.value).toBe(
			results.filter((r) => r.state === 'fail').length,
		);
		expect(parsed.samples.find((s) => s.name === 'proxdeck_health_last_run_timestamp_seconds')?.value).toBe(NOW / 1000);
	});
});

describe('known failures in logs', () => {
	it('recognises the LinuxServer.io s6 failure from the real log line', () => {
		const text = readFixture('errors/s6-socketbinder-permission-denied-lsio-calibreweb358.txt');
		expect(findKnownFailure(text, 111)).toMatchObject({
			kind: 's6-socket-permission',
			line: 'calibre-web  | s6-ipcserver-socketbinder: fatal: unable to create socket: Permission denied',
		});
	});

	it('recognises No space left on device with the resize hint', () => {
		expect(findKnownFailure('write /var/lib/x: No space left on device', 205)?.hint).toMatch(
			/^the container's root filesystem is full, not the host: pct resize 205 rootfs/,
		);
		expect(findKnownFailure('all good', 205)).toBeNull();
	});
});

describe('the exposition parser used above', () => {
	it('rejects what the textfile collector would reject', () => {
		expect(parseExposition('bad-name 1\n').errors).toEqual(['line 1: bad metric name bad-name']);
		expect(parseExposition('m{a="x\\q"} 1\n').errors).toEqual(['line 1: bad escape \\q']);
		expect(parseExposition('m{a="x"} one\n').errors).toEqual(['line 1: bad value one']);
		expect(parseExposition('m 1\n# TYPE m gauge\n').errors).toEqual(['line 2: TYPE after samples of m']);
		expect(parseExposition('m{a="1"} 1\nm{a="1"} 2\n').errors).toEqual(['line 2: duplicate series m[["a","1"]]']);
		expect(parseExposition('m 1').errors).toEqual(['the text must end with a newline']);
	});
});
