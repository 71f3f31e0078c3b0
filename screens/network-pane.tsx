/**
 * The network pane: bridges with addresses, routes and attached guests (NIC, IP, gateway,
 * VLAN); the routes that matter; VPN tunnels with each peer's endpoint, allowed IPs,
 * handshake age (red past 3 minutes) and traffic; VPN egress and leak warnings on top.
 */
import React, {useEffect} from 'react';
import {Text} from './widgets/text.js';
import {selectNetworkItems, type NetworkItem} from '../source/store/network-items.js';
import {bridgeState} from '../source/ops/health/verdicts.js';
import {useAppState, useAppStore, useListCursor, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {fit, formatAge, formatBytes, plural} from './widgets/format.js';
import {statusColor, type Theme} from './widgets/theme.js';
import {useWindowStart} from './widgets/windowed.js';
import {SegmentLine, type Segment} from './widgets/segment-line.js';
import {nodeHeaderSegments} from './widgets/node-header.js';

/** Handshake age for people: "42s ago", "7m ago", "never". */
export function handshakeAge(latestHandshake: number, nowSeconds: number): string {
	return latestHandshake === 0 ? 'never' : formatAge(Math.max(0, nowSeconds - latestHandshake));
}

/** What one network row shows, as styled runs (a row reading the same is not redrawn). */
function networkLine(
	item: NetworkItem,
	theme: Theme,
	nowSeconds: number,
): {segments: Segment[]; dimColor?: boolean; color?: string | undefined; bold?: boolean} {
	switch (item.kind) {
		case 'section':
			return {segments: [{text: item.label}], bold: true, color: theme.c('cyan')};
		case 'node':
			return {segments: nodeHeaderSegments(item.node, theme, nowSeconds * 1000)};
		case 'warning':
			return {segments: [{text: `${theme.g.warn} ${item.text}`}], bold: true, color: theme.c('red')};
		case 'bridge': {
			const {bridge} = item;
			const routes = item.routes
				.map((route) => (route.dst === 'default' ? `default via ${route.gateway ?? '?'}` : route.dst))
				.join(', ');
			// The fold's glyph only where there are guests to unfold.
			const fold = bridge.guests.length === 0 ? ' ' : item.expanded ? theme.g.expanded : theme.g.collapsed;
			return {
				segments: [
					{text: `${fold} `},
					{text: fit(bridge.name, 8), bold: true},
					{
						text: ` ${fit(bridge.state, 5)}`,
						color:
							bridgeState(bridge) !== 'pass'
								? theme.c('red')
								: bridge.state.toUpperCase() === 'UP'
									? theme.c('green')
									: undefined,
					},
					{
						text: ` ${bridge.addresses.length > 0 ? bridge.addresses.join(' ') : '(no address)'}${bridge.vlanAware ? ' vlan-aware' : ''}  ${plural(bridge.guests.length, 'guest NIC')}${routes ? `  routes: ${routes}` : ''}`,
					},
				],
			};
		}
		case 'attached': {
			const {guest, nic} = item;
			const name = guest ? guest.name : '(not in snapshot)';
			const ip = nic?.ip ?? '-';
			const gw = nic?.gw ? ` gw ${nic.gw}` : '';
			const vlan = nic?.tag !== undefined ? ` vlan ${nic.tag}` : '';
			const vpnTag = item.vpn === 'egress' ? ' [via VPN]' : item.vpn === 'leak' ? ' [LEAK]' : '';
			return {
				dimColor: guest?.template === true,
				segments: [
					{text: `    ${fit(String(item.vmid), 5, 'right')} ${fit(name, 18, 'left', theme.ascii)} `},
					{text: fit(guest?.status ?? '?', 8), color: guest ? statusColor(theme, guest.status) : undefined},
					{
						text: ` ${fit(nic ? `${nic.name}${nic.ifname ? `/${nic.ifname}` : ''}` : '-', 10)} ${fit(ip, 18)}${gw}${vlan}`,
					},
					{text: vpnTag, color: item.vpn === 'leak' ? theme.c('red') : theme.c('magenta'), bold: item.vpn === 'leak'},
				],
			};
		}
		case 'route': {
			const {route} = item;
			return {
				segments: [
					{
						text: `  ${fit(route.dst, 18)} ${route.gateway ? `via ${fit(route.gateway, 15)}` : fit('', 19)} dev ${fit(route.dev ?? '-', 8)} table ${route.table}${route.metric !== undefined ? ` metric ${route.metric}` : ''}`,
					},
				],
			};
		}
		case 'tunnel': {
			const {tunnel, gateway} = item;
			const on = item.node === null ? '' : ` on ${item.node}`;
			const where =
				tunnel.gatewayVmid === null
					? item.node === null
						? 'on the host'
						: `on ${item.node}`
					: `in guest ${tunnel.gatewayVmid}${gateway ? ` ${gateway.name}` : ''}${on}`;
			return {
				segments: [
					{text: tunnel.name, bold: true},
					{
						text: ` ${where}${tunnel.listenPort ? `  listen :${tunnel.listenPort}` : ''}  ${tunnel.peers.length} peer${tunnel.peers.length === 1 ? '' : 's'}`,
					},
				],
			};
		}
		case 'peer': {
			const {peer} = item;
			// Coloured by the verdict health gives (a waiting road-warrior slot is not a fault).
			const age = item.state === 'idle' ? 'idle' : handshakeAge(peer.latestHandshake, nowSeconds);
			const stale = item.state === 'warn' || item.state === 'fail';
			return {
				segments: [
					{
						text: `  peer ${fit(peer.publicKey, 10, 'left', theme.ascii)} ${fit(peer.endpoint ?? '(no endpoint)', 21, 'left', theme.ascii)} `,
					},
					{
						text: fit(`hs ${age}`, 14),
						color: stale ? theme.c('red') : item.state === 'idle' ? undefined : theme.c('green'),
						bold: stale,
						dimColor: item.state === 'idle',
					},
					{
						text: ` rx ${fit(formatBytes(peer.rx), 6, 'right')} tx ${fit(formatBytes(peer.tx), 6, 'right')}  allowed ${peer.allowedIps.join(',') || '-'}`,
					},
				],
			};
		}
		case 'egress':
			return {
				color: theme.c('magenta'),
				segments: [{text: `  egress via ${item.tunnel}: ${item.guests.map((g) => `${g.vmid} ${g.name}`).join(', ')}`}],
			};
	}
}

function NetworkLine({
	item,
	theme,
	selected,
	nowSeconds,
}: {
	item: NetworkItem;
	theme: Theme;
	selected: boolean;
	nowSeconds: number;
}): React.ReactNode {
	// A one-column gutter holds the cursor, so the selection shows without colour or inverse video.
	const line = networkLine(item, theme, nowSeconds);
	return (
		<SegmentLine
			segments={[{text: selected ? theme.g.cursor : ' '}, ...line.segments]}
			inverse={selected}
			dimColor={line.dimColor}
			color={line.color}
			bold={line.bold}
		/>
	);
}

export function NetworkPane({
	width,
	height,
	focused,
}: {
	width: number;
	height: number;
	focused: boolean;
}): React.ReactNode {
	const theme = useTheme();
	const store = useAppStore();
	const snapshot = useAppState((s) => s.snapshot);
	const warningsOnly = useAppState((s) => s.networkWarningsOnly);
	const cursor = useListCursor('network');
	const nodeFilter = useAppState((s) => s.nodeFilter);
	const expanded = useAppState((s) => s.networkExpanded);
	const items = selectNetworkItems(snapshot, warningsOnly, nodeFilter, expanded);
	const listHeight = Math.max(1, height - 3);
	const start = useWindowStart(cursor, listHeight, items.length);
	useEffect(
		() => store.getState().setExtent('network', {count: items.length, page: listHeight}),
		[store, items.length, listHeight],
	);
	// Ages are measured from the snapshot's time, so they match the data shown beside them.
	const nowSeconds = Math.floor((snapshot ? Date.parse(snapshot.takenAt) || Date.now() : Date.now()) / 1000);
	const warnings = items.filter((item) => item.kind === 'warning').length;
	const shown = <T extends {node: string}>(rows: readonly T[] | undefined): number =>
		(rows ?? []).filter((row) => nodeFilter === null || row.node === nodeFilter).length;
	const sep = ` ${theme.g.sep} `;
	const right = `${plural(shown(snapshot?.bridges), 'bridge')}${sep}${plural(shown(snapshot?.vpn.tunnels), 'tunnel')}${warnings > 0 ? `${sep}${plural(warnings, 'warning')}` : ''}${warningsOnly ? `${sep}warnings only` : ''}`;
	return (
		<PaneFrame
			title={<Text color={theme.c('cyan')}>3 Network / VPN</Text>}
			right={right}
			focused={focused}
			width={width}
			height={height}
		>
			{snapshot === null ? <Text dimColor>{`waiting for the first refresh${theme.g.dots}`}</Text> : null}
			{items.slice(start, start + listHeight).map((item, i) => (
				<NetworkLine
					key={item.key}
					item={item}
					theme={theme}
					selected={focused && start + i === cursor}
					nowSeconds={nowSeconds}
				/>
			))}
		</PaneFrame>
	);
}
