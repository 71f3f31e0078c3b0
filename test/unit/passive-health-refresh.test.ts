import {describe, expect, it} from 'vitest';
import type {Container, Guest} from '../../source/model/snapshot.js';
import {createPassiveHealth, passiveHealth} from '../../source/ops/health/passive.js';
import {guest, pool, snapshot} from './ops-snapshot-fixture.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const GiB = 1024 ** 3;

const looping: Container = {
	id: 'a',
	name: 'qbittorrent',
	image: 'lscr.io/linuxserver/qbittorrent:latest',
	state: 'restarting',
	status: 'Restarting (1) 5 seconds ago',
	ports: '',
	runtime: 'docker',
};

function fleet(): Guest[] {
	return [
		guest({vmid: 120, name: 'plex', disk: 9.3 * GiB, maxdisk: 10 * GiB}),
		guest({vmid: 110, name: 'grafana', status: 'stopped', onboot: true}),
		guest({vmid: 111, name: 'docker', containers: [looping]}),
		guest({vmid: 130, name: 'quiet', disk: 1 * GiB, maxdisk: 10 * GiB}),
	];
}

const of = (results: ReturnType<typeof passiveHealth>, target: string) => results.filter((r) => r.target === target);

describe('passive health across refreshes', () => {
	it('gives what a fresh computation gives, refresh after refresh, while guests change', () => {
		const health = createPassiveHealth();
		const guests = fleet();
		const refreshes = [
			guests,
			// Only the metrics moved (a new object, equal inputs).
			guests.map((g) => ({...g, cpu: (g.cpu ?? 0) + 0.1})),
			// plex's disk filled up; grafana was started; the Docker host's container came back.
			guests.map((g) =>
				g.vmid === 120
					? {...g, disk: 9.9 * GiB}
					: g.vmid === 110
						? {...g, status: 'running' as const}
						: g.vmid === 111
							? {...g, containers: [{...looping, state: 'running', status: 'Up 2 seconds'}]}
							: g,
			),
			// quiet was destroyed, then a new guest took its place.
			[...guests.filter((g) => g.vmid !== 130), guest({vmid: 131, name: 'new', disk: 9.5 * GiB, maxdisk: 10 * GiB})],
		];
		for (const list of refreshes) {
			const snap = snapshot({pools: [pool({name: 'tank', capacity: 50})], guests: list});
			expect(health(snap, NOW)).toEqual(passiveHealth(snap, NOW));
		}
	});

	it('hands back the same verdict for a guest whose inputs are unchanged and a new one when they change', () => {
		const health = createPassiveHealth();
		const guests = fleet();
		const first = health(snapshot({guests}), NOW);
		const moved = guests.map((g) =>
			g.vmid === 120 ? {...g, disk: 9.9 * GiB} : {...g, cpu: 0.5, mem: (g.mem ?? 0) + 1},
		);
		const second = health(snapshot({guests: moved}), NOW);

		for (const target of ['guest:110', 'guest:130', 'ctr:111:qbittorrent'])
			expect(of(second, target)[0]).toBe(of(first, target)[0]);
		const plex = of(second, 'guest:120')[0]!;
		expect(plex).not.toBe(of(first, 'guest:120')[0]);
		expect([of(first, 'guest:120')[0]!.state, plex.state]).toEqual(['warn', 'fail']);
		expect(plex.detail).toContain('rootfs 99% used');
	});

	it('reckons a guest again when the thresholds change', () => {
		const health = createPassiveHealth();
		const snap = snapshot({guests: fleet()});
		expect(of(health(snap, NOW), 'guest:120')[0]!.state).toBe('warn');
		const stricter = health(snap, NOW, {rootfsWarn: 50, rootfsCrit: 80});
		expect(of(stricter, 'guest:120')[0]!.state).toBe('fail');
		expect(stricter).toEqual(passiveHealth(snap, NOW, {rootfsWarn: 50, rootfsCrit: 80}));
	});

	it('forgets a destroyed guest: a new guest with its vmid gets its own verdicts', () => {
		const health = createPassiveHealth();
		health(snapshot({guests: fleet()}), NOW);
		health(snapshot({guests: fleet().filter((g) => g.vmid !== 110)}), NOW);
		const reborn = guest({vmid: 110, name: 'grafana2', status: 'stopped', onboot: true});
		const results = of(health(snapshot({guests: [reborn]}), NOW), 'guest:110');
		expect(results.map((r) => r.detail)).toEqual(['grafana2 is stopped but starts on boot']);
	});
});
