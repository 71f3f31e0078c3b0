/** The scopes of the keymap registry (keymaps/registry.ts re-exports them). */

/**
 * Where an action applies. `nav` is the shared motion set, active in every list and view;
 * pane scopes are active when that pane has focus and no modal is open; modal scopes
 * (detail, pool, help, picker, nodes, confirm, catalog, journal, hostkey, jobOutput, actions,
 * snapshots, backups, tasks, tasklog) are active while that modal is on top of the stack. The text-entry scopes
 * (filter, palette, form) take only their own keys: every other printable key is text typed
 * into the prompt or the field.
 */
export type Scope =
	| 'global'
	| 'nav'
	| 'guests'
	| 'zfs'
	| 'network'
	| 'logs'
	| 'detail'
	| 'pool'
	| 'help'
	| 'picker'
	| 'nodes'
	| 'confirm'
	| 'catalog'
	| 'journal'
	| 'hostkey'
	| 'jobOutput'
	| 'actions'
	| 'snapshots'
	| 'backups'
	| 'tasks'
	| 'templates'
	| 'tasklog'
	| 'filter'
	| 'palette'
	| 'form';

/** Scopes where printable keys are text, not commands. */
export const TEXT_SCOPES: ReadonlySet<Scope> = new Set(['filter', 'palette', 'form']);
