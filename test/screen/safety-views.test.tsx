/**
 * The safety net's views over the simulated homelab at 80×24: a guest's snapshot tree and the
 * rollback dialog that names the guest and the snapshot, the snapshot form refusing a name
 * Proxmox would refuse, the backups view with the audit's verdict and a restore over the guest
 * that wants its VMID typed, the tasks view with a failed job's error line and a task's log,
 * and the BACKUP column of the guests pane.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {jobsIdle, watchSafetyViews} from '../../source/store/app-store.js';
import {KEYS, renderApp, type Harness} from './harness.js';
import {select, simStore} from './sim-store.js';

let harness: Harness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
});

const fits = (h: Harness): void => expect(h.lines().length).toBeLessThanOrEqual(23);

describe('snapshots view', () => {
	it('draws the tree with current marked, and the rollback dialog names the guest and the snapshot', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 300);
		harness = await renderApp(lab.store, {cols: 80, rows: 24});
		await harness.press('p');
		const frame = await harness.waitFor((f) => f.includes('`-> current (running)'));
		fits(harness);
		expect(frame).toContain('Snapshots of opnsense (300)');
		expect(frame).toMatch(/`-> pre-25-1-upgrade\s+\d{4}-\d\d-\d\d \d\d:\d\d yes before OPNsense 25\.1/);
		expect(frame).toMatch(/ `-> vlan-lab\s+\d{4}-\d\d-\d\d \d\d:\d\d no\s+VLAN trunk exp/);
		expect(frame).toMatch(/ {2}`-> current \(running\)\s+you are here/);
		// The cursor starts on the first snapshot: R rolls back to it.
		await harness.press('R');
		const dialog = await harness.waitFor((f) => f.includes('Roll opnsense (300) back to snapshot pre-25-1-upgrade?'));
		fits(harness);
		expect(dialog).toContain('> Cancel <');
		expect(dialog).toContain('the VM resumes from the saved RAM');
		await harness.press(KEYS.esc);
		// current is not a snapshot: R on it says so instead of opening a dialog.
		await harness.press('G', 'R');
		await harness.waitFor(() =>
			(lab.store.getState().notice ?? '').includes('"current" is where the guest is now, not a snapshot'),
		);
		expect(harness.lastFrame()).not.toContain('Roll opnsense (300) back');
	});

	it('refuses a snapshot name Proxmox refuses, in the form, naming the rule', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 104);
		harness = await renderApp(lab.store, {cols: 80, rows: 24});
		await harness.press('p');
		await harness.waitFor((f) => f.includes('`-> before-1-32'));
		await harness.press('n');
		await harness.waitFor((f) => f.includes('Snapshot vaultwarden (104)'));
		// Clear the suggested name and type one that starts with a digit.
		await harness.press(...Array.from({length: 30}, () => KEYS.backspace), '9', 'x', KEYS.enter);
		await harness.waitFor((f) => f.includes('Name: a letter then letters, digits, - or _ (2 to 40 characters)'));
		fits(harness);
		expect(lab.transport.sim.state.guests.find((g) => g.vmid === 104)?.snapshots).toHaveLength(1);
	});
});

describe('backups view', () => {
	it("lists the backups with the audit's verdict, and a restore over the guest wants its VMID typed", async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 105);
		harness = await renderApp(lab.store, {cols: 80, rows: 24});
		await harness.press('b');
		const frame = await harness.waitFor((f) => f.includes('none of its 10 backups on pbs was ever verified'));
		fits(harness);
		expect(frame).toContain('Backups of immich (105)');
		expect(frame).toMatch(/\d{4}-\d\d-\d\d 03:30 pbs\s+1\.6G\s+never\s+immich/);
		await harness.press('R');
		await harness.waitFor((f) => f.includes('Into VMID'));
		// Replace the suggested new VMID with the guest's own: a restore over it (it runs: refused).
		await harness.press(KEYS.backspace, KEYS.backspace, KEYS.backspace, '1', '0', '5', KEYS.enter);
		const dialog = await harness.waitFor((f) => f.includes('Type 105 to confirm'));
		fits(harness);
		expect(dialog).toContain('guest 105 (immich) is running: restoring over it is refused');
	});
});

describe('tasks view and the BACKUP column', () => {
	it("lists tasks with a failed job's error line, and opens a task's log", async () => {
		const lab = simStore();
		await lab.load();
		harness = await renderApp(lab.store, {cols: 120, rows: 30});
		// The console reads the task list only while its view is open (startPoller wires this up).
		const unwatch = watchSafetyViews(lab.store);
		await harness.press('A');
		const frame = await harness.waitFor((f) => f.includes('Backup of VM 107 failed'));
		expect(frame).toMatch(/vzdump\s+-\s+root@pam\s+Backup of VM 107 failed - command 'se/);
		expect(frame).toMatch(/0 running, \d+ in the list/);
		await harness.press(KEYS.enter);
		// The newest run: its log, followed to the end (the last lines on screen).
		const log = await harness.waitFor((f) => f.includes('ended (ok)'));
		expect(log).toMatch(/INFO: Backup job finished successfully\s+┃\n┃TASK OK/);
		unwatch();
	});

	it("shows each guest's backup state once the audit is in", async () => {
		const lab = simStore();
		await lab.load();
		harness = await renderApp(lab.store, {cols: 160, rows: 40});
		await harness.press('+');
		await harness.waitFor((f) => f.includes('BACKUP'));
		lab.store.runtime.connection.safety.auditNow();
		const frame = await harness.waitFor((f) => /103 rustdeskserver .* none /.test(f));
		expect(frame).toMatch(/107 qbittorrent .* fail /);
		expect(frame).toMatch(/115 flaresolverr .* skip /);
		await jobsIdle(lab.store);
	});
});
