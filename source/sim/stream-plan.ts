/**
 * Which log a long-lived command follows: `journalctl -o json -n N -f` (the node's own
 * journal), `pct exec <vmid> -- journalctl ...` (a guest on that node), `pct exec <vmid> --
 * docker logs -f -t --tail N <ctr>`, each possibly through the hop to another node (`ssh …
 * root@<node-ip> '<command>'`). The in-process transport and the shim's follow loop both
 * start here.
 */
import {parseJournalArgs, formatJournalLine, lineMatches, type JournalArgs} from './cmd-journal.js';
import {parseLogsArgs, projectOf} from './cmd-docker.js';
import {stackLogFormat, stackLogSources} from './cmd-docker-ops.js';
import type {SimGuest} from './types.js';
import {isHopError, planHop} from './cmd-ssh.js';
import {notOnThisNode, pveError, type SimContext} from './cmd-util.js';
import {shellSplit} from '../host/quote.js';
import {findNode} from './nodes.js';
import {stripWrappers} from './commands.js';
import {sudoFailure, type SimResult} from './faults.js';
import {
	containerLogSource,
	guestJournalSource,
	hostJournalSource,
	linesSince,
	tailLines,
	type LogCursor,
	type LogSource,
	type SimLogLine,
} from './journal.js';
import {findGuest, liveStatus} from './mutate.js';
import {renderDockerLogLine} from './render/docker.js';

export type StreamPlan =
	| {
			kind: 'follow';
			source: LogSource;
			/** A stack's merged logs: every container's source, followed side by side (`source` is the first). */
			merged?: LogSource[];
			tail: number;
			format: (line: SimLogLine) => string;
			keep: (line: SimLogLine) => boolean;
			filtered: boolean;
			vmid?: number;
			node?: string;
	  }
	| {kind: 'error'; result: SimResult}
	/** Not a follow: run it once like exec. */
	| {kind: 'once'};

function journalPlan(source: LogSource, args: JournalArgs, bootMs: number, vmid?: number): StreamPlan {
	const filtered = args.unit !== undefined || args.priority !== undefined;
	return {
		kind: 'follow',
		source,
		tail: args.lines,
		format: (l) => formatJournalLine(l, args, bootMs),
		keep: (l) => lineMatches(l, args),
		filtered,
		vmid,
	};
}

export function planStream(ctx: SimContext, argv: readonly string[]): StreamPlan {
	const {argv: bare, sudo} = stripWrappers(argv);
	if (sudo) {
		const failure = sudoFailure(ctx.state);
		if (failure) return {kind: 'error', result: failure};
	}
	const [command, ...args] = bare;
	if (command === 'ssh') {
		const hop = planHop(ctx, bare);
		if (isHopError(hop)) return {kind: 'error', result: hop};
		let inner: string[];
		try {
			inner = shellSplit(hop.command);
		} catch {
			return {kind: 'once'};
		}
		const plan = planStream(hop.target, inner);
		// A follow on another node: `node` tells the caller where to read its lines and guest state.
		return plan.kind === 'follow' ? {...plan, node: hop.target.node} : plan;
	}
	if (command === 'journalctl') {
		const parsed = parseJournalArgs(args);
		return parsed.follow
			? journalPlan(
					hostJournalSource(ctx.state, ctx.now, ctx.node),
					parsed,
					findNode(ctx.state, ctx.node)?.bootedAt ?? ctx.state.createdAt,
				)
			: {kind: 'once'};
	}
	if (command !== 'pct' || args[0] !== 'exec') return {kind: 'once'};
	const vmid = Number(args[1]);
	const inner = args.slice(2);
	const guestArgv = inner[0] === '--' ? inner.slice(1) : inner;
	const stackLogs = guestArgv[0] === 'docker' && guestArgv[1] === 'compose' && guestArgv.includes('logs');
	const follows =
		(guestArgv[0] === 'journalctl' && parseJournalArgs(guestArgv.slice(1)).follow) ||
		(guestArgv[0] === 'docker' && guestArgv[1] === 'logs' && parseLogsArgs(guestArgv.slice(2)).follow) ||
		(stackLogs && (guestArgv.includes('-f') || guestArgv.includes('--follow')));
	if (!follows) return {kind: 'once'};
	const guest = findGuest(ctx.state, vmid);
	if (!guest || guest.type !== 'lxc' || guest.node !== ctx.node)
		return {kind: 'error', result: notOnThisNode(ctx, 'lxc', vmid, 'exec')};
	if (liveStatus(guest, ctx.now) !== 'running') return {kind: 'error', result: pveError(`CT ${vmid} not running`)};
	if (stackLogs) return stackLogPlan(ctx, guest, guestArgv.slice(2));
	if (guestArgv[0] === 'journalctl')
		return journalPlan(
			guestJournalSource(ctx.state, guest),
			parseJournalArgs(guestArgv.slice(1)),
			guest.bootAt ?? ctx.now,
			vmid,
		);
	const logs = parseLogsArgs(guestArgv.slice(2));
	const ctr = guest.docker?.containers.find((c) => c.name === logs.name);
	if (!guest.docker)
		return {
			kind: 'error',
			result: {
				stdout: '',
				stderr: `lxc-attach: ${vmid}: ../src/lxc/attach.c: lxc_attach_run_command: 1841 No such file or directory - Failed to exec "docker"\n`,
				code: 255,
			},
		};
	if (!ctr)
		return {
			kind: 'error',
			result: {stdout: '', stderr: `Error response from daemon: No such container: ${logs.name ?? ''}\n`, code: 1},
		};
	return {
		kind: 'follow',
		source: containerLogSource(ctx.state, guest, ctr),
		tail: logs.tail ?? 1000,
		format: (l) => renderDockerLogLine(l, logs.timestamps),
		keep: () => true,
		filtered: false,
		vmid,
	};
}

/** `docker compose -p <stack> logs -f`: the stack's containers merged, each line prefixed with its name. */
function stackLogPlan(ctx: SimContext, guest: SimGuest, args: string[]): StreamPlan {
	// compose's own options come before `logs` (there `-f` is --file; after it, --follow).
	const at = args.indexOf('logs');
	const {project} = projectOf(guest, args.slice(0, at), '/root');
	const rest = args.slice(at + 1);
	const members = guest.docker?.containers.filter((c) => c.project === project) ?? [];
	if (!project || members.length === 0)
		return {kind: 'error', result: {stdout: '', stderr: 'no configuration file provided: not found\n', code: 1}};
	const tailAt = rest.indexOf('--tail');
	const tail = tailAt >= 0 && rest[tailAt + 1] !== 'all' ? Number(rest[tailAt + 1]) : 1000;
	const sources = stackLogSources(ctx.state, guest, members);
	return {
		kind: 'follow',
		source: sources[0]!,
		merged: sources,
		tail,
		format: stackLogFormat(members, rest.includes('-t') || rest.includes('--timestamps')),
		keep: () => true,
		filtered: false,
		vmid: guest.vmid,
	};
}

/** A merged follow's cursor: one per source, in order. */
interface MergedCursor extends LogCursor {
	ks: LogCursor[];
}

/** First batch of a follow: the last lines (of each source, for a merged one). */
export function firstLines(
	ctx: SimContext,
	plan: Extract<StreamPlan, {kind: 'follow'}>,
): {lines: SimLogLine[]; cursor: LogCursor} {
	if (plan.merged) {
		const each = plan.merged.map((source) => tailLines(ctx.state, source, ctx.now, plan.tail));
		const cursor: MergedCursor = {k: 0, eventSeq: 0, ks: each.map((e) => e.cursor)};
		return {lines: each.flatMap((e) => e.lines).sort((a, b) => a.time - b.time), cursor};
	}
	const window = plan.filtered ? Math.max(plan.tail, Math.min(plan.tail * 40, 50_000)) : plan.tail;
	const {lines, cursor} = tailLines(ctx.state, plan.source, ctx.now, window);
	return {lines: plan.tail === 0 ? [] : lines.filter(plan.keep).slice(-plan.tail), cursor};
}

export function nextLines(
	ctx: SimContext,
	plan: Extract<StreamPlan, {kind: 'follow'}>,
	cursor: LogCursor,
): {lines: SimLogLine[]; cursor: LogCursor} {
	if (plan.merged && 'ks' in cursor) {
		const ks = (cursor as MergedCursor).ks;
		const each = plan.merged.map((source, i) => linesSince(ctx.state, source, ctx.now, ks[i]!));
		const next: MergedCursor = {k: 0, eventSeq: 0, ks: each.map((e) => e.cursor)};
		return {lines: each.flatMap((e) => e.lines).sort((a, b) => a.time - b.time), cursor: next};
	}
	const next = linesSince(ctx.state, plan.source, ctx.now, cursor);
	return {lines: next.lines.filter(plan.keep), cursor: next.cursor};
}
