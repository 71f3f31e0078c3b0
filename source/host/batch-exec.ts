/**
 * A batch sent outside the refresh (the backup audit, the error lines of failed tasks): one
 * script through the node router, its output split into sections as it arrives so each is
 * capped on its own, the same way the refresh reads its batch.
 */
import type {ExecOptions, ExecResult} from '../transport/types.js';
import {newBatchMarker, renderBatch, type BatchSection} from './batch.js';
import {BatchOutputSplitter, type SectionOutput} from './batch-output.js';
import type {NodeRouter} from './node-router.js';

export interface BatchRun {
	outputs: Map<string, SectionOutput>;
	/** The exec itself: its exit code and whether it was cut short. */
	result: ExecResult;
}

/** Runs `sections` on `node` (unset: the connected node); the router decides how to get there and whether `sudo -n` applies. */
export async function execBatch(
	nodes: Pick<NodeRouter, 'execScript'>,
	node: string | undefined,
	sections: readonly BatchSection[],
	options: Pick<ExecOptions, 'timeoutMs' | 'signal'>,
): Promise<BatchRun> {
	const marker = newBatchMarker();
	const splitter = new BatchOutputSplitter(marker, new Set(sections.map((s) => s.id)));
	const result = await nodes.execScript(node, (sudo) => renderBatch(sections, {sudo, marker}).script, {
		...(options.timeoutMs ? {timeoutMs: options.timeoutMs} : {}),
		...(options.signal ? {signal: options.signal} : {}),
		sink: splitter,
	});
	return {outputs: splitter.result(), result};
}
