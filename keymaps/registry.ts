/**
 * The one keymap registry: every key action of the console as data (the keys of the views over
 * the panes are listed in modal-actions.ts and registry-safety.ts and joined here). The input router, the
 * footer hints, the help screen, the README key table and config remapping all read this
 * list; what each action does is its handler in source/store/actions/ (one per id, checked
 * by the compiler).
 *
 * Key names are the router's normalised names (see keys.ts): single printable characters
 * (`j`, `G`, `?`), `up` `down` `left` `right` `pageup` `pagedown` `home` `end` `enter` `esc`
 * `backspace` `tab` `shift+tab` `space`, and `ctrl+<letter>`.
 *
 * Rules kept here (k9s#1121, k9s#1391): nothing `dangerous` sits on a ctrl key or a motion key;
 * Esc and Backspace go back and never quit; only `q` at the top level and Ctrl-C quit.
 */

import {MODAL_ACTIONS} from './modal-actions.js';
import {DOCKER_KEYS} from './registry-docker.js';
import {SAFETY_KEYS} from './registry-safety.js';
import {TEMPLATE_KEYS} from './registry-templates.js';
import type {Scope} from './scopes.js';

export {TEXT_SCOPES, type Scope} from './scopes.js';

/** One action as the registry declares it. */
export interface KeyActionSpec {
	id: string;
	keys: readonly string[];
	scope: Scope;
	description: string;
	/** Changes the homelab (start/stop/destroy...). Disabled in read-only mode. */
	dangerous?: boolean;
	/** Shown in the footer's key hints. */
	hint?: boolean;
	/** Short footer label, when the description is too long for the footer. */
	label?: string;
	/** How the footer writes the keys when one hint stands for a family (`1-4`). */
	hintKeys?: string;
}

const REGISTRY = [
	// global
	{id: 'app.quit', keys: ['ctrl+c'], scope: 'global', description: 'Quit from anywhere'},
	{
		id: 'app.backOrQuit',
		keys: ['q'],
		scope: 'global',
		description: 'Back from a sub-view; quit at the top',
		hint: true,
		label: 'quit/back',
	},
	{
		id: 'app.back',
		keys: ['esc', 'backspace'],
		scope: 'global',
		description: 'Back: close a view, clear marks or filter (never quits)',
	},
	{
		id: 'app.help',
		keys: ['?'],
		scope: 'global',
		description: 'Help: every key, generated from the keymap',
		hint: true,
		label: 'help',
	},
	{id: 'app.redraw', keys: ['ctrl+l'], scope: 'global', description: 'Redraw the screen'},
	{id: 'app.refresh', keys: ['r'], scope: 'global', description: 'Refresh now', hint: true, label: 'refresh'},
	{id: 'pane.next', keys: ['tab'], scope: 'global', description: 'Next pane', hint: true, label: 'pane'},
	{id: 'pane.prev', keys: ['shift+tab'], scope: 'global', description: 'Previous pane'},
	{
		id: 'pane.guests',
		keys: ['1'],
		scope: 'global',
		description: 'Go to the guests pane',
		hint: true,
		label: 'panes',
		hintKeys: '1-4',
	},
	{id: 'pane.zfs', keys: ['2'], scope: 'global', description: 'Go to the ZFS pane'},
	{id: 'pane.network', keys: ['3'], scope: 'global', description: 'Go to the network/VPN pane'},
	{id: 'pane.logs', keys: ['4'], scope: 'global', description: 'Go to the logs pane'},
	{
		id: 'pane.zoomIn',
		keys: ['+'],
		scope: 'global',
		description: 'Zoom the focused pane to the full screen',
		hint: true,
		label: 'zoom',
	},
	{id: 'pane.zoomOut', keys: ['_'], scope: 'global', description: 'Back to the dashboard layout'},
	{
		id: 'app.palette',
		keys: [':'],
		scope: 'global',
		description:
			'Command palette: :guests :zfs :net :logs [vmid] :ct <vmid> :node [name] :deploy <service> :health [target] :ctx <name> :fleet [a,b] :journal :tasks :templates :snapshots <vmid> :backups <vmid> :q',
		hint: true,
		label: 'cmd',
	},
	{id: 'app.journal', keys: ['J'], scope: 'global', description: 'Journal: the actions proxdeck ran, newest first'},
	{
		id: 'app.nodes',
		keys: ['n'],
		scope: 'global',
		description: 'Nodes: narrow every pane to one node of the cluster, or show all again',
		hint: true,
		label: 'node',
	},
	{
		id: 'jobs.output',
		keys: ['P'],
		scope: 'global',
		description: "The job's whole output, full screen (every result and hint, wrapped)",
		hint: true,
		label: 'job output',
	},
	{id: 'jobs.scrollDown', keys: [']'], scope: 'global', description: 'Scroll the job panel down'},
	{id: 'jobs.scrollUp', keys: ['['], scope: 'global', description: 'Scroll the job panel up'},

	// motion, in every list and view
	{id: 'nav.down', keys: ['down', 'j'], scope: 'nav', description: 'Down one line'},
	{id: 'nav.up', keys: ['up', 'k'], scope: 'nav', description: 'Up one line'},
	{id: 'nav.top', keys: ['g', 'home'], scope: 'nav', description: 'First line'},
	{id: 'nav.bottom', keys: ['G', 'end'], scope: 'nav', description: 'Last line (logs: follow again)'},
	{id: 'nav.halfDown', keys: ['ctrl+d'], scope: 'nav', description: 'Half a page down'},
	{id: 'nav.halfUp', keys: ['ctrl+u'], scope: 'nav', description: 'Half a page up'},
	{id: 'nav.pageDown', keys: ['pagedown', 'ctrl+f'], scope: 'nav', description: 'A page down'},
	{id: 'nav.pageUp', keys: ['pageup', 'ctrl+b'], scope: 'nav', description: 'A page up'},

	// guests
	{
		id: 'guests.detail',
		keys: ['enter'],
		scope: 'guests',
		description: 'Open the guest detail view',
		hint: true,
		label: 'detail',
	},
	{
		id: 'guests.menu',
		keys: ['a'],
		scope: 'guests',
		description: 'Actions menu: every action for the selected guest, its key, and why one cannot run now',
		hint: true,
		label: 'actions',
	},
	{
		id: 'guests.filter',
		keys: ['/'],
		scope: 'guests',
		description: 'Filter (regex; a leading ! inverts)',
		hint: true,
		label: 'filter',
	},
	{
		id: 'guests.mark',
		keys: ['space'],
		scope: 'guests',
		description: 'Mark or unmark the guest',
		hint: true,
		label: 'mark',
	},
	{id: 'guests.range', keys: ['v'], scope: 'guests', description: 'Start or end a range of marks'},
	{id: 'guests.markVisible', keys: ['V'], scope: 'guests', description: 'Mark every visible guest (not the templates)'},
	{
		id: 'guests.toggleExpand',
		keys: ['o'],
		scope: 'guests',
		description: "Expand or collapse a Docker host's containers",
		hint: true,
		label: 'containers',
	},
	{id: 'guests.expand', keys: ['right', 'l'], scope: 'guests', description: "Expand a Docker host's containers"},
	{id: 'guests.collapse', keys: ['left', 'h'], scope: 'guests', description: "Collapse a Docker host's containers"},
	{
		id: 'guests.logs',
		keys: ['L'],
		scope: 'guests',
		description: "Show the selected guest's logs in the logs pane",
		hint: true,
		label: 'logs',
	},
	{
		id: 'guests.sortVmid',
		keys: ['I'],
		scope: 'guests',
		description: 'Sort by VMID (again: reverse)',
		hint: true,
		label: 'sort',
		hintKeys: 'N/I/S/C/M',
	},
	{id: 'guests.sortName', keys: ['N'], scope: 'guests', description: 'Sort by name (again: reverse)'},
	{id: 'guests.sortType', keys: ['T'], scope: 'guests', description: 'Sort by type'},
	{id: 'guests.sortNode', keys: ['O'], scope: 'guests', description: 'Sort by node'},
	{id: 'guests.sortStatus', keys: ['S'], scope: 'guests', description: 'Sort by status'},
	{id: 'guests.sortCpu', keys: ['C'], scope: 'guests', description: 'Sort by CPU use'},
	{id: 'guests.sortMem', keys: ['M'], scope: 'guests', description: 'Sort by memory use'},
	{id: 'guests.sortDisk', keys: ['D'], scope: 'guests', description: 'Sort by disk use'},
	{id: 'guests.sortUptime', keys: ['U'], scope: 'guests', description: 'Sort by uptime'},
	// guest actions: letters only, each through a confirm dialog (Cancel focused, targets pinned)
	{
		id: 'guests.deploy',
		keys: ['d'],
		scope: 'guests',
		description: 'Deploy a catalog service (pick it, and the node in a cluster)',
		dangerous: true,
		hint: true,
		label: 'deploy',
	},
	{
		id: 'guests.clone',
		keys: ['c'],
		scope: 'guests',
		description: 'Clone the selected template (form: next free VMID, hostname, storage, node)',
		dangerous: true,
		hint: true,
		label: 'clone',
	},
	{
		id: 'guests.start',
		keys: ['u'],
		scope: 'guests',
		description: 'Start the guest, or every marked guest',
		dangerous: true,
		hint: true,
		label: 'start',
	},
	{
		id: 'guests.stop',
		keys: ['x'],
		scope: 'guests',
		description: 'Stop the guest, or every marked guest (no clean shutdown)',
		dangerous: true,
		hint: true,
		label: 'stop',
	},
	{
		id: 'guests.reboot',
		keys: ['R'],
		scope: 'guests',
		description: 'Reboot the guest, or every marked guest',
		dangerous: true,
		hint: true,
		label: 'reboot',
	},
	{
		id: 'guests.destroy',
		keys: ['X'],
		scope: 'guests',
		description: 'Destroy the guest and its volumes (type its VMID to confirm)',
		dangerous: true,
		hint: true,
		label: 'destroy',
	},
	{
		id: 'guests.resources',
		keys: ['e'],
		scope: 'guests',
		description: "Change the container's memory, cores and swap (form; applies live to a running one)",
		dangerous: true,
		hint: true,
		label: 'resources',
	},
	{
		id: 'guests.resize',
		keys: ['E'],
		scope: 'guests',
		description: 'Grow a disk of the container (form: rootfs or mpN, +SIZE; grow only, online)',
		dangerous: true,
		hint: true,
		label: 'grow disk',
	},
	{
		id: 'guests.shell',
		keys: ['s'],
		scope: 'guests',
		description: 'Shell in the guest (pct enter over SSH; the console returns on exit)',
		dangerous: true,
		hint: true,
		label: 'shell',
	},
	{
		id: 'guests.health',
		keys: ['H'],
		scope: 'guests',
		description: 'Health checks of the guest, or every marked guest',
		hint: true,
		label: 'health',
	},

	// zfs
	{
		id: 'zfs.detail',
		keys: ['enter'],
		scope: 'zfs',
		description: 'Open the pool detail (vdevs, errors, scan)',
		hint: true,
		label: 'pool detail',
	},

	// network
	{
		id: 'network.leaksOnly',
		keys: ['w'],
		scope: 'network',
		description: 'Show only VPN warnings (leaks, stale peers)',
		hint: true,
		label: 'warnings',
	},
	{
		id: 'network.toggleExpand',
		keys: ['o', 'enter'],
		scope: 'network',
		description: "Unfold or fold a bridge's guests",
		hint: true,
		label: 'guests',
	},
	{id: 'network.expand', keys: ['right', 'l'], scope: 'network', description: "Unfold a bridge's guests"},
	{id: 'network.collapse', keys: ['left', 'h'], scope: 'network', description: "Fold a bridge's guests"},

	// logs
	{id: 'logs.source', keys: ['s'], scope: 'logs', description: 'Pick the log source', hint: true, label: 'source'},
	{
		id: 'logs.followSelected',
		keys: ['F'],
		scope: 'logs',
		description: 'Follow the guest selected in the guests pane',
		hint: true,
		label: 'follow guest',
	},
	{
		id: 'logs.follow',
		keys: ['f'],
		scope: 'logs',
		description: 'Follow new lines on or off',
		hint: true,
		label: 'follow',
	},
	{id: 'logs.wrap', keys: ['w'], scope: 'logs', description: 'Wrap long lines on or off', hint: true, label: 'wrap'},
	{id: 'logs.timestamps', keys: ['t'], scope: 'logs', description: 'Timestamps on or off', hint: true, label: 'time'},
	{
		id: 'logs.filter',
		keys: ['/'],
		scope: 'logs',
		description: 'Filter and highlight (regex; a leading ! inverts)',
		hint: true,
		label: 'filter',
	},
	{id: 'logs.clear', keys: ['c'], scope: 'logs', description: 'Clear the buffer'},

	// the views over the panes: keymaps/modal-actions.ts and keymaps/registry-safety.ts; Docker: keymaps/registry-docker.ts
	...MODAL_ACTIONS,
	...SAFETY_KEYS,
	...TEMPLATE_KEYS,
	...DOCKER_KEYS,
] as const satisfies readonly KeyActionSpec[];

/** Every action id: a handler for each is required by source/store/actions/index.ts. */
export type ActionId = (typeof REGISTRY)[number]['id'];

/** An action of the keymap in effect (the config may have changed its keys). */
export interface KeyAction extends KeyActionSpec {
	id: ActionId;
}

export const KEY_ACTIONS: readonly KeyAction[] = REGISTRY;
