import {describe, it, expect} from 'vitest';
import {handleKey} from '../../screens/input-router.js';
import {defaultCatalog} from '../../source/catalog/defaults.js';
import {candidates, complete, parseCommand, remember} from '../../source/store/palette.js';
import type {AppStore} from '../../source/store/types.js';
import {simStore} from '../screen/sim-store.js';
import {runPaletteLine} from '../../source/store/actions/palette.js';

const sources = {contexts: ['demo', 'testhost', 'home'], catalog: defaultCatalog(), snapshot: null};

function type(store: AppStore, text: string): void {
	// One read, as a paste or tmux send-keys delivers it.
	handleKey(store, text, {});
}

describe('parsing palette lines', () => {
	it('reads a command and its argument, with k9s/vim spellings', () => {
		const parsed = parseCommand(':ctx  testhost ');
		expect(parsed.ok && [parsed.command.name, parsed.arg]).toEqual(['ctx', 'testhost']);
		const quit = parseCommand('quit');
		expect(quit.ok && quit.command.name).toBe('q');
	});
	it('says what is wrong: unknown command, missing or extra argument', () => {
		expect(parseCommand('zfz')).toEqual({ok: false, message: ':zfz: no such command (did you mean :zfs?)'});
		expect(parseCommand('ct')).toEqual({ok: false, message: ':ct needs <vmid>'});
		expect(parseCommand('zfs tank')).toEqual({ok: false, message: ':zfs takes no argument'});
		expect(parseCommand('deploy redis gitea')).toEqual({
			ok: false,
			message: ':deploy takes <service>; "gitea" is one word too many',
		});
	});
});

describe('completion and history', () => {
	it('completes command names, then context and service names', () => {
		expect(candidates('', sources)).toHaveLength(16);
		expect(candidates('te', sources)).toEqual(['templates']);
		expect(candidates('j', sources)).toEqual(['journal']);
		expect(complete('j', sources)).toBe('journal ');
		expect(complete('ctx t', sources)).toBe('ctx testhost ');
		expect(candidates('ctx ', sources)).toEqual(['demo', 'testhost', 'home']);
		expect(complete('deploy n', sources)).toBe('deploy n');
		expect(candidates('deploy n', sources)).toEqual(['nextcloud', 'nginx-proxy-manager']);
		expect(complete('deploy ng', sources)).toBe('deploy nginx-proxy-manager ');
	});
	it('keeps 50 lines, newest last, no repeat in a row', () => {
		expect(remember(['zfs'], 'zfs')).toEqual(['zfs']);
		expect(remember(['zfs'], ' ct 105 ')).toEqual(['zfs', 'ct 105']);
		expect(
			remember(
				Array.from({length: 50}, (_, i) => `ct ${i}`),
				'q',
			),
		).toHaveLength(50);
	});
});

describe('the palette in the console', () => {
	it(': opens it; typed keys are text; Enter runs :ct 105 (detail view); Up recalls it', async () => {
		const lab = simStore();
		await lab.load();
		handleKey(lab.store, ':', {});
		type(lab.store, 'ct 105');
		expect(lab.store.getState().modals.at(-1)).toEqual({kind: 'palette', text: 'ct 105', historyAt: null});
		handleKey(lab.store, '\r', {return: true});
		expect(lab.store.getState().modals).toEqual([{kind: 'detail', vmid: 105}]);
		expect(lab.store.getState().guests.selected).toBe('g:105');
		handleKey(lab.store, '', {escape: true, meta: true});
		handleKey(lab.store, ':', {});
		handleKey(lab.store, '', {upArrow: true});
		expect(lab.store.getState().modals.at(-1)).toEqual({kind: 'palette', text: 'ct 105', historyAt: 0});
	});

	it('jumps to panes and points the logs at a guest', async () => {
		const lab = simStore();
		await lab.load();
		runPaletteLine(lab.store, 'zfs');
		expect(lab.store.getState().focus).toBe('zfs');
		runPaletteLine(lab.store, 'logs 110');
		expect(lab.store.getState().focus).toBe('logs');
		expect(lab.store.getState().logs.source).toEqual({kind: 'guest', vmid: 110, name: 'grafana', node: 'pve'});
		runPaletteLine(lab.store, 'ct 9999');
		expect(lab.store.getState().notice).toBe(':ct: no guest 9999');
	});

	it(':deploy opens the deploy dialog, and read-only refuses it saying why', async () => {
		const lab = simStore();
		await lab.load();
		runPaletteLine(lab.store, 'deploy postgresql');
		const top = lab.store.getState().modals.at(-1);
		expect(top?.kind === 'confirm' && top.dialog.title).toBe('Deploy postgresql (200)?');
		const ro = simStore({
			readOnly: true,
			readOnlyWhy: 'context "testhost" is readOnly in the config (--write overrides)',
		});
		await ro.load();
		runPaletteLine(ro.store, 'deploy postgresql');
		expect(ro.store.getState().modals).toEqual([]);
		expect(ro.store.getState().notice).toBe(
			':deploy: refused (read-only mode [RO]: context "testhost" is readOnly in the config (--write overrides))',
		);
	});

	it(':q quits and :journal opens the journal', async () => {
		const lab = simStore();
		runPaletteLine(lab.store, 'journal');
		expect(lab.store.getState().modals).toEqual([{kind: 'journal'}]);
		runPaletteLine(lab.store, 'q');
		expect(lab.store.getState().quit).toBe(true);
	});
});
