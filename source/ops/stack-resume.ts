/**
 * Resuming a stack update that was cut off after `up -d` (a dropped link, a killed proxdeck).
 * Such an update leaves two things on the Docker host: the snapshot it took first, whose note
 * still says the update is under way, and containers created after that snapshot. A rerun
 * finds both, waits for those containers' health, rolls back to that snapshot when it fails
 * and, when it passes, notes the snapshot as finished, as an update that was never cut off does.
 * The host is the record, not the local journal: a killed process journals nothing, and the
 * journal of another machine is not here.
 */
import type {Guest} from '../model/snapshot.js';
import type {GuestSnapshot} from '../model/safety.js';
import type {StepCommand} from '../host/host-command.js';
import {parseSnapshotList} from '../host/parse/snapshots.js';
import type {OpsEnv} from './job.js';
import {containerImage} from './docker-commands.js';
import type {GuestRef} from '../host/host-command.js';
import {snapshotDescribe, snapshotList} from './safety-commands.js';

/** The note of the snapshot an update of `stack` takes first, while the update is under way. */
export const updatingNote = (stack: string): string => `before the update of stack ${stack} (proxdeck)`;
/** The same snapshot's note once that update finished healthy. */
export const finishedNote = (stack: string): string =>
	`before the update of stack ${stack}, which finished healthy (proxdeck)`;

/** A container of the stack as `docker container inspect` told it: the image it runs, when it was created. */
export interface StackContainer {
	container: string;
	image: string;
	/** The image id it runs. */
	from: string;
	/** Creation time (ms); null when docker's answer had none that parses. */
	createdMs: number | null;
}

/** An update of the stack that never finished, and what it recreated. */
export interface InterruptedUpdate {
	/** The snapshot it took first: the way back. */
	snapshot: string;
	/** When that snapshot was taken (Unix seconds). */
	snaptime: number;
	/** The stack's containers created since: the ones that update recreated. */
	recreated: string[];
}

/**
 * The newest snapshot an update of `stack` took, when that update never finished and
 * containers of the stack were created after it; null otherwise (no such snapshot, the newest
 * one finished, or the run was cut off before anything was recreated).
 */
export function interruptedUpdate(
	snapshots: readonly GuestSnapshot[],
	stack: string,
	containers: readonly StackContainer[],
): InterruptedUpdate | null {
	const notes = new Set([updatingNote(stack), finishedNote(stack)]);
	let newest: GuestSnapshot | undefined;
	for (const s of snapshots)
		if (!s.current && s.snaptime !== null && notes.has(s.description) && s.snaptime > (newest?.snaptime ?? -1))
			newest = s;
	if (!newest || newest.description !== updatingNote(stack) || newest.snaptime === null) return null;
	const since = newest.snaptime * 1000;
	const recreated = containers.filter((c) => c.createdMs !== null && c.createdMs >= since).map((c) => c.container);
	return recreated.length > 0 ? {snapshot: newest.name, snaptime: newest.snaptime, recreated} : null;
}

/** Runs one read on the host; a failed read is answered, not thrown. */
export type HostRead = (command: StepCommand) => Promise<{stdout: string; code: number | null}>;

/** A read straight through the node router, for planning (outside a job's steps). */
export const planRead =
	(env: Pick<OpsEnv, 'nodes'>, signal?: AbortSignal): HostRead =>
	async (command) =>
		env.nodes.exec(command, {timeoutMs: command.timeoutMs, ...(signal ? {signal} : {})});

/** A container's image and creation time (`docker container inspect`); null when docker does not know it. */
export async function inspectContainer(read: HostRead, ref: GuestRef, name: string): Promise<StackContainer | null> {
	const answer = await read(containerImage(ref, name));
	const [from, image, created] = answer.code === 0 ? answer.stdout.trim().split(/\s+/, 3) : [];
	if (!from || !image) return null;
	const createdMs = created ? Date.parse(created) : Number.NaN;
	return {container: name, image, from, createdMs: Number.isFinite(createdMs) ? createdMs : null};
}

/** For the plan: the interrupted update of `stack`, read from the host before anything runs. */
export async function findInterruptedUpdate(
	read: HostRead,
	guest: Guest,
	ref: GuestRef,
	stack: string,
): Promise<InterruptedUpdate | null> {
	try {
		const containers: StackContainer[] = [];
		for (const c of (guest.containers ?? []).filter((m) => m.project === stack)) {
			const seen = await inspectContainer(read, ref, c.name);
			if (seen) containers.push(seen);
		}
		return await readInterruptedUpdate(read, guest, stack, containers);
	} catch {
		// A name no command may carry: the compare step reads the stack again and says why.
		return null;
	}
}

/** The Docker host's snapshots, then the interrupted update among them (null when they cannot be read). */
export async function readInterruptedUpdate(
	read: HostRead,
	guest: Guest,
	stack: string,
	containers: readonly StackContainer[],
): Promise<InterruptedUpdate | null> {
	const list = await read(snapshotList(guest.node, guest.type, guest.vmid));
	const parsed = list.code === 0 ? parseSnapshotList(list.stdout) : null;
	return parsed?.ok ? interruptedUpdate(parsed.value, stack, containers) : null;
}

/** The command that notes the update's snapshot as finished. */
export const noteFinished = (guest: Guest, snapshot: string, stack: string): StepCommand =>
	snapshotDescribe(guest.node, guest.type, guest.vmid, snapshot, finishedNote(stack));

/** `12:05 UTC` (today) or `2025-06-01 12:05 UTC`: when the cut-off update took its snapshot. */
export function snapshotTime(snaptime: number, nowMs: number): string {
	const iso = new Date(snaptime * 1000).toISOString();
	const day = iso.slice(0, 10);
	return `${day === new Date(nowMs).toISOString().slice(0, 10) ? '' : `${day} `}${iso.slice(11, 16)} UTC`;
}
