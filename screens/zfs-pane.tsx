/**
 * The ZFS pane: per pool a capacity bar coloured by the configured thresholds, health,
 * fragmentation, dedup, scrub/resilver state and a sparkline trend with "full in ~N days";
 * then datasets by used space and the Proxmox storages.
 */
import React, {useEffect} from 'react';
import {Text} from './widgets/text.js';
import type {Pool, ScanInfo} from '../source/model/snapshot.js';
import {trendKey} from '../source/store/runtime.js';
import {levelFor, selectZfsItems, worstCapacity, type ZfsItem} from '../source/store/zfs-items.js';
import {listCursor} from '../source/store/list-cursor.js';
import {daysUntilFull, forecastReady, growthRate, type PoolSample} from '../source/store/trends.js';
import {useAppState, useAppStore, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {bar, fit, formatBytes, formatCapacity, formatDedup, plural, sparkline} from './widgets/format.js';
import {healthColor, type Theme} from './widgets/theme.js';
import {useWindowStart} from './widgets/windowed.js';
import {SegmentLine, type Segment} from './widgets/segment-line.js';
import {nodeHeaderSegments} from './widgets/node-header.js';
import type {Thresholds} from '../source/model/thresholds.js';
import {shareOf} from '../source/model/usage.js';

export function scanSummary(scan: ScanInfo | undefined): string {
	if (!scan || scan.kind === 'none') return 'no scan yet';
	if (scan.state === 'in-progress')
		return `${scan.kind} ${scan.percent === undefined ? '' : `${scan.percent.toFixed(1)}% `}${scan.eta ? `eta ${scan.eta}` : 'running'}`.trim();
	const errors = scan.errors === undefined ? '' : `, ${scan.errors} error${scan.errors === 1 ? '' : 's'}`;
	return `${scan.kind} ${scan.state}${errors}`;
}

export function trendText(samples: readonly PoolSample[] | undefined): string {
	if (!samples || samples.length < 2) return '';
	const days = daysUntilFull(samples);
	if (days === null) return !forecastReady(samples) && (growthRate(samples) ?? 0) > 0 ? 'growing' : 'steady';
	if (days > 3650) return 'growing slowly';
	return `full in ~${days < 1 ? '<1' : Math.round(days)} day${Math.round(days) === 1 ? '' : 's'}`;
}

interface ZfsLine {
	segments: Segment[];
	dimColor?: boolean;
	color?: string | undefined;
	bold?: boolean;
}

function poolLine(pool: Pool, width: number, theme: Theme, thresholds: Thresholds): ZfsLine {
	const level = levelFor(pool.capacity, thresholds);
	// The bar goes first when narrow (a 40-column tmux pane): name, %, sizes and health stay.
	const barWidth = width >= 90 ? 20 : width >= 52 ? 10 : 0;
	return {
		segments: [
			{text: `${fit(pool.name, 14, 'left', theme.ascii)} `},
			{
				text: pool.capacity === null ? ' '.repeat(barWidth) : bar(pool.capacity / 100, barWidth, theme.ascii),
				color: theme.level(level),
			},
			{text: fit(formatCapacity(pool.capacity), 5, 'right'), color: theme.level(level), bold: level !== 'ok'},
			{text: fit(` ${formatBytes(pool.alloc)}/${formatBytes(pool.size)}`, barWidth > 0 ? 14 : 12)},
			{text: pool.health, color: healthColor(theme, pool.health), bold: pool.health !== 'ONLINE'},
		],
	};
}

/** Second line of a pool: frag, dedup, scrub/resilver, and the trend sparkline. */
function poolInfoLine(
	pool: Pool,
	samples: readonly PoolSample[] | undefined,
	theme: Theme,
	selected: boolean,
): ZfsLine {
	const trend = trendText(samples);
	const spark =
		samples && samples.length > 1
			? `  ${sparkline(
					samples.map((s) => s.alloc),
					12,
					theme.ascii,
				)} ${trend}`
			: '';
	const scanning = pool.status?.scan.kind !== 'none' && pool.status?.scan.state === 'in-progress';
	return {
		dimColor: !selected && !scanning && !trend.startsWith('full'),
		segments: [
			{text: `  frag ${pool.frag === null ? '-' : `${pool.frag}%`} dedup ${formatDedup(pool.dedup)}  `},
			{text: scanSummary(pool.status?.scan), color: scanning ? theme.c('cyan') : undefined},
			{text: spark, color: trend.startsWith('full') ? theme.c('yellow') : undefined},
		],
	};
}

/** What one ZFS row shows, as styled runs (a row reading the same is not redrawn). */
function zfsLine(
	item: ZfsItem,
	width: number,
	theme: Theme,
	thresholds: Thresholds,
	trends: Readonly<Record<string, readonly PoolSample[]>>,
	selected: boolean,
	now: number,
): ZfsLine {
	switch (item.kind) {
		case 'section':
			return {segments: [{text: item.label}], bold: true, color: theme.c('cyan')};
		case 'node':
			return {segments: nodeHeaderSegments(item.node, theme, now)};
		case 'pool':
			return poolLine(item.pool, width, theme, thresholds);
		case 'poolinfo':
			return poolInfoLine(item.pool, trends[trendKey(item.pool)], theme, selected);
		case 'dataset': {
			const {dataset} = item;
			const mount = dataset.mountpoint ?? (dataset.type === 'volume' ? '(volume)' : '-');
			return {
				segments: [
					{
						text: `  ${fit(dataset.name, Math.max(16, Math.min(40, width - 44)), 'left', theme.ascii)} ${fit(formatBytes(dataset.used), 7, 'right')} used ${fit(formatBytes(dataset.avail), 7, 'right')} avail  ${mount}`,
					},
				],
			};
		}
		case 'storage': {
			const {storage} = item;
			const fraction = shareOf(storage.used, storage.total);
			const level = levelFor((fraction ?? 0) * 100, thresholds);
			const active = storage.status === 'active' || storage.status === 'available';
			return {
				dimColor: !active,
				segments: [
					{text: `  ${fit(storage.storage, 14, 'left', theme.ascii)} ${fit(storage.type, 8)} `},
					{
						text: `${bar(fraction ?? 0, 10, theme.ascii)}${fit(fraction !== null ? `${Math.round(fraction * 100)}%` : '-', 5, 'right')}`,
						color: active ? theme.level(level) : undefined,
					},
					{
						text: ` ${formatBytes(storage.used)}/${formatBytes(storage.total)}  ${storage.status}${storage.shared ? ' shared' : ''}  ${storage.content.join(',')}`,
					},
				],
			};
		}
	}
}

function ItemLine({
	item,
	width,
	theme,
	thresholds,
	trends,
	selected,
	now,
}: {
	item: ZfsItem;
	width: number;
	theme: Theme;
	thresholds: Thresholds;
	trends: Readonly<Record<string, readonly PoolSample[]>>;
	selected: boolean;
	now: number;
}): React.ReactNode {
	// A one-column gutter holds the cursor, so the selection shows without colour or inverse video.
	const line = zfsLine(item, width - 1, theme, thresholds, trends, selected, now);
	const marker = selected && item.kind !== 'poolinfo' ? theme.g.cursor : ' ';
	return (
		<SegmentLine
			segments={[{text: marker}, ...line.segments]}
			inverse={selected && item.kind !== 'poolinfo'}
			dimColor={line.dimColor}
			color={line.color}
			bold={line.bold}
		/>
	);
}

export function ZfsPane({width, height, focused}: {width: number; height: number; focused: boolean}): React.ReactNode {
	const theme = useTheme();
	const store = useAppStore();
	const snapshot = useAppState((s) => s.snapshot);
	const trends = useAppState((s) => s.trends);
	const thresholds = useAppState((s) => s.thresholds);
	const cursor = useAppState((s) => listCursor(s, 'zfs'));
	const nodeFilter = useAppState((s) => s.nodeFilter);
	const items = selectZfsItems(snapshot, nodeFilter);
	// Node data ages are counted from the snapshot's time.
	const now = snapshot ? Date.parse(snapshot.takenAt) || 0 : 0;
	const listHeight = Math.max(1, height - 3);
	const start = useWindowStart(cursor, listHeight, items.length);
	useEffect(
		() => store.getState().setExtent('zfs', {count: items.length, page: listHeight}),
		[store, items.length, listHeight],
	);
	const pools = (snapshot?.pools ?? []).filter((pool) => nodeFilter === null || pool.node === nodeFilter);
	const worst = worstCapacity(pools);
	const unhealthy = pools.filter((pool) => pool.health !== 'ONLINE').length;
	const right = `${plural(pools.length, 'pool')}${unhealthy > 0 ? ` ${theme.g.sep} ${unhealthy} not ONLINE` : ''}${worst !== null ? ` ${theme.g.sep} max ${worst}%` : ''}`;
	return (
		<PaneFrame
			title={<Text color={theme.c('cyan')}>{'2 ZFS & storage'}</Text>}
			right={right}
			focused={focused}
			width={width}
			height={height}
		>
			{snapshot === null ? <Text dimColor>{`waiting for the first refresh${theme.g.dots}`}</Text> : null}
			{items.slice(start, start + listHeight).map((item, i) => (
				<ItemLine
					key={item.key}
					item={item}
					width={width - 2}
					theme={theme}
					thresholds={thresholds}
					trends={trends}
					// A pool's second line goes with it.
					selected={focused && (start + i === cursor || (item.kind === 'poolinfo' && start + i === cursor + 1))}
					now={now}
				/>
			))}
		</PaneFrame>
	);
}
