/**
 * `--pane guests|zfs|network|logs`: a tmux pane that watches one thing all day. One header
 * line (pane, context, connection state, age), then the pane itself with no border, no
 * title, no footer and no grid; detail and help views open over it. Below 40×8 it says what
 * it has and what it needs. The frame is `rows - 1` tall so Ink never clears the screen (P6),
 * and every row is one truncated line, so a resize re-lays it out instead of wrapping.
 */
import React, {useEffect} from 'react';
import {Box, useApp} from 'ink';
import {computePaneLayout} from '../source/store/layout.js';
import type {AppStore, PaneId} from '../source/store/types.js';
import {StoreProvider, useAppState} from './store-context.js';
import {InputRouter, type ActionFilter} from './input-router.js';
import {PaneHeader} from './pane-header.js';
import {BareFrames, framedSize} from './pane-bare.js';
import {SizeGate} from './size-gate.js';
import {GuestsPane} from './guests-pane.js';
import {ZfsPane} from './zfs-pane.js';
import {NetworkPane} from './network-pane.js';
import {LogsPane} from './logs-pane.js';
import {GuestDetail} from './guest-detail.js';
import {PoolDetail} from './pool-detail.js';
import {HelpScreen} from './help-screen.js';
import {LogSourcePicker} from './log-source-picker.js';

/**
 * Keys a single pane refuses: switching or zooming panes, and the two that point the logs
 * pane at the guests pane's selection (neither exists beside it). Dangerous actions are
 * refused by read-only mode, which a pane is in unless started with --write.
 */
const REFUSED = new Set(['guests.logs', 'logs.followSelected']);
export const paneAllows: ActionFilter = (id) => !id.startsWith('pane.') && !REFUSED.has(id);

function PaneBody({pane, width, height}: {pane: PaneId; width: number; height: number}): React.ReactNode {
	const top = useAppState((s) => s.modals.findLast((modal) => modal.kind !== 'filter'));
	if (top) {
		switch (top.kind) {
			case 'detail': return <GuestDetail vmid={top.vmid} width={width} height={height} />;
			case 'pool': return <PoolDetail name={top.name} width={width} height={height} />;
			case 'help': return <HelpScreen width={width} height={height} />;
			case 'picker': return <LogSourcePicker width={width} height={height} />;
		}
	}
	const size = framedSize(width, height);
	return (
		<BareFrames>
			{pane === 'guests' ? <GuestsPane {...size} focused /> : null}
			{pane === 'zfs' ? <ZfsPane {...size} focused /> : null}
			{pane === 'network' ? <NetworkPane {...size} focused /> : null}
			{pane === 'logs' ? <LogsPane {...size} focused /> : null}
		</BareFrames>
	);
}

function PaneShell({pane}: {pane: PaneId}): React.ReactNode {
	const {exit} = useApp();
	const quit = useAppState((s) => s.quit);
	const rows = useAppState((s) => s.term.rows);
	const cols = useAppState((s) => s.term.cols);
	useEffect(() => {
		if (quit) exit();
	}, [quit, exit]);
	const layout = computePaneLayout({rows, cols});
	if (!layout.fits) return <SizeGate have={{cols, rows}} need={layout.need} />;
	return (
		<Box flexDirection="column" width={cols} height={layout.frameRows} overflow="hidden">
			<PaneHeader pane={pane} width={cols} />
			<Box flexDirection="column" width={cols} height={layout.bodyRows} overflow="hidden">
				<PaneBody pane={pane} width={cols} height={layout.bodyRows} />
			</Box>
		</Box>
	);
}

export function PaneApp({store, pane}: {store: AppStore; pane: PaneId}): React.ReactNode {
	return (
		<StoreProvider store={store}>
			<InputRouter store={store} allow={paneAllows} />
			<PaneShell pane={pane} />
		</StoreProvider>
	);
}
