/**
 * `--pane guests|zfs|network|logs`: a tmux pane that watches one thing all day. One header
 * line (pane, context, connection state, age), then the pane itself with no border, no
 * title, no footer and no grid; detail and help views open over it. Below 40×8 it says what
 * it has and what it needs. The frame is `rows - 1` tall so Ink never clears the screen (it does for a frame as tall as the terminal),
 * and every row is one truncated line, so a resize re-lays it out instead of wrapping.
 */
import React, {useEffect} from 'react';
import {Box, useApp} from 'ink';
import {Text} from './widgets/text.js';
import type {ActionId} from '../keymaps/registry.js';
import {computePaneLayout} from '../source/store/layout.js';
import type {AppStore, PaneId} from '../source/store/types.js';
import {StoreProvider, useAppState, useTheme} from './store-context.js';
import {wrapWords} from './widgets/format.js';
import {InputRouter, type ActionFilter} from './input-router.js';
import {PaneHeader} from './pane-header.js';
import {BareFrames, framedSize} from './pane-bare.js';
import {SizeGate} from './size-gate.js';
import {GuestsPane} from './guests-pane.js';
import {ZfsPane} from './zfs-pane.js';
import {NetworkPane} from './network-pane.js';
import {LogsPane} from './logs-pane.js';
import {ModalView, viewModal} from './modal-view.js';
import {JobPanel} from './job-panel.js';
import {jobPanelRows} from '../source/store/jobs.js';

/**
 * Keys a single pane refuses: switching or zooming panes, the two that point the logs pane
 * at the guests pane's selection (neither exists beside it), the palette (a watching pane
 * jumps nowhere) and the shell (no console to come back to). Dangerous actions are
 * refused by read-only mode, which a pane is in unless started with --write.
 */
const REFUSED: ReadonlySet<ActionId> = new Set(['guests.logs', 'logs.followSelected', 'app.palette', 'guests.shell']);
export const paneAllows: ActionFilter = (id) => !id.startsWith('pane.') && !REFUSED.has(id);

function PaneBody({pane, width, height}: {pane: PaneId; width: number; height: number}): React.ReactNode {
	const top = useAppState((s) => viewModal(s.modals));
	if (top) return <ModalView modal={top} width={width} height={height} />;
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
	const jobs = useAppState((s) => s.jobs);
	const notice = useAppState((s) => s.notice);
	const theme = useTheme();
	useEffect(() => {
		if (quit) exit();
	}, [quit, exit]);
	const layout = computePaneLayout({rows, cols});
	if (!layout.fits) return <SizeGate have={{cols, rows}} need={layout.need} />;
	// With --write a pane can run jobs: their panel takes rows only while the pane keeps four.
	const panel = Math.min(jobPanelRows(jobs, layout.bodyRows), Math.max(0, layout.bodyRows - 4));
	// A notice (why a key did nothing) gets lines of its own under the pane until the next key:
	// a refusal is longer than one header line in a narrow pane.
	// It may take all but one row of the pane: it is gone at the next key.
	const room = layout.bodyRows - (panel >= 3 ? panel : 0);
	const said = notice === null ? [] : wrapWords(notice, cols - 1, Math.max(1, room - 1), theme.g.ellipsis);
	const body = room - said.length;
	return (
		<Box flexDirection="column" width={cols} height={layout.frameRows} overflow="hidden">
			<PaneHeader pane={pane} width={cols} />
			<Box flexDirection="column" width={cols} height={body} overflow="hidden">
				<PaneBody pane={pane} width={cols} height={body} />
			</Box>
			{said.map((text, i) => (
				<Text key={i} color={theme.c('yellow')} wrap="truncate-end">
					{text}
				</Text>
			))}
			{panel >= 3 ? <JobPanel width={cols} rows={panel} /> : null}
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
