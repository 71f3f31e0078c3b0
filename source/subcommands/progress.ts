/**
 * Job progress for the CLI: one line per finished step, and the UPID and log lines of the
 * Proxmox tasks a step follows, plain text so it reads the same in a terminal, a pipe and a
 * log file.
 */
import type {JobEvent} from '../ops/job.js';
import type {Io} from './io.js';

const MARK = {done: 'ok  ', skipped: 'skip', failed: 'FAIL'} as const;

export function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)}s`;
}

export function progressPrinter(io: Io, label: string): (event: JobEvent) => void {
	return (event) => {
		// A Proxmox task the step started: its UPID once, then its log as it grows (as vzdump prints it).
		if (event.task) io.out(`[${label}] task ${event.task.upid}`);
		for (const line of event.log ?? []) io.out(`[${label}]   | ${line}`);
		if (event.state === 'running') return;
		const message = event.message ? `  ${event.message}` : '';
		io.out(
			`[${label}] ${MARK[event.state]} ${event.step.padEnd(12)} ${seconds(event.elapsedMs).padStart(6)}${message}`,
		);
	};
}
