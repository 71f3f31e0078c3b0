/**
 * The deploy picker: the catalog's services with where each would go and whether it is
 * already there, and (in a cluster) the target node, cycled with `n`; `i` sets how many
 * instances of it to deploy (the primary and its replicas). Enter plans the deploy and shows it
 * in the confirm dialog.
 */
import React, {useEffect} from 'react';
import {Text} from './widgets/text.js';
import {useAppState, useAppStore, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {fit} from './widgets/format.js';
import {useWindowStart} from './widgets/windowed.js';
import {statusColor} from './widgets/theme.js';

export function CatalogPicker({
	node,
	instances,
	width,
	height,
}: {
	node: string | null;
	instances: number;
	width: number;
	height: number;
}): React.ReactNode {
	const theme = useTheme();
	const store = useAppStore();
	const catalog = useAppState((s) => s.catalog);
	const snapshot = useAppState((s) => s.snapshot);
	const cursor = useAppState((s) => s.cursors.catalog);
	const cluster = (snapshot?.nodes.length ?? 0) > 1;
	const listHeight = Math.max(1, height - 3);
	const count = catalog.services.length;
	const start = useWindowStart(cursor, listHeight, count);
	useEffect(() => store.getState().setExtent('catalog', {count, page: listHeight}), [store, count, listHeight]);
	const lines = catalog.services.slice(start, start + listHeight).map((service, offset) => {
		const guest = snapshot?.guests.find((g) => g.vmid === service.vmid);
		const selected = start + offset === cursor;
		return (
			<Text key={service.name} inverse={selected} wrap="truncate-end">
				{`${selected ? theme.g.cursor : ' '} ${fit(service.name, 20)} ${service.templateVmid} ${theme.g.arrow} ${fit(String(service.vmid), 5)} ${fit(service.ip.replace(/\/\d+$/, ''), 14)} `}
				<Text color={guest ? statusColor(theme, guest.status) : undefined} dimColor={!guest}>
					{guest ? fit(guest.status, 8) : fit('new', 8)}
				</Text>
				{` ${service.description ?? ''}`}
			</Text>
		);
	});
	const many = `instances: ${instances} (i)`;
	const right = cluster
		? `${many} ${theme.g.sep} node: ${node ?? "the template's"} (n)`
		: `${many} ${theme.g.sep} Enter plan ${theme.g.sep} Esc cancel`;
	return (
		<PaneFrame
			title={
				<Text bold color={theme.c('cyan')}>
					Deploy a catalog service
				</Text>
			}
			right={right}
			focused
			width={width}
			height={height}
		>
			{lines}
		</PaneFrame>
	);
}
