/**
 * Docker inside a Docker-host guest, as argv: every command runs through `pct exec <vmid> --`
 * on the guest's node (pctExec), and every name in it is validated here first, so the one
 * quoting place (host/quote.ts) is all that turns it into a line. A stack is addressed by its
 * compose project (`-p`, what compose finds its containers by) for start/stop/restart/logs/ps,
 * and by its compose file (`-f`) where compose needs the file itself (pull, up).
 */
import {containerLogs, inGuest} from '../host/commands.js';
import type {GuestRef, HostCommand, StepCommand} from '../host/host-command.js';
import {assertContainerName, assertLineCount, assertNode, assertPath, InvalidValueError} from '../host/validate.js';
import {pctExec} from './pct-commands.js';

export type ContainerVerb = 'start' | 'stop' | 'restart';
export type StackVerb = 'start' | 'stop' | 'restart';

/** An image reference as compose files name them (`ghcr.io/org/app:1.2`, `nginx@sha256:…`). */
export function assertImageRef(value: string): string {
	if (!/^[a-z0-9][a-z0-9._/:@-]{0,254}$/i.test(value) || value.includes('..'))
		throw new InvalidValueError('image', value, 'an image reference like ghcr.io/org/app:1.2');
	return value;
}

const project = (stack: string): string[] => ['-p', assertContainerName(stack)];
const file = (configFile: string): string[] => ['-f', assertPath(configFile, 'compose file')];

/** `docker start|stop|restart <ctr>`. */
export function containerVerb(guest: GuestRef, verb: ContainerVerb, container: string): StepCommand {
	return pctExec(guest, ['docker', verb, assertContainerName(container)]);
}

/** `docker rm <ctr>`: without -f, so docker itself refuses a running container too. */
export function containerRemove(guest: GuestRef, container: string): StepCommand {
	return pctExec(guest, ['docker', 'rm', assertContainerName(container)]);
}

/** `docker compose -p <stack> start|stop|restart`. */
export function stackVerb(guest: GuestRef, verb: StackVerb, stack: string): StepCommand {
	return pctExec(guest, ['docker', 'compose', ...project(stack), verb]);
}

/** A compose stack's update, first half: `docker compose -f F pull` (the running containers are not touched). */
export function composePull(guest: GuestRef, configFile: string): StepCommand {
	return pctExec(guest, ['docker', 'compose', ...file(configFile), 'pull']);
}

/** Second half: `docker compose -f F up -d` recreates the containers whose image changed. */
export function composeUp(guest: GuestRef, configFile: string): StepCommand {
	return pctExec(guest, ['docker', 'compose', ...file(configFile), 'up', '-d']);
}

/** `docker compose -f F ps -a --format json`: each container's state and Docker health. */
export function composePs(guest: GuestRef, configFile: string): StepCommand {
	return pctExec(guest, ['docker', 'compose', ...file(configFile), 'ps', '-a', '--format', 'json']);
}

/** `docker image inspect --format '{{.Id}} {{json .RepoDigests}}' <image>`: what the tag points at locally. */
export function imageInspect(guest: GuestRef, image: string): StepCommand {
	return pctExec(guest, [
		'docker',
		'image',
		'inspect',
		'--format',
		'{{.Id}} {{json .RepoDigests}}',
		assertImageRef(image),
	]);
}

/**
 * `docker container inspect --format '{{.Image}} {{.Config.Image}} {{.Created}}' <ctr>`: the image a
 * container runs now, and when it was created (RFC 3339: a rerun tells what an update recreated).
 */
export function containerImage(guest: GuestRef, container: string): StepCommand {
	return pctExec(guest, [
		'docker',
		'container',
		'inspect',
		'--format',
		'{{.Image}} {{.Config.Image}} {{.Created}}',
		assertContainerName(container),
	]);
}

/** `docker system prune -f`: stopped containers, unused networks, dangling images, build cache. */
export function systemPrune(guest: GuestRef): StepCommand {
	return pctExec(guest, ['docker', 'system', 'prune', '-f']);
}

/** `pct exec <vmid> -- docker exec -it <ctr> sh`: a shell in the container (a terminal session, like pct enter). */
export function containerShell(guest: GuestRef, container: string): HostCommand {
	return {
		argv: inGuest(guest.vmid, ['docker', 'exec', '-it', assertContainerName(container), 'sh']),
		root: true,
		node: assertNode(guest.node),
	};
}

/** A container's log stream: `docker logs [-f] -t --tail N <ctr>`. */
export function containerLogStream(guest: GuestRef, container: string, lines: number, follow: boolean): HostCommand {
	return {argv: containerLogs(guest.vmid, container, lines, follow), root: true, node: assertNode(guest.node)};
}

/**
 * A stack's containers merged, as `docker compose logs` merges them: each line starts with
 * the container's name and ` | ` (colour off: proxdeck colours the names itself).
 */
export function stackLogStream(guest: GuestRef, stack: string, lines: number, follow: boolean): HostCommand {
	return {
		argv: inGuest(guest.vmid, [
			'docker',
			'compose',
			...project(stack),
			'logs',
			'--no-color',
			...(follow ? ['-f'] : []),
			'-t',
			'--tail',
			String(assertLineCount(lines)),
		]),
		root: true,
		node: assertNode(guest.node),
	};
}
