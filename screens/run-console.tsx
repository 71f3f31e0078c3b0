/**
 * Runs the live console: alternate screen in, the App rendered with Ink, the terminal size
 * kept in the store from one resize listener, the poller and log stream running; resolves
 * when the user quits, with the terminal restored.
 */
import React from 'react';
import {render, type Instance} from 'ink';
import type {Transport} from '../source/transport/types.js';
import type {AppStore, PaneId} from '../source/store/types.js';
import {setRedrawHook, startPoller, stopPoller} from '../source/store/app-store.js';
import {dispatch} from '../source/store/actions/index.js';
import {performHandoff} from '../source/store/handoff.js';
import {App} from './app.js';
import {PaneApp} from './pane-app.js';

/**
 * Ink's options for the console (the benchmarks render with the same ones). maxFps 60 caps
 * background redraws such as log streams; a key's frame is never held back (the Ink patch).
 * incrementalRendering rewrites only the rows that changed: a log line or a refresh touches
 * a few rows of a 50-row screen, and over SSH every byte of a frame crosses the network
 * (safe only with the patch's backport of ink#910). renderOnResize false: runConsole redraws
 * on resize itself, at the new size (the patch).
 */
export const CONSOLE_RENDER_OPTIONS = {
	exitOnCtrlC: false,
	patchConsole: false,
	maxFps: 60,
	incrementalRendering: true,
	renderOnResize: false,
} as const;

const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H';
const LEAVE_ALT_SCREEN = '\u001B[?1049l';
const CLEAR_SCREEN = '\u001B[2J\u001B[3J\u001B[H';

/** NO_COLOR (any non-empty value, no-color.org) or --no-color turns colour off. */
export function colorEnabled(noColor: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
	return !noColor && !(env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '');
}

/** ASCII glyphs when asked (PROXDECK_ASCII=1) or when the locale is set and not UTF-8. */
export function asciiOnly(env: NodeJS.ProcessEnv = process.env): boolean {
	if (env['PROXDECK_ASCII'] === '1') return true;
	const locale = env['LC_ALL'] || env['LC_CTYPE'] || env['LANG'] || '';
	return locale !== '' && !/utf-?8/i.test(locale);
}

export async function runConsole(options: {
	store: AppStore;
	transport: Transport;
	noColor?: boolean;
	pane?: PaneId;
}): Promise<void> {
	const {store, pane} = options;
	const {stdout} = process;
	const state = store.getState();
	state.setDisplay({color: colorEnabled(options.noColor), ascii: asciiOnly()});
	state.setTerm(stdout.rows || 24, stdout.columns || 80);
	if (pane) {
		// --pane: one chromeless pane (a tmux pane watching one thing); focus and zoom keep the
		// key handlers' page sizes and scopes on that pane.
		dispatch(store, `pane.${pane}`);
		store.setState({zoom: true});
	}
	let instance: Instance | null = null;
	// Incremental frames are diffs against what is on screen. After a resize (the terminal may
	// have cropped or reflowed the old frame) the screen is wiped and the frame at the new size
	// is drawn whole; Ctrl-L wipes and draws the current frame again (redraw()).
	const wipeScreen = (): void => {
		stdout.write(CLEAR_SCREEN);
		instance?.forgetScreen();
	};
	const onResize = (): void => {
		wipeScreen();
		store.getState().setTerm(stdout.rows || 24, stdout.columns || 80);
	};
	const restore = (): void => {
		stdout.write(LEAVE_ALT_SCREEN);
	};
	stdout.on('resize', onResize);
	process.once('exit', restore);
	stdout.write(ENTER_ALT_SCREEN);
	setRedrawHook(store, () => {
		stdout.write(CLEAR_SCREEN);
		instance?.redraw();
	});
	// Only a logs pane (or the full console) holds a log stream open.
	startPoller(store, {logs: !pane || pane === 'logs'});
	const root = pane ? <PaneApp store={store} pane={pane} /> : <App store={store} />;
	try {
		for (;;) {
			instance = render(root, CONSOLE_RENDER_OPTIONS);
			await instance.waitUntilExit();
			instance = null;
			if (store.getState().quit || store.getState().handoff === null) break;
			await handOff(store);
		}
	} finally {
		stopPoller(store);
		setRedrawHook(store, null);
		stdout.off('resize', onResize);
		process.off('exit', restore);
		restore();
	}
}

/**
 * The shell hand-off: Ink has unmounted (raw mode off, its stdin listener
 * gone); leave the alternate screen, let stdin go quiet for a tick so the child's terminal
 * replies reach it, run `pct enter` on the connection's PTY, then come back to a clean
 * alternate screen. The store, and with it every pane's state, was never touched.
 */
async function handOff(store: AppStore): Promise<void> {
	const {stdin, stdout} = process;
	stdin.pause();
	await new Promise((resolve) => setImmediate(resolve));
	stdout.write(LEAVE_ALT_SCREEN);
	stdout.write(`proxdeck: ${store.getState().handoff?.shown ?? ''} (exit the shell to return to the console)\r\n`);
	try {
		await performHandoff(store, {stdin, stdout, stderr: process.stderr});
	} finally {
		stdout.write(ENTER_ALT_SCREEN + CLEAR_SCREEN);
		store.getState().setTerm(stdout.rows || 24, stdout.columns || 80);
	}
}
