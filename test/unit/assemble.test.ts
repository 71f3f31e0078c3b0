import {describe, expect, it} from 'vitest';
import {assembleSnapshot, poolLevel, type AssembleInput, type NodeFacts} from '../../source/host/assemble.js';
import {DEFAULT_THRESHOLDS} from '../../source/model/thresholds.js';
import type {GuestResource} from '../../source/model/snapshot.js';
import {chooseGuestSources} from '../../source/host/guest-sources.js';

const READ_AT = Date.parse('2026-11-23T09:59:58.000Z');

/** A running container as /cluster/resources lists it. */
function resource(vmid: number, name: string, node: string, tags: string[] = []): GuestResource {
	return {
		vmid,
		name,
		type: 'lxc',
		node,
		status: 'running',
		template: false,
		cpu: 0,
		maxcpu: 1,
		mem: 0,
		maxmem: 0,
		disk: 0,
		maxdisk: 0,
		uptime: 5,
		tags,
	};
}

/** One node's own facts: a pool, the bridges and their ports, routes. */
function facts(overrides: Partial<NodeFacts> = {}): NodeFacts {
	return {
		pools: [{name: 'media-pool', size: 100, alloc: 84, free: 16, capacity: 84, frag: 3, dedup: 1, health: 'ONLINE'}],
		poolStatus: [
			{name: 'media-pool', state: 'ONLINE', scan: {kind: 'none'}, vdevs: [], errors: 'No known data errors'},
		],
		datasets: [],
		interfaces: [
			{ifname: 'vmbr0', operstate: 'UP', addresses: [{family: 'inet', local: '192.168.0.10', prefixlen: 24}]},
			{ifname: 'vmbr1', operstate: 'UP', addresses: []},
			{ifname: 'veth107i1', master: 'vmbr1', addresses: []},
		],
		bridgePorts: [
			{ifname: 'veth107i1', master: 'vmbr1', state: 'forwarding'},
			{ifname: 'veth116i1', master: 'vmbr1', state: 'forwarding'},
		],
		routes: [
			{dst: 'default', gateway: '192.168.0.1', dev: 'vmbr0', table: 'main'},
			{dst: '127.0.0.0/8', dev: 'lo', table: 'local'},
		],
		hostTunnels: [],
		...overrides,
	};
}

function input(overrides: Partial<AssembleInput> = {}): AssembleInput {
	return {
		context: 'test',
		takenAt: '2026-11-23T10:00:00.000Z',
		nodes: [{name: 'pve', status: 'online', cpu: 0.1, maxcpu: 8, mem: 1, maxmem: 2, uptime: 100}],
		guests: [resource(116, 'wireguard', 'pve', ['vpn']), resource(107, 'qbittorrent', 'pve')],
		configs: new Map([
			[
				107,
				{
					nics: [
						{name: 'net0', bridge: 'vmbr0', ip: '192.168.0.132/24'},
						{name: 'net1', bridge: 'vmbr1', ip: '10.10.10.2/24', gw: '10.10.10.1'},
					],
					mounts: [],
					tags: [],
					unprivileged: true,
				},
			],
			[
				116,
				{
					nics: [
						{name: 'net0', bridge: 'vmbr0'},
						{name: 'net1', bridge: 'vmbr1', ip: '10.10.10.1/24'},
					],
					mounts: [],
					tags: ['vpn'],
					unprivileged: true,
				},
			],
		]),
		containers: new Map(),
		storages: [],
		readings: [{name: 'pve', state: 'online', route: 'connected', readAt: READ_AT, facts: facts()}],
		guestTunnels: [],
		errors: [],
		...overrides,
	};
}

describe('snapshot assembly', () => {
	it('grades pools by the thresholds and by health', () => {
		expect(poolLevel(84, 'ONLINE', DEFAULT_THRESHOLDS)).toBe('warn');
		expect(poolLevel(91, 'ONLINE', DEFAULT_THRESHOLDS)).toBe('crit');
		expect(poolLevel(10, 'DEGRADED', DEFAULT_THRESHOLDS)).toBe('crit');
		expect(poolLevel(79.9, 'ONLINE', DEFAULT_THRESHOLDS)).toBe('ok');
		const snapshot = assembleSnapshot(input());
		expect(snapshot.pools[0]).toMatchObject({name: 'media-pool', level: 'warn', status: {state: 'ONLINE'}});
	});

	it('puts each guest NIC on its bridge and names the guest behind each port', () => {
		const snapshot = assembleSnapshot(input());
		const vmbr1 = snapshot.bridges.find((b) => b.name === 'vmbr1')!;
		expect(vmbr1.guests).toEqual([
			{vmid: 107, nic: 'net1'},
			{vmid: 116, nic: 'net1'},
		]);
		expect(vmbr1.ports).toEqual([
			{name: 'veth107i1', vmid: 107, nic: 'net1', state: 'forwarding'},
			{name: 'veth116i1', vmid: 116, nic: 'net1', state: 'forwarding'},
		]);
		expect(snapshot.bridges.find((b) => b.name === 'vmbr0')!.addresses).toEqual(['192.168.0.10/24']);
	});

	it("drops the kernel's local routing table and keeps the rest", () => {
		expect(assembleSnapshot(input()).routes).toEqual([
			{node: 'pve', dst: 'default', gateway: '192.168.0.1', dev: 'vmbr0', table: 'main'},
		]);
	});

	it('marks the only node of a standalone host as the local one', () => {
		expect(assembleSnapshot(input()).nodes[0]).toMatchObject({
			name: 'pve',
			online: true,
			local: true,
			state: 'online',
			route: 'connected',
			dataAt: '2026-11-23T09:59:58.000Z',
		});
	});

	it('gives every node its own pools, bridges, routes and tunnels, each naming its node', () => {
		const cluster = input({
			nodes: [
				{name: 'pve', status: 'online', cpu: 0.1, maxcpu: 8, mem: 1, maxmem: 2, uptime: 100},
				{name: 'pve2', status: 'online', cpu: 0.1, maxcpu: 8, mem: 1, maxmem: 2, uptime: 100},
			],
			clusterStatus: {
				cluster: {name: 'homelab', quorate: true, nodes: 2},
				nodes: [
					{name: 'pve', online: true, local: true, ip: '10.0.0.1'},
					{name: 'pve2', online: true, local: false, ip: '10.0.0.2'},
				],
			},
			guests: [resource(116, 'wireguard', 'pve', ['vpn']), resource(107, 'qbittorrent', 'pve2')],
			readings: [
				{name: 'pve', state: 'online', route: 'connected', readAt: READ_AT, facts: facts()},
				{
					name: 'pve2',
					state: 'online',
					route: 'hop',
					readAt: READ_AT,
					facts: facts({
						pools: [{name: 'tank', size: 100, alloc: 10, free: 90, capacity: 10, frag: 1, dedup: 1, health: 'ONLINE'}],
						poolStatus: [],
						hostTunnels: [{name: 'wg9', gatewayVmid: null, peers: []}],
					}),
				},
			],
			guestTunnels: [{name: 'wg0', gatewayVmid: 116, peers: []}],
		});
		const snapshot = assembleSnapshot(cluster);
		expect(snapshot.schemaVersion).toBe(2);
		expect(snapshot.pools.map((p) => `${p.node}/${p.name}`)).toEqual(['pve/media-pool', 'pve2/tank']);
		expect(snapshot.bridges.map((b) => `${b.node}/${b.name}`)).toEqual([
			'pve/vmbr0',
			'pve/vmbr1',
			'pve2/vmbr0',
			'pve2/vmbr1',
		]);
		// A guest's NIC sits on its own node's bridge, not on the same name elsewhere.
		expect(snapshot.bridges.find((b) => b.node === 'pve' && b.name === 'vmbr1')!.guests).toEqual([
			{vmid: 116, nic: 'net1'},
		]);
		expect(snapshot.bridges.find((b) => b.node === 'pve2' && b.name === 'vmbr1')!.guests).toEqual([
			{vmid: 107, nic: 'net1'},
		]);
		expect(snapshot.routes.map((r) => r.node)).toEqual(['pve', 'pve2']);
		expect(snapshot.vpn.tunnels.map((t) => `${t.node}/${t.name}`)).toEqual(['pve2/wg9', 'pve/wg0']);
		expect(snapshot.nodes.map((n) => [n.name, n.state, n.route])).toEqual([
			['pve', 'online', 'connected'],
			['pve2', 'online', 'hop'],
		]);
	});

	it("keeps a stale node's last data with why, and says a node never read has none", () => {
		const snapshot = assembleSnapshot(
			input({
				nodes: [
					{name: 'pve', status: 'online', cpu: 0.1, maxcpu: 8, mem: 1, maxmem: 2, uptime: 100},
					{name: 'pve2', status: 'online', cpu: 0.1, maxcpu: 8, mem: 1, maxmem: 2, uptime: 100},
					{name: 'pve3', status: 'offline', cpu: 0, maxcpu: 0, mem: 0, maxmem: 0, uptime: 0},
				],
				readings: [
					{name: 'pve', state: 'online', route: 'connected', readAt: READ_AT, facts: facts()},
					{
						name: 'pve2',
						state: 'stale',
						route: 'hop',
						readAt: READ_AT - 60_000,
						problem: 'ssh: connect to host 10.0.0.2 port 22: No route to host',
						facts: facts({
							pools: [
								{name: 'tank', size: 100, alloc: 10, free: 90, capacity: 10, frag: 1, dedup: 1, health: 'ONLINE'},
							],
						}),
					},
					{name: 'pve3', state: 'offline', problem: 'offline (cluster status)'},
				],
			}),
		);
		expect(snapshot.pools.map((p) => `${p.node}/${p.name}`)).toEqual(['pve/media-pool', 'pve2/tank']);
		expect(snapshot.nodes.find((n) => n.name === 'pve2')).toMatchObject({
			state: 'stale',
			dataAt: '2026-11-23T09:58:58.000Z',
			problem: 'ssh: connect to host 10.0.0.2 port 22: No route to host',
		});
		const pve3 = snapshot.nodes.find((n) => n.name === 'pve3')!;
		expect(pve3).toMatchObject({state: 'offline', online: false, problem: 'offline (cluster status)'});
		expect(pve3.dataAt).toBeUndefined();
	});

	it('chooses the VPN gateway and Docker hosts from tags and names', () => {
		const guests = [
			{vmid: 111, name: 'docker', type: 'lxc' as const, status: 'running', template: false, tags: []},
			{vmid: 116, name: 'wireguard', type: 'lxc' as const, status: 'running', template: false, tags: ['vpn']},
			{vmid: 908, name: 'docker', type: 'lxc' as const, status: 'stopped', template: true, tags: []},
			{vmid: 300, name: 'podman-vm', type: 'qemu' as const, status: 'running', template: false, tags: []},
		];
		expect(chooseGuestSources(guests)).toEqual({vpnGateway: 116, dockerHosts: [{vmid: 111, runtime: 'docker'}]});
		expect(chooseGuestSources(guests, {vpnGateway: null, dockerHosts: [116]})).toEqual({
			vpnGateway: null,
			dockerHosts: [{vmid: 116, runtime: 'docker'}],
		});
	});
});

describe('VPN gateway choice', () => {
	it('prefers the guest other guests route through, even when clients are tagged vpn too', () => {
		const guests = [
			{
				vmid: 107,
				name: 'qbittorrent',
				type: 'lxc' as const,
				status: 'running',
				template: false,
				tags: ['media', 'vpn'],
				nics: [{ip: '10.10.10.2/24', gw: '10.10.10.1'}],
			},
			{
				vmid: 116,
				name: 'edge',
				type: 'lxc' as const,
				status: 'running',
				template: false,
				tags: ['vpn'],
				nics: [{ip: '10.10.10.1/24'}],
			},
		];
		expect(chooseGuestSources(guests).vpnGateway).toBe(116);
	});
});
