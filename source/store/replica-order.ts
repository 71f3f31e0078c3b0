/**
 * Instances of one service stay together in the guests list: a replica (a guest named after
 * another with a number, `postgresql-db-1` after `postgresql-db`, as `deploy --instances`
 * names them) is listed right after its primary, in the order of its number, when the list is
 * sorted by VMID. Replicas live at other VMIDs (210 for 200's first), so by VMID alone they
 * would sit among unrelated guests.
 */

const REPLICA_NAME = /^(.+)-(\d{1,3})$/;

/** `entries` (already sorted) with each replica moved after its primary; the rest keep their order. */
export function withReplicasAfterPrimary<T>(
	entries: readonly T[],
	identity: (entry: T) => {name: string; context?: string | undefined; template: boolean},
): T[] {
	const byName = new Map<string, T>();
	for (const entry of entries) {
		const id = identity(entry);
		if (!id.template) byName.set(`${id.context ?? ''}\0${id.name}`, entry);
	}
	const replicas = new Map<T, {entry: T; n: number}[]>();
	const moved = new Set<T>();
	for (const entry of entries) {
		const id = identity(entry);
		const m = id.template ? null : REPLICA_NAME.exec(id.name);
		const primary = m ? byName.get(`${id.context ?? ''}\0${m[1]}`) : undefined;
		if (!primary || primary === entry) continue;
		const list = replicas.get(primary) ?? [];
		list.push({entry, n: Number(m![2])});
		replicas.set(primary, list);
		moved.add(entry);
	}
	if (moved.size === 0) return [...entries];
	const out: T[] = [];
	for (const entry of entries) {
		if (moved.has(entry)) continue;
		out.push(entry);
		const list = replicas.get(entry);
		if (list) for (const r of list.sort((a, b) => a.n - b.n)) out.push(r.entry);
	}
	return out;
}
