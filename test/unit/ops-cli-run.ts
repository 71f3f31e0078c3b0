/** A subcommand run in process against a simulated homelab, with its output captured. */
import {PassThrough} from 'node:stream';
import type {SubcommandArgs} from '../../source/cli-args.js';
import {parseArgs} from '../../source/cli-args.js';
import {runSubcommand} from '../../source/subcommands/index.js';
import type {SubcommandDeps} from '../../source/subcommands/io.js';
import type {SimLab} from './ops-sim.js';

export interface Run {
	code: number;
	out: string;
	err: string;
}

export async function cli(lab: SimLab, argv: string[], options: {tty?: boolean; input?: string} = {}): Promise<Run> {
	const invocation = parseArgs(['--demo', ...argv]);
	const sub = invocation.subcommand as SubcommandArgs;
	let out = '';
	let err = '';
	const stdin = new PassThrough() as PassThrough & {isTTY?: boolean};
	if (options.tty) stdin.isTTY = true;
	if (options.input !== undefined) stdin.end(options.input);
	const deps: SubcommandDeps = {
		transport: lab.transport,
		collector: lab.env.collector,
		context: 'demo',
		options: invocation.options,
		stdin,
		stdout: {write: (t: string) => (out += t)},
		stderr: {write: (t: string) => (err += t)},
		journal: lab.journal,
		now: lab.env.now!,
		sleep: lab.env.sleep!,
		pollMs: 1000,
	};
	const code = await runSubcommand(sub, deps);
	return {code, out, err};
}
