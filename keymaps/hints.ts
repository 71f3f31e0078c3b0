/**
 * Which hints the footer keeps when it is narrow, and which actions the guests' action menu
 * lists. The footer shows every hint that fits, in the registry's order, choosing them by
 * rank (lowest first): what the other keys are reached from (help, the action menu, the
 * palette, the other panes) stays at every width, as k9s keeps its hints.
 */
import type {ActionId} from './registry.js';

/** Lower is kept longer; a hint that cannot run now counts DISABLED_PENALTY more. */
export const HINT_RANK: Partial<Record<ActionId, number>> = {
	'app.help': 0,
	'app.backOrQuit': 0,
	'guests.menu': 1,
	'app.palette': 1,
	'pane.next': 2,
	'pane.guests': 2,
	'guests.detail': 3,
	'guests.filter': 3,
	'jobs.output': 3,
	// Disabled on a single host, so it costs nothing there; in a cluster it narrows every pane.
	'app.nodes': 3,
	'zfs.detail': 3,
	'network.leaksOnly': 3,
	'network.toggleExpand': 3,
	'logs.follow': 3,
	'logs.filter': 3,
	'logs.source': 4,
	'logs.wrap': 4,
	'logs.timestamps': 4,
	'guests.mark': 4,
	'guests.health': 4,
	'guests.deploy': 4,
	'guests.start': 5,
	'guests.stop': 5,
	'guests.reboot': 5,
	'guests.logs': 5,
	'guests.shell': 5,
	'guests.destroy': 5,
	'guests.clone': 5,
	'guests.resources': 5,
	'guests.resize': 5,
	// The safety net: a guest's snapshots and backups, the cluster's tasks (also :tasks).
	'guests.snapshots': 5,
	'guests.backups': 5,
	'app.tasks': 5,
	// Docker: disabled off a container row, so they give way there.
	'docker.restart': 6,
	'docker.shell': 6,
	'docker.stackLogs': 6,
	'docker.stackUpdate': 6,
	'guests.toggleExpand': 6,
	'app.refresh': 6,
	'pane.zoomIn': 6,
	'guests.sortVmid': 6,
};

/** The rank of a hint the table does not name: after the named ones of its rank. */
export const DEFAULT_HINT_RANK = 5;
export const DISABLED_PENALTY = 10;

/** The guests' action menu (`a`): every action on the selected guest, in this order. */
export const ACTION_MENU: readonly ActionId[] = [
	'guests.detail',
	'guests.health',
	'guests.logs',
	'guests.toggleExpand',
	'guests.start',
	'guests.stop',
	'guests.reboot',
	'guests.shell',
	'guests.resources',
	'guests.resize',
	'guests.snapshots',
	'guests.backups',
	'guests.clone',
	'guests.deploy',
	'guests.destroy',
	'guests.mark',
	// On a container row: the container, its stack, its Docker host.
	'docker.restart',
	'docker.start',
	'docker.stop',
	'docker.shell',
	'docker.remove',
	'docker.stackLogs',
	'docker.stackRestart',
	'docker.stackStart',
	'docker.stackStop',
	'docker.stackUpdate',
	'docker.prune',
];
