/**
 * The console rendered in process, exactly as screens/run-console.tsx renders it (same App,
 * same render options), onto a fake 200×50 terminal, fed by the simulated homelab at the
 * chosen size through the real collector, store, poller and log session.
 */
// The product's heap settings (source/cli.tsx imports them first too).
import '../source/v8-tuning.js';
import React from 'react';
import {render, type Instance, type RenderOptions} from 'ink';
import {App} from '../screens/app.js';
import {createCollector} from '../source/host/collect.js';
import {createAppStore, startPoller, stopPoller} from '../source/store/app-store.js';
import type {AppStore} from '../source/store/types.js';
import {demoState} from './demo-state.js';
import {createSimTransport, type SimTransport} from '../source/sim/transport.js';
import type {Transport} from '../source/transport/types.js';
import {FakeKeyboard, FakeTty, plain, waitUntil} from './lib.js';
import {CONSOLE_RENDER_OPTIONS} from '../screens/run-console.js';

/** The benchmark measures the product: screens/run-console.tsx's own render options. */
export const PRODUCT_RENDER_OPTIONS: RenderOptions = CONSOLE_RENDER_OPTIONS;

export interface ConsoleUnderTest {
	store: AppStore;
	transport: Transport;
	tty: FakeTty;
	keyboard: FakeKeyboard;
	instance: Instance;
	/** Ink's own render time of each frame (layout + string), ms. */
	renderTimes: number[];
	/** When each frame was rendered (performance.now()). */
	renderAt: number[];
	/** Whether the terminal has been shown the pane titles and a guest row's cursor. */
	guestListShown(): boolean;
	stop(): Promise<void>;
}

export interface ConsoleSetup {
	guests: number;
	/** Log lines per second on the host journal (the sim's rate knob). */
	logRate?: number;
	/** Use this transport instead of the simulated homelab (the ingest benchmark feeds its own). */
	transport?: Transport;
	renderOptions?: Partial<RenderOptions>;
	cols?: number;
	rows?: number;
}

export {demoState};

export async function startConsole(setup: ConsoleSetup): Promise<ConsoleUnderTest> {
	const cols = setup.cols ?? 200;
	const rows = setup.rows ?? 50;
	const transport: Transport =
		setup.transport ??
		createSimTransport({
			state: demoState(setup.guests),
			realTime: true,
			...(setup.logRate ? {rate: setup.logRate} : {}),
		});
	const collector = createCollector(transport, {context: 'demo'});
	const store = createAppStore({
		collector,
		transport,
		context: 'demo',
		host: transport.label,
		readOnly: false,
		intervalMs: 2000,
		term: {rows, cols},
	});
	const tty = new FakeTty(cols, rows);
	const keyboard = new FakeKeyboard();
	// Frames are written as row diffs (incremental rendering): no one write holds a whole
	// screen, so each piece of the guest list counts once it was written at all.
	const guestList = ['1 Guests', '4 Logs', '›'];
	const shown = new Set<string>();
	tty.onWrite = (text) => {
		if (shown.size === guestList.length) return;
		const visible = plain(text);
		for (const piece of guestList) if (visible.includes(piece)) shown.add(piece);
	};
	const renderTimes: number[] = [];
	const renderAt: number[] = [];
	startPoller(store);
	const instance = render(<App store={store} />, {
		...PRODUCT_RENDER_OPTIONS,
		...setup.renderOptions,
		stdout: tty as unknown as NodeJS.WriteStream,
		stderr: new FakeTty(cols, rows) as unknown as NodeJS.WriteStream,
		stdin: keyboard as unknown as NodeJS.ReadStream,
		onRender: ({renderTime}) => {
			renderTimes.push(renderTime);
			renderAt.push(performance.now());
		},
	});
	return {
		store,
		transport,
		tty,
		keyboard,
		instance,
		renderTimes,
		renderAt,
		guestListShown: () => shown.size === guestList.length,
		async stop() {
			stopPoller(store);
			instance.unmount();
			instance.cleanup();
			await transport.close();
		},
	};
}

/** Wait for the first snapshot and for every pane title and a guest row to be drawn. */
export async function waitForData(console: ConsoleUnderTest, timeoutMs = 30_000): Promise<void> {
	await waitUntil(() => console.store.getState().snapshot !== null, timeoutMs, 'the first snapshot');
	await waitUntil(() => console.guestListShown(), timeoutMs, 'a frame with the guest list');
}

export type {SimTransport};
