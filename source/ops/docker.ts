/**
 * Actions on Docker inside a Docker-host guest, each built as a plan + job from one snapshot:
 * start, stop, restart or remove a container; start, stop or restart a whole compose stack;
 * prune the Docker host (`docker system prune`). Every command goes to the guest's node
 * (pctExec carries it) and is built in docker-commands.ts. A stack's update with its safety
 * net is stack-update.ts's.
 */
import type {Container, ComposeStack, Guest, Snapshot} from '../model/snapshot.js';
import {formatBytes} from '../model/format.js';
import type {GuestRef} from '../host/host-command.js';
import type {Job, JobStep, PlanEnv} from './job.js';
import type {StepCommand} from '../host/host-command.js';
import {newJobId} from './job.js';
import {containerRemove, containerVerb, stackVerb, systemPrune} from './docker-commands.js';
import {offlineNodeBlocker, preflightStep} from './preflight.js';
import {guestRef, showCommand} from './shared.js';

export type DockerRequest =
	| {
			action: 'container-start' | 'container-stop' | 'container-restart' | 'container-rm';
			vmid: number;
			container: string;
	  }
	| {action: 'stack-start' | 'stack-stop' | 'stack-restart'; vmid: number; stack: string}
	| {action: 'docker-prune'; vmid: number};

export type DockerAction = DockerRequest['action'];

/** A Docker host as a job sees it: the guest, where its commands go, and why nothing can run. */
export interface DockerHost {
	guest: Guest | undefined;
	ref: GuestRef;
	label: string;
	blockers: string[];
}

/** The Docker-host guest `vmid` of a snapshot, and what stops a Docker command from running in it now. */
export function dockerHost(snapshot: Snapshot | null, vmid: number, readError?: string): DockerHost {
	const guest = snapshot?.guests.find((g) => g.vmid === vmid);
	const label = guest ? `${guest.name} (${vmid})` : `guest ${vmid}`;
	const blockers: string[] = [];
	const offline = snapshot && guest ? offlineNodeBlocker(snapshot, guest.node, `guest ${label}`) : null;
	if (!snapshot) blockers.push(readError ?? 'could not read the host state');
	else if (!guest) blockers.push(`guest ${vmid} does not exist`);
	else if (offline) blockers.push(offline);
	else if (guest.type !== 'lxc')
		blockers.push(`${label} is a VM: proxdeck reaches Docker in containers (pct exec) only`);
	else if (guest.status !== 'running')
		blockers.push(`${label} is ${guest.status}: start it first (proxdeck start ${vmid})`);
	else if (!guest.containers) blockers.push(`${label} is not a Docker host (no containers were read from it)`);
	else if (guest.containers.some((c) => c.runtime === 'podman'))
		blockers.push(`${label} runs podman: these actions use docker (open a shell in it with s and use podman there)`);
	return {guest, ref: guestRef(snapshot, vmid), label, blockers};
}

/** Why a container cannot take this action now (docker's own refusals, said before the key). */
export function containerRefusal(container: Container | undefined, action: DockerAction, name: string): string | null {
	if (!container) return `no container named ${name}`;
	const running = container.state === 'running' || container.state === 'restarting' || container.state === 'paused';
	if (action === 'container-rm' && running)
		return `${name} is ${container.state}: stop it first (docker rm refuses a running container)`;
	return null;
}

/** The stack a container row belongs to, or a named one. */
export function findStack(guest: Guest | undefined, name: string): ComposeStack | undefined {
	return guest?.stacks?.find((s) => s.name === name);
}

const VERB: Record<DockerAction, string> = {
	'container-start': 'Start',
	'container-stop': 'Stop',
	'container-restart': 'Restart',
	'container-rm': 'Remove',
	'stack-start': 'Start',
	'stack-stop': 'Stop',
	'stack-restart': 'Restart',
	'docker-prune': 'Prune',
};

/** Only a start of something already up changes nothing; stop, restart, rm and prune always act. */
function alreadyDone(request: DockerRequest, guest: Guest | undefined): string | undefined {
	if (request.action === 'container-start') {
		const c = guest?.containers?.find((x) => x.name === request.container);
		return c?.state === 'running' ? 'already running' : undefined;
	}
	if (request.action === 'container-stop') {
		const c = guest?.containers?.find((x) => x.name === request.container);
		return c && (c.state === 'exited' || c.state === 'created') ? `already ${c.state}` : undefined;
	}
	if (request.action === 'stack-start') {
		const s = findStack(guest, request.stack);
		return s && s.total > 0 && s.running === s.total ? 'every container already running' : undefined;
	}
	return undefined;
}

/**
 * What a prune may free, from the `docker system df` the snapshot holds (nothing when it has
 * none): the reclaimable bytes of each kind. Docker counts every unused image as reclaimable,
 * and `prune` without `-a` removes the dangling ones only, so it is an upper bound.
 */
export function reclaimText(guest: Guest): string | undefined {
	const known = (guest.dockerDisk ?? []).filter((d) => d.reclaimable !== null && d.reclaimable > 0);
	if (known.length === 0) return undefined;
	const total = known.reduce((sum, d) => sum + (d.reclaimable ?? 0), 0);
	const parts = known.map((d) => `${d.type} ${formatBytes(d.reclaimable)}`).join(', ');
	return `docker system df counts up to ${formatBytes(total)} reclaimable (${parts})`;
}

export function buildDockerJob(
	request: DockerRequest,
	snapshot: Snapshot | null,
	env: PlanEnv,
	readError?: string,
): Job {
	const host = dockerHost(snapshot, request.vmid, readError);
	const {guest, ref, label, blockers} = host;
	let command: StepCommand;
	let target: string;
	let note: string | undefined;
	if (request.action === 'docker-prune') {
		command = systemPrune(ref);
		target = label;
		const freed = guest ? reclaimText(guest) : undefined;
		note = `removes stopped containers, unused networks, dangling images and build cache${freed ? `; ${freed}` : ''}`;
	} else if ('container' in request) {
		const verb = request.action.slice('container-'.length) as 'start' | 'stop' | 'restart' | 'rm';
		command = verb === 'rm' ? containerRemove(ref, request.container) : containerVerb(ref, verb, request.container);
		target = `container ${request.container} in ${label}`;
		if (blockers.length === 0) {
			const why = containerRefusal(
				guest?.containers?.find((c) => c.name === request.container),
				request.action,
				request.container,
			);
			if (why) blockers.push(`${why} in ${label}`);
		}
	} else {
		const verb = request.action.slice('stack-'.length) as 'start' | 'stop' | 'restart';
		command = stackVerb(ref, verb, request.stack);
		target = `stack ${request.stack} in ${label}`;
		if (blockers.length === 0 && !findStack(guest, request.stack))
			blockers.push(`no compose stack named ${request.stack} in ${label}`);
	}
	const skip = blockers.length === 0 ? alreadyDone(request, guest) : undefined;
	const step: JobStep = {
		plan: {
			name: request.action.replace(/^(container|stack|docker)-/, ''),
			title: `${VERB[request.action]} ${request.action === 'docker-prune' ? `Docker on ${label}` : target}`,
			commands: [showCommand(env, command)],
			...(note ? {note} : {}),
			...(skip ? {skip} : {}),
		},
		changes: true,
		run: async (ctx) => {
			const result = await ctx.run(command);
			// Prune's last line says what it freed: `Total reclaimed space: 1.2GB`.
			const total = /Total reclaimed space:\s*(\S+)/.exec(result.stdout)?.[1];
			return total ? `reclaimed ${total}` : undefined;
		},
	};
	const steps = blockers.length > 0 ? [preflightStep({title: `Check ${label}`}, blockers), step] : [step];
	return {
		id: newJobId(request.action),
		plan: {
			action: request.action,
			target,
			vmid: request.vmid,
			...(guest ? {node: guest.node} : {}),
			steps: steps.map((s) => s.plan),
			checks: [],
			blockers,
			nothingToDo: blockers.length === 0 && skip !== undefined,
			dangerous: request.action !== 'container-start' && request.action !== 'stack-start',
		},
		steps,
	};
}
