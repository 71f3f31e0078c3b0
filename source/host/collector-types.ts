/**
 * What the store's poller needs from the host layer: one call per refresh that returns a
 * whole snapshot (sections that failed are listed in `errors`, never thrown).
 */
import type {Snapshot} from '../model/snapshot.js';

export interface Collector {
	/**
	 * One refresh: exactly one batched exec on the transport. Rejects only when the
	 * transport itself failed (disconnected, timed out); command failures become
	 * `snapshot.errors` entries and the other sections still arrive.
	 */
	collect(signal?: AbortSignal): Promise<Snapshot>;
}
