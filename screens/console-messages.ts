/**
 * While the console draws, anything written to the console (a React warning, a library's
 * console.log, a Node process warning) would land in the middle of Ink's frame: the header
 * scrolls away and rows repeat until the next full redraw. Instead it is kept here, in a
 * bounded list in the store (help shows it, a notice says it arrived), and printed on stderr
 * once the screen is given back, when nothing draws any more.
 */
import {format} from 'node:util';
import type {AppStore} from '../source/store/types.js';

/** How many messages the store keeps (the newest). */
export const MAX_CONSOLE_MESSAGES = 50;
/** How long one message may be: a component stack can run to many kilobytes. */
const MAX_MESSAGE_CHARS = 2000;

const METHODS = ['log', 'info', 'debug', 'warn', 'error', 'trace'] as const;
type Method = (typeof METHODS)[number];

/** Control and escape characters never reach the terminal; newlines stay (a stack's lines). */
function clean(text: string): string {
	return text.replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g, '').slice(0, MAX_MESSAGE_CHARS);
}

export interface ConsoleRoute {
	/** Put the console back and print what was kept on `stream` (stderr). */
	restore(stream?: NodeJS.WritableStream): void;
}

/** From now until restore(): console output and process warnings go to the store, not the terminal. */
export function routeConsoleMessages(store: AppStore): ConsoleRoute {
	const saved = new Map<Method, (...args: unknown[]) => void>();
	const warningListeners = process.listeners('warning');
	const keep = (text: string): void => {
		const state = store.getState();
		const messages = [...state.consoleMessages, clean(text)].slice(-MAX_CONSOLE_MESSAGES);
		const count = messages.length;
		store.setState({
			consoleMessages: messages,
			notice: `${count} message${count === 1 ? '' : 's'} written to the console while drawing: see ? help`,
		});
	};
	for (const method of METHODS) {
		saved.set(method, console[method]);
		console[method] = (...args: unknown[]) => keep(format(...args));
	}
	const onWarning = (warning: Error): void => keep(`${warning.name}: ${warning.message}`);
	process.removeAllListeners('warning');
	process.on('warning', onWarning);
	return {
		restore(stream = process.stderr) {
			for (const [method, original] of saved) console[method] = original;
			process.off('warning', onWarning);
			for (const listener of warningListeners) process.on('warning', listener as (warning: Error) => void);
			const messages = store.getState().consoleMessages;
			if (messages.length === 0) return;
			const indented = messages.map((message) => `  ${message.replace(/\n/g, '\n  ')}\n`).join('');
			stream.write(`proxdeck: written to the console while the screen was drawn:\n${indented}`);
		},
	};
}
