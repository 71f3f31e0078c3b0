/**
 * Confirmation before a change. --yes skips it; without a terminal on stdin it is required
 * (a cron job or a pipe cannot answer), and a destroy additionally needs the VMID typed.
 */
import {createInterface} from 'node:readline';
import type {Io} from './io.js';
import {visibleText} from '../text/visible.js';

export type ConfirmOutcome = {ok: true} | {ok: false; exitCode: number};

async function ask(io: Io, question: string): Promise<string> {
	const rl = createInterface({input: io.stdin, output: io.stdout as NodeJS.WritableStream, terminal: false});
	try {
		io.stdout.write(visibleText(question));
		return await new Promise<string>((resolve) => {
			rl.once('line', (line) => resolve(line.trim()));
			rl.once('close', () => resolve(''));
		});
	} finally {
		rl.close();
	}
}

export async function confirmChange(
	io: Io,
	options: {what: string; yes: boolean; typed?: string; typedGiven?: string},
): Promise<ConfirmOutcome> {
	const tty = io.stdin.isTTY === true;
	if (options.typed !== undefined) {
		if (options.typedGiven !== undefined) {
			if (options.typedGiven !== options.typed) {
				io.err(`--confirm ${options.typedGiven} does not match ${options.typed}: nothing was changed`);
				return {ok: false, exitCode: 2};
			}
		} else if (!tty) {
			io.err(`${options.what} needs the VMID typed: add --confirm ${options.typed} --yes (stdin is not a terminal)`);
			return {ok: false, exitCode: 2};
		} else {
			const answer = await ask(io, `Type ${options.typed} to ${options.what}: `);
			if (answer !== options.typed) {
				io.err('not confirmed: nothing was changed');
				return {ok: false, exitCode: 1};
			}
			return {ok: true};
		}
	}
	if (options.yes) return {ok: true};
	if (!tty) {
		io.err(
			`${options.what} changes the host and stdin is not a terminal, so proxdeck cannot ask: add --yes to go ahead (or --dry-run to see the plan)`,
		);
		return {ok: false, exitCode: 2};
	}
	const answer = await ask(io, `${options.what}? [y/N] `);
	if (!/^y(es)?$/i.test(answer)) {
		io.err('not confirmed: nothing was changed');
		return {ok: false, exitCode: 1};
	}
	return {ok: true};
}
