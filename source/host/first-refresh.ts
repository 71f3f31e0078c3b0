/**
 * A cold start's first refresh, begun as soon as the connection is up: it carries the privilege
 * probe in its own prelude (privilege-fold.ts), so the session learns who it is on the host
 * without an exec of its own, and the refresh is already on its way while the console loads
 * and draws its first frame. Whoever collects first (the console's poller, --once) gets it.
 */
import type {Snapshot} from '../model/snapshot.js';
import type {Collector} from './collector-types.js';
import type {NodeRouter} from './node-router.js';
import type {HostProbe} from './privilege.js';

export interface FirstRefresh {
	/** The probe's answer, as soon as it arrived (the refresh goes on); null when the privilege was known. */
	probe: HostProbe | null;
	/** Stops the refresh (the session will not be used). */
	cancel(): void;
}

/**
 * Starts `collector`'s first refresh now; the refresh itself is handed to the collector's next
 * `collect()` call (which may still cancel it through its signal). When the router does not
 * know the login's privilege yet, the refresh carries the probe: this resolves with its answer
 * as soon as it arrived, and rejects when the refresh fails before that. Otherwise at once.
 */
export async function startFirstRefresh(collector: Collector, nodes: Pick<NodeRouter, 'probe'>): Promise<FirstRefresh> {
	const abort = new AbortController();
	const own = collector.collect.bind(collector);
	let first: Promise<Snapshot> | null = own(abort.signal);
	// Until someone takes it, a failure of the refresh is the probe's (or that caller's) to report.
	first.catch(() => {});
	collector.collect = (signal) => {
		if (!first) return own(signal);
		const taken = first;
		first = null;
		if (signal?.aborted) abort.abort(signal.reason);
		else signal?.addEventListener('abort', () => abort.abort(signal.reason), {once: true});
		return taken;
	};
	const cancel = (): void => abort.abort(new Error('the session was not opened'));
	const probe = nodes.probe;
	if (!probe) return {probe: null, cancel};
	return {probe: await Promise.race([probe, first.then(() => probe)]), cancel};
}
