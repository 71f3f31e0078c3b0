/**
 * docker inside a Docker-host guest: `ps`, `logs`, `restart|stop|start`, and `compose`
 * (`ls`, `ps`, `pull`, `up -d`, `restart`, `logs`) for the stacks in /srv/containers/<name>/;
 * `rm`, `image|container inspect`, `system prune` and compose's update side are in cmd-docker-ops.ts.
 * Compose writes its progress to stderr, as the real one does without a TTY.
 */
import {ok, type SimContext} from './cmd-util.js';
import type {SimResult} from './faults.js';
import {containerLogSource, tailLines} from './journal.js';
import {addEvent} from './mutate.js';
import * as ops from './cmd-docker-ops.js';
import {containerStatus, renderComposeLs, renderDockerLogLine, renderDockerPs} from './render/docker.js';
import type {SimContainer, SimGuest} from './types.js';

function findContainer(guest: SimGuest, name: string): SimContainer | undefined {
	return guest.docker?.containers.find((c) => c.name === name || c.id.startsWith(name));
}

function noSuch(name: string): SimResult {
	return {stdout: '', stderr: `Error response from daemon: No such container: ${name}\n`, code: 1};
}

export function parseLogsArgs(args: readonly string[]): {
	follow: boolean;
	timestamps: boolean;
	tail: number | null;
	name?: string;
} {
	const parsed: {follow: boolean; timestamps: boolean; tail: number | null; name?: string} = {
		follow: false,
		timestamps: false,
		tail: null,
	};
	for (let i = 0; i < args.length; i++) {
		const a = args[i]!;
		if (a === '-f' || a === '--follow') parsed.follow = true;
		else if (a === '-t' || a === '--timestamps') parsed.timestamps = true;
		else if (a === '-ft' || a === '-tf') parsed.follow = parsed.timestamps = true;
		else if (a === '--tail' || a === '-n') parsed.tail = args[++i] === 'all' ? null : Number(args[i]);
		else if (a.startsWith('--tail=')) parsed.tail = a.endsWith('=all') ? null : Number(a.slice(7));
		else if (!a.startsWith('-')) parsed.name = a;
	}
	return parsed;
}

function logs(ctx: SimContext, guest: SimGuest, args: string[]): SimResult {
	const parsed = parseLogsArgs(args);
	const ctr = parsed.name ? findContainer(guest, parsed.name) : undefined;
	if (!ctr) return noSuch(parsed.name ?? '');
	const source = containerLogSource(ctx.state, guest, ctr);
	const {lines} = tailLines(ctx.state, source, ctx.now, parsed.tail ?? 1000);
	let stdout = '';
	let stderr = '';
	for (const line of lines) {
		const text = `${renderDockerLogLine(line, parsed.timestamps)}\n`;
		if (line.stderr) stderr += text;
		else stdout += text;
	}
	return {stdout, stderr, code: 0};
}

function restartContainer(
	ctx: SimContext,
	guest: SimGuest,
	ctr: SimContainer,
	action: 'restart' | 'start' | 'stop',
): void {
	if (action === 'stop') {
		ctr.state = 'exited';
		ctr.exitCode = 0;
		ctr.startedAt = ctx.now;
		return;
	}
	// A crash-looping container goes straight back into its loop.
	if (ctr.state !== 'restarting') ctr.state = 'running';
	ctr.startedAt = ctx.now;
	addEvent(ctx.state, {
		time: ctx.now,
		target: `ctr:${guest.vmid}:${ctr.name}`,
		ident: ctr.name,
		priority: 6,
		message: `${ctr.name} started by docker ${action}`,
	});
}

export function projectOf(guest: SimGuest, args: string[], cwd: string): {project?: string; rest: string[]} {
	let project: string | undefined;
	const rest: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const a = args[i]!;
		if (a === '-p' || a === '--project-name') project = args[++i];
		else if (a === '-f' || a === '--file') project = /\/([^/]+)\/[^/]+$/.exec(args[++i] ?? '')?.[1];
		else if (a === '--project-directory') project = (args[++i] ?? '').split('/').filter(Boolean).at(-1);
		else rest.push(a);
	}
	if (!project) {
		const here = guest.docker?.stacks.find((s) => s.configFile.startsWith(`${cwd.replace(/\/$/, '')}/`));
		project = here?.name;
	}
	return {project, rest};
}

function compose(ctx: SimContext, guest: SimGuest, args: string[], cwd: string): SimResult {
	const {project, rest} = projectOf(guest, args, cwd);
	const [sub = '', ...subArgs] = rest;
	if (sub === 'ls')
		return ok(
			subArgs.includes('--format') && subArgs.includes('json')
				? renderComposeLs(guest, subArgs.includes('-a') || subArgs.includes('--all'))
				: composeLsTable(guest),
		);
	if (sub === 'version') return ok('Docker Compose version v2.29.7\n');
	const stack = guest.docker?.stacks.find((s) => s.name === project);
	if (!stack) return {stdout: '', stderr: 'no configuration file provided: not found\n', code: 1};
	const members = guest.docker!.containers.filter((c) => c.project === stack.name);
	switch (sub) {
		case 'ps':
			if (subArgs[subArgs.indexOf('--format') + 1] === 'json')
				return ok(ops.composePsJson(members, stack.name, ctx.now));
			return ok(renderDockerPs({...guest, docker: {containers: members, stacks: []}}, ctx.now, subArgs.includes('-a')));
		case 'pull':
			return ops.composePull(guest, members);
		case 'up':
			return ops.composeUp(ctx, guest, members);
		case 'logs':
			return ops.composeLogs(ctx, guest, members, subArgs);
		case 'restart':
		case 'stop':
		case 'start': {
			let stderr = '';
			const verb =
				sub === 'stop'
					? ['Stopping', 'Stopped']
					: sub === 'start'
						? ['Starting', 'Started']
						: ['Restarting', 'Started'];
			for (const c of members) {
				restartContainer(ctx, guest, c, sub);
				stderr += ` Container ${c.name}  ${verb[0]}\n Container ${c.name}  ${verb[1]}\n`;
			}
			return {stdout: '', stderr, code: 0};
		}
		default:
			return {stdout: '', stderr: `unknown docker command: "compose ${sub}"\n`, code: 1};
	}
}

function composeLsTable(guest: SimGuest): string {
	const rows = (guest.docker?.stacks ?? []).map(
		(s) =>
			[
				s.name,
				renderComposeLs({...guest, docker: {containers: guest.docker!.containers, stacks: [s]}}, true),
				s.configFile,
			] as const,
	);
	const status = rows.map(([, json]) => (JSON.parse(json) as {Status: string}[])[0]?.Status ?? '');
	const w0 = Math.max(4, ...rows.map(([n]) => n.length)) + 16;
	const w1 = Math.max(6, ...status.map((s) => s.length)) + 16;
	return (
		`${'NAME'.padEnd(w0)}${'STATUS'.padEnd(w1)}CONFIG FILES\n` +
		rows.map(([n, , f], i) => `${n.padEnd(w0)}${status[i]!.padEnd(w1)}${f}\n`).join('')
	);
}

/** What `docker ps` lists: without -a the running ones (paused and restarting too), newest first. */
function listed(guest: SimGuest, all: boolean): SimContainer[] {
	return (guest.docker?.containers ?? [])
		.filter((c) => all || c.state === 'running' || c.state === 'restarting' || c.state === 'paused')
		.sort((a, b) => b.createdAt - a.createdAt);
}

function psTable(guest: SimGuest, now: number, all: boolean): string {
	const lines = listed(guest, all).map((c) => [
		c.id.slice(0, 12),
		c.image,
		c.command,
		containerStatus(c, now),
		c.state === 'running' ? c.ports : '',
		c.name,
	]);
	const header = ['CONTAINER ID', 'IMAGE', 'COMMAND', 'STATUS', 'PORTS', 'NAMES'];
	const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)) + 3);
	const row = (cells: string[]): string =>
		cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('') + '\n';
	return row(header) + lines.map(row).join('');
}

export function runDocker(ctx: SimContext, guest: SimGuest, args: string[], cwd: string): SimResult {
	const [sub = '', ...rest] = args;
	for (const c of guest.docker?.containers ?? []) ops.settleHealth(c, ctx.now);
	switch (sub) {
		case 'ps': {
			const flags = new Set(rest.flatMap((a) => (/^-[a-z]+$/.test(a) ? [...a.slice(1)].map((f) => `-${f}`) : [a])));
			const all = flags.has('-a') || flags.has('--all');
			// --quiet: the IDs alone, one a line, no header (full ones with --no-trunc).
			if (flags.has('-q') || flags.has('--quiet'))
				return ok(
					listed(guest, all)
						.map((c) => `${flags.has('--no-trunc') ? c.id : c.id.slice(0, 12)}\n`)
						.join(''),
				);
			const format = rest[rest.indexOf('--format') + 1];
			return ok(
				rest.includes('--format') && (format === '{{json .}}' || format === 'json')
					? renderDockerPs(guest, ctx.now, all)
					: psTable(guest, ctx.now, all),
			);
		}
		case 'logs':
			return logs(ctx, guest, rest);
		case 'restart':
		case 'start':
		case 'stop': {
			let stdout = '';
			for (const name of rest.filter((a) => !a.startsWith('-'))) {
				const ctr = findContainer(guest, name);
				if (!ctr) return noSuch(name);
				restartContainer(ctx, guest, ctr, sub);
				stdout += `${name}\n`;
			}
			return ok(stdout);
		}
		case 'compose':
			return compose(ctx, guest, rest, cwd);
		case 'rm':
			return ops.removeContainer(
				guest,
				rest.filter((a) => !a.startsWith('-')),
			);
		case 'image':
			if (rest[0] === 'inspect') return ops.imageInspect(guest, rest.slice(1));
			break;
		case 'container':
			if (rest[0] === 'inspect') return ops.containerInspect(guest, rest.slice(1), ctx.now);
			break;
		case 'system':
			if (rest[0] === 'prune') return ops.systemPrune(guest);
			break;
		case 'version':
			return ok('Client: Docker Engine - Community\n Version:           27.3.1\n');
	}
	return {
		stdout: '',
		stderr: `docker: unknown command: docker ${sub}\n\nRun 'docker --help' for more information\n`,
		code: 1,
	};
}
