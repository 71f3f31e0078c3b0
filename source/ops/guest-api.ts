/**
 * A guest's state and snapshots read through the API (`pvesh get /nodes/<node>/…`), which
 * works for containers and VMs alike and reaches the guest's own node without a hop; and the
 * API start, a task like any other write.
 */
import type {GuestSnapshot} from '../model/safety.js';
import type {Guest, GuestStatus, GuestType, Snapshot} from '../model/snapshot.js';
import {parsePveshGuestStatus} from '../host/parse/pvesh-resources.js';
import {parseSnapshotList} from '../host/parse/snapshots.js';
import {assertNode, assertVmid, validated} from '../host/validate.js';
import type {JobStep, StepContext} from './job.js';
import type {StepCommand} from '../host/host-command.js';
import {API_READ_MS, snapshotList, task} from './safety-commands.js';
import {StepFailure} from './runner.js';
import type {NodeRouter} from '../host/node-router.js';

const kind = (type: GuestType): string => (type === 'qemu' ? 'qemu' : 'lxc');

export function statusCurrent(node: string, type: GuestType, vmid: number): StepCommand {
	return {
		argv: [
			'pvesh',
			'get',
			`/nodes/${assertNode(node)}/${kind(type)}/${assertVmid(vmid)}/status/current`,
			'--output-format',
			'json',
		],
		root: true,
		timeoutMs: API_READ_MS,
	};
}

/** `pvesh create /nodes/<node>/<type>/<vmid>/status/start` (task vzstart/qmstart), detached like every task. */
export function apiStart(node: string, type: GuestType, vmid: number): StepCommand {
	return task('create', `/nodes/${assertNode(node)}/${kind(type)}/${assertVmid(vmid)}/status/start`);
}

/** A guest as the API needs it; in a fleet, the context it belongs to. */
export type Located = Pick<Guest, 'vmid' | 'node' | 'type'> & {context?: string};

/**
 * The node a job's API command names: the first one given (the guest's own); else (a guest
 * that is not there, which the plan refuses anyway, or a new one) the node proxdeck is
 * connected to, which the API also knows as `localhost`.
 */
export function apiNode(snapshot: Snapshot | null, ...preferred: (string | undefined)[]): string {
	return preferred.find((n) => n !== undefined) ?? snapshot?.nodes.find((n) => n.local)?.name ?? 'localhost';
}

/** One read of the guest's state; `missing` when its config does not exist. */
export async function readGuestStatus(
	ctx: StepContext,
	guest: Located,
): Promise<{status: GuestStatus | 'missing' | null; error?: string}> {
	const result = await ctx.run(statusCurrent(guest.node, guest.type, guest.vmid), {
		allowFailure: true,
		timeoutMs: 15_000,
	});
	if (result.code === 0) {
		const parsed = parsePveshGuestStatus(result.stdout, guest.type, guest.node);
		return parsed.ok ? {status: parsed.value.status} : {status: null, error: parsed.error.message};
	}
	const text = `${result.stderr}\n${result.stdout}`;
	if (/does not exist/.test(text)) return {status: 'missing'};
	return {status: null, error: text.trim().split('\n')[0] ?? `exit ${result.code}`};
}

/** Poll until the guest is `want`, or fail after `timeoutSec` quoting the last state seen. */
export async function waitGuest(
	ctx: StepContext,
	guest: Located,
	want: GuestStatus,
	timeoutSec: number,
): Promise<string> {
	const started = ctx.now();
	for (;;) {
		const {status, error} = await readGuestStatus(ctx, guest);
		if (status === want) return `${want} after ${Math.round((ctx.now() - started) / 100) / 10}s`;
		if (status === 'missing') throw new StepFailure({message: `guest ${guest.vmid} does not exist`});
		const last = status ?? error ?? 'unreadable';
		ctx.progress(`guest ${guest.vmid}: ${last} (${Math.round((ctx.now() - started) / 1000)}s)`);
		if (ctx.now() - started >= timeoutSec * 1000)
			throw new StepFailure({
				message: `guest ${guest.vmid} was not ${want} after ${timeoutSec}s (last status: ${last})`,
				detail: last,
			});
		await ctx.sleep(ctx.env.pollMs ?? 1000);
	}
}

/** A guest's snapshots and `current`, for the views and the plans that need the list. */
export async function fetchSnapshots(
	env: {nodes: Pick<NodeRouter, 'render' | 'exec'>},
	guest: Located,
	signal?: AbortSignal,
): Promise<{ok: true; list: GuestSnapshot[]} | {ok: false; error: string}> {
	// A node name the host reported that no command may carry is refused here, like a failed read.
	const built = validated(() => snapshotList(guest.node, guest.type, guest.vmid));
	if (!built.ok) return {ok: false, error: built.error.message};
	const command = built.value;
	try {
		const line = env.nodes.render(command);
		const result = await env.nodes.exec(command, {timeoutMs: 30_000, ...(signal ? {signal} : {})});
		if (result.interrupted)
			return {
				ok: false,
				error: `\`${line}\` was ${result.interrupted === 'timeout' ? 'timed out' : result.interrupted}`,
			};
		if (result.code !== 0)
			return {
				ok: false,
				error: `\`${line}\` exited ${result.code}: ${(result.stderr || result.stdout).trim().split('\n')[0] ?? ''}`,
			};
		const parsed = parseSnapshotList(result.stdout);
		return parsed.ok ? {ok: true, list: parsed.value} : {ok: false, error: parsed.error.message};
	} catch (error) {
		return {ok: false, error: error instanceof Error ? error.message : String(error)};
	}
}

/** The step after a task that starts the guest: wait until the API says it runs (at most 120 s). */
export function waitRunningStep(guest: Located, title: string): JobStep {
	return {
		plan: {name: 'wait-running', title, commands: [], note: 'its status polled through the API, at most 120s'},
		changes: false,
		run: (ctx) => waitGuest(ctx, guest, 'running', 120),
	};
}
