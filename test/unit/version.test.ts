/**
 * `proxdeck --version` is answered from two places: the one file's launcher (package.json's
 * version, put in by the build) when it is the only argument, and the program otherwise
 * (source/version.ts, since the bundle has no package.json to read). They must agree.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {VERSION} from '../../source/version.js';

describe('the version', () => {
	it('is package.json’s', () => {
		const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string};
		expect(VERSION).toBe(pkg.version);
	});
});
