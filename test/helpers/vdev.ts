/** Finding one device in a parsed pool's config tree, wherever it sits. */
import type {PoolStatusRow} from '../../source/host/parse/zpool-status.js';
import type {Vdev} from '../../source/model/snapshot.js';

/** Depth-first search of the whole config tree. */
export function vdev(pool: PoolStatusRow, name: string): Vdev {
	const stack = [...pool.vdevs];
	while (stack.length > 0) {
		const candidate = stack.shift()!;
		if (candidate.name === name) return candidate;
		stack.push(...candidate.children);
	}
	throw new Error(`no vdev ${name} in pool ${pool.name}`);
}
