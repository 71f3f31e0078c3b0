/**
 * A batch sent outside the refresh (the backup audit, the error lines of failed tasks): one
 * exec of one script, its output split into sections as it arrives so each is capped on its
 * own, the same way the refresh reads its batch.
 */
import type {ExecOptions, ExecResult, Transport} from '../transport/types.js';
import {renderBatch, type BatchSection} from './batch.js';
import {BatchOutputSplitter, type SectionOutput} from './batch-output.js';

export interface BatchRun {
	outputs: Map<string, SectionOutput>;
	/** The exec itself: its exit code and whether it was cut short. */
	result: ExecResult;
}

export async function execBatch(
	transport: Pick<Transport, 'exec'>,
	sections: readonly BatchSection[],
	options: {sudo: boolean} & Pick<ExecOptions, 'timeoutMs' | 'signal'>,
): Promise<BatchRun> {
	const {script, marker} = renderBatch(sections, {sudo: options.sudo});
	const splitter = new BatchOutputSplitter(marker, new Set(sections.map((s) => s.id)));
	const result = await transport.exec(script, {
		...(options.timeoutMs ? {timeoutMs: options.timeoutMs} : {}),
		...(options.signal ? {signal: options.signal} : {}),
		sink: splitter,
	});
	return {outputs: splitter.result(), result};
}
