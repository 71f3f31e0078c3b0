/**
 * The templates view over the simulated homelab at 80×24: Y (and :templates) opens it, each
 * template with its service, storage and size; a template the catalog wants but the host
 * lacks is named with the command that makes it.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {removeGuest} from '../../source/sim/mutate.js';
import {KEYS, renderApp, type Harness} from './harness.js';
import {simStore} from './sim-store.js';

let harness: Harness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
});

describe('templates view', () => {
	it('lists the templates with service, storage and size, and names a missing one', async () => {
		const lab = simStore();
		removeGuest(lab.transport.sim.state, 903);
		await lab.load();
		harness = await renderApp(lab.store, {cols: 80, rows: 24});
		await harness.press('Y');
		const frame = await harness.waitFor((f) => f.includes('Templates'));
		expect(harness.lines().length).toBeLessThanOrEqual(23);
		expect(frame).toMatch(/900\s+postgresql\s+pve\s+local-hdd\s+8G\s+\?/);
		expect(frame).toMatch(/908\s+docker\s+pve\s+local-hdd\s+16G/);
		expect(frame).not.toMatch(/^\W*903\s/m);
		expect(frame).toContain('missing: gitea (903): proxdeck template create <service>');
		await harness.press(KEYS.esc, ':', ...'templates'.split(''), KEYS.enter);
		await harness.waitFor((f) => f.includes('missing: gitea (903)'));
	});
});
