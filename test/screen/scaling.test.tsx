/**
 * Vertical scaling from the guests pane at 80×24 on the simulated homelab: `e` opens the
 * resources form filled with what the container has, its confirm dialog shows the live change
 * and the command, and running it changes what the guests pane shows; `E` refuses a shrink in
 * the plan with Proxmox's reason. Instances of a service are listed together.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {jobsIdle} from '../../source/store/app-store.js';
import {buildGuestRows} from '../../source/store/guest-rows.js';
import {KEYS, renderApp, type Harness} from './harness.js';
import {select, simStore} from './sim-store.js';
import {guest, snapshot} from '../unit/ops-snapshot-fixture.js';

let harness: Harness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
});

const fits = (h: Harness): void => expect(h.lines().length).toBeLessThanOrEqual(23);
const erase = (n: number): string[] => Array.from({length: n}, () => KEYS.backspace);

describe('scaling keys', () => {
	it('e changes memory and cores live, and the guests pane shows the new size', async () => {
		const lab = simStore();
		await lab.load();
		// autobrr bind-mounts a pool, so no snapshot comes first (the plan says why).
		select(lab.store, 118);
		harness = await renderApp(lab.store, {cols: 80, rows: 24});
		await harness.press('e');
		const form = await harness.waitFor((f) => f.includes('Resources of autobrr (118)'));
		fits(harness);
		expect(form).toMatch(/Memory MiB\s+512/);
		await harness.press(...erase(6), '2', '0', '4', '8', KEYS.tab, ...erase(3), '2', KEYS.enter);
		const dialog = await harness.waitFor((f) => f.includes('Change the resources of autobrr (118)?'));
		fits(harness);
		expect(dialog).toContain('> Cancel <');
		await harness.press('G');
		const end = await harness.waitFor((f) => f.includes('$ pct set 118 --memory 2048 --cores 2'));
		expect(end).toContain('applies live');
		await harness.press(KEYS.tab, KEYS.enter);
		await jobsIdle(lab.store);
		await harness.waitFor((f) => f.includes('set autobrr (118): done'));
		await lab.load();
		await harness.waitFor((f) => /118 autobrr\s+running\s+[\d.]+\s+\S+\/2G/.test(f));
	});

	it('E refuses a shrink in the plan with the reason', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 110);
		harness = await renderApp(lab.store, {cols: 80, rows: 24});
		await harness.press('E');
		await harness.waitFor((f) => f.includes('Grow a disk of grafana (110)'));
		await harness.press(KEYS.tab, ...erase(5), '1', 'G', KEYS.enter);
		const dialog = await harness.waitFor((f) => f.includes('Grow rootfs of grafana (110) (1G)?'));
		fits(harness);
		expect(dialog).toContain('FAIL size: rootfs is 4G; 1G would shrink it');
	});

	it('says why a template cannot be scaled, and opens nothing', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 900);
		harness = await renderApp(lab.store, {cols: 80, rows: 24});
		await harness.press('e');
		await harness.waitFor(() =>
			(lab.store.getState().notice ?? '').includes(
				'disabled (postgresql-template (900) is a template: scale the guests cloned from it)',
			),
		);
		expect(lab.store.getState().modals).toEqual([]);
	});
});

describe('instances', () => {
	it('i in the deploy picker plans the primary and a replica in one dialog', async () => {
		const lab = simStore();
		await lab.load();
		harness = await renderApp(lab.store, {cols: 80, rows: 24});
		await harness.press('d');
		await harness.waitFor((f) => f.includes('instances: 1 (i)'));
		await harness.press('i');
		await harness.waitFor((f) => f.includes('instances: 2 (i)'));
		await harness.press(KEYS.enter);
		const dialog = await harness.waitFor((f) => f.includes('Deploy 2 instances of postgresql (200, 210)?'));
		fits(harness);
		expect(dialog).toContain('> Cancel <');
		await harness.press('G');
		await harness.waitFor((f) => f.includes('--hostname postgresql-db-1'));
	});

	it('lists replicas right after their primary when sorted by VMID', () => {
		const snap = snapshot({
			guests: [200, 201, 210, 211].map((vmid) =>
				guest({vmid, name: vmid === 201 ? 'redis' : vmid === 200 ? 'postgresql-db' : `postgresql-db-${vmid - 209}`}),
			),
		});
		const order = (key: 'vmid' | 'cpu') =>
			buildGuestRows(snap, {sort: {key, desc: false}, filter: '', expanded: {}}).rows.flatMap((r) =>
				r.kind === 'guest' ? [r.guest.vmid] : [],
			);
		expect(order('vmid')).toEqual([200, 210, 211, 201]);
	});
});
