/**
 * What the test process still holds, measured the same way by every memory bound: full
 * collections first, so the figure is what the code keeps and not garbage the collector has not
 * reached yet (which varies with the machine's load). The memory behind a dropped Buffer is
 * given back by a background thread after the collection, so the reading is repeated, a turn
 * of the event loop apart, until it stops falling.
 */
import {setImmediate as nextTurn} from 'node:timers/promises';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function heldNow(): number {
	collectGarbage();
	const m = process.memoryUsage();
	return m.heapUsed + m.arrayBuffers;
}

/** Bytes held now (heap plus buffers), after full collections and the release they start. */
export async function retainedBytes(): Promise<number> {
	let held = heldNow();
	for (let round = 0; round < 20; round++) {
		await nextTurn();
		const again = heldNow();
		if (again >= held) return again;
		held = again;
	}
	return held;
}

/**
 * Samples what is held while `work` runs; resolves with its result and the largest growth seen.
 * A leak grows with what flows, so a sample every quarter second catches it.
 */
export async function peakWhile<T>(work: Promise<T>, everyMs = 250): Promise<{value: T; peak: number}> {
	const before = await retainedBytes();
	let peak = 0;
	let done = false;
	const sampling = (async () => {
		while (!done) {
			peak = Math.max(peak, (await retainedBytes()) - before);
			await new Promise((resolve) => setTimeout(resolve, everyMs));
		}
	})();
	try {
		const value = await work;
		peak = Math.max(peak, (await retainedBytes()) - before);
		return {value, peak};
	} finally {
		done = true;
		await sampling;
	}
}
