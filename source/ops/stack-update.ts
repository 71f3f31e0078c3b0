/**
 * A compose stack's update with a safety net (`proxdeck stack update <vmid> <stack>`):
 *
 * 1. pull: `docker compose pull`. Pulling only adds images and moves the tags; the running
 *    containers keep the image they started with until `up -d`. That makes the pull itself
 *    the newer-digest check, with nothing a Docker host may lack: no buildx, no experimental
 *    `docker manifest`, no registry API calls with their tokens (compose pulls with the
 *    credentials it already has), and one answer for single- and multi-platform images.
 * 2. compare: each container's image (`docker container inspect`) against the image its tag
 *    now points at (`docker image inspect`, with the repo digest): the ones that differ have
 *    a newer digest, and only they are recreated.
 * 3. snapshot the Docker host first (change-snapshot.ts), when something is newer and its
 *    storage allows.
 * 4. up: `docker compose up -d`.
 * 5. health: Docker's healthchecks (`docker compose ps --format json`) until every container
 *    runs and is healthy (or has none), then the catalog's probes when the Docker host is a
 *    catalog service. Health that fails rolls the guest back to the snapshot.
 *
 * Every step looks at the host, so running it again after a dropped link resumes: a pull
 * that already happened pulls nothing and containers already recreated compare equal. The
 * snapshot's note says whether its update finished (stack-resume.ts): a rerun after an update
 * cut off once its containers were recreated takes that snapshot over, waits for their
 * health and rolls back to it, as the run that was cut off would have.
 */
import type {Catalog} from '../catalog/types.js';
import {serviceAddress} from '../catalog/defaults.js';
import type {Snapshot} from '../model/snapshot.js';
import type {StepFailureInfo} from '../model/job-result.js';
import {parseComposePs} from '../host/parse/docker.js';
import {firstLine} from '../model/format.js';
import type {Job, JobStep, PlanEnv, StepContext} from './job.js';
import {newJobId} from './job.js';
import {composePs, composePull, composeUp, containerImage, imageInspect} from './docker-commands.js';
import {
	inspectContainer,
	noteFinished,
	readInterruptedUpdate,
	snapshotTime,
	updatingNote,
	type HostRead,
	type InterruptedUpdate,
	type StackContainer,
} from './stack-resume.js';
import {dockerHost, findStack} from './docker.js';
import {afterFailedChange, changeSnapshot, type ChangeSnapshot} from './change-snapshot.js';
import {preflightStep} from './preflight.js';
import {runProbe} from './probes.js';
import {StepFailure} from './runner.js';
import {showCommand} from './shared.js';

export interface StackUpdateRequest {
	vmid: number;
	stack: string;
	snapshotFirst?: boolean;
	/** Seconds to wait for the containers' health (default 120). */
	healthSec?: number;
	/** An update of this stack cut off after its containers were recreated, as read before planning. */
	interrupted?: InterruptedUpdate | null;
}

/** One container whose tag now points at another image than the one it runs. */
export interface NewerImage {
	container: string;
	image: string;
	from: string;
	to: string;
	/** The repo digest the tag now has (`sha256:…`), when docker knows it. */
	digest?: string;
}

/** A command for the plan; an image name the host reported that no command may carry is left out. */
function planned(show: () => string): string[] {
	try {
		return [show()];
	} catch {
		return [];
	}
}

const HEALTH_SEC = 120;
const short = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12);

/** `sha256:… ["repo@sha256:…"]` → the image id and its first repo digest. */
export function parseImageLine(text: string): {id: string; digest?: string} | null {
	const match = /^(sha256:[0-9a-f]{64}|[0-9a-f]{64})\s+(.*)$/.exec(text.trim());
	if (!match) return null;
	let digest: string | undefined;
	try {
		const list: unknown = JSON.parse(match[2]!);
		if (Array.isArray(list) && typeof list[0] === 'string') digest = /@(sha256:[0-9a-f]{64})$/.exec(list[0])?.[1];
	} catch {
		// `docker container inspect` prints the image name here, not JSON.
	}
	return {id: match[1]!, ...(digest ? {digest} : {})};
}

/** What the health step saw: done (every container up and healthy), failed (with why), or still starting. */
export function stackHealth(
	text: string,
	/** Judge only these containers (the ones the update recreated); absent: all. */
	only?: ReadonlySet<string>,
): {state: 'ok'; detail: string} | {state: 'failed' | 'waiting'; detail: string} {
	const parsed = parseComposePs(text);
	if (!parsed.ok) return {state: 'waiting', detail: parsed.error.message};
	const rows = only ? parsed.value.filter((r) => only.has(r.name)) : parsed.value;
	if (rows.length === 0) return {state: 'waiting', detail: 'no containers yet'};
	const bad = rows.filter(
		(r) => r.health === 'unhealthy' || r.state === 'restarting' || r.state === 'exited' || r.state === 'dead',
	);
	if (bad.length > 0)
		return {
			state: 'failed',
			detail: bad.map((r) => `${r.name} is ${r.health === 'unhealthy' ? 'unhealthy' : r.state}`).join(', '),
		};
	const waiting = rows.filter((r) => r.state !== 'running' || r.health === 'starting');
	if (waiting.length > 0)
		return {
			state: 'waiting',
			detail: waiting.map((r) => `${r.name} ${r.health === 'starting' ? 'starting' : r.state}`).join(', '),
		};
	const checked = rows.filter((r) => r.health === 'healthy').length;
	return {state: 'ok', detail: `${rows.map((r) => r.name).join(', ')} running, ${checked} healthy by a healthcheck`};
}

export function buildStackUpdateJob(
	request: StackUpdateRequest,
	snapshot: Snapshot | null,
	env: PlanEnv,
	catalog?: Catalog,
	readError?: string,
): Job {
	const {guest, ref, label, blockers} = dockerHost(snapshot, request.vmid, readError);
	const stack = findStack(guest, request.stack);
	const file = stack?.configFiles?.split(',')[0]?.trim();
	if (blockers.length === 0 && !stack) blockers.push(`no compose stack named ${request.stack} in ${label}`);
	else if (blockers.length === 0 && !file)
		blockers.push(`compose stack ${request.stack} does not say where its compose file is`);
	const path = file ?? `/srv/containers/${request.stack}/compose.yml`;
	const members = (guest?.containers ?? []).filter((c) => c.project === request.stack);
	const show = (c: Parameters<typeof showCommand>[1]): string => showCommand(env, c);
	const guard: ChangeSnapshot | null =
		guest && snapshot && blockers.length === 0
			? changeSnapshot(
					guest,
					snapshot,
					{...env, snapshotBeforeChange: request.snapshotFirst ?? env.snapshotBeforeChange},
					'stack',
					updatingNote(request.stack),
				)
			: null;
	const steps: JobStep[] = [];
	let newer: NewerImage[] = [];
	// Found by the compare step on the host (the plan's reading may be a moment old).
	let resumed: InterruptedUpdate | null = null;
	// What the health step judges: what this run recreates, and what a cut-off run did.
	const judged = (): Set<string> => new Set([...newer.map((n) => n.container), ...(resumed?.recreated ?? [])]);
	const cutOff = request.interrupted ?? null;

	steps.push({
		plan: {
			name: 'pull',
			title: `Pull the images of ${request.stack} (the running containers keep theirs until up -d)`,
			commands: [show(composePull(ref, path))],
		},
		changes: false,
		run: async (ctx) => {
			await ctx.run(composePull(ref, path));
		},
	});
	steps.push({
		plan: {
			name: 'compare',
			title: "Compare each container's image with the one its tag now points at: those are the newer digests",
			commands: [
				show(composePs(ref, path)),
				...members.map((c) => show(containerImage(ref, c.name))),
				...[...new Set(members.map((c) => c.image))].flatMap((image) => planned(() => show(imageInspect(ref, image)))),
			],
			note: 'only the containers whose image changed are recreated',
		},
		changes: false,
		run: async (ctx) => {
			const read: HostRead = (c) => ctx.run(c, {allowFailure: true});
			const seen = await compareImages(ctx, read, ref, path);
			newer = seen.newer;
			resumed = guest && guard ? await readInterruptedUpdate(read, guest, request.stack, seen.containers) : null;
			if (resumed) guard?.adopt(resumed.snapshot);
			const now =
				newer.length === 0
					? 'every image is current: nothing to recreate'
					: `newer: ${newer.map((n) => `${n.container} (${n.image} ${short(n.from)} → ${short(n.to)}${n.digest ? `, ${n.digest.slice(0, 19)}…` : ''})`).join(', ')}`;
			return resumed
				? `resuming the update cut off after ${resumed.recreated.join(', ')} ${resumed.recreated.length === 1 ? 'was' : 'were'} recreated (snapshot ${resumed.snapshot}); ${now}`
				: now;
		},
	});

	if (guard) {
		const take = guard.step.run;
		const skip = guard.step.plan.skip;
		const adopted = (name: string): string => `snapshot ${name}, taken by the cut-off update, stays the way back`;
		if (cutOff) {
			guard.step.plan.title = `No new snapshot: ${adopted(cutOff.snapshot)}`;
			if (skip === undefined)
				guard.step.plan.note = 'a snapshot is taken only if the host no longer shows the cut-off update by then';
		}
		// With a cut-off update known, the step runs even where the plan would skip it, to say which
		// snapshot is the way back; where the plan could take none, it still takes none.
		guard.step.run = async (ctx) =>
			resumed
				? adopted(resumed.snapshot)
				: skip !== undefined
					? `no snapshot: ${skip}`
					: newer.length === 0
						? 'nothing newer: no snapshot needed'
						: take?.(ctx);
		if (cutOff) delete guard.step.plan.skip;
		steps.push(guard.step);
	}
	steps.push({
		plan: {
			name: 'up',
			title: `Recreate the containers of ${request.stack} whose image is newer (up -d)`,
			commands: [show(composeUp(ref, path))],
		},
		changes: true,
		run: async (ctx) => {
			if (newer.length === 0)
				return resumed ? 'recreated by the cut-off update already' : 'nothing newer: left as it is';
			const result = await ctx.run(composeUp(ref, path));
			return (
				firstLine(
					result.stderr
						.split('\n')
						.filter((l) => /Recreated|Started/.test(l))
						.join('\n'),
				) || 'up'
			);
		},
	});
	const healthSec = request.healthSec ?? HEALTH_SEC;
	const service = catalog?.services.find((s) => s.vmid === request.vmid);
	steps.push({
		plan: {
			name: 'health',
			title: `Wait for the health of the recreated containers of ${request.stack}${cutOff ? ` (the cut-off update recreated ${cutOff.recreated.join(', ')})` : ''}${service ? `, then ${service.name}'s probes` : ''}`,
			commands: [show(composePs(ref, path))],
			note: `polled every ${(env.pollMs ?? 1000) / 1000}s, at most ${healthSec}s; unhealthy, exited or restarting fails it${guard ? ' and rolls back to the snapshot' : ''}`,
		},
		changes: false,
		run: async (ctx) => {
			// Nothing was recreated (or a rerun after the update): say how the stack is, without
			// failing on a container this run did not touch.
			const only = judged();
			if (only.size === 0) {
				const now = await ctx.run(composePs(ref, path), {allowFailure: true});
				return `nothing was recreated; now: ${stackHealth(now.stdout).detail}`;
			}
			const deadline = ctx.now() + healthSec * 1000;
			let last: string;
			for (;;) {
				const result = await ctx.run(composePs(ref, path), {allowFailure: true});
				// Only what this update recreated is judged: a crash loop it did not touch is not its failure.
				const seen = stackHealth(result.stdout, only);
				last = seen.detail;
				if (seen.state === 'failed')
					throw new StepFailure({
						message: `${request.stack} is not healthy after the update: ${seen.detail}`,
						detail: seen.detail,
					});
				if (seen.state === 'ok') break;
				if (ctx.now() >= deadline)
					throw new StepFailure({
						message: `${request.stack} did not become healthy in ${healthSec}s: ${last}`,
						detail: last,
					});
				ctx.progress(last);
				await ctx.sleep(ctx.env.pollMs ?? 1000);
			}
			if (service) {
				for (const probe of service.probes) {
					const outcome = await runProbe(
						(c) => ctx.run(c, {allowFailure: true, timeoutMs: 15_000}),
						probe,
						ref,
						serviceAddress(service),
					);
					if (!outcome.ok)
						throw new StepFailure({
							message: `${service.name}'s probe ${probe.name} failed after the update: ${outcome.detail}`,
						});
				}
				last += `; ${service.name}'s probes pass`;
			}
			return `${last}${await finish(ctx)}`;
		},
	});
	// A healthy update keeps its snapshot and notes it as finished, so no rerun resumes it.
	const finish = async (ctx: StepContext): Promise<string> => {
		const taken = guard?.taken();
		if (!taken || !guest) return '';
		const noted = await ctx.run(noteFinished(guest, taken, request.stack), {allowFailure: true});
		return noted.code === 0
			? `; snapshot ${taken} kept, noted as finished`
			: `; snapshot ${taken} kept, but its note could not be set (a rerun would wait for health again)`;
	};
	if (blockers.length > 0) steps.unshift(preflightStep({title: `Check ${label}`}, blockers));
	const changed = guard as ChangeSnapshot | null;
	return {
		id: newJobId('stack-update'),
		plan: {
			action: 'stack-update',
			target: `stack ${request.stack} in ${label}`,
			vmid: request.vmid,
			...(guest ? {node: guest.node} : {}),
			steps: steps.map((s) => s.plan),
			checks: cutOff
				? [
						{
							name: 'resume',
							ok: true,
							warning: true,
							detail: `an update of ${request.stack} was cut off after recreating ${cutOff.recreated.join(', ')} (snapshot ${cutOff.snapshot}, ${snapshotTime(cutOff.snaptime, (env.now ?? Date.now)())}): this run resumes it, waits for their health and rolls back to that snapshot if it fails`,
						},
					]
				: [],
			blockers,
			nothingToDo: false,
			dangerous: true,
		},
		steps,
		// Health that fails after the containers were recreated goes back to the snapshot, always:
		// a half-updated stack is what the snapshot is for. A run interrupted on its way out
		// starts no rollback: running it again resumes the update and decides.
		...(changed
			? {
					onFailure: async (ctx: StepContext, failure: StepFailureInfo, _rollback: boolean, interrupted?: boolean) => {
						if (failure.step !== 'up' && failure.step !== 'health') return {leftovers: [], rolledBack: []};
						const taken = changed.taken();
						if (interrupted && taken)
							return {
								leftovers: [
									`the update of ${request.stack} is cut off after up -d; snapshot ${taken} holds guest ${request.vmid} as it was, and running the update again resumes it (waits for health, rolls back if it fails)`,
								],
								rolledBack: [],
							};
						return afterFailedChange(ctx, changed, request.vmid, true);
					},
				}
			: {}),
	};
}

/** The stack's containers, and each whose tag points at another image than the one it runs. */
async function compareImages(
	ctx: StepContext,
	read: HostRead,
	ref: {vmid: number; node: string},
	path: string,
): Promise<{newer: NewerImage[]; containers: StackContainer[]}> {
	const ps = await ctx.run(composePs(ref, path));
	const rows = parseComposePs(ps.stdout);
	if (!rows.ok) throw new StepFailure({message: `could not read the stack's containers: ${rows.error.message}`});
	const found: NewerImage[] = [];
	const containers: StackContainer[] = [];
	const tags = new Map<string, {id: string; digest?: string} | null>();
	for (const row of rows.value) {
		const running = await inspectContainer(read, ref, row.name);
		if (!running) continue;
		containers.push(running);
		const {from, image} = running;
		if (!tags.has(image)) {
			const tag = await ctx.run(imageInspect(ref, image), {allowFailure: true});
			tags.set(image, tag.code === 0 ? parseImageLine(tag.stdout) : null);
		}
		const now = tags.get(image);
		if (now && now.id !== from)
			found.push({container: row.name, image, from, to: now.id, ...(now.digest ? {digest: now.digest} : {})});
	}
	return {newer: found, containers};
}
