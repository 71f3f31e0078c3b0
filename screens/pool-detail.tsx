/**
 * Pool detail: health, status and action text from `zpool status`, the scan, the vdev tree
 * with read/write/checksum error counts per device, and the pool's datasets.
 */
import React from 'react';
import {Text} from './widgets/text.js';
import {trendKey} from '../source/store/runtime.js';
import type {Pool, Vdev} from '../source/model/snapshot.js';
import {isCluster} from '../source/store/node-view.js';
import {byUsed, levelFor} from '../source/store/zfs-items.js';
import type {PoolSample} from '../source/store/trends.js';
import {useAppState, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {ScrollView, type ViewLine} from './widgets/scroll-view.js';
import {bar, fit, formatBytes, formatDedup, sparkline} from './widgets/format.js';
import {healthColor, type Theme} from './widgets/theme.js';
import {scanSummary, trendText} from './zfs-pane.js';
import type {Thresholds} from '../source/model/thresholds.js';

function vdevLines(vdevs: readonly Vdev[], depth: number, theme: Theme, out: ViewLine[], path: string): void {
	for (const vdev of vdevs) {
		const errors = vdev.read + vdev.write + vdev.cksum;
		const name = fit(`${'  '.repeat(depth)}${vdev.name}`, 30, 'left', theme.ascii);
		out.push({
			key: `${path}/${vdev.name}`,
			node: (
				<Text>
					{`  ${name} `}
					<Text color={healthColor(theme, vdev.state)}>{fit(vdev.state, 9)}</Text>
					<Text
						color={errors > 0 ? theme.c('red') : undefined}
						bold={errors > 0}
					>{`${fit(String(vdev.read), 6, 'right')}${fit(String(vdev.write), 6, 'right')}${fit(String(vdev.cksum), 6, 'right')}`}</Text>
					{vdev.note ? `  ${vdev.note}` : ''}
				</Text>
			),
		});
		vdevLines(vdev.children, depth + 1, theme, out, `${path}/${vdev.name}`);
	}
}

export function poolDetailLines(
	pool: Pool,
	theme: Theme,
	thresholds: Thresholds,
	samples: readonly PoolSample[] | undefined,
	datasets: readonly {name: string; used: number | null; avail: number | null}[],
): ViewLine[] {
	const level = levelFor(pool.capacity, thresholds);
	const lines: ViewLine[] = [
		{
			key: 'cap',
			node: (
				<Text>
					{'capacity  '}
					<Text color={theme.level(level)}>
						{pool.capacity === null
							? 'unknown (zpool list gave none)'
							: `${bar(pool.capacity / 100, 30, theme.ascii)} ${pool.capacity}%`}
					</Text>
					{`  ${formatBytes(pool.alloc)} used of ${formatBytes(pool.size)}, ${formatBytes(pool.free)} free`}
				</Text>
			),
		},
		{
			key: 'health',
			node: (
				<Text>
					{'health    '}
					<Text color={healthColor(theme, pool.health)} bold>
						{pool.health}
					</Text>
					{`   frag ${pool.frag === null ? '-' : `${pool.frag}%`}   dedup ${formatDedup(pool.dedup)}`}
				</Text>
			),
		},
		{
			key: 'trend',
			node: (
				<Text>{`trend     ${
					samples && samples.length > 1
						? `${sparkline(
								samples.map((s) => s.alloc),
								30,
								theme.ascii,
							)} `
						: ''
				}${trendText(samples) || 'not enough samples yet'}`}</Text>
			),
		},
		{key: 'scan', node: <Text>{`scan      ${scanSummary(pool.status?.scan)}`}</Text>},
	];
	const scanText = pool.status?.scan && pool.status.scan.kind !== 'none' ? pool.status.scan.text : '';
	if (scanText) lines.push({key: 'scantext', node: <Text dimColor>{`          ${scanText}`}</Text>});
	if (pool.status?.status)
		lines.push({key: 'status', node: <Text color={theme.c('yellow')}>{`status    ${pool.status.status}`}</Text>});
	if (pool.status?.action) lines.push({key: 'action', node: <Text>{`action    ${pool.status.action}`}</Text>});
	lines.push({key: 'blank1', node: ''});
	if (pool.status) {
		lines.push({
			key: 'vhead',
			node: (
				<Text
					bold
				>{`  ${fit('NAME', 30)} ${fit('STATE', 9)}${fit('READ', 6, 'right')}${fit('WRITE', 6, 'right')}${fit('CKSUM', 6, 'right')}`}</Text>
			),
		});
		vdevLines(pool.status.vdevs, 0, theme, lines, 'v');
		lines.push({
			key: 'errors',
			node: (
				<Text
					color={pool.status.errors.startsWith('No known') ? undefined : theme.c('red')}
				>{`errors: ${pool.status.errors}`}</Text>
			),
		});
	} else {
		lines.push({key: 'nostatus', node: <Text dimColor>zpool status was not available for this pool</Text>});
	}
	lines.push({key: 'blank2', node: ''});
	lines.push({key: 'dhead', node: <Text bold>{`DATASETS (${datasets.length}, by used)`}</Text>});
	for (const dataset of datasets) {
		lines.push({
			key: `d:${dataset.name}`,
			node: `  ${fit(dataset.name, 40, 'left', theme.ascii)} ${fit(formatBytes(dataset.used), 7, 'right')} used ${fit(formatBytes(dataset.avail), 7, 'right')} avail`,
		});
	}
	return lines;
}

export function PoolDetail({
	name,
	node,
	context,
	width,
	height,
}: {
	name: string;
	node: string;
	context?: string | undefined;
	width: number;
	height: number;
}): React.ReactNode {
	const theme = useTheme();
	// In a fleet, the pool's own context's snapshot (another host can have a pool of that name).
	const snapshot = useAppState((s) =>
		context === undefined ? s.snapshot : (s.snapshot?.members?.find((m) => m.context === context)?.snapshot ?? null),
	);
	const thresholds = useAppState((s) => s.thresholds);
	const samples = useAppState((s) => s.trends[trendKey(context === undefined ? {node, name} : {node, name, context})]);
	const cluster = isCluster(snapshot);
	const pool = snapshot?.pools.find((p) => p.name === name && p.node === node);
	const datasets = (snapshot?.datasets ?? [])
		.filter((d) => d.node === node && (d.name === name || d.name.startsWith(`${name}/`)))
		.sort(byUsed);
	const lines = pool
		? poolDetailLines(pool, theme, thresholds, samples, datasets)
		: [{key: 'gone', node: <Text color={theme.c('yellow')}>{`pool ${name} is no longer reported`}</Text>}];
	return (
		<PaneFrame
			title={
				<Text
					color={theme.c('cyan')}
				>{`Pool ${context === undefined ? '' : `${context}/`}${name}${cluster ? ` on ${node}` : ''}`}</Text>
			}
			right="q/Esc back"
			focused
			width={width}
			height={height}
		>
			<ScrollView list="pool" lines={lines} height={Math.max(1, height - 3)} />
		</PaneFrame>
	);
}
