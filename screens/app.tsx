/**
 * The app shell: header, the panes laid out for the terminal (2×2 grid, two columns, or one
 * pane at a time; a size gate when too small), a full-screen view when a modal is open, and
 * the footer. The root is exactly `rows - 1` tall: Ink 6.8 clears the whole screen on a frame
 * as tall as the terminal.
 */
import React, {useEffect} from 'react';
import {Box, useApp} from 'ink';
import {computeLayout, type PaneRect} from '../source/store/layout.js';
import type {AppStore, PaneId} from '../source/store/types.js';
import {StoreProvider, useAppState} from './store-context.js';
import {InputRouter} from './input-router.js';
import {Header} from './header.js';
import {Footer} from './footer.js';
import {SizeGate} from './size-gate.js';
import {GuestsPane} from './guests-pane.js';
import {ZfsPane} from './zfs-pane.js';
import {NetworkPane} from './network-pane.js';
import {LogsPane} from './logs-pane.js';
import {ModalView, viewModal} from './modal-view.js';
import {JobPanel} from './job-panel.js';
import {reserveFor} from '../source/store/jobs.js';

function Pane({
	id,
	width,
	height,
	focused,
}: {
	id: PaneId;
	width: number;
	height: number;
	focused: boolean;
}): React.ReactNode {
	switch (id) {
		case 'guests':
			return <GuestsPane width={width} height={height} focused={focused} />;
		case 'zfs':
			return <ZfsPane width={width} height={height} focused={focused} />;
		case 'network':
			return <NetworkPane width={width} height={height} focused={focused} />;
		case 'logs':
			return <LogsPane width={width} height={height} focused={focused} />;
	}
}

function Panes({panes, focus}: {panes: PaneRect[]; focus: PaneId}): React.ReactNode {
	// Group panes into rows by their top edge; each row is laid out left to right.
	const rows = new Map<number, PaneRect[]>();
	for (const pane of panes) rows.set(pane.top, [...(rows.get(pane.top) ?? []), pane]);
	return (
		<>
			{[...rows.entries()].map(([top, row]) => (
				<Box key={top} flexDirection="row" height={row[0]!.height} flexShrink={0}>
					{row.map((pane) => (
						<Pane key={pane.id} id={pane.id} width={pane.width} height={pane.height} focused={pane.id === focus} />
					))}
				</Box>
			))}
		</>
	);
}

function Body({width, height}: {width: number; height: number}): React.ReactNode {
	const top = useAppState((s) => viewModal(s.modals));
	const focus = useAppState((s) => s.focus);
	const zoom = useAppState((s) => s.zoom);
	const sidePane = useAppState((s) => s.sidePane);
	const rows = useAppState((s) => s.term.rows);
	const cols = useAppState((s) => s.term.cols);
	const jobs = useAppState((s) => s.jobs);
	// The job panel takes rows from the bottom; a modal and the panes share what is left.
	const layout = computeLayout({rows, cols}, focus, zoom, sidePane, reserveFor(jobs, {rows}));
	const reserved = layout.reserved ?? 0;
	return (
		<>
			{top ? (
				<ModalView modal={top} width={width} height={height - reserved} />
			) : (
				<Panes panes={layout.panes} focus={focus} />
			)}
			{reserved > 0 ? <JobPanel width={width} rows={reserved} /> : null}
		</>
	);
}

function Shell(): React.ReactNode {
	const {exit} = useApp();
	const quit = useAppState((s) => s.quit);
	// A shell hand-off unmounts the app; run-console.tsx gives the terminal away and remounts.
	const handoff = useAppState((s) => s.handoff !== null);
	const rows = useAppState((s) => s.term.rows);
	const cols = useAppState((s) => s.term.cols);
	useEffect(() => {
		if (quit || handoff) exit();
	}, [quit, handoff, exit]);
	const layout = computeLayout({rows, cols}, 'guests', false, 'zfs');
	if (layout.mode === 'too-small') return <SizeGate have={{cols, rows}} need={layout.need} />;
	return (
		<Box flexDirection="column" width={cols} height={layout.frameRows} overflow="hidden">
			<Header width={cols} />
			<Box flexDirection="column" width={cols} height={layout.bodyRows} overflow="hidden">
				<Body width={cols} height={layout.bodyRows} />
			</Box>
			<Footer width={cols} />
		</Box>
	);
}

export function App({store}: {store: AppStore}): React.ReactNode {
	return (
		<StoreProvider store={store}>
			<InputRouter store={store} />
			<Shell />
		</StoreProvider>
	);
}
