/**
 * Renders the console App into fake streams of a chosen size (ink-testing-library's stdout
 * is fixed at 100 columns) and drives it with real key sequences. Ink runs in debug mode,
 * so each write is one whole frame.
 */
import {EventEmitter} from 'node:events';
import React from 'react';
import {render, type Instance} from 'ink';
import {App} from '../../screens/app.js';
import {asciiStdout} from '../../screens/ascii-output.js';
import type {AppStore} from '../../source/store/types.js';

export class FakeStdout extends EventEmitter {
	frames: string[] = [];
	isTTY = true;
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}
	write = (frame: string): boolean => {
		this.frames.push(frame);
		return true;
	};
}

export class FakeStdin extends EventEmitter {
	isTTY = true;
	private data: string | null = null;
	write = (data: string): void => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};
	read = (): string | null => {
		const {data} = this;
		this.data = null;
		return data;
	};
	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

export const KEYS = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	enter: '\r',
	esc: '\u001B',
	tab: '\t',
	backspace: '\u007F',
	ctrlC: '\u0003',
	ctrlD: '\u0004',
	ctrlU: '\u0015',
	ctrlL: '\u000C',
	pageDown: '\u001B[6~',
} as const;

export interface Harness {
	instance: Instance;
	stdout: FakeStdout;
	lastFrame(): string;
	lines(): string[];
	/** Write keys one at a time, letting Ink handle each. */
	press(...keys: string[]): Promise<void>;
	waitFor(predicate: (frame: string) => boolean, what?: string): Promise<string>;
	unmount(): void;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export async function renderApp(store: AppStore, size: {cols: number; rows: number}): Promise<Harness> {
	return renderElement(store, <App store={store} />, size);
}

/** Renders any console root (the App, a PaneApp) at this terminal size. */
export async function renderElement(
	store: AppStore,
	element: React.ReactElement,
	size: {cols: number; rows: number},
): Promise<Harness> {
	store.getState().setTerm(size.rows, size.cols);
	const stdout = new FakeStdout(size.cols, size.rows);
	const stdin = new FakeStdin();
	const stderr = new FakeStdout(size.cols, size.rows);
	// As the console does: in ASCII mode every frame goes through the ASCII speller.
	const terminal = stdout as unknown as NodeJS.WriteStream;
	const instance = render(element, {
		stdout: store.getState().display.ascii ? asciiStdout(terminal) : terminal,
		stdin: stdin as unknown as NodeJS.ReadStream,
		stderr: stderr as unknown as NodeJS.WriteStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	const lastFrame = (): string => stdout.frames.at(-1) ?? '';
	const harness: Harness = {
		instance,
		stdout,
		lastFrame,
		lines: () => lastFrame().split('\n'),
		async press(...keys) {
			for (const key of keys) {
				stdin.write(key);
				await tick();
				await tick();
			}
		},
		async waitFor(predicate, what = 'the expected frame') {
			const deadline = Date.now() + 3000;
			while (Date.now() < deadline) {
				if (predicate(lastFrame())) return lastFrame();
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
			throw new Error(`timed out waiting for ${what}; last frame:\n${lastFrame()}`);
		},
		unmount() {
			instance.unmount();
			instance.cleanup();
		},
	};
	await tick();
	return harness;
}
