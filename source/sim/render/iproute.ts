/**
 * iproute2's JSON (`ip -j addr show`, `ip -j link show`, `ip -j route show table all`,
 * `ip -j rule show`, `bridge -j link show`) for the host side, derived from networkPlan().
 * Key sets and order follow real captures (test/golden/iproute): compact JSON, one line.
 */
import {memoize} from '../memo.js';
import {hexFrom} from '../prng.js';
import {networkPlan, type NetworkPlan} from '../network-plan.js';
import type {SimState} from '../types.js';

type Json = Record<string, unknown>;
const FOREVER = 4294967295;

interface Iface {
	ifindex: number;
	ifname: string;
	kind: 'loopback' | 'uplink' | 'bridge' | 'veth' | 'tap';
	master?: string;
	address: string;
	up: boolean;
	addresses: string[];
	netnsid?: number;
}

/** Interface name -> MAC: a pure function of the name, asked for every refresh. */
const mac = memoize(deriveMac, 10_000);

function deriveMac(key: string): string {
	// Locally administered, like the kernel's random veth/bridge addresses.
	const bytes = hexFrom(6, 'ifmac', key).match(/../g)!;
	bytes[0] = ((parseInt(bytes[0]!, 16) & 0xfc) | 0x02).toString(16).padStart(2, '0');
	return bytes.join(':');
}

function interfaces(plan: NetworkPlan): Iface[] {
	const list: Iface[] = [
		{ifindex: 1, ifname: 'lo', kind: 'loopback', address: '00:00:00:00:00:00', up: true, addresses: ['127.0.0.1/8']},
		{
			ifindex: 2,
			ifname: plan.uplink.name,
			kind: 'uplink',
			master: plan.uplink.master,
			address: plan.uplink.hwaddr.toLowerCase(),
			up: true,
			addresses: [],
		},
	];
	let index = 3;
	for (const bridge of plan.bridges) {
		const hasCarrier = bridge.ports.length > 0 || bridge.name === plan.uplink.master;
		const address = bridge.name === plan.uplink.master ? plan.uplink.hwaddr.toLowerCase() : mac(bridge.name);
		list.push({
			ifindex: index++,
			ifname: bridge.name,
			kind: 'bridge',
			address,
			up: hasCarrier,
			addresses: bridge.addresses,
		});
	}
	let netns = 0;
	for (const bridge of plan.bridges) {
		for (const port of bridge.ports) {
			const veth = port.startsWith('veth');
			list.push({
				ifindex: index++,
				ifname: port,
				kind: veth ? 'veth' : 'tap',
				master: bridge.name,
				address: mac(port),
				up: true,
				addresses: [],
				netnsid: veth ? netns++ : undefined,
			});
		}
	}
	return list;
}

function linkFields(i: Iface): Json {
	const flags =
		i.kind === 'loopback'
			? ['LOOPBACK', 'UP', 'LOWER_UP']
			: i.kind === 'tap'
				? ['BROADCAST', 'MULTICAST', 'PROMISC', 'UP', 'LOWER_UP']
				: i.up
					? ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP']
					: ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP'];
	const entry: Json = {ifindex: i.ifindex};
	if (i.kind === 'veth') entry['link_index'] = 2;
	entry['ifname'] = i.ifname;
	entry['flags'] = flags;
	entry['mtu'] = i.kind === 'loopback' ? 65536 : 1500;
	entry['qdisc'] = i.kind === 'uplink' ? 'mq' : i.kind === 'tap' ? 'pfifo_fast' : 'noqueue';
	if (i.master) entry['master'] = i.master;
	entry['operstate'] = i.kind === 'loopback' || i.kind === 'tap' ? 'UNKNOWN' : i.up ? 'UP' : 'DOWN';
	return entry;
}

function tailFields(i: Iface): Json {
	const entry: Json = {
		group: 'default',
		txqlen: 1000,
		link_type: i.kind === 'loopback' ? 'loopback' : 'ether',
		address: i.address,
		broadcast: i.kind === 'loopback' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff',
	};
	if (i.netnsid !== undefined) entry['link_netnsid'] = i.netnsid;
	return entry;
}

function addrInfo(i: Iface): Json[] {
	const info: Json[] = i.addresses.map((cidr) => {
		const [local, prefix] = cidr.split('/');
		return {
			family: 'inet',
			local,
			prefixlen: Number(prefix),
			scope: i.kind === 'loopback' ? 'host' : 'global',
			label: i.ifname,
			valid_life_time: FOREVER,
			preferred_life_time: FOREVER,
		};
	});
	if (i.kind === 'loopback')
		info.push({
			family: 'inet6',
			local: '::1',
			prefixlen: 128,
			scope: 'host',
			valid_life_time: FOREVER,
			preferred_life_time: FOREVER,
		});
	return info;
}

/**
 * Each output is a pure function of the node's network plan (uplink MAC included), which
 * changes only when guests start, stop or change NICs. The demo asks for all of them every
 * refresh, in the console's own process: the last output per state, node and kind is kept
 * with the plan it came from and reused while the plan is the same.
 */
const rendered = new WeakMap<SimState, Map<string, {key: string; text: string}>>();

function fromPlan(state: SimState, node: string, kind: string, render: (plan: NetworkPlan) => string): string {
	const plan = networkPlan(state, node);
	const key = JSON.stringify(plan);
	let byKind = rendered.get(state);
	if (!byKind) rendered.set(state, (byKind = new Map()));
	const last = byKind.get(`${node}|${kind}`);
	if (last?.key === key) return last.text;
	const text = render(plan);
	byKind.set(`${node}|${kind}`, {key, text});
	return text;
}

export function renderIpAddr(state: SimState, node = state.localNode): string {
	return fromPlan(state, node, 'addr', renderIpAddrOf);
}

export function renderIpLink(state: SimState, node = state.localNode): string {
	return fromPlan(state, node, 'link', renderIpLinkOf);
}

export function renderBridgeLink(state: SimState, node = state.localNode): string {
	return fromPlan(state, node, 'bridge', renderBridgeLinkOf);
}

export function renderIpRoute(state: SimState, node = state.localNode): string {
	return fromPlan(state, node, 'route', renderIpRouteOf);
}

export function renderIpRule(state: SimState, node = state.localNode): string {
	return fromPlan(state, node, 'rule', renderIpRuleOf);
}

function renderIpAddrOf(plan: NetworkPlan): string {
	return `${JSON.stringify(interfaces(plan).map((i) => ({...linkFields(i), ...tailFields(i), addr_info: addrInfo(i)})))}\n`;
}

function renderIpLinkOf(plan: NetworkPlan): string {
	return `${JSON.stringify(
		interfaces(plan).map((i) => {
			const link = linkFields(i);
			return {...link, linkmode: 'DEFAULT', ...tailFields(i)};
		}),
	)}\n`;
}

function renderBridgeLinkOf(plan: NetworkPlan): string {
	const ports = interfaces(plan).filter((i) => i.master);
	return `${JSON.stringify(
		ports.map((i) => {
			const entry: Json = {ifindex: i.ifindex};
			if (i.kind === 'veth') entry['link'] = 'if2';
			const link = linkFields(i);
			Object.assign(entry, {
				ifname: i.ifname,
				flags: link['flags'],
				mtu: 1500,
				master: i.master,
				state: 'forwarding',
				priority: 32,
				cost: i.kind === 'uplink' ? 4 : 2,
			});
			return entry;
		}),
	)}\n`;
}

function ipNumber(ip: string): number {
	return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function ipText(n: number): string {
	return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

function renderIpRouteOf(plan: NetworkPlan): string {
	const ifaces = interfaces(plan);
	const down = (dev: string): string[] => (ifaces.find((i) => i.ifname === dev)?.up === false ? ['linkdown'] : []);
	const extra: Json[] = [];
	const main: Json[] = [];
	for (const route of plan.routes) {
		const entry: Json = {dst: route.dst};
		if (route.gateway) entry['gateway'] = route.gateway;
		entry['dev'] = route.dev;
		if (route.table && route.table !== 'main') entry['table'] = route.table;
		entry['flags'] = down(route.dev);
		(route.table && route.table !== 'main' ? extra : main).push(entry);
	}
	const connected: [number, Json][] = [];
	const local: [number, Json][] = [
		[
			ipNumber('127.0.0.0'),
			{
				type: 'local',
				dst: '127.0.0.0/8',
				dev: 'lo',
				table: 'local',
				protocol: 'kernel',
				scope: 'host',
				prefsrc: '127.0.0.1',
				flags: [],
			},
		],
		[
			ipNumber('127.0.0.1'),
			{
				type: 'local',
				dst: '127.0.0.1',
				dev: 'lo',
				table: 'local',
				protocol: 'kernel',
				scope: 'host',
				prefsrc: '127.0.0.1',
				flags: [],
			},
		],
		[
			ipNumber('127.255.255.255'),
			{
				type: 'broadcast',
				dst: '127.255.255.255',
				dev: 'lo',
				table: 'local',
				protocol: 'kernel',
				scope: 'link',
				prefsrc: '127.0.0.1',
				flags: [],
			},
		],
	];
	for (const bridge of plan.bridges) {
		for (const cidr of bridge.addresses) {
			const [ip, prefixText] = cidr.split('/') as [string, string];
			const prefix = Number(prefixText);
			const size = 2 ** (32 - prefix);
			const network = Math.floor(ipNumber(ip) / size) * size;
			connected.push([
				network,
				{
					dst: `${ipText(network)}/${prefix}`,
					dev: bridge.name,
					protocol: 'kernel',
					scope: 'link',
					prefsrc: ip,
					flags: down(bridge.name),
				},
			]);
			local.push([
				ipNumber(ip),
				{
					type: 'local',
					dst: ip,
					dev: bridge.name,
					table: 'local',
					protocol: 'kernel',
					scope: 'host',
					prefsrc: ip,
					flags: [],
				},
			]);
			local.push([
				network + size - 1,
				{
					type: 'broadcast',
					dst: ipText(network + size - 1),
					dev: bridge.name,
					table: 'local',
					protocol: 'kernel',
					scope: 'link',
					prefsrc: ip,
					flags: down(bridge.name),
				},
			]);
		}
	}
	const byAddress = (a: [number, Json], b: [number, Json]): number => a[0] - b[0];
	const routes = [
		...extra,
		...main,
		...connected.sort(byAddress).map(([, r]) => r),
		...local.sort(byAddress).map(([, r]) => r),
		{type: 'local', dst: '::1', dev: 'lo', table: 'local', protocol: 'kernel', metric: 0, flags: [], pref: 'medium'},
	];
	return `${JSON.stringify(routes)}\n`;
}

function renderIpRuleOf(plan: NetworkPlan): string {
	const rules: Json[] = [
		{priority: 0, src: 'all', table: 'local'},
		...plan.rules.map((r) => {
			const [src, len] = (r.src ?? 'all').split('/');
			return len === undefined
				? {priority: r.priority, src, table: r.table}
				: {priority: r.priority, src, srclen: Number(len), table: r.table};
		}),
		{priority: 32766, src: 'all', table: 'main'},
		{priority: 32767, src: 'all', table: 'default'},
	];
	rules.sort((a, b) => (a['priority'] as number) - (b['priority'] as number));
	return `${JSON.stringify(rules)}\n`;
}
