/**
 * The node picker (`n`, or `:node <name>`): narrows every pane to one node of the cluster
 * (its guests, pools, datasets, storages, bridges, routes, tunnels and journal), or shows
 * all of them again. The header says which node is shown.
 */
import type {ActionId} from '../../../keymaps/registry.js';
import type {Snapshot} from '../../model/snapshot.js';
import {isCluster} from '../node-view.js';
import {setLogSource} from './logs.js';
import {notice, popModal, pushModal, type ActionContext, type Handler} from './context.js';

/** The picker's rows: every node, then "all nodes" (null). */
export function nodeChoices(snapshot: Snapshot | null): (string | null)[] {
	return [...(snapshot?.nodes ?? []).map((n) => n.name), null];
}

/** Show only `node` (null: every node); the lists start at the top, the journal follows the node. */
export function setNodeFilter(ctx: ActionContext, node: string | null): void {
	const state = ctx.get();
	if (node !== null && !state.snapshot?.nodes.some((n) => n.name === node)) {
		return notice(
			ctx,
			`:node: no node ${node} (nodes: ${(state.snapshot?.nodes ?? []).map((n) => n.name).join(', ') || 'none read yet'})`,
		);
	}
	ctx.set({
		nodeFilter: node,
		cursors: {...state.cursors, zfs: 0, network: 0},
		notice: node === null ? 'showing every node' : `showing node ${node} only (n or :node to show every node)`,
	});
	// The host journal on screen becomes the picked node's.
	if (node !== null && state.logs.source.kind === 'host' && state.logs.source.node !== node)
		setLogSource(ctx.store, {kind: 'host', node});
}

export const NODE_HANDLERS = {
	'app.nodes': {
		run: (ctx) => {
			const state = ctx.get();
			const count = nodeChoices(state.snapshot).length;
			ctx.set({extents: {...state.extents, nodes: {count, page: state.extents.nodes?.page ?? 10}}});
			pushModal(ctx, {kind: 'nodes'}, 'nodes');
		},
		disabled: (state) =>
			isCluster(state.snapshot) ? null : 'one node: there is nothing to narrow (a cluster has several)',
	},
	'nodes.choose': {
		run: (ctx) => {
			const state = ctx.get();
			const choices = nodeChoices(state.snapshot);
			popModal(ctx);
			const picked = choices[state.cursors.nodes];
			if (picked !== undefined) setNodeFilter(ctx, picked);
		},
	},
} satisfies Partial<Record<ActionId, Handler>>;
