/**
 * Guest detail: config, NICs with bridge/IP/gateway/VLAN, mounts, rootfs use, tags, health
 * results and, for a Docker host, its containers and compose stacks. Scrolls with the motion keys.
 */
import React from 'react';
import {Text} from './widgets/text.js';
import type {Guest, HealthResult} from '../source/model/snapshot.js';
import {useAppState, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {ScrollView, type ViewLine} from './widgets/scroll-view.js';
import {bar, fit, formatBytes, formatDuration, formatPercent} from './widgets/format.js';
import {statusColor, type Theme} from './widgets/theme.js';
import {levelFor} from '../source/store/zfs-items.js';
import {guestSafetyLines} from './guest-safety-lines.js';
import {detailGuest} from '../source/store/actions/context.js';
import type {Thresholds} from '../source/model/thresholds.js';

function heading(key: string, text: string, theme: Theme): ViewLine {
	return {
		key,
		node: (
			<Text bold color={theme.c('cyan')}>
				{text}
			</Text>
		),
	};
}

export function guestDetailLines(
	guest: Guest,
	health: readonly HealthResult[],
	theme: Theme,
	thresholds: Thresholds,
): ViewLine[] {
	const lines: ViewLine[] = [];
	const diskFraction = guest.maxdisk > 0 ? guest.disk / guest.maxdisk : 0;
	lines.push({
		key: 'status',
		node: (
			<Text>
				{'status     '}
				<Text color={statusColor(theme, guest.status)} bold>
					{guest.status}
				</Text>
				{`${guest.lock ? `  lock: ${guest.lock}` : ''}   uptime ${guest.uptime > 0 ? formatDuration(guest.uptime) : '-'}`}
			</Text>
		),
	});
	lines.push({
		key: 'kind',
		node: `type       ${guest.type === 'lxc' ? `LXC container${guest.unprivileged ? ' (unprivileged)' : ' (privileged)'}` : 'QEMU VM'}${guest.template ? ', template' : ''}   node ${guest.node}   onboot ${guest.onboot ? 'yes' : 'no'}${guest.ha ? `   HA ${guest.ha}` : ''}`,
	});
	lines.push({
		key: 'cpu',
		node: `cpu        ${guest.status === 'running' ? formatPercent(guest.cpu, 1) : '-'} of ${guest.maxcpu} core${guest.maxcpu === 1 ? '' : 's'}`,
	});
	lines.push({key: 'mem', node: `memory     ${formatBytes(guest.mem)} of ${formatBytes(guest.maxmem)}`});
	lines.push({
		key: 'rootfs',
		node: (
			<Text>
				{'rootfs     '}
				<Text
					color={theme.level(levelFor(diskFraction * 100, thresholds))}
				>{`${bar(diskFraction, 20, theme.ascii)} ${formatPercent(diskFraction)}`}</Text>
				{`  ${formatBytes(guest.disk)} of ${formatBytes(guest.maxdisk)}`}
			</Text>
		),
	});
	lines.push({key: 'tags', node: `tags       ${guest.tags.length > 0 ? guest.tags.join(', ') : '-'}`});
	if (guest.description) {
		guest.description
			.split('\n')
			.slice(0, 6)
			.forEach((text, i) =>
				lines.push({
					key: `desc${i}`,
					node: <Text dimColor>{`${i === 0 ? 'notes      ' : '           '}${text}`}</Text>,
				}),
			);
	}
	lines.push({key: 'b1', node: ''});
	lines.push(heading('nich', `NICS (${guest.nics.length})`, theme));
	for (const nic of guest.nics) {
		lines.push({
			key: `nic:${nic.name}`,
			node: `  ${fit(nic.name, 5)} ${fit(nic.ifname ?? '', 5)} bridge ${fit(nic.bridge ?? '-', 7)} ip ${fit(nic.ip ?? '-', 18)} gw ${fit(nic.gw ?? '-', 15)} vlan ${nic.tag ?? '-'}${nic.hwaddr ? `  ${nic.hwaddr}` : ''}${nic.firewall ? '  fw' : ''}`,
		});
	}
	lines.push({key: 'b2', node: ''});
	lines.push(heading('mnth', `MOUNTS (${guest.mounts.length})`, theme));
	for (const mount of guest.mounts) {
		lines.push({
			key: `m:${mount.key}`,
			node: `  ${fit(mount.key, 7)} ${fit(mount.path, 20, 'left', theme.ascii)} ${fit(mount.source, 36, 'left', theme.ascii)}${mount.size ? ` ${formatBytes(mount.size)}` : ''}${mount.readonly ? ' ro' : ''}`,
		});
	}
	lines.push({key: 'b3', node: ''});
	const mine = health.filter((h) => h.target === `guest:${guest.vmid}`);
	lines.push(heading('hh', `HEALTH (${mine.length})`, theme));
	if (mine.length === 0) lines.push({key: 'h:none', node: <Text dimColor> no health checks for this guest</Text>});
	mine.forEach((h, i) =>
		lines.push({
			key: `h:${i}`,
			node: (
				<Text>
					{'  '}
					<Text
						color={h.state === 'pass' ? theme.c('green') : h.state === 'warn' ? theme.c('yellow') : theme.c('red')}
						bold
					>
						{fit(h.state.toUpperCase(), 5)}
					</Text>
					{` ${fit(h.check, 16)} ${h.detail}${h.hint ? ` (${h.hint})` : ''}`}
				</Text>
			),
		}),
	);
	const containers = guest.containers ?? [];
	if (containers.length > 0 || (guest.stacks ?? []).length > 0) {
		lines.push({key: 'b4', node: ''});
		lines.push(heading('ch', `CONTAINERS (${containers.length})`, theme));
		for (const c of containers) {
			lines.push({
				key: `c:${c.name}`,
				node: (
					<Text>
						{`  ${fit(c.name, 20, 'left', theme.ascii)} `}
						<Text color={statusColor(theme, c.state)}>{fit(c.state, 10)}</Text>
						{` ${fit(c.status, 24, 'left', theme.ascii)} ${fit(c.image, 30, 'left', theme.ascii)} ${c.ports}`}
					</Text>
				),
			});
		}
		for (const stack of guest.stacks ?? []) {
			lines.push({
				key: `s:${stack.name}`,
				node: `  stack ${fit(stack.name, 14)} ${stack.running}/${stack.total} running  ${stack.status}`,
			});
		}
	}
	return lines;
}

export function GuestDetail({
	vmid,
	context,
	width,
	height,
}: {
	vmid: number;
	context?: string | undefined;
	width: number;
	height: number;
}): React.ReactNode {
	const theme = useTheme();
	const snapshot = useAppState((s) => s.snapshot);
	const thresholds = useAppState((s) => s.thresholds);
	const snapshots = useAppState((s) => s.safety.snapshots[vmid]);
	const audit = useAppState((s) => s.safety.audit);
	const guest = detailGuest(snapshot ?? null, {vmid, ...(context === undefined ? {} : {context})});
	const pbs = new Set(snapshot?.storages.filter((s) => s.type === 'pbs').map((s) => s.storage));
	const lines = guest
		? [
				...guestDetailLines(guest, snapshot?.health ?? [], theme, thresholds),
				...guestSafetyLines(guest, snapshots, audit, pbs, theme),
			]
		: [{key: 'gone', node: <Text color={theme.c('yellow')}>{`guest ${vmid} is no longer in the snapshot`}</Text>}];
	const title = `${context === undefined ? '' : `${context}/`}${guest ? `${guest.vmid} ${guest.name}` : String(vmid)}`;
	return (
		<PaneFrame
			title={<Text color={theme.c('cyan')}>{`Guest ${title}`}</Text>}
			right="q/Esc back"
			focused
			width={width}
			height={height}
		>
			<ScrollView list="detail" lines={lines} height={Math.max(1, height - 3)} />
		</PaneFrame>
	);
}
