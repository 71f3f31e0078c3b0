/**
 * `proxdeck demo reset|path`: the demo's saved homelab (sim/demo.ts) started afresh, or where
 * it is kept. Needs no host, so cli.tsx runs it before opening a target.
 */
import process from 'node:process';
import type {SubcommandArgs} from '../cli-args.js';
import {EXIT} from '../exit-codes.js';
import {breakDemoGuest, demoStatePath, resetDemo, unusableMessage} from '../sim/demo.js';
import {assertVmid, validated} from '../host/validate.js';
import {StateFileError} from '../sim/state-file.js';

export const DEMO_USAGE = 'usage: proxdeck demo reset|path|break <vmid>';

export interface DemoIo {
	stdout(text: string): void;
	stderr(text: string): void;
	env: Record<string, string | undefined>;
}

const processIo = (): DemoIo => ({
	stdout: (t) => process.stdout.write(t),
	stderr: (t) => process.stderr.write(t),
	env: process.env,
});

/** `cluster`: the 3-node cluster demo's homelab (`--demo-cluster`) rather than the single host's. */
export function demoCommand(args: SubcommandArgs, io: DemoIo = processIo(), cluster = false): number {
	const [verb, ...rest] = args.positional;
	if (verb === 'break' && rest.length === 1) return breakGuest(rest[0]!, io, cluster);
	if (rest.length > 0 || (verb !== 'reset' && verb !== 'path')) {
		io.stderr(
			`proxdeck: ${verb === undefined ? '' : `unknown demo command "${[verb, ...rest].join(' ')}"; `}${DEMO_USAGE}\n`,
		);
		return EXIT.usage;
	}
	if (verb === 'path') {
		io.stdout(`${demoStatePath(io.env, cluster)}\n`);
		return EXIT.ok;
	}
	try {
		const reset = resetDemo(io.env, cluster);
		if (reset.keptAs) io.stderr(`proxdeck: the old file could not be read; it is kept as ${reset.keptAs}\n`);
		io.stderr(
			`proxdeck: the demo's homelab starts afresh (${reset.file}); open consoles follow on their next refresh\n`,
		);
		return EXIT.ok;
	} catch (error) {
		const message = error instanceof StateFileError ? unusableMessage(error) : (error as Error).message;
		io.stderr(`proxdeck: ${message}\n`);
		return EXIT.error;
	}
}

/** Break a demo guest (its services stop inside it) to try a rollback or a restore on. */
function breakGuest(vmidText: string, io: DemoIo, cluster: boolean): number {
	const vmid = validated(() => assertVmid(vmidText));
	if (!vmid.ok) {
		io.stderr(`proxdeck: ${vmid.error.message}\n`);
		return EXIT.usage;
	}
	try {
		const broken = breakDemoGuest(vmid.value, io.env, cluster);
		if (!broken.ok) {
			io.stderr(`proxdeck: ${broken.message}\n`);
			return EXIT.error;
		}
		io.stderr(
			`proxdeck: the services of guest ${vmid.value} stopped inside it (${broken.services.join(', ')}), as a bad upgrade leaves them: its health checks fail until it starts again or rolls back\n`,
		);
		return EXIT.ok;
	} catch (error) {
		io.stderr(`proxdeck: ${error instanceof StateFileError ? unusableMessage(error) : (error as Error).message}\n`);
		return EXIT.error;
	}
}
