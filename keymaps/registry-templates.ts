/**
 * The keymap registry's entry for the templates view (keymaps/registry.ts spreads it in).
 * Data only, like the rest of the registry.
 */
import type {KeyActionSpec} from './registry.js';

export const TEMPLATE_KEYS = [
	{
		id: 'app.templates',
		keys: ['ctrl+t'],
		scope: 'global',
		description: 'Templates: service, storage, size, age and the guests made from each (also :templates)',
		label: 'templates',
	},
	{
		id: 'templates.create',
		keys: ['c'],
		scope: 'templates',
		description: "Make the selected service's template from nothing (the plan first, in a confirm dialog)",
		dangerous: true,
		hint: true,
		label: 'make',
	},
	{
		id: 'templates.recreate',
		keys: ['R'],
		scope: 'templates',
		description: 'Re-create the selected template: built beside the old as 9NN+9000, then swapped in',
		dangerous: true,
		hint: true,
		label: 're-create',
	},
] as const satisfies readonly KeyActionSpec[];
