/**
 * Guest detail: config, NICs with bridge/IP/gateway/VLAN, mounts, rootfs use, tags, health
 * results and, for a Docker host, its containers and compose stacks. Scrolls with the motion keys.
 */
import React from 'react';
import {Text} from './widgets/text.js';
import type {Guest, HealthResult} from '../source/model/snapshot.js';
import {displayKey, displayKeyAscii} from '../keymaps/keys.js';
import {useAppState, useTheme} from './store-context.js';
import {consoleHint} from './widgets/fix-hint.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {ScrollView, type ViewLine} from './widgets/scroll-view.js';
import {bar, fit, formatBytes, formatDuration, formatPercent} from './widgets/format.js';
import {shareOf} from '../source/model/usage.js';
import {statusColor, type Theme} from './widgets/theme.js';
import {dockerDetailLines} from './docker-detail-lines.js';
import {guestSafetyLines} from './guest-safety-lines.js';
import {detailGuest} from '../source/store/actions/context.js';
import {rootfsState} from '../source/ops/health/verdicts.js';

/** The rootfs bar coloured by health's own verdict on it. */
const LEVEL_OF = {pass: 'ok', warn: 'warn', fail: 'crit'} as const;

function heading(text: string, theme: Theme): ViewLine {
	return {
		node: (
			<Text bold color={theme.c('cyan')}>
				{text}
			</Text>
		),
	};
}

/**
 * `inner`: the view's inner width. Container names, status and image get the room they need
 * when the view has it; a narrow one cuts the long columns first (as the --once tables do).
 */
export function guestDetailLines(guest: Guest, health: readonly HealthResult[], theme: Theme, inner = 120): ViewLine[] {
	const lines: ViewLine[] = [];
	const diskFraction = shareOf(guest.disk, guest.maxdisk);
	lines.push({
		node: (
			<Text>
				{'status     '}
				<Text color={statusColor(theme, guest.status)} bold>
					{guest.status}
				</Text>
				{`${guest.lock ? `  lock: ${guest.lock}` : ''}   uptime ${guest.uptime !== null && guest.uptime > 0 ? formatDuration(guest.uptime) : '-'}`}
			</Text>
		),
	});
	lines.push({
		node: `type       ${guest.type === 'lxc' ? `LXC container${guest.unprivileged ? ' (unprivileged)' : ' (privileged)'}` : 'QEMU VM'}${guest.template ? ', template' : ''}   node ${guest.node}   onboot ${guest.onboot ? 'yes' : 'no'}${guest.ha ? `   HA ${guest.ha}` : ''}`,
	});
	lines.push({
		node: `cpu        ${guest.status === 'running' ? formatPercent(guest.cpu, 1) : '-'}${guest.maxcpu === null ? ' (cores unknown)' : ` of ${guest.maxcpu} core${guest.maxcpu === 1 ? '' : 's'}`}`,
	});
	lines.push({node: `memory     ${formatBytes(guest.mem)} of ${formatBytes(guest.maxmem)}`});
	lines.push({
		node: (
			<Text>
				{'rootfs     '}
				<Text
					color={theme.level(LEVEL_OF[rootfsState(guest)])}
				>{`${bar(diskFraction ?? 0, 20, theme.ascii)} ${formatPercent(diskFraction)}`}</Text>
				{`  ${formatBytes(guest.disk)} of ${formatBytes(guest.maxdisk)}`}
			</Text>
		),
	});
	lines.push({node: `tags       ${guest.tags.length > 0 ? guest.tags.join(', ') : '-'}`});
	if (guest.description) {
		guest.description
			.split('\n')
			.slice(0, 6)
			.forEach((text, i) =>
				lines.push({
					node: <Text dimColor>{`${i === 0 ? 'notes      ' : '           '}${text}`}</Text>,
				}),
			);
	}
	lines.push({node: ''});
	lines.push(heading(`NICS (${guest.nics.length})`, theme));
	for (const nic of guest.nics) {
		lines.push({
			node: `  ${fit(nic.name, 5)} ${fit(nic.ifname ?? '', 5)} bridge ${fit(nic.bridge ?? '-', 7)} ip ${fit(nic.ip ?? '-', 18)} gw ${fit(nic.gw ?? '-', 15)} vlan ${nic.tag ?? '-'}${nic.hwaddr ? `  ${nic.hwaddr}` : ''}${nic.firewall ? '  fw' : ''}`,
		});
	}
	lines.push({node: ''});
	lines.push(heading(`MOUNTS (${guest.mounts.length})`, theme));
	for (const mount of guest.mounts) {
		lines.push({
			node: `  ${fit(mount.key, 7)} ${fit(mount.path, 20, 'left', theme.ascii)} ${fit(mount.source, 36, 'left', theme.ascii)}${mount.size ? ` ${formatBytes(mount.size)}` : ''}${mount.readonly ? ' ro' : ''}`,
		});
	}
	lines.push({node: ''});
	const mine = health.filter((h) => h.target === `guest:${guest.vmid}`);
	lines.push(heading(`HEALTH (${mine.length})`, theme));
	if (mine.length === 0) lines.push({node: <Text dimColor> no health checks for this guest</Text>});
	mine.forEach((h) =>
		lines.push({
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
	lines.push(...dockerDetailLines(guest, health, theme, inner));
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
	const keyActions = useAppState((s) => s.keyActions);
	const snapshots = useAppState((s) => s.safety.snapshots[vmid]);
	const audit = useAppState((s) => s.safety.audit);
	const guest = detailGuest(snapshot ?? null, {vmid, ...(context === undefined ? {} : {context})});
	// Hints as the console says them: the key for a fix proxdeck has, not a command to type.
	const show = theme.ascii ? displayKeyAscii : displayKey;
	const health = (snapshot?.health ?? []).map((h) => ({...h, hint: consoleHint(h, keyActions, show)}));
	const pbs = new Set(snapshot?.storages.filter((s) => s.type === 'pbs').map((s) => s.storage));
	const lines = guest
		? [...guestDetailLines(guest, health, theme, width - 2), ...guestSafetyLines(guest, snapshots, audit, pbs, theme)]
		: [{node: <Text color={theme.c('yellow')}>{`guest ${vmid} is no longer in the snapshot`}</Text>}];
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
