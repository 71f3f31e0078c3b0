/**
 * The footer keeps the keys that lead to the others at every width, chosen by priority, and
 * the guests' action menu (`a`) lists every action on the selected guest with its key and why
 * one cannot run now; Enter or the action's own key runs it on that guest.
 */
import {describe, it, expect, afterEach} from 'vitest';
import {renderApp, KEYS, type Harness} from './harness.js';
import {select, simStore} from './sim-store.js';

let harness: Harness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
});

const footer = (h: Harness): string => h.lines().at(-1)!;

describe('footer hints by priority', () => {
	it('at 80×24 keep help, the action menu, the other panes and the palette', async () => {
		const lab = simStore();
		await lab.load();
		harness = await renderApp(lab.store, {cols: 80, rows: 24});
		const line = footer(harness);
		expect(line.length).toBeLessThanOrEqual(80);
		for (const hint of ['? help', 'a actions', 'Tab pane', '1-4 panes', ': cmd']) expect(line).toContain(hint);
		await harness.press('4');
		await harness.waitFor((f) => f.includes('4 Logs'));
		for (const hint of ['? help', 'f follow', '1-4 panes', ': cmd']) expect(footer(harness)).toContain(hint);
	});

	it('at 200×50 name the lifecycle keys of the guests pane', async () => {
		const lab = simStore();
		await lab.load();
		harness = await renderApp(lab.store, {cols: 200, rows: 50});
		const line = footer(harness);
		for (const hint of ['a actions', 'u start', 'x stop', 'R reboot', 'X destroy', 'L logs', ': cmd']) {
			expect(line).toContain(hint);
		}
		expect(line.length).toBeLessThanOrEqual(200);
	});
});

describe('action menu', () => {
	it('lists every action on the guest with its key, and says why one cannot run now', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 105);
		harness = await renderApp(lab.store, {cols: 80, rows: 24});
		await harness.press('a');
		const frame = await harness.waitFor((f) => f.includes('Actions: immich (105)'));
		expect(harness.lines().length).toBeLessThanOrEqual(23);
		for (const row of [/u +start +Start the guest/, /x +stop +Stop the guest/, /R +reboot +Reboot/, /L +logs +Show/]) {
			expect(frame).toMatch(row);
		}
		expect(frame).toMatch(/X +destroy +Destroy the guest/);
		expect(frame).toMatch(/s +shell +\(cannot now: this connection cannot open a terminal/);
		expect(frame).toMatch(/c +clone +\(cannot now: select a template first/);
		await harness.press(KEYS.esc);
		await harness.waitFor((f) => !f.includes('Actions:') && f.includes('1 Guests'));
	});

	it("runs the selected action with Enter, or an action's own key, on the guest it was opened for", async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 105);
		harness = await renderApp(lab.store, {cols: 120, rows: 40});
		await harness.press('a');
		await harness.waitFor((f) => f.includes('Actions: immich (105)'));
		await harness.press('j', 'j', 'j', 'j', 'j');
		await harness.waitFor((f) => /› x +stop/.test(f));
		await harness.press(KEYS.enter);
		await harness.waitFor((f) => f.includes('Stop immich (105)?') && !f.includes('Actions:'));
		await harness.press(KEYS.esc);
		await harness.waitFor((f) => !f.includes('Stop immich (105)?'));
		await harness.press('a');
		await harness.waitFor((f) => f.includes('Actions: immich (105)'));
		await harness.press('X');
		await harness.waitFor((f) => f.includes('Destroy immich (105)?') && !f.includes('Actions:'));
	});

	it('in read-only mode names why every action that changes the host cannot run', async () => {
		const lab = simStore({readOnly: true, readOnlyWhy: '--readonly'});
		await lab.load();
		select(lab.store, 105);
		harness = await renderApp(lab.store, {cols: 120, rows: 40});
		await harness.press('a');
		const frame = await harness.waitFor((f) => f.includes('Actions: immich (105)'));
		for (const label of ['start', 'stop', 'reboot', 'destroy', 'deploy']) {
			expect(frame).toMatch(new RegExp(`${label} +\\(cannot now: read-only mode`));
		}
		expect(frame).toMatch(/H +health +Health checks/);
		await harness.press('u');
		await harness.waitFor((f) => f.includes('disabled (read-only mode'));
		expect(lab.store.getState().modals).toEqual([]);
	});
});
