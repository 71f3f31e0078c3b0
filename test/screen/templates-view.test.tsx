/**
 * The templates view over the simulated homelab at 80×24: ctrl+t (and :templates) opens it, each
 * template with its service, storage and size; a template the catalog wants but the host
 * lacks is listed last; c plans making it, R re-creating one, each in a confirm dialog.
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
		await harness.press('\u0014'); // ctrl+t
		const frame = await harness.waitFor((f) => f.includes('Templates'));
		expect(harness.lines().length).toBeLessThanOrEqual(23);
		expect(frame).toMatch(/900\s+postgresql\s+pve\s+local-hdd\s+8G\s+\?/);
		expect(frame).toMatch(/908\s+docker\s+pve\s+local-hdd\s+16G/);
		expect(frame).toMatch(/903\s+gitea\s+missing: c makes it/);
		expect(frame).toContain('missing: gitea (903): c on it makes it');
		// The missing one is listed last: c plans its build in a confirm dialog.
		await harness.press('G', 'c');
		const dialog = await harness.waitFor((f) => f.includes('Make the gitea template (903)?'));
		expect(harness.lines().length).toBeLessThanOrEqual(23);
		expect(dialog).toContain('Download the community script https://raw.githubusercontent.com/');
		expect(dialog).toContain("Check the script's sha256 is 0cb4698f66f46364e0d84f92a7ab8eda54e9847a1d5");
		// R on the first row (900) plans its re-creation: built as 9900, then swapped in.
		await harness.press(KEYS.esc, 'g', 'R');
		const recreate = await harness.waitFor((f) => f.includes('Re-create the postgresql template (900)?'));
		expect(harness.lines().length).toBeLessThanOrEqual(23);
		expect(recreate).toContain('VMID 9900 is free');
		await harness.press(KEYS.esc, KEYS.esc, ':', ...'templates'.split(''), KEYS.enter);
		await harness.waitFor((f) => f.includes('missing: gitea (903)'));
	});
});
