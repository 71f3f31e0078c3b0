/**
 * The side panes' lists in a fleet: each context's pools, datasets and storages (or bridges,
 * routes and tunnels) under a heading with its name, built from that context's own snapshot,
 * with keys that carry the context (every host has an rpool and a vmbr0).
 */
import type {Snapshot} from '../model/snapshot.js';

/** The heading item a pane shows above a context's part. */
export const fleetHeading = (context: string) =>
	({kind: 'section', key: `fleet:${context}`, label: `━━ ${context}`}) as const;

/** Each context's items under its heading, or null when the snapshot is one context's. */
export function perContext<T extends {key: string}>(
	snapshot: Snapshot,
	build: (part: Snapshot) => T[],
	heading: (context: string) => T,
): T[] | null {
	if (!snapshot.members) return null;
	return snapshot.members.flatMap(({context, snapshot: part}) => [
		heading(context),
		...build(part).map((item) => ({...item, key: `${context}:${item.key}`})),
	]);
}
