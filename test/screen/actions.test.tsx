import {describe, it, expect, afterEach} from 'vitest';
import {jobsIdle} from '../../source/store/app-store.js';
import {applyKeymapOverrides} from '../../source/config/index.js';
import {KEY_ACTIONS} from '../../keymaps/registry.js';
import {findConflicts} from '../../keymaps/resolve.js';
import {renderApp, KEYS, type Harness} from './harness.js';
import {select, simStore} from './sim-store.js';

let harness: Harness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
});

const fits = (h: Harness): void => expect(h.lines().length).toBeLessThanOrEqual(23);

describe('confirm dialog and job panel at 80×24', () => {
	it('shows every command of a deploy in full (wrapped, never cut), with Cancel focused', async () => {
		const lab = simStore();
		await lab.load();
		harness = await renderApp(lab.store, {cols: 80, rows: 24});
		await harness.press('d', KEYS.down, KEYS.enter);
		let frame = await harness.waitFor((f) => f.includes('Deploy redis (201)?'));
		fits(harness);
		expect(frame).toContain('> Cancel <');
		expect(frame).toContain('[ Deploy ]');
		expect(frame).toContain('j/k scroll');
		// Scroll to the end: the configure command, split over lines, is all there.
		await harness.press('G');
		frame = await harness.waitFor((f) => f.includes('$ pct set 201'));
		fits(harness);
		expect(frame).toMatch(
			/\$ pct set 201 --net0 name=eth0,bridge=vmbr2,ip=10\.0\.30\.20\/24,\s+┃\n┃ {7}gw=10\.0\.30\.1 --memory 512 --cores 1 --onboot 1 --tags database\s+┃/,
		);
		expect(frame).toContain('> Cancel <');
	});

	it('runs a stop and shows the job panel under the panes, which stay on screen', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 105);
		harness = await renderApp(lab.store, {cols: 80, rows: 24});
		await harness.press('x');
		await harness.waitFor((f) => f.includes('Stop immich (105)?') && f.includes('$ pct stop 105'));
		await harness.press(KEYS.tab, KEYS.enter);
		await jobsIdle(lab.store);
		const frame = await harness.waitFor((f) => f.includes('stop immich (105): done'));
		fits(harness);
		expect(frame).toContain('1 Guests');
		expect(frame).toMatch(/stop immich \(105\) done \d+\.\ds {2}Esc puts this away/);
		expect(frame).toMatch(/✓ stop +\d+\.\ds/);
		await harness.press(KEYS.esc);
		await harness.waitFor((f) => !f.includes('Esc puts this away'));
	});

	it('destroy asks for the VMID in a field', async () => {
		const lab = simStore();
		await lab.load();
		const snapshot = lab.store.getState().snapshot!;
		lab.store
			.getState()
			.setSnapshot({...snapshot, guests: snapshot.guests.map((g) => (g.vmid === 105 ? {...g, status: 'stopped'} : g))});
		select(lab.store, 105);
		harness = await renderApp(lab.store, {cols: 80, rows: 24});
		await harness.press('X', '1', '0');
		const frame = await harness.waitFor((f) => f.includes('Type 105 to confirm: 10'));
		expect(frame).toContain('type 105 to confirm');
		fits(harness);
	});

	it('the clone form shows its defaults', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 900);
		harness = await renderApp(lab.store, {cols: 80, rows: 24});
		await harness.press('c');
		const frame = await harness.waitFor((f) => f.includes('Clone template 900 postgresql-template'));
		expect(frame).toMatch(/New VMID\s+122/);
		expect(frame).toMatch(/Hostname\s+postgresql/);
		expect(frame).toMatch(/Storage\s+local-lvm/);
		fits(harness);
	});
});

describe('a cluster context', () => {
	it('shows the banner in the header, nodes and quorum, the NODE column, and filters by node', async () => {
		const lab = simStore({nodes: 3, readOnly: true, colour: 'red', banner: 'PROD', context: 'testhost'});
		await lab.load();
		const snapshot = lab.store.getState().snapshot!;
		lab.store.getState().setSnapshot({
			...snapshot,
			nodes: snapshot.nodes.map((n) => (n.name === 'pve3' ? {...n, online: false, state: 'offline' as const} : n)),
		});
		harness = await renderApp(lab.store, {cols: 100, rows: 30});
		let frame = await harness.waitFor((f) => f.includes('PROD'));
		expect(harness.lines()[0]).toMatch(/^proxdeck PROD testhost demo nodes 2\/3 \(pve3 offline\) quorate \[RO\]/);
		expect(frame).toMatch(/VMID▲ NAME .* NODE/);
		// The monitoring stack lives on pve3 in the simulated cluster.
		await harness.press('/', ...'node:pve3', KEYS.enter);
		frame = await harness.waitFor((f) => f.includes('9 of 40'));
		expect(frame).toMatch(/110 grafana .* pve3/);
		expect(frame).not.toMatch(/101 drive/);
	});
});

describe('help, remapped keys and the palette prompt', () => {
	it('? shows the keys in effect: a remap, an unbound action, a conflict and why actions are disabled', async () => {
		const keyActions = applyKeymapOverrides(KEY_ACTIONS, {
			'guests.stop': ['K'],
			'app.refresh': [],
			'guests.start': ['j'],
		});
		const problems = findConflicts(keyActions, ['guests.stop', 'app.refresh', 'guests.start']).map((c) => c.message);
		const lab = simStore({keyActions, keymapProblems: problems, readOnly: true, readOnlyWhy: '--readonly'});
		await lab.load();
		harness = await renderApp(lab.store, {cols: 160, rows: 80});
		await harness.press('?');
		const frame = await harness.waitFor((f) => f.includes('Keymap problems'));
		expect(frame).toContain(
			'keymap conflict: "j" is bound to both nav.down and guests.start; guests.start wins in guests',
		);
		expect(frame).toMatch(/\(unbound\)\s+Refresh now\s+app\.refresh/);
		expect(frame).toMatch(
			/K\s+Stop the guest, or every marked guest \(no clean shutdown\)\s+\(disabled: read-only mode \[RO\]: --readonly\)\s+guests\.stop/,
		);
		expect(frame).toContain(':ctx <name>');
	});

	it('? help says what an action needs before its key is pressed', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 105);
		harness = await renderApp(lab.store, {cols: 200, rows: 80});
		await harness.press('?');
		const frame = await harness.waitFor((f) => f.includes('Guests pane'));
		expect(frame).toMatch(
			/c\s+Clone the selected template .*\(disabled: select a template first \(the templates group is at the end of the list\)\)\s+guests\.clone/,
		);
		expect(frame).toMatch(/s\s+Shell in the guest .*\(disabled: this connection cannot open a terminal/);
		expect(frame).toMatch(/u\s+Start the guest, or every marked guest\s+guests\.start/);
	});

	it('the palette line says a command would be refused before Enter', async () => {
		const lab = simStore({readOnly: true, readOnlyWhy: '--readonly'});
		await lab.load();
		harness = await renderApp(lab.store, {cols: 120, rows: 24});
		await harness.press(':', ...'deploy redis');
		await harness.waitFor((f) => f.includes(':deploy redis'));
		expect(harness.lines().at(-1)).toMatch(/^:deploy redis +refused: read-only mode \[RO\]: --readonly/);
		await harness.press(KEYS.enter);
		await harness.waitFor((f) => f.includes(':deploy: refused (read-only mode [RO]: --readonly)'));
	});

	it('the footer shows the palette line and what Tab would complete', async () => {
		const lab = simStore({contexts: ['demo', 'testhost', 'home']});
		await lab.load();
		harness = await renderApp(lab.store, {cols: 80, rows: 24});
		await harness.press(':', 'c', 't', 'x', ' ');
		const frame = await harness.waitFor((f) => f.includes(':ctx '));
		expect(harness.lines().at(-1)).toMatch(/^:ctx +demo testhost home/);
		expect(frame).toContain('1 Guests');
	});
});
