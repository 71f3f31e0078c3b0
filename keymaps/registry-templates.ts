/**
 * The keymap registry's entry for the templates view (keymaps/registry.ts spreads it in).
 * Data only, like the rest of the registry.
 */
import type {KeyActionSpec} from './registry.js';

export const TEMPLATE_KEYS = [
	{
		id: 'app.templates',
		keys: ['Y'],
		scope: 'global',
		description: 'Templates: service, storage, size, age and the guests made from each (also :templates)',
		label: 'templates',
	},
] as const satisfies readonly KeyActionSpec[];
