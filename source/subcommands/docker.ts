/**
 * `proxdeck container start|stop|restart|rm|logs|shell <vmid> <container>`,
 * `proxdeck stack start|stop|restart|logs|update <vmid> <stack>` and
 * `proxdeck docker prune <vmid>`: Docker inside a Docker-host guest, on the guest's node.
 * Changes go through the same plan → confirm → journaled run as every action; logs stream
 * (merged and coloured by container for a stack), a shell hands the terminal over.
 */
import type {SubcommandArgs} from '../cli-args.js';
import {EXIT} from '../exit-codes.js';
import {assertContainerName, assertLineCount, assertVmid, validated} from '../host/validate.js';
import type {HostCommand} from '../host/host-command.js';
import {containerLogStream, containerShell, stackLogStream} from '../ops/docker-commands.js';
import {buildDockerJob, dockerHost, type DockerRequest} from '../ops/docker.js';
import type {Job} from '../ops/job.js';
import {readSnapshot} from '../ops/shared.js';
import {buildStackUpdateJob} from '../ops/stack-update.js';
import {findInterruptedUpdate, planRead} from '../ops/stack-resume.js';
import {containerColor, parseComposeLogLine} from '../store/log-lines.js';
import {visibleText} from '../text/visible.js';
import type {Io, SubcommandDeps} from './io.js';
import {catalogFor, flag, makeIo, opsEnv, tryBuild, value} from './io.js';
import {runJobs} from './run-jobs.js';

const VERBS = {
	container: ['start', 'stop', 'restart', 'rm', 'logs', 'shell'],
	stack: ['start', 'stop', 'restart', 'logs', 'update'],
	docker: ['prune'],
} as const;

function usage(kind: keyof typeof VERBS): string {
	return kind === 'docker'
		? 'usage: proxdeck docker prune <vmid> [--dry-run] [--yes]'
		: `usage: proxdeck ${kind} ${VERBS[kind].join('|')} <vmid> <${kind}> [--follow] [--tail N] [--dry-run] [--yes]`;
}

/** Lines a logs command starts with (`--tail`, default 100). */
function tailOf(args: SubcommandArgs): number {
	const text = value(args, 'tail');
	return text === undefined ? 100 : assertLineCount(Number(text));
}

export async function dockerCommand(args: SubcommandArgs, deps: SubcommandDeps): Promise<number> {
	const io = makeIo(deps);
	const kind = args.name as keyof typeof VERBS;
	const [verb, vmidText, nameText, ...extra] = args.positional;
	const verbs: readonly string[] = VERBS[kind];
	const needsName = kind !== 'docker';
	if (
		verb === undefined ||
		!verbs.includes(verb) ||
		vmidText === undefined ||
		(needsName ? nameText === undefined : nameText !== undefined) ||
		extra.length > 0
	) {
		io.err(usage(kind));
		return EXIT.usage;
	}
	const checked = validated(() => ({
		vmid: assertVmid(vmidText),
		name: nameText === undefined ? '' : assertContainerName(nameText),
		tail: tailOf(args),
	}));
	if (!checked.ok) {
		io.err(checked.error.message);
		return EXIT.usage;
	}
	const {vmid, name, tail} = checked.value;
	const env = opsEnv(deps);
	const read = await readSnapshot(env, deps.signal);
	if (verb === 'logs' || verb === 'shell') {
		const host = dockerHost(read.snapshot, vmid, read.error);
		if (host.blockers.length > 0) {
			io.err(host.blockers.join('; '));
			return EXIT.error;
		}
		if (verb === 'shell') return shell(io, deps, containerShell(host.ref, name), `${name} in ${host.label}`);
		const stack = kind === 'stack';
		const command = stack
			? stackLogStream(host.ref, name, tail, flag(args, 'follow'))
			: containerLogStream(host.ref, name, tail, flag(args, 'follow'));
		return streamLogs(
			io,
			deps,
			command,
			stack &&
				!deps.options.noColor &&
				!process.env['NO_COLOR'] &&
				io.stdout === process.stdout &&
				process.stdout.isTTY === true,
		);
	}
	// An update of this stack cut off after up -d is resumed: the plan says so before anything runs.
	const host = kind === 'stack' && verb === 'update' ? dockerHost(read.snapshot, vmid, read.error) : null;
	const interrupted =
		host?.guest && host.blockers.length === 0
			? await findInterruptedUpdate(planRead(env, deps.signal), host.guest, host.ref, name)
			: null;
	const built = tryBuild((): Job => {
		if (kind === 'stack' && verb === 'update') {
			const catalog = catalogFor(deps);
			return buildStackUpdateJob(
				{vmid, stack: name, interrupted, ...(flag(args, 'no-snapshot') ? {snapshotFirst: false} : {})},
				read.snapshot,
				env,
				catalog.ok ? catalog.catalog : undefined,
				read.error,
			);
		}
		const request: DockerRequest =
			kind === 'docker'
				? {action: 'docker-prune', vmid}
				: kind === 'stack'
					? {action: `stack-${verb as 'start' | 'stop' | 'restart'}`, vmid, stack: name}
					: {action: `container-${verb as 'start' | 'stop' | 'restart' | 'rm'}`, vmid, container: name};
		return buildDockerJob(request, read.snapshot, env, read.error);
	});
	if (!built.ok) {
		io.err(built.message);
		return EXIT.usage;
	}
	const outcome = await runJobs(io, deps, [built.value], {
		dryRun: flag(args, 'dry-run'),
		yes: flag(args, 'yes'),
		label: () => `${kind} ${verb} ${vmid}${name ? ` ${name}` : ''}`,
	});
	return outcome.exitCode;
}

/** ANSI colours for containers' names, in containerColor's order (cyan, yellow, green, magenta, blue, red). */
const ANSI = [36, 33, 32, 35, 34, 31];

/** Stream a log command to stdout, sanitised line by line; a stack's lines get their container's colour. */
async function streamLogs(io: Io, deps: SubcommandDeps, command: HostCommand, color: boolean): Promise<number> {
	const env = opsEnv(deps);
	const handle = env.nodes.stream(command, {
		...(deps.signal ? {signal: deps.signal} : {}),
		onLine: (raw) => {
			const line = parseComposeLogLine(raw, 'stdout');
			if (!color || line.unit === undefined || raw === line.message) return io.out(raw);
			const prefix = raw.slice(0, raw.length - raw.replace(/^[^|]*\| ?/, '').length);
			const code = ANSI[containerColor(line.unit)]!;
			io.stdout.write(`\x1b[${code}m${visibleText(prefix)}\x1b[0m${visibleText(raw.slice(prefix.length))}\n`);
		},
	});
	const abort = (): void => handle.stop();
	process.once('SIGINT', abort);
	const end = await handle.done.finally(() => process.off('SIGINT', abort));
	if (end.code !== 0 && end.code !== null) {
		io.err(`the logs ended with exit ${end.code}${end.reason ? `: ${end.reason}` : ''}`);
		return EXIT.error;
	}
	return EXIT.ok;
}

/** `docker exec -it <ctr> sh` inside `pct exec`, with the terminal handed over until the shell exits. */
async function shell(io: Io, deps: SubcommandDeps, command: HostCommand, label: string): Promise<number> {
	const env = opsEnv(deps);
	if (!env.nodes.canInteract) {
		io.err('this connection cannot open a terminal (the simulated homelab has none): a shell needs --host or --local');
		return EXIT.error;
	}
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		io.err(`a shell in ${label} needs a terminal: run it from one, not through a pipe`);
		return EXIT.usage;
	}
	const code = await env.nodes.interactive(command, {stdin: process.stdin, stdout: process.stdout});
	return code === 0 || code === null ? EXIT.ok : EXIT.error;
}
