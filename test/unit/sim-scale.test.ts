import {describe, expect, it} from 'vitest';
import {SimClock} from '../../source/sim/clock.js';
import {runSimCommand} from '../../source/sim/commands.js';
import {networkPlan} from '../../source/sim/network-plan.js';
import {createHomelab} from '../../source/sim/state.js';

const NOW = Date.UTC(2025, 10, 23, 11, 20, 0);

describe('the 1,000-guest homelab', () => {
	const state = createHomelab({now: NOW, scale: {guests: 1000, nodes: 10, dockerHosts: 50}});

	it('adds 1,000 generated guests over 10 nodes on top of the seed homelab', () => {
		const generated = state.guests.filter((g) => g.vmid >= 1000);
		expect(generated).toHaveLength(1000);
		expect(state.guests.length).toBe(1000 + 40);
		expect(state.nodes.map((n) => n.name)).toEqual([
			'pve',
			'pve2',
			'pve3',
			'pve4',
			'pve5',
			'pve6',
			'pve7',
			'pve8',
			'pve9',
			'pve10',
		]);
		expect(new Set(generated.map((g) => g.node)).size).toBe(10);
		expect(new Set(state.guests.map((g) => g.vmid)).size).toBe(state.guests.length);
		expect(state.guests.filter((g) => g.docker && g.docker.containers.length > 0 && g.vmid >= 1000)).toHaveLength(50);
	});

	it('is the same homelab for the same seed', () => {
		const again = createHomelab({now: NOW, scale: {guests: 1000, nodes: 10, dockerHosts: 50}});
		expect(again.guests.map((g) => g.name)).toEqual(state.guests.map((g) => g.name));
	});

	it('answers /cluster/resources and /cluster/status for the whole cluster', () => {
		const clock = new SimClock({start: NOW});
		const resources = JSON.parse(
			runSimCommand(state, clock, ['pvesh', 'get', '/cluster/resources', '--output-format', 'json']).stdout,
		) as {type: string}[];
		expect(resources.filter((e) => e.type === 'lxc' || e.type === 'qemu')).toHaveLength(1040);
		expect(resources.filter((e) => e.type === 'node')).toHaveLength(10);
		const status = JSON.parse(
			runSimCommand(state, clock, ['pvesh', 'get', '/cluster/status', '--output-format', 'json']).stdout,
		) as Record<string, unknown>[];
		expect(status[0]).toEqual({id: 'cluster', name: 'homelab', nodes: 10, quorate: 1, type: 'cluster', version: 12});
		expect(status.filter((e) => e['local'] === 1).map((e) => e['name'])).toEqual(['pve']);
	});

	it('gives the local node bridge ports only for its own running guests', () => {
		const ports = networkPlan(state).bridges.flatMap((b) => b.ports);
		const local = state.guests
			.filter((g) => g.node === 'pve' && g.status === 'running')
			.reduce((n, g) => n + g.nics.length, 0);
		expect(ports).toHaveLength(local);
		expect(ports.every((p) => /^(veth|tap)\d+i\d$/.test(p))).toBe(true);
	});
});
