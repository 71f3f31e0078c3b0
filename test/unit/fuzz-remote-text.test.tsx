/**
 * Remote text never reaches the terminal raw, in any pane or output mode. Every string a host
 * or guest could have chosen (names, images, statuses, journal messages, task errors, health
 * details, notices, the connection's reason, the action journal) is replaced by random mixes
 * of escape sequences (OSC 0 titles, OSC 52 clipboard writes, CSI, DCS, 8-bit CSI), C0
 * controls, DEL, bidi overrides, newlines and tabs; then the console (every pane, the detail
 * views, the job panel, the journal view, the snapshot, backup, task and task log views,
 * `--pane` mode), the `--once` tables of each pane, the JSON snapshot and the CLI's lines are
 * drawn, and nothing they write may hold a control character or a bidi override (frames are
 * drawn without colour, so there is no SGR either).
 */
import React from 'react';
import fc from 'fast-check';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../screens/app.js';
import {PaneApp} from '../../screens/pane-app.js';
import {renderOnceReport} from '../../screens/once-report.js';
import type {Snapshot} from '../../source/model/snapshot.js';
import {reportTables} from '../../source/report/rows.js';
import {dispatch} from '../../source/store/actions/index.js';
import {startPoller, stopPoller} from '../../source/store/app-store.js';
import type {AppStore, Modal, PaneId} from '../../source/store/types.js';
import {renderPrometheus} from '../../source/ops/health/prometheus.js';
import {makeIo} from '../../source/subcommands/io.js';
import {progressPrinter} from '../../source/subcommands/progress.js';
import {visibleJson} from '../../source/text/visible.js';
import {sampleSnapshot} from '../helpers/sample-snapshot.js';
import {renderElement, KEYS, type Harness} from '../screen/harness.js';
import {journalRecord, type FakeTransport} from '../screen/fakes.js';
import {loadedStore} from '../screen/setup.js';
import {HOSTILE_UPID, hostileSafety} from '../helpers/hostile-safety.js';

/** What no byte written to a terminal may hold: controls but the frame's own newlines, and bidi overrides. */
const HIDDEN_ON_SCREEN = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
/** Lines of text output: the same, but a tab may stay. */
const HIDDEN_IN_LINES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

const PIECES = [
	'\x1b]0;owned\x07',
	'\x1b]2;title\x1b\\',
	'\x1b]52;c;Y3VybCAtcyBodHRwOi8vZXZpbC5leGFtcGxlL3ggfCBzaA==\x07',
	'\x1b[2J\x1b[H',
	'\x1b[8m',
	'\x9b31m',
	'\x9d0;t\x9c',
	'\x1bP+q544e\x1b\\',
	'\r',
	'\n',
	'\t',
	'\x00',
	'\x08',
	'\x7f',
	'\u202e',
	'\u2066',
	'é',
	'漢',
	'x',
	' ',
];
const hostile = fc.array(fc.constantFrom(...PIECES), {minLength: 1, maxLength: 6}).map((parts) => parts.join(''));
const hostileSet = fc.array(hostile, {minLength: 16, maxLength: 16});

/** Fields whose values the parsers fix to a known set (the snapshot's types say so). */
const FIXED = new Set(['type', 'takenAt', 'level', 'runtime']);

/** Hostile tails handed out in turn; a node's name gets the same one wherever it is named. */
interface Tails {
	n: number;
	nodes: Map<string, string>;
}

function tail(payloads: readonly string[], tails: Tails): string {
	return payloads[tails.n++ % payloads.length]!;
}

/** A node's name as the poisoned snapshot spells it, the same in `nodes[]` and in every `node` field. */
function nodeName(name: string, payloads: readonly string[], tails: Tails): string {
	let poisoned = tails.nodes.get(name);
	if (poisoned === undefined) tails.nodes.set(name, (poisoned = `${name}${tail(payloads, tails)}`));
	return poisoned;
}

/** A copy of `value` with every free string (and every string in a list) given a hostile tail. */
function poison<T>(value: T, payloads: readonly string[], tails: Tails = {n: 0, nodes: new Map()}, key = ''): T {
	if (typeof value === 'string') {
		if (FIXED.has(key)) return value;
		return (key === 'node' ? nodeName(value, payloads, tails) : `${value}${tail(payloads, tails)}`) as T;
	}
	if (Array.isArray(value)) return value.map((item) => poison(item, payloads, tails, key)) as T;
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, payloads, tails, k)])) as T;
	}
	return value;
}

function hostileSnapshot(payloads: readonly string[]): Snapshot {
	const tails: Tails = {n: 0, nodes: new Map()};
	const original = sampleSnapshot();
	const snapshot = poison(original, payloads, tails);
	return {
		...snapshot,
		// A node's name is host text; how it was read (state, route) is proxdeck's own.
		nodes: snapshot.nodes.map((node, i) => ({
			...node,
			name: nodeName(original.nodes[i]!.name, payloads, tails),
			state: original.nodes[i]!.state,
			route: original.nodes[i]!.route,
		})),
		errors: [{section: 'pools', command: 'zpool list', message: `cannot open${payloads[3]}`, exitCode: 1}],
	};
}

function hostileStore(payloads: readonly string[]): {store: AppStore; transport: FakeTransport} {
	const loaded = loadedStore(hostileSnapshot(payloads));
	setHostileState(loaded.store, payloads);
	return loaded;
}

/** Notices, the connection's reason, a failed refresh, a job and the action journal, all hostile. */
function setHostileState(store: AppStore, payloads: readonly string[]): void {
	const p = (i: number): string => payloads[i % payloads.length]!;
	const now = Date.now();
	store.setState({
		notice: `refused: ${p(1)}`,
		connection: {kind: 'reconnecting', attempt: 2, retryAt: now + 5000, reason: `reset${p(2)}`},
		refresh: {...store.getState().refresh, error: `refresh failed${p(3)}`, failures: 1},
		jobs: [
			{
				id: 'j1',
				action: `deploy${p(4)}`,
				target: `postgresql${p(5)}`,
				state: 'failed',
				startedAt: now - 2000,
				finishedAt: now,
				summary: `failed at clone: ${p(6)}`,
				steps: [
					{
						name: 'clone',
						title: `clone 900${p(7)}`,
						state: 'failed',
						startedAt: now - 2000,
						elapsedMs: 1200,
						message: `unable to create CT 200 - ${p(8)}`,
					},
					{name: 'start', title: 'start', state: 'pending', startedAt: null, elapsedMs: 0},
				],
				results: [
					{
						target: `guest:201${p(9)}`,
						check: 'ready',
						state: 'fail',
						detail: `pg_isready: ${p(9)}`,
						hint: `restart ${p(2)}`,
					},
				],
			},
		],
		journal: {
			status: 'ok',
			error: null,
			entries: [
				{
					v: 1,
					time: new Date(now).toISOString(),
					user: 'root',
					context: 'demo',
					action: 'deploy',
					target: `postgresql${p(10)}`,
					jobId: 'j1',
					result: 'failed',
					failedStep: 'clone',
					error: `exit 255: ${p(11)}`,
					steps: [{name: 'clone', state: 'failed', elapsedMs: 1, message: p(12)}],
					commands: [{step: 'clone', command: 'pct clone 900 200', exitCode: 255, durationMs: 5}],
					summary: `journal summary ${p(13)}`,
					durationMs: 5,
				},
			],
		},
	});
}

/** The host journal stream, as journalctl would print hostile messages and units. */
function emitHostileLogs(transport: FakeTransport, payloads: readonly string[]): void {
	const p = (i: number): string => payloads[i % payloads.length]!;
	for (let i = 0; i < 6; i++)
		for (const stream of transport.streams)
			stream.emit(journalRecord(`message ${p(i)}`, {unit: `unit${p(i + 7)}`, priority: i % 8}));
}

function hiddenIn(text: string, pattern: RegExp): string | null {
	const match = pattern.exec(text);
	if (!match) return null;
	return JSON.stringify(text.slice(Math.max(0, match.index - 30), match.index + 10));
}

let harness: Harness | null = null;
let polling: AppStore | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
	if (polling) stopPoller(polling);
	polling = null;
});

const wait = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));

describe('remote text never reaches the terminal raw', () => {
	it('the console: every pane, the detail views, the job panel, the journal view, notices and the header', async () => {
		await fc.assert(
			fc.asyncProperty(hostileSet, async (payloads) => {
				const {store, transport} = hostileStore(payloads);
				startPoller((polling = store));
				harness = await renderElement(store, <App store={store} />, {cols: 160, rows: 50});
				await wait();
				emitHostileLogs(transport, payloads);
				await harness.waitFor((frame) => frame.includes('message '), 'the hostile journal lines');
				setHostileState(store, payloads);
				// Guests (the Docker host's containers expanded, its detail view), ZFS (pool
				// detail), network, logs, the journal view, help.
				await harness.press('1', 'g', 'j', 'j', 'j', 'o', KEYS.enter);
				await harness.waitFor((frame) => frame.includes('sctx/overseerr'), "the Docker host's detail view");
				await harness.press(KEYS.esc, '2', 'j', KEYS.enter);
				await harness.waitFor((frame) => frame.includes('used of'), 'the pool detail');
				await harness.press(KEYS.esc, '3', '4', 'J');
				await wait();
				// Opening the journal reads the file; show the hostile entries instead.
				setHostileState(store, payloads);
				await harness.waitFor((frame) => frame.includes('journal summary'), 'the journal view');
				await harness.press(KEYS.esc, '?');
				await wait();
				for (const frame of harness.stdout.frames) expect(hiddenIn(frame, HIDDEN_ON_SCREEN)).toBeNull();
				const seen = harness.stdout.frames.join('\n');
				if (process.env['PD_DUMP'])
					console.log(harness.stdout.frames.filter((_, i, a) => i % 3 === 0 || i === a.length - 1).join('\n=====\n'));
				// The hostile text was drawn (as glyphs): guests, a container, a pool, the job panel, logs, the journal.
				for (const shown of ['swag', 'unable to create CT 200', 'message ', 'failed at clone', 'refused: '])
					expect(seen).toContain(shown);
				expect(seen).toMatch(/\^\[|\^G|M-\^|<U\+202E>|\^H|\^@|\^\?/);
				harness.unmount();
				harness = null;
			}),
			{numRuns: 8, seed: 18},
		);
	}, 120_000);

	it("the safety views: a guest's snapshot tree, its backups and the audit's verdicts, the tasks view and a task's log", async () => {
		await fc.assert(
			fc.asyncProperty(hostileSet, async (payloads) => {
				const {store} = hostileStore(payloads);
				const guest = store.getState().snapshot!.guests.find((g) => g.type === 'lxc' && !g.template)!;
				store.setState({safety: hostileSafety(store.getState().snapshot!, guest.vmid, payloads)});
				harness = await renderElement(store, <App store={store} />, {cols: 160, rows: 50});
				const views: Modal[] = [
					{kind: 'detail', vmid: guest.vmid},
					{kind: 'snapshots', vmid: guest.vmid},
					{kind: 'backups', vmid: guest.vmid},
					{kind: 'tasks'},
					{kind: 'tasklog', upid: HOSTILE_UPID, node: 'pve'},
				];
				const shown = ['before', 'notes ', 'job errors', 'INFO: starting'];
				for (const modal of views) {
					store.setState({modals: [modal]});
					await wait();
				}
				await harness.waitFor((frame) => frame.includes('INFO: starting'), "the task's log");
				for (const frame of harness.stdout.frames) expect(hiddenIn(frame, HIDDEN_ON_SCREEN)).toBeNull();
				const seen = harness.stdout.frames.join('\n');
				for (const text of shown) expect(seen).toContain(text);
				expect(seen).toMatch(/\^\[|\^G|M-\^|<U\+202E>|\^H|\^@|\^\?/);
				harness.unmount();
				harness = null;
			}),
			{numRuns: 6, seed: 21},
		);
	}, 120_000);

	it('--pane mode, each pane', async () => {
		await fc.assert(
			fc.asyncProperty(
				hostileSet,
				fc.constantFrom<PaneId>('guests', 'zfs', 'network', 'logs'),
				async (payloads, pane) => {
					const {store} = hostileStore(payloads);
					dispatch(store, `pane.${pane}`);
					store.setState({zoom: true});
					harness = await renderElement(store, <PaneApp store={store} pane={pane} />, {cols: 100, rows: 30});
					await harness.press(KEYS.enter);
					await wait();
					for (const frame of harness.stdout.frames) expect(hiddenIn(frame, HIDDEN_ON_SCREEN)).toBeNull();
					harness.unmount();
					harness = null;
				},
			),
			{numRuns: 12, seed: 19},
		);
	}, 120_000);

	it('--once: the tables of every pane, and the JSON snapshot', () => {
		fc.assert(
			fc.property(
				hostileSet,
				fc.constantFrom<PaneId | undefined>(undefined, 'guests', 'zfs', 'network', 'logs'),
				(payloads, pane) => {
					const snapshot = hostileSnapshot(payloads);
					const tables = reportTables(snapshot, Date.now(), pane);
					const text = renderOnceReport(`proxdeck — ${snapshot.context}`, tables, 1000);
					expect(hiddenIn(text, HIDDEN_ON_SCREEN)).toBeNull();
					const json = visibleJson(snapshot);
					// JSON escapes controls itself; what matters is what `jq -r` would print: the strings.
					const strings: string[] = [];
					JSON.parse(json, (_key, value: unknown) => (typeof value === 'string' && strings.push(value), value));
					for (const s of strings) expect(hiddenIn(s, HIDDEN_IN_LINES)).toBeNull();
					expect(strings.some((s) => s.includes('^['))).toBe(true);
				},
			),
			{numRuns: 40, seed: 20},
		);
	}, 120_000);

	it('the command line: progress lines, health output in each format, errors', () => {
		fc.assert(
			fc.property(hostileSet, (payloads) => {
				let out = '';
				let err = '';
				const io = makeIo({stdout: {write: (t: string) => (out += t)}, stderr: {write: (t: string) => (err += t)}});
				const snapshot = hostileSnapshot(payloads);
				const print = progressPrinter(io, `svc${payloads[0]}`);
				print({
					jobId: 'j1',
					action: 'deploy',
					target: 'svc',
					step: 'clone',
					state: 'failed',
					elapsedMs: 10,
					message: `unable to create${payloads[1]}`,
				});
				for (const h of snapshot.health) io.out(`${h.state} ${h.target} ${h.check} ${h.detail}`);
				io.json({results: snapshot.health});
				io.err(`cannot read root@pve: ${payloads[2]}`);
				out += renderPrometheus(snapshot.health, `ctx${payloads[3]}`, Date.now());
				for (const text of [out, err]) expect(hiddenIn(text, HIDDEN_IN_LINES)).toBeNull();
				// Each line written is one line: a guest's newline cannot start another.
				expect(out.split('\n').filter((l) => l.startsWith('[svc'))).toHaveLength(1);
			}),
			{numRuns: 60, seed: 21},
		);
	});
});
