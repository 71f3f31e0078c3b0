/**
 * The guests pane's Docker actions: on a container row the container (start, stop, restart,
 * remove, a shell); on a stack row, or a container row for its stack, the compose stack
 * (start, stop, restart, update, merged logs); on any of them or the Docker host's own row,
 * the Docker host (prune). Each says before the key is pressed why it cannot run
 * (no container row, a running container to remove, no terminal), builds its job from the
 * snapshot on screen when its dialog opens, and opens the confirm dialog with Cancel focused;
 * logs and the shell need no dialog, as for a guest.
 */
import type {ActionId} from '../../../keymaps/registry.js';
import type {Container, Guest} from '../../model/snapshot.js';
import {containerShell} from '../../ops/docker-commands.js';
import {buildDockerJob, containerRefusal, dockerHost, type DockerRequest} from '../../ops/docker.js';
import type {Job} from '../../ops/job.js';
import {buildStackUpdateJob} from '../../ops/stack-update.js';
import {findInterruptedUpdate, planRead, type InterruptedUpdate} from '../../ops/stack-resume.js';
import {sourceOfStack} from '../log-sources.js';
import type {AppState} from '../types.js';
import {guestLabel, notice, pushModal, scopeOf, selectedRow, type ActionContext, type Handler} from './context.js';
import {confirmDialog} from './dialogs.js';
import {setLogSource} from './logs.js';

/** The selected container and its Docker host, when a container row is selected. */
function selectedContainer(state: AppState): {guest: Guest; container: Container} | undefined {
	const row = selectedRow(state);
	return row?.kind === 'container' ? {guest: row.guest, container: row.container} : undefined;
}

/** The selected stack row's stack, else the selected container's stack. */
function selectedStack(state: AppState): {guest: Guest; stack: string} | undefined {
	const row = selectedRow(state);
	if (row?.kind === 'stack') return row.stack.project ? {guest: row.guest, stack: row.stack.project} : undefined;
	if (row?.kind === 'container' && row.container.project) return {guest: row.guest, stack: row.container.project};
	return undefined;
}

/** The Docker host of the selected row (a Docker host row or one of its stack or container rows). */
function selectedDockerHost(state: AppState): Guest | undefined {
	const row = selectedRow(state);
	if (row?.kind === 'container' || row?.kind === 'stack') return row.guest;
	return row?.kind === 'guest' && row.guest.containers ? row.guest : undefined;
}

function hostRefusal(guest: Guest): string | null {
	if (guest.status !== 'running') return `${guestLabel(guest)} is ${guest.status}; start it first (u)`;
	return null;
}

function needsContainer(state: AppState, action?: DockerRequest['action']): string | null {
	if (!state.snapshot) return 'no data yet: waiting for the first refresh';
	const picked = selectedContainer(state);
	if (!picked) return "select a container row (expand a Docker host's containers with o)";
	if (picked.container.runtime !== 'docker') return `${picked.container.name} runs on podman; these actions use docker`;
	return (
		hostRefusal(picked.guest) ?? (action ? containerRefusal(picked.container, action, picked.container.name) : null)
	);
}

function needsStack(state: AppState): string | null {
	if (!state.snapshot) return 'no data yet: waiting for the first refresh';
	const row = selectedRow(state);
	if (row?.kind !== 'stack' && row?.kind !== 'container')
		return "select a stack or container row (expand a Docker host's containers with o)";
	const picked = selectedStack(state);
	if (!picked)
		return row.kind === 'stack'
			? 'these containers belong to no compose stack'
			: 'this container is not part of a compose stack';
	return hostRefusal(picked.guest);
}

/** Build the job on the guest's own context (its snapshot and connection) and ask. */
function ask(
	ctx: ActionContext,
	id: ActionId,
	guest: Guest,
	title: string,
	verb: string,
	build: (scope: ReturnType<typeof scopeOf>) => Job,
): void {
	const scope = scopeOf(ctx, guest.context);
	let job: Job;
	try {
		job = build(scope);
	} catch (error) {
		return notice(ctx, `${title} ${error instanceof Error ? error.message : String(error)}`);
	}
	pushModal(ctx, confirmDialog(ctx.get(), id, title, verb, [job], 0, [guest.context]), 'confirm');
}

const VERB = {start: 'Start', stop: 'Stop', restart: 'Restart', rm: 'Remove'} as const;

function containerAction(verb: keyof typeof VERB): Handler {
	const action = `container-${verb}` as const;
	const id = `docker.${verb === 'rm' ? 'remove' : verb}` as ActionId;
	return {
		run: (ctx) => {
			const picked = selectedContainer(ctx.get());
			if (!picked) return;
			const {guest, container} = picked;
			ask(ctx, id, guest, `${VERB[verb]} container ${container.name} in ${guestLabel(guest)}?`, VERB[verb], (scope) =>
				buildDockerJob({action, vmid: guest.vmid, container: container.name}, scope.snapshot, {
					nodes: scope.connection.nodes,
				}),
			);
		},
		disabled: (state) => needsContainer(state, action),
	};
}

function stackAction(verb: 'start' | 'stop' | 'restart'): Handler {
	const id = `docker.stack${verb[0]!.toUpperCase()}${verb.slice(1)}` as ActionId;
	return {
		run: (ctx) => {
			const picked = selectedStack(ctx.get());
			if (!picked) return;
			const {stack} = picked;
			const label = VERB[verb];
			ask(ctx, id, picked.guest, `${label} stack ${stack} in ${guestLabel(picked.guest)}?`, label, (scope) =>
				buildDockerJob({action: `stack-${verb}`, vmid: picked.guest.vmid, stack}, scope.snapshot, {
					nodes: scope.connection.nodes,
				}),
			);
		},
		disabled: needsStack,
	};
}

/** Why a shell cannot open in the selected container, or null. */
function shellRefusal(state: AppState): string | null {
	if (!state.canShell)
		return 'this connection cannot open a terminal (the simulated homelab has none): a shell needs --host or --local';
	return (
		needsContainer(state) ??
		(selectedContainer(state)?.container.state === 'running'
			? null
			: 'the container is not running: start it first (y)')
	);
}

function requestShell(ctx: ActionContext): void {
	const picked = selectedContainer(ctx.get());
	if (!picked) return;
	const {guest, container} = picked;
	const {connection} = scopeOf(ctx, guest.context);
	const command = containerShell(guest, container.name);
	let shown: string;
	try {
		shown = connection.nodes.render(command, {tty: true});
	} catch (error) {
		return notice(ctx, `shell in ${container.name}: ${error instanceof Error ? error.message : String(error)}`);
	}
	const on = guest.context === undefined ? {} : {context: guest.context};
	ctx.set({handoff: {command, shown, label: `${container.name} in ${guestLabel(guest)}`, ...on}});
}

export const DOCKER_HANDLERS = {
	'docker.start': containerAction('start'),
	'docker.stop': containerAction('stop'),
	'docker.restart': containerAction('restart'),
	'docker.remove': containerAction('rm'),
	'docker.shell': {run: requestShell, disabled: shellRefusal},
	'docker.stackLogs': {
		run: (ctx) => {
			const picked = selectedStack(ctx.get());
			if (!picked) return;
			const {stack} = picked;
			ctx.set({logs: {...ctx.get().logs, followSelection: false}});
			setLogSource(ctx.store, sourceOfStack(picked.guest, stack));
		},
		disabled: needsStack,
	},
	'docker.stackStart': stackAction('start'),
	'docker.stackStop': stackAction('stop'),
	'docker.stackRestart': stackAction('restart'),
	'docker.stackUpdate': {
		run: async (ctx) => {
			const picked = selectedStack(ctx.get());
			if (!picked) return;
			const {guest, stack} = picked;
			const state = ctx.get();
			const scope = scopeOf(ctx, guest.context);
			const env = {nodes: scope.connection.nodes, snapshotBeforeChange: state.safetySettings.snapshotBeforeChange};
			// As the CLI does: an update of this stack cut off after up -d is found on the host
			// first, so the dialog says this run resumes it (and which snapshot is the way back).
			notice(ctx, `checking ${stack} in ${guestLabel(guest)} for an update that was cut off…`);
			const host = dockerHost(scope.snapshot, guest.vmid);
			let interrupted: InterruptedUpdate | null = null;
			if (host.guest && host.blockers.length === 0)
				interrupted = await findInterruptedUpdate(planRead(env), host.guest, host.ref, stack).catch(() => null);
			ask(ctx, 'docker.stackUpdate', guest, `Update stack ${stack} in ${guestLabel(guest)}?`, 'Update', (now) =>
				buildStackUpdateJob({vmid: guest.vmid, stack, interrupted}, now.snapshot, env, state.catalog),
			);
		},
		disabled: needsStack,
	},
	'docker.prune': {
		run: (ctx) => {
			const guest = selectedDockerHost(ctx.get());
			if (!guest) return;
			ask(ctx, 'docker.prune', guest, `Prune Docker on ${guestLabel(guest)}?`, 'Prune', (scope) =>
				buildDockerJob({action: 'docker-prune', vmid: guest.vmid}, scope.snapshot, {nodes: scope.connection.nodes}),
			);
		},
		disabled: (state) => {
			if (!state.snapshot) return 'no data yet: waiting for the first refresh';
			const guest = selectedDockerHost(state);
			return guest ? hostRefusal(guest) : 'select a Docker host or one of its containers';
		},
	},
} satisfies Partial<Record<ActionId, Handler>>;
