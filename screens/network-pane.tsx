/**
 * The network pane: bridges with addresses, routes and attached guests (NIC, IP, gateway,
 * VLAN); the routes that matter; VPN tunnels with each peer's endpoint, allowed IPs,
 * handshake age (red past 3 minutes) and traffic; VPN egress and leak warnings on top.
 */
import React, {useEffect} from 'react';
import {Text} from 'ink';
import {selectNetworkItems, STALE_HANDSHAKE_SECONDS, type NetworkItem} from '../source/store/network-items.js';
import {useAppState, useAppStore, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {fit, formatAge, formatBytes} from './widgets/format.js';
import {statusColor, type Theme} from './widgets/theme.js';
import {useWindowStart} from './widgets/windowed.js';

/** Handshake age for people: "42s ago", "7m ago", "never". */
export function handshakeAge(latestHandshake: number, nowSeconds: number): string {
	return latestHandshake === 0 ? 'never' : formatAge(Math.max(0, nowSeconds - latestHandshake));
}

function NetworkLine({item, theme, selected, nowSeconds}: {item: NetworkItem; theme: Theme; selected: boolean; nowSeconds: number}): React.ReactNode {
	switch (item.kind) {
		case 'section':
			return <Text bold color={theme.c('cyan')} inverse={selected} wrap="truncate-end">{item.label}</Text>;
		case 'warning':
			return <Text color={theme.c('red')} bold inverse={selected} wrap="truncate-end">{`${theme.g.warn} ${item.text}`}</Text>;
		case 'bridge': {
			const {bridge} = item;
			const routes = item.routes.map((route) => (route.dst === 'default' ? `default via ${route.gateway ?? '?'}` : route.dst)).join(', ');
			return (
				<Text inverse={selected} wrap="truncate-end">
					<Text bold>{fit(bridge.name, 8)}</Text>
					<Text color={bridge.state === 'UP' || bridge.state === 'up' ? theme.c('green') : theme.c('red')}>{` ${fit(bridge.state, 5)}`}</Text>
					{` ${bridge.addresses.length > 0 ? bridge.addresses.join(' ') : '(no address)'}${bridge.vlanAware ? ' vlan-aware' : ''}  ${bridge.guests.length} guest NIC${bridge.guests.length === 1 ? '' : 's'}${routes ? `  routes: ${routes}` : ''}`}
				</Text>
			);
		}
		case 'attached': {
			const {guest, nic} = item;
			const name = guest ? guest.name : '(not in snapshot)';
			const ip = nic?.ip ?? '-';
			const gw = nic?.gw ? ` gw ${nic.gw}` : '';
			const vlan = nic?.tag !== undefined ? ` vlan ${nic.tag}` : '';
			const vpnTag = item.vpn === 'egress' ? ' [via VPN]' : item.vpn === 'leak' ? ' [LEAK]' : '';
			return (
				<Text inverse={selected} wrap="truncate-end" dimColor={guest?.template === true}>
					{`  ${fit(String(item.vmid), 5, 'right')} ${fit(name, 18, 'left', theme.ascii)} `}
					<Text color={guest ? statusColor(theme, guest.status) : undefined}>{fit(guest?.status ?? '?', 8)}</Text>
					{` ${fit(nic ? `${nic.name}${nic.ifname ? `/${nic.ifname}` : ''}` : '-', 10)} ${fit(ip, 18)}${gw}${vlan}`}
					<Text color={item.vpn === 'leak' ? theme.c('red') : theme.c('magenta')} bold={item.vpn === 'leak'}>{vpnTag}</Text>
				</Text>
			);
		}
		case 'route': {
			const {route} = item;
			return (
				<Text inverse={selected} wrap="truncate-end">
					{`  ${fit(route.dst, 18)} ${route.gateway ? `via ${fit(route.gateway, 15)}` : fit('', 19)} dev ${fit(route.dev ?? '-', 8)} table ${route.table}${route.metric !== undefined ? ` metric ${route.metric}` : ''}`}
				</Text>
			);
		}
		case 'tunnel': {
			const {tunnel, gateway} = item;
			const where = tunnel.gatewayVmid === null ? 'on the host' : `in guest ${tunnel.gatewayVmid}${gateway ? ` ${gateway.name}` : ''}`;
			return (
				<Text inverse={selected} wrap="truncate-end">
					<Text bold>{tunnel.name}</Text>
					{` ${where}${tunnel.listenPort ? `  listen :${tunnel.listenPort}` : ''}  ${tunnel.peers.length} peer${tunnel.peers.length === 1 ? '' : 's'}`}
				</Text>
			);
		}
		case 'peer': {
			const {peer} = item;
			const age = handshakeAge(peer.latestHandshake, nowSeconds);
			const stale = peer.latestHandshake === 0 || nowSeconds - peer.latestHandshake > STALE_HANDSHAKE_SECONDS;
			return (
				<Text inverse={selected} wrap="truncate-end">
					{`  peer ${fit(peer.publicKey, 10, 'left', theme.ascii)} ${fit(peer.endpoint ?? '(no endpoint)', 21, 'left', theme.ascii)} `}
					<Text color={stale ? theme.c('red') : theme.c('green')} bold={stale}>{fit(`hs ${age}`, 14)}</Text>
					{` rx ${fit(formatBytes(peer.rx), 6, 'right')} tx ${fit(formatBytes(peer.tx), 6, 'right')}  allowed ${peer.allowedIps.join(',') || '-'}`}
				</Text>
			);
		}
		case 'egress':
			return (
				<Text inverse={selected} wrap="truncate-end" color={theme.c('magenta')}>
					{`  egress via ${item.tunnel}: ${item.guests.map((g) => `${g.vmid} ${g.name}`).join(', ')}`}
				</Text>
			);
	}
}

export function NetworkPane({width, height, focused}: {width: number; height: number; focused: boolean}): React.ReactNode {
	const theme = useTheme();
	const store = useAppStore();
	const snapshot = useAppState((s) => s.snapshot);
	const warningsOnly = useAppState((s) => s.networkWarningsOnly);
	const cursor = useAppState((s) => s.cursors.network);
	const items = selectNetworkItems(snapshot, warningsOnly);
	const listHeight = Math.max(1, height - 3);
	const start = useWindowStart(cursor, listHeight, items.length);
	useEffect(() => store.getState().setExtent('network', {count: items.length, page: listHeight}), [store, items.length, listHeight]);
	// Ages are measured from the snapshot's time, so they match the data shown beside them.
	const nowSeconds = Math.floor((snapshot ? Date.parse(snapshot.takenAt) || Date.now() : Date.now()) / 1000);
	const warnings = items.filter((item) => item.kind === 'warning').length;
	const right = `${snapshot?.bridges.length ?? 0} bridges · ${snapshot?.vpn.tunnels.length ?? 0} tunnels${warnings > 0 ? ` · ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}${warningsOnly ? ' · warnings only' : ''}`;
	return (
		<PaneFrame title={<Text color={theme.c('cyan')}>3 Network / VPN</Text>} right={right} focused={focused} width={width} height={height}>
			{snapshot === null ? <Text dimColor>waiting for the first refresh…</Text> : null}
			{items.slice(start, start + listHeight).map((item, i) => (
				<NetworkLine key={item.key} item={item} theme={theme} selected={focused && start + i === cursor} nowSeconds={nowSeconds} />
			))}
		</PaneFrame>
	);
}
