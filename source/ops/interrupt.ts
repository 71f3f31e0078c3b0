/**
 * SIGINT and SIGTERM while jobs change the host. Killing proxdeck in the middle of a deploy
 * would leave a half-made guest that nobody wrote down. Instead the signal aborts the jobs with
 * an Interrupted reason: each stops before its next command, checks what it left behind,
 * journals itself as interrupted at the step it reached, and the process exits with the
 * signal's usual code. Running the same command again resumes, as after a dropped link (every
 * step is idempotent). A second signal exits at once.
 */

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** The abort reason a signal leaves on the jobs' AbortSignal. */
export class Interrupted extends Error {
	constructor(readonly signal: InterruptSignal) {
		super(`interrupted by ${signal}`);
		this.name = 'Interrupted';
	}
}

/** 128 + the signal's number, as a shell reports a process the signal ended. */
export const INTERRUPT_EXIT: Record<InterruptSignal, number> = {SIGINT: 130, SIGTERM: 143};

/** The Interrupted behind an aborted signal, if that is why it was aborted. */
export function interruption(signal: AbortSignal | undefined): Interrupted | null {
	return signal?.aborted && signal.reason instanceof Interrupted ? signal.reason : null;
}

export interface SignalWatch {
	/** Aborted (with an Interrupted reason) by the first SIGINT or SIGTERM. */
	readonly signal: AbortSignal;
	/** Stop listening (the work is done). */
	dispose(): void;
}

/** Listen for SIGINT and SIGTERM: the first aborts `signal`, a second exits at once. */
export function watchSignals(
	options: {onFirst?: (reason: Interrupted) => void; exit?: (code: number) => void} = {},
): SignalWatch {
	const controller = new AbortController();
	const exit = options.exit ?? ((code: number) => process.exit(code));
	const handle = (name: InterruptSignal): void => {
		if (controller.signal.aborted) return exit(INTERRUPT_EXIT[name]);
		const reason = new Interrupted(name);
		controller.abort(reason);
		options.onFirst?.(reason);
	};
	const onInt = (): void => handle('SIGINT');
	const onTerm = (): void => handle('SIGTERM');
	process.on('SIGINT', onInt);
	process.on('SIGTERM', onTerm);
	return {
		signal: controller.signal,
		dispose() {
			process.off('SIGINT', onInt);
			process.off('SIGTERM', onTerm);
		},
	};
}
