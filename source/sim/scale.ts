/**
 * The scale knob: ~1,000 generated guests spread over a cluster of nodes, on top of the demo's
 * homelab, from a deterministic PRNG (same seed, same homelab). Some are Docker hosts with a
 * small compose stack each.
 */
import {createRandom, hexFrom, proxmoxMac} from './prng.js';
import type {SimContainer, SimGuest, SimState} from './types.js';

const WORDS = [
	'atlas',
	'birch',
	'cedar',
	'delta',
	'ember',
	'fjord',
	'gale',
	'harbor',
	'iris',
	'juniper',
	'kestrel',
	'lumen',
	'maple',
	'nova',
	'onyx',
	'pine',
	'quartz',
	'raven',
	'sable',
	'tundra',
	'umber',
	'vale',
	'willow',
	'xenon',
	'yarrow',
	'zephyr',
];
const ROLES = ['web', 'api', 'db', 'cache', 'worker', 'proxy', 'ci', 'dns', 'mqtt', 'backup', 'metrics', 'media'];
const IMAGES: [string, string, number][] = [
	['nginx:1.27-alpine', 'web', 80],
	['redis:7-alpine', 'cache', 6379],
	['postgres:16', 'db', 5432],
	['grafana/grafana:11.2.0', 'grafana', 3000],
	['traefik:v3.1', 'proxy', 8080],
];

const GIB = 1024 ** 3;
const DAY = 86_400_000;

export function addScale(
	state: SimState,
	scale: {guests: number; nodes: number; dockerHosts?: number},
	seed: number,
	now: number,
): void {
	const random = createRandom(seed * 7919 + scale.guests);
	const nodeNames = state.nodes.slice(0, Math.max(1, scale.nodes)).map((n) => n.name);
	const dockerHosts = Math.min(scale.dockerHosts ?? 0, scale.guests);
	let madeDockerHosts = 0;
	for (let i = 0; i < scale.guests; i++) {
		const vmid = 1000 + i;
		const isVm = random() < 0.12;
		const node = nodeNames[i % nodeNames.length]!;
		const running = random() < 0.85;
		const name = `${WORDS[Math.floor(random() * WORDS.length)]}-${ROLES[Math.floor(random() * ROLES.length)]}-${String(i).padStart(4, '0')}`;
		const sizeGb = [4, 8, 8, 16, 32][Math.floor(random() * 5)]!;
		const guest: SimGuest = {
			vmid,
			name,
			type: isVm ? 'qemu' : 'lxc',
			node,
			status: running ? 'running' : 'stopped',
			bootAt: running ? now - Math.floor(random() * 20 * DAY) - 60_000 : null,
			template: false,
			memory: [512, 1024, 2048, 4096][Math.floor(random() * 4)]!,
			cores: 1 + Math.floor(random() * 4),
			swap: isVm ? 0 : 512,
			nics: [
				isVm
					? {key: 'net0', bridge: 'vmbr0', hwaddr: proxmoxMac(vmid, 0), model: 'virtio'}
					: {key: 'net0', ifname: 'eth0', bridge: 'vmbr0', ip: 'dhcp', hwaddr: proxmoxMac(vmid, 0), firewall: true},
			],
			mounts: [],
			rootfs: {key: isVm ? 'scsi0' : 'rootfs', volume: `local-lvm:vm-${vmid}-disk-0`, size: sizeGb * GIB},
			diskUsed: isVm ? 0 : Math.round(sizeGb * GIB * (0.15 + random() * 0.6)),
			tags: random() < 0.5 ? ['generated'] : ['generated', ROLES[i % ROLES.length]!],
			unprivileged: !isVm,
			onboot: running,
			features: isVm ? undefined : 'nesting=1',
			ostype: isVm ? 'l26' : 'debian',
			version: 0,
			extra: isVm ? {boot: 'order=scsi0', scsihw: 'virtio-scsi-single', sockets: '1'} : {arch: 'amd64'},
			snapshots: [],
			services: [{name: 'http', port: 80, kind: 'http'}],
			load: 0.01 + random() * 0.2,
			memUse: 0.2 + random() * 0.6,
		};
		if (!isVm && madeDockerHosts < dockerHosts && i % 2 === 0) {
			makeDockerHost(guest, random, now);
			madeDockerHosts += 1;
		}
		state.guests.push(guest);
	}
}

function makeDockerHost(guest: SimGuest, random: () => number, now: number): void {
	guest.tags = [...guest.tags, 'docker'];
	guest.features = 'keyctl=1,nesting=1';
	const count = 2 + Math.floor(random() * 4);
	const containers: SimContainer[] = [];
	for (let c = 0; c < count; c++) {
		const [image, role, port] = IMAGES[(guest.vmid + c) % IMAGES.length]!;
		const name = `app-${role}-${c + 1}`;
		const exited = random() < 0.08;
		containers.push({
			id: hexFrom(32, 'ctr', guest.vmid, c),
			name,
			image,
			command: '"/docker-entrypoint.…"',
			createdAt: now - 30 * DAY + c * 60_000,
			state: exited ? 'exited' : 'running',
			startedAt: (guest.bootAt ?? now) + 5_000 + c * 500,
			exitCode: exited ? 137 : 0,
			ports: exited ? '' : `0.0.0.0:${port + c}->${port}/tcp`,
			project: 'app',
			service: `${role}-${c + 1}`,
			networks: 'app_default',
			logKind: role === 'db' ? 'postgres' : 'node-web',
		});
	}
	guest.docker = {containers, stacks: [{name: 'app', configFile: '/srv/app/compose.yml'}]};
}
