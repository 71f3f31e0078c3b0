/**
 * `pct status <vmid>` (one exec per poll): `status: running`. Used to wait for a start or a
 * shutdown without fixed sleeps, and to see what a failed run left behind.
 */
import type {ParseResult} from '../model/result.js';
import {parsed, parseFailure} from '../model/result.js';
import type {GuestStatus} from '../model/snapshot.js';
import type {StepContext} from './job.js';
import {pctStatus, type GuestRef} from './pct-commands.js';
import {StepFailure} from './runner.js';

const STATES = new Set<GuestStatus>(['running', 'stopped', 'paused', 'suspended']);

export function parsePctStatus(text: string): ParseResult<GuestStatus> {
	const match = /^status:\s*(\S+)\s*$/m.exec(text);
	if (!match)
		return parseFailure('pct status', `expected "status: <state>", got ${JSON.stringify(text.trim().slice(0, 80))}`);
	const state = match[1]! as GuestStatus;
	return parsed(STATES.has(state) ? state : 'unknown');
}

export type ObservedStatus = GuestStatus | 'missing';

/** One read of a guest's state; `missing` when Proxmox says its config does not exist. */
export async function readStatus(
	ctx: StepContext,
	guest: GuestRef,
): Promise<{status: ObservedStatus | null; error?: string}> {
	const result = await ctx.run(pctStatus(guest), {allowFailure: true});
	if (result.code === 0) {
		const status = parsePctStatus(result.stdout);
		return status.ok ? {status: status.value} : {status: null, error: status.error.message};
	}
	const text = `${result.stderr}\n${result.stdout}`;
	if (/does not exist/.test(text)) return {status: 'missing'};
	return {status: null, error: text.trim().split('\n')[0] ?? `exit ${result.code}`};
}

/**
 * Poll until the guest reports `want`, or fail after `timeoutSec`. A failed read is retried
 * (a busy pmxcfs answers the next time); the timeout message quotes the last thing seen.
 */
export async function waitForStatus(
	ctx: StepContext,
	guest: GuestRef,
	want: GuestStatus,
	timeoutSec: number,
): Promise<string> {
	const {vmid} = guest;
	const pollMs = ctx.env.pollMs ?? 1000;
	const started = ctx.now();
	for (;;) {
		const {status, error} = await readStatus(ctx, guest);
		if (status === want) return `${want} after ${Math.round((ctx.now() - started) / 100) / 10}s`;
		if (status === 'missing')
			throw new StepFailure({
				message: `guest ${vmid} does not exist`,
				detail: `Configuration file for ${vmid} does not exist`,
			});
		const last = status ?? error ?? 'unreadable';
		ctx.progress(`guest ${vmid}: ${last} (${Math.round((ctx.now() - started) / 1000)}s)`);
		if (ctx.now() - started >= timeoutSec * 1000) {
			throw new StepFailure({
				message: `guest ${vmid} was not ${want} after ${timeoutSec}s (last status: ${last})`,
				detail: last,
			});
		}
		await ctx.sleep(pollMs);
	}
}
