/**
 * docker's write side and the reads a stack update needs, inside the simulated Docker host:
 * `image inspect`, `container inspect`, `rm`, `system prune`, and compose's `ps --format json`,
 * `logs` (the stack's containers merged, `name  | line`), `pull` and `up -d` against a
 * registry that has a newer image for one container of the web stack, whose healthcheck
 * fails after the update (so the demo's update rolls back).
 */
import {ok, type SimContext} from './cmd-util.js';
import type {SimResult} from './faults.js';
import {containerLogSource, tailLines, type LogSource, type SimLogLine} from './journal.js';
import {hexFrom} from './prng.js';
import {renderDockerLogLine} from './render/docker.js';
import type {SimContainer, SimGuest, SimState} from './types.js';

/** Images the registry has a newer build of; `unhealthy`: that build fails its healthcheck. */
export const REGISTRY_NEWER: Readonly<Record<string, {unhealthy: boolean}>> = {
	'ghcr.io/wizarrrr/wizarr:latest': {unhealthy: true},
};
/** How long a recreated container's healthcheck reports `starting` before its verdict. */
const HEALTH_START_MS = 2_000;

interface SimImage {
	id: string;
	digest: string;
	unhealthy?: boolean;
}

const imageOf = (ref: string, build: 'base' | 'newer'): SimImage => ({
	id: `sha256:${hexFrom(32, 'image', build, ref)}`,
	digest: `sha256:${hexFrom(32, 'digest', build, ref)}`,
	...(build === 'newer' && REGISTRY_NEWER[ref]?.unhealthy ? {unhealthy: true} : {}),
});

/** What the tag points at on the Docker host (pulled images are kept in its docker state). */
function localImage(guest: SimGuest, ref: string): SimImage {
	return guest.docker?.images?.[ref] ?? imageOf(ref, 'base');
}

function runningImage(guest: SimGuest, ctr: SimContainer): string {
	return ctr.imageId ?? imageOf(ctr.image, 'base').id;
}

const repoOf = (ref: string): string => ref.replace(/:[^/:]+$/, '');

/** A go template with the fields proxdeck asks for, filled in. */
function fill(format: string, fields: Record<string, string>): string {
	return format.replace(/\{\{\s*(json\s+)?(\.[A-Za-z.]+)\s*\}\}/g, (all, json: string | undefined, path: string) => {
		const value = fields[path];
		if (value === undefined) return all;
		return json ? value : value.replace(/^"|"$/g, '');
	});
}

function formatArg(args: readonly string[]): string | undefined {
	const i = args.findIndex((a) => a === '--format' || a === '-f');
	return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith('--format='))?.slice(9);
}

export function imageInspect(guest: SimGuest, args: readonly string[]): SimResult {
	const refs = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '--format' && args[i - 1] !== '-f');
	let stdout = '';
	for (const ref of refs) {
		const known = guest.docker?.containers.some((c) => c.image === ref) || guest.docker?.images?.[ref];
		if (!known) return {stdout, stderr: `Error response from daemon: No such image: ${ref}\n`, code: 1};
		const image = localImage(guest, ref);
		const digests = JSON.stringify([`${repoOf(ref)}@${image.digest}`]);
		stdout += `${fill(formatArg(args) ?? '{{json .}}', {'.Id': image.id, '.RepoDigests': digests})}\n`;
	}
	return ok(stdout);
}

export function containerInspect(guest: SimGuest, args: readonly string[], now: number): SimResult {
	const names = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '--format' && args[i - 1] !== '-f');
	let stdout = '';
	for (const name of names) {
		const ctr = guest.docker?.containers.find((c) => c.name === name || c.id.startsWith(name));
		if (!ctr) return {stdout, stderr: `Error response from daemon: No such container: ${name}\n`, code: 1};
		settleHealth(ctr, now);
		stdout += `${fill(formatArg(args) ?? '{{.Id}}', {
			'.Id': ctr.id,
			'.Name': `/${ctr.name}`,
			'.Image': runningImage(guest, ctr),
			'.Config.Image': ctr.image,
			'.Created': new Date(ctr.createdAt).toISOString(),
			'.State.Status': ctr.state,
		})}\n`;
	}
	return ok(stdout);
}

/** A recreated container's healthcheck gives its verdict once its start period is over. */
export function settleHealth(ctr: SimContainer, now: number): void {
	if (ctr.healthFailsAt !== undefined && now >= ctr.healthFailsAt && ctr.health === 'starting')
		ctr.health = 'unhealthy';
}

export function removeContainer(guest: SimGuest, names: readonly string[]): SimResult {
	let stdout = '';
	for (const name of names) {
		const ctr = guest.docker?.containers.find((c) => c.name === name || c.id.startsWith(name));
		if (!ctr) return {stdout, stderr: `Error response from daemon: No such container: ${name}\n`, code: 1};
		if (ctr.state === 'running' || ctr.state === 'restarting' || ctr.state === 'paused')
			return {
				stdout,
				stderr: `Error response from daemon: cannot remove container "/${ctr.name}": container is ${ctr.state}: stop the container before removing or force remove\n`,
				code: 1,
			};
		guest.docker!.containers = guest.docker!.containers.filter((c) => c !== ctr);
		stdout += `${name}\n`;
	}
	return ok(stdout);
}

/** `docker system prune -f`, as docker words it. */
export function systemPrune(guest: SimGuest): SimResult {
	const stopped = (guest.docker?.containers ?? []).filter((c) => c.state === 'exited' || c.state === 'created');
	guest.docker!.containers = guest.docker!.containers.filter((c) => !stopped.includes(c));
	const lines = [
		...(stopped.length > 0 ? ['Deleted Containers:', ...stopped.map((c) => c.id), ''] : []),
		'Deleted Images:',
		`deleted: sha256:${hexFrom(32, 'dangling', guest.vmid)}`,
		'',
		'Deleted build cache objects:',
		hexFrom(12, 'cache', guest.vmid).slice(0, 25),
		'',
		`Total reclaimed space: ${(1.2 + stopped.length * 0.1).toFixed(1)}GB`,
	];
	return ok(`${lines.join('\n')}\n`);
}

/** `docker compose ps --format json`: one JSON object a line (Compose 2.21 and later). */
export function composePsJson(members: SimContainer[], project: string, now: number): string {
	return members
		.map((c) => {
			settleHealth(c, now);
			return `${JSON.stringify({
				Command: c.command,
				CreatedAt: new Date(c.createdAt).toISOString(),
				ExitCode: c.state === 'running' ? 0 : c.exitCode,
				Health: c.health ?? '',
				ID: c.id,
				Image: c.image,
				Name: c.name,
				Project: project,
				Publishers: null,
				Service: c.service ?? c.name,
				State: c.state,
				Status: c.state,
			})}\n`;
		})
		.join('');
}

/** `docker compose pull`: every image the registry has newer is pulled; the containers are not touched. */
export function composePull(guest: SimGuest, members: SimContainer[]): SimResult {
	let stderr = '';
	for (const c of members) {
		const service = c.service ?? c.name;
		stderr += ` ${service} Pulling \n`;
		if (REGISTRY_NEWER[c.image] && localImage(guest, c.image).id !== imageOf(c.image, 'newer').id) {
			guest.docker!.images = {...guest.docker!.images, [c.image]: imageOf(c.image, 'newer')};
			stderr += ` ${service} Downloaded newer image \n`;
		}
		stderr += ` ${service} Pulled \n`;
	}
	return {stdout: '', stderr, code: 0};
}

/** `docker compose up -d`: recreates the containers whose tag moved, starts the stopped ones. */
export function composeUp(ctx: SimContext, guest: SimGuest, members: SimContainer[]): SimResult {
	let stderr = '';
	for (const c of members) {
		const image = localImage(guest, c.image);
		if (runningImage(guest, c) !== image.id) {
			c.imageId = image.id;
			c.createdAt = ctx.now;
			c.startedAt = ctx.now;
			c.state = 'running';
			if (image.unhealthy) {
				c.health = 'starting';
				c.healthFailsAt = ctx.now + HEALTH_START_MS;
			}
			stderr += ` Container ${c.name}  Recreate\n Container ${c.name}  Recreated\n Container ${c.name}  Starting\n Container ${c.name}  Started\n`;
		} else if (c.state !== 'running' && c.state !== 'restarting') {
			c.state = 'running';
			c.startedAt = ctx.now;
			stderr += ` Container ${c.name}  Starting\n Container ${c.name}  Started\n`;
		} else stderr += ` Container ${c.name}  Running\n`;
	}
	return {stdout: '', stderr, code: 0};
}

/** Each container's log source, for a stack's merged logs (compose's --tail counts per container). */
export function stackLogSources(state: SimState, guest: SimGuest, members: SimContainer[]): LogSource[] {
	return members.map((c) => containerLogSource(state, guest, c));
}

/** compose's prefix: the container name padded to the longest of the stack, then ` | `. */
export function stackLogFormat(members: SimContainer[], timestamps: boolean): (line: SimLogLine) => string {
	const width = Math.max(0, ...members.map((c) => c.name.length));
	return (line) => `${line.ident.padEnd(width)}  | ${renderDockerLogLine(line, timestamps)}`;
}

/** `docker compose logs` without --follow: the last lines of every container, merged. */
export function composeLogs(
	ctx: SimContext,
	guest: SimGuest,
	members: SimContainer[],
	args: readonly string[],
): SimResult {
	const tailAt = args.indexOf('--tail');
	const tail = tailAt >= 0 && args[tailAt + 1] !== 'all' ? Number(args[tailAt + 1]) : 1000;
	const lines = stackLogSources(ctx.state, guest, members)
		.flatMap((source) => tailLines(ctx.state, source, ctx.now, tail).lines)
		.sort((a, b) => a.time - b.time);
	const format = stackLogFormat(members, args.includes('-t') || args.includes('--timestamps'));
	return ok(lines.map((l) => `${format(l)}\n`).join(''));
}
