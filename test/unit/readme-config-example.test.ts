import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkConfigText, resolveContext} from '../../source/config/index.js';
import {KEY_ACTIONS} from '../../keymaps/registry.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe("the README's config example", () => {
	it('is a valid config file whose contexts resolve', () => {
		const section = readme.slice(readme.indexOf('## Configuration'));
		const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
		expect(json).toBeDefined();
		const checked = checkConfigText(json!, 'README.md', {knownActionIds: KEY_ACTIONS.map((a) => a.id)});
		if (!checked.ok) throw new Error(checked.error.message);
		const prod = resolveContext(checked.config, 'prod');
		expect(prod.ok && prod.context.readOnly).toBe(true);
		const home = resolveContext(checked.config, undefined);
		expect(home.ok && home.context.target).toEqual({kind: 'host', host: 'root@pve.lan'});
	});
});
