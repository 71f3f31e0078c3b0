/**
 * Plans and jobs. A plan is data (what the dry-run prints and the confirm dialog shows); a job
 * is that plan plus the code that carries out each step. Both are built together by the same
 * builders, so what was shown is what runs.
 */
import type {JobResult, StepFailureInfo, StepState} from '../model/job-result.js';
import type {Collector} from '../host/collector-types.js';
import type {CommandRenderer, StepCommand} from '../host/host-command.js';
import type {NodeRouter} from '../host/node-router.js';

export interface PlanStep {
	/** Stable step id: preflight, clone, configure, start, wait-running, post-deploy, health... */
	name: string;
	/** What the step does, in words. */
	title: string;
	/** The exact command lines the step runs (display form, `sudo -n` included when it applies). */
	commands: string[];
	/** Set when the step will not run because it is already done: why. */
	skip?: string;
	/** How the step runs its commands when that is not "once, in order" (polled until…). */
	note?: string;
}

export interface PreflightCheck {
	name: string;
	ok: boolean;
	detail: string;
	/** It passes, but the operator should know before confirming (a node's memory promised twice over). */
	warning?: boolean;
}

export interface Plan {
	/** deploy, clone, start, stop, shutdown, reboot, destroy, resize, set, template, container-start|stop|restart|rm, stack-start|stop|restart, stack-update, docker-prune, snapshot, rollback, delete-snapshot, backup, restore, protect */
	action: string;
	/** What it acts on, for people: `postgresql (200)`, `guest 200`. */
	target: string;
	/** Guest the plan acts on, when there is one. */
	vmid?: number;
	/** The cluster node it acts on (the guest's; a clone's target), named in the job panel and the journal. */
	node?: string;
	steps: PlanStep[];
	/** Preflight results (deploy and clone). */
	checks: PreflightCheck[];
	/** Reasons the plan cannot run at all (preflight failures): the run stops at preflight. */
	blockers: string[];
	/** Every step is skipped: running it would change nothing. */
	nothingToDo: boolean;
	/** Needs the user to type this (the VMID) before it runs: destroy. */
	typedConfirmation?: string;
	dangerous: boolean;
}

export interface JobEvent {
	jobId: string;
	action: string;
	target: string;
	step: string;
	state: Exclude<StepState, 'pending'>;
	/** Milliseconds since the step started. */
	elapsedMs: number;
	message?: string;
	/** The Proxmox task the step started, once it is known. */
	task?: TaskRef;
	/** New lines of that task's log. */
	log?: string[];
}

/** A Proxmox task a job started: its UPID and the node whose log holds it. */
export interface TaskRef {
	upid: string;
	node: string;
}

export type JobListener = (event: JobEvent) => void;

/**
 * What plans are built with: how each command will be sent (the node router renders a
 * command for the node it runs on, hop included), so the plan shows the exact lines.
 */
export interface PlanEnv {
	nodes: CommandRenderer;
	now?: () => number;
	/** Poll interval for status and probes, ms (default 1000). */
	pollMs?: number;
	/** Snapshot a guest before a job changes it (the config's `snapshotBeforeChange`; default on). */
	snapshotBeforeChange?: boolean;
}

/** What ops modules run against. */
export interface OpsEnv {
	/** Every command goes to its node through the router, never straight to a transport. */
	nodes: NodeRouter;
	collector: Collector;
	context: string;
	now?: () => number;
	/** Waits between polls (tests drive a simulated clock through it). */
	sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
	/** Poll interval for status and probes, ms (default 1000). */
	pollMs?: number;
	/** An upper bound on every command's timeout, ms (tests use a short one; default: none). */
	timeoutCapMs?: number;
	/** Snapshot a guest before a job changes it (the config's `snapshotBeforeChange`; default on). */
	snapshotBeforeChange?: boolean;
}

/** What a step body gets. */
export interface StepContext {
	env: OpsEnv;
	signal?: AbortSignal;
	/**
	 * Run one command; a non-zero exit (or its timeout: the command's own, unless one is given
	 * here) throws a StepFailure unless `allowFailure`. `onOutput` sees the output as it arrives
	 * (a download's progress); the result still carries all of it.
	 */
	run(
		command: StepCommand,
		options?: {allowFailure?: boolean; timeoutMs?: number; onOutput?: (text: string) => void},
	): Promise<{stdout: string; stderr: string; code: number | null}>;
	/** Say what is happening now (shown next to the spinner). */
	progress(message: string): void;
	/** The step started this Proxmox task (shown with the job, journaled with its UPID). */
	task(ref: TaskRef): void;
	/** New lines of the task's log (the job panel follows them). */
	taskLog(lines: readonly string[]): void;
	now(): number;
	sleep(ms: number): Promise<void>;
}

export interface JobStep {
	plan: PlanStep;
	/**
	 * Running it changes the host (a clone, a start, a config change). Checks, waits and probes
	 * do not: a run in which no changing step ran had nothing to do.
	 */
	changes: boolean;
	/** Returns a short message for the done event. Absent for steps with nothing to run. */
	run?: (ctx: StepContext) => Promise<string | void>;
}

export interface Job {
	id: string;
	plan: Plan;
	steps: JobStep[];
	/**
	 * After a failure: report what this run left behind, and remove it when `rollback` is set.
	 * `interrupted`: SIGINT or SIGTERM stopped the run (the process is on its way out).
	 */
	onFailure?: (
		ctx: StepContext,
		failure: StepFailureInfo,
		rollback: boolean,
		interrupted?: boolean,
	) => Promise<{leftovers: string[]; rolledBack: string[]}>;
	/** The sentence for a successful run. */
	successSummary?: (result: Omit<JobResult, 'summary'>) => string;
}

let jobCounter = 0;
export function newJobId(action: string): string {
	jobCounter += 1;
	return `${action}-${Date.now().toString(36)}-${jobCounter}`;
}
