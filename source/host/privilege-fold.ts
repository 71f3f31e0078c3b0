/**
 * The privilege probe folded into the first batch: instead of an exec of its own before the
 * first refresh (one more round trip on a cold start), the batch's shell runs the probe in a
 * prelude, prints its fields first in a frame of their own, and decides there whether the
 * root sections get `sudo -n` (a shell variable the batch expands in front of them).
 *
 *   stdout:  \x1ePD<probe marker> P\n <the probe's key=value lines> \x1ePD<probe marker> Q\n <the batch>
 *
 * The probe's frame is the first thing the script prints and is read only there: whatever a
 * guest prints later is the batch's, which has its own marker, so no guest output can stand in
 * for the probe. The marker is random and new for every script, like the batch's.
 */
import {MARK, SUDO_VARIABLE, newBatchMarker} from './batch.js';
import {PROBE_SCRIPT, parseProbe, type HostProbe} from './privilege.js';
import type {ExecResult, OutputSink} from '../transport/types.js';

/** The probe's output is a handful of short lines: more than this is not a probe. */
const PROBE_MAX_BYTES = 4096;

/** The prelude's shell function: `pd_probe <marker>` prints the framed probe and sets $pd_sudo. */
export const PROBE_FUNCTION = 'pd_probe';

/**
 * The script's first lines: the probe in its frame, then the decision. `configured`: the
 * context asks for sudo whoever logs in (as the separate probe's caller decides it). One
 * function on one line, so the simulated host can answer it by name, as it does pd_spawn.
 */
export function probePrelude(marker: string, configured: boolean): string {
	const frame = (kind: 'P' | 'Q'): string => `printf '${MARK}%s ${kind}\\n' "$1"`;
	const decide = configured
		? `${SUDO_VARIABLE}='sudo -n'`
		: `if [ "$(id -u)" = 0 ]; then ${SUDO_VARIABLE}=; else ${SUDO_VARIABLE}='sudo -n'; fi`;
	const body = [frame('P'), PROBE_SCRIPT.split('\n').join('; '), frame('Q'), decide].join('; ');
	return `${PROBE_FUNCTION}() { ${body}; }\n${PROBE_FUNCTION} ${marker}\n`;
}

/**
 * Reads the probe's frame off the front of stdout and hands everything after it to the batch's
 * own sink, unchanged. `onProbe` is called once, as soon as the frame has arrived.
 */
export class ProbeFrameReader implements OutputSink {
	private head: Buffer | null = Buffer.alloc(0);
	private readonly begin: Buffer;
	private readonly end: Buffer;

	constructor(
		marker: string,
		private readonly inner: OutputSink,
		private readonly onProbe: (probe: HostProbe | null) => void,
	) {
		this.begin = Buffer.from(`${MARK}${marker} P\n`, 'latin1');
		this.end = Buffer.from(`${MARK}${marker} Q\n`, 'latin1');
	}

	stdout(chunk: Buffer): void {
		if (this.head === null) return this.inner.stdout(chunk);
		this.head = Buffer.concat([this.head, chunk]);
		const at = this.head.indexOf(this.end);
		if (at < 0) {
			if (this.head.length > PROBE_MAX_BYTES) this.settle(null, Buffer.alloc(0));
			return;
		}
		const framed = this.head.subarray(0, at);
		const rest = this.head.subarray(at + this.end.length);
		const text = framed.subarray(0, this.begin.length).equals(this.begin)
			? framed.subarray(this.begin.length).toString('utf8')
			: null;
		this.settle(text === null ? null : parseProbe(text), rest);
	}

	stderr(chunk: Buffer): void {
		this.inner.stderr(chunk);
	}

	/** The exec ended: a probe that never arrived is reported as missing. */
	finish(): void {
		if (this.head !== null) this.settle(null, Buffer.alloc(0));
	}

	private settle(probe: HostProbe | null, rest: Buffer): void {
		this.head = null;
		this.onProbe(probe);
		if (rest.length > 0) this.inner.stdout(rest);
	}
}

/** What the first batch's exec needs to carry the probe: the prelude, and the reader for its output. */
export interface FoldedProbe {
	prelude: string;
	wrap(sink: OutputSink): OutputSink;
	/** The probe's answer from an exec of its own (when no script carried it). */
	answer(probe: HostProbe): void;
	/** That exec of its own failed: its error, which already names the host, is the answer. */
	failed(error: Error): void;
	/** The exec ended, or could not start (the probe's answer is then final). */
	ended(result: ExecResult | Error, label: string): void;
	/** The probe's answer: resolves as soon as its frame arrives, rejects when it never does. */
	readonly probe: Promise<HostProbe>;
}

export function foldProbe(configured: boolean): FoldedProbe {
	const marker = newBatchMarker();
	let reader: ProbeFrameReader | null = null;
	let answer!: (probe: HostProbe | null) => boolean;
	let fail!: (error: Error) => void;
	let settled = false;
	const probe = new Promise<HostProbe>((resolve, reject) => {
		answer = (p) => {
			if (settled || !p) return false;
			settled = true;
			resolve(p);
			return true;
		};
		fail = (error) => {
			if (settled) return;
			settled = true;
			reject(error);
		};
	});
	// Nobody may be waiting yet when it fails (the first refresh reports its own failure).
	probe.catch(() => {});
	return {
		prelude: probePrelude(marker, configured),
		wrap(sink) {
			reader = new ProbeFrameReader(marker, sink, (p) => void answer(p));
			return reader;
		},
		answer: (p) => void answer(p),
		failed: (error) => fail(error),
		ended(result, label) {
			reader?.finish();
			const why =
				result instanceof Error
					? result.message
					: (result.interrupted ?? (result.stderr.trim() || `exit code ${result.code}`));
			fail(new Error(`could not tell who proxdeck is on ${label} (${why})`));
		},
		probe,
	};
}
