/** What the configs script is told the console already has, refresh after refresh. */
import {describe, expect, it} from 'vitest';
import {ConfigCache} from '../../source/host/config-cache.js';
import type {GuestConfigFacts} from '../../source/host/assemble.js';

const facts = {} as GuestConfigFacts;

describe('the configs already read', () => {
	it('names each config read with the version it was read at, and forgets a guest gone from .vmlist', () => {
		const cache = new ConfigCache();
		expect(cache.knownVersions()).toBe('');
		cache.absorb({
			vmlist: [
				{vmid: 100, version: 3},
				{vmid: 101, version: 7},
				{vmid: 102, version: 1},
			],
			configs: [
				{vmid: 100, facts},
				{vmid: 101, facts},
			],
		});
		expect(cache.knownVersions()).toBe('100:3 101:7');
		// 101 changed and was read again; 100 is gone.
		cache.absorb({
			vmlist: [
				{vmid: 101, version: 8},
				{vmid: 102, version: 1},
			],
			configs: [
				{vmid: 101, facts},
				{vmid: 102, facts},
			],
		});
		expect(cache.knownVersions()).toBe('101:8 102:1');
	});
});
