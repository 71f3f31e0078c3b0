import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {keyTableMarkdown, withKeyTable} from '../../keymaps/readme-table.js';
import {KEY_ACTIONS} from '../../keymaps/registry.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README key table', () => {
	it('is the one the registry generates (run npm run readme-keys after changing keymaps/)', () => {
		expect(withKeyTable(readme)).toBe(readme);
	});

	it('lists every bound action', () => {
		const table = keyTableMarkdown();
		for (const action of KEY_ACTIONS) expect(table).toContain(action.description.replaceAll('|', '\\|'));
	});
});
