/**
 * A node's group header in the ZFS and network panes of a cluster: its name and whether its
 * rows are fresh (green), kept from an earlier read (yellow, STALE, with why) or from a node
 * that is down (red, OFFLINE). Ages are counted from the snapshot's time.
 */
import type {Node} from '../../source/model/snapshot.js';
import {nodeStateText} from '../../source/store/node-view.js';
import type {Segment} from './segment-line.js';
import type {Theme} from './theme.js';

export function nodeHeaderSegments(node: Node, theme: Theme, now: number): Segment[] {
	const colour = node.state === 'online' ? 'green' : node.state === 'stale' ? 'yellow' : 'red';
	return [
		{text: `${theme.ascii ? '--' : '──'} ${node.name} `, bold: true},
		{text: `${theme.g.dot} ${nodeStateText(node, now)}`, color: theme.c(colour), bold: node.state !== 'online'},
	];
}
