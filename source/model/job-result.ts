/**
 * How a job ended: each step's outcome, every command with its exit code, and the failure in
 * words. The ops runner produces it; the journal, the job panel and the CLI read it.
 */

export type StepState = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

/** What a Proxmox error text means (host/parse/proxmox-errors.ts recognises them). */
export type ProxmoxErrorKind =
	| 'already-exists'
	| 'locked'
	| 'not-running'
	| 'already-running'
	| 'config-missing'
	| 'create-failed'
	| 'start-failed'
	| 'device-busy'
	| 's6-socket-permission'
	| 'no-space'
	| 'unknown';

/** One command the job ran, as the journal records it. */
export interface CommandRecord {
	step: string;
	/** The exact line sent (in a cluster, the hop to another node included). */
	command: string;
	/** The cluster node it ran on, when it was about a node or a guest. */
	node?: string;
	exitCode: number | null;
	durationMs: number;
	interrupted?: string;
}

export interface StepFailureInfo {
	step: string;
	/** One sentence: which step, which command, what Proxmox said. */
	message: string;
	/** Proxmox's own error text, verbatim (first meaningful line). */
	detail?: string;
	hint?: string;
	kind?: ProxmoxErrorKind;
	command?: string;
	exitCode?: number | null;
}

export interface StepReport {
	name: string;
	state: Exclude<StepState, 'pending' | 'running'>;
	elapsedMs: number;
	message?: string;
}

export interface JobResult {
	jobId: string;
	action: string;
	target: string;
	/** The cluster node the job acted on (the guest's), when it acted on one. */
	node?: string;
	/** `interrupted`: the process got SIGINT or SIGTERM (a rerun resumes); `cancelled`: the user stopped it. */
	result: 'ok' | 'nothing-to-do' | 'failed' | 'cancelled' | 'interrupted';
	/** Set when it was interrupted: by which signal, at which step. */
	interrupted?: {signal: string; step: string};
	steps: StepReport[];
	commands: CommandRecord[];
	failure?: StepFailureInfo;
	/** Things this run made that still exist after a failure (reported, or removed by rollback). */
	leftovers: string[];
	/** What rollback removed, when it was asked for. */
	rolledBack: string[];
	/** Proxmox tasks the job started (a task goes on on the host if the link drops: follow it by UPID). */
	tasks?: {step: string; upid: string; node: string}[];
	summary: string;
	startedAt: number;
	finishedAt: number;
}
