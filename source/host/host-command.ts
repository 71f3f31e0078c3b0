/**
 * A host command as data: the argv (built from validated values), whether it needs root, and
 * the cluster node it must run on (and, for a job's step, how long it may take). Commands that touch a guest carry the guest's node (`pct`
 * acts only on guests of the node it runs on); the node router (node-router.ts) decides how
 * to get there and turns the command into the line that is sent.
 */
import {shellJoin} from './quote.js';

export interface HostCommand {
	argv: string[];
	/** Needs root on the host: run as `sudo -n …` when the login is another user. */
	root: boolean;
	/** The node it must run on; absent: the node proxdeck is connected to (cluster-wide reads). */
	node?: string;
	/** How long a job may wait for it (streams and terminal sessions run until they are stopped). */
	timeoutMs?: number;
	/**
	 * Start it in its own session and return at once (`setsid -f … </dev/null >/dev/null 2>&1`):
	 * a Proxmox task started this way goes on when the connection drops; proxdeck follows it
	 * through its task log instead of its output.
	 */
	detach?: boolean;
}

/**
 * A command a job runs as a step. Every one says how long it may take, so a hung `pct set` (a
 * config lock that never frees) fails its step instead of hanging the job.
 */
export interface StepCommand extends HostCommand {
	timeoutMs: number;
}

/** What a command needs to know about the guest it acts on: which one, and where it lives. */
export interface GuestRef {
	vmid: number;
	node: string;
}

/** The command line as the node itself runs it (`sudo -n` first when asked; detached when asked). */
export function renderCommand(command: Pick<HostCommand, 'argv' | 'root' | 'detach'>, sudo: boolean): string {
	const line = shellJoin(command.root && sudo ? ['sudo', '-n', ...command.argv] : command.argv);
	return command.detach ? `setsid -f ${line} </dev/null >/dev/null 2>&1` : line;
}

/** Something that can say which exact line a command becomes (the router; plans show it). */
export interface CommandRenderer {
	/** `tty`: as a terminal session (`pct enter`) is sent. */
	render(command: HostCommand, options?: {tty?: boolean}): string;
}
