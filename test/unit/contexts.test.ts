import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {effectiveKeymap, readOnlyWhy} from '../../source/console-mode.js';
import {loadConfig} from '../../source/config/index.js';
import {createCollector} from '../../source/host/collect.js';
import {resolveKey} from '../../keymaps/resolve.js';
import {startPoller, stopPoller} from '../../source/store/app-store.js';
import type {ContextSwitcher} from '../../source/store/types.js';
import type {AppStore} from '../../source/store/types.js';
import {simStore} from '../screen/sim-store.js';
import {switchContext} from '../../source/store/context-switch.js';

const running: AppStore[] = [];
afterEach(() => {
	for (const store of running.splice(0)) stopPoller(store);
});

async function until(what: string, check: () => boolean): Promise<void> {
	const deadline = Date.now() + 3000;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

/** A switcher that connects a 3-node simulated cluster as the read-only, red "testhost". */
function toCluster(): {switcher: ContextSwitcher; asked: string[]} {
	const asked: string[] = [];
	const switcher: ContextSwitcher = async (name) => {
		asked.push(name);
		if (name !== 'testhost')
			return {ok: false, message: `context "${name}" is not in the config file; known contexts: demo, testhost`};
		const next = simStore({nodes: 3, context: 'testhost', label: 'root@127.0.0.1:2222'});
		return {
			ok: true,
			opened: {
				collector: createCollector(next.transport, {context: 'testhost'}),
				transport: next.transport,
				context: 'testhost',
				readOnly: true,
				readOnlyWhy: 'context "testhost" is readOnly in the config (--write overrides)',
				colour: 'red',
				banner: 'PROD',
				sudo: false,
				intervalMs: 1000,
				thresholds: {warn: 80, crit: 90},
			},
		};
	};
	return {switcher, asked};
}

describe(':ctx switches the connection at runtime', () => {
	it('closes the old connection, empties the panes, refills them from the new host, and applies its read-only flag and banner', async () => {
		const {switcher, asked} = toCluster();
		const lab = simStore({switchContext: switcher, contexts: ['demo', 'testhost']});
		running.push(lab.store);
		startPoller(lab.store, {logs: false});
		await until('the demo snapshot', () => lab.store.getState().snapshot !== null);
		expect(lab.store.getState().snapshot?.nodes).toHaveLength(1);
		lab.store.setState({guests: {...lab.store.getState().guests, marks: ['g:101'], filter: 'drive'}});

		await switchContext(lab.store, 'testhost');
		expect(asked).toEqual(['testhost']);
		expect(lab.transport.state()).toEqual({kind: 'failed', reason: 'closed'});
		const state = lab.store.getState();
		expect([state.context, state.host, state.readOnly, state.colour, state.banner]).toEqual([
			'testhost',
			'root@127.0.0.1:2222',
			true,
			'red',
			'PROD',
		]);
		expect(state.guests.marks).toEqual([]);
		expect(state.guests.filter).toBe('');
		expect(state.notice).toBe('switched to context testhost [RO]');
		await until('the cluster snapshot', () => lab.store.getState().snapshot !== null);
		const snapshot = lab.store.getState().snapshot!;
		expect(snapshot.context).toBe('testhost');
		expect(snapshot.nodes.map((n) => `${n.name}:${n.online}`)).toEqual(['pve:true', 'pve2:true', 'pve3:true']);
		expect(snapshot.cluster).toEqual({name: 'homelab', quorate: true, nodes: 3});
		// The read-only context refuses a deploy and says why.
		const deploy = resolveKey(
			'd',
			['guests', 'nav', 'global'],
			{readOnly: state.readOnly, readOnlyWhy: state.readOnlyWhy},
			state.keyActions,
		);
		expect(deploy?.disabled).toBe(
			'read-only mode [RO]: context "testhost" is readOnly in the config (--write overrides)',
		);
	});

	it('keeps the current context when the new one cannot connect, and says why', async () => {
		const {switcher} = toCluster();
		const lab = simStore({switchContext: switcher});
		await lab.load();
		await switchContext(lab.store, 'nowhere');
		const state = lab.store.getState();
		expect(state.context).toBe('demo');
		expect(state.snapshot).not.toBeNull();
		expect(lab.transport.state().kind).toBe('connected');
		expect(state.notice).toBe(
			':ctx nowhere: context "nowhere" is not in the config file; known contexts: demo, testhost (still on demo)',
		);
	});

	it('refuses while a job runs on the current context', async () => {
		const {switcher, asked} = toCluster();
		const lab = simStore({switchContext: switcher});
		lab.store.setState({
			jobs: [
				{
					id: 'j',
					action: 'deploy',
					target: 'redis (201)',
					state: 'running',
					steps: [],
					startedAt: 1,
					finishedAt: null,
					summary: null,
				},
			],
		});
		await switchContext(lab.store, 'testhost');
		expect(asked).toEqual([]);
		expect(lab.store.getState().notice).toBe(':ctx: a job is still running on demo; wait for it to finish');
	});
});

describe('read-only: flags, context and pane', () => {
	it('names why read-only is on; --write overrides the context', () => {
		expect(readOnlyWhy({readOnly: true}, {readOnly: false}, 'home')).toEqual({readOnly: true, why: '--readonly'});
		expect(readOnlyWhy({}, {readOnly: true}, 'prod')).toEqual({
			readOnly: true,
			why: 'context "prod" is readOnly in the config (--write overrides)',
		});
		expect(readOnlyWhy({readOnly: false}, {readOnly: false}, 'prod')).toEqual({readOnly: false, why: null});
		expect(readOnlyWhy({pane: 'guests'}, {readOnly: false}, 'home')).toEqual({
			readOnly: true,
			why: '--pane watches; start it with --write to act',
		});
	});
});

describe('the keymap from the config file', () => {
	const write = (body: object): string => {
		const file = join(mkdtempSync(join(tmpdir(), 'proxdeck-keymap-')), 'config.json');
		writeFileSync(file, JSON.stringify({version: 1, ...body}));
		return file;
	};
	const settingsOf = (file: string) => {
		const loaded = loadConfig({explicit: file});
		if (!loaded.ok) throw new Error(loaded.error.message);
		return {config: loaded.config, configFile: loaded.file};
	};

	it('applies a remap and an unbind', () => {
		const keymap = effectiveKeymap(settingsOf(write({keymap: {'guests.stop': 'F', 'app.refresh': '<disabled>'}})));
		expect(keymap.ok && keymap.problems).toEqual([]);
		if (!keymap.ok) return;
		expect(resolveKey('F', ['guests', 'nav', 'global'], {readOnly: false}, keymap.actions)?.action.id).toBe(
			'guests.stop',
		);
		expect(resolveKey('x', ['guests', 'nav', 'global'], {readOnly: false}, keymap.actions)).toBeNull();
		expect(resolveKey('r', ['guests', 'nav', 'global'], {readOnly: false}, keymap.actions)).toBeNull();
	});

	it('reports a conflict naming both actions and the key', () => {
		const keymap = effectiveKeymap(settingsOf(write({keymap: {'guests.start': 'j'}})));
		expect(keymap.ok && keymap.problems).toEqual([
			'keymap conflict: "j" is bound to both nav.down and guests.start; guests.start wins in guests',
		]);
	});

	it('refuses an unknown action id, naming the file and the field', () => {
		const file = write({keymap: {'guests.strat': 'S', 'guests.stop': 'K'}});
		const keymap = effectiveKeymap(settingsOf(file));
		expect(keymap.ok).toBe(false);
		if (keymap.ok) return;
		expect(keymap.message).toContain(file);
		expect(keymap.message).toContain(
			'keymap["guests.strat"]: expected a known action id (proxdeck --help and the ? screen list them), found "guests.strat"',
		);
		expect(keymap.message).not.toContain('guests.stop');
	});

	it('a file with a bad key name does not load at all', () => {
		const file = write({keymap: {'guests.stop': 'ctrl+'}});
		const loaded = loadConfig({explicit: file});
		expect(loaded.ok).toBe(false);
		expect(!loaded.ok && loaded.error.message).toContain(
			`config file ${file}: keymap["guests.stop"]: expected a key name`,
		);
	});
});
