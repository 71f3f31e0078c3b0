import {existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {createAppStore, startPoller, stopPoller} from '../../source/store/app-store.js';
import {sampleSnapshot} from '../helpers/sample-snapshot.js';
import {fakeCollector, fakeTransport} from '../screen/fakes.js';
import {
	fleetPoolHistory,
	openPoolHistory,
	parsePoolHistory,
	PoolHistoryError,
	poolHistoryPath,
	POOL_HISTORY_SAVE_MS,
} from '../../source/store/pool-history.js';
import {
	appendSample,
	daysUntilFull,
	forecastReady,
	HISTORY_MAX_AGE_MS,
	HISTORY_SPACING_MS,
	MAX_SAMPLES,
	type PoolSample,
} from '../../source/store/trends.js';

const MIN = 60_000;
const SIZE = 8_000_000_000_000;

/** A pool sampled every `everyMs` for `spanMs`, growing `perHour` bytes an hour from 80 % used. */
function history(spanMs: number, perHour: number, everyMs = 2000): readonly PoolSample[] {
	let samples: readonly PoolSample[] = [];
	for (let t = 0; t <= spanMs; t += everyMs) {
		const alloc = Math.round(SIZE * 0.8 + (perHour * t) / 3_600_000);
		samples = appendSample(samples, {t, alloc, size: SIZE, capacity: Math.round((alloc / SIZE) * 100)});
	}
	return samples;
}

const scratch = () => mkdtempSync(join(tmpdir(), 'pd-pool-history-'));

describe('pool forecast rule', () => {
	it('gives no forecast before 10 minutes, however fast the pool grows', () => {
		const fast = history(9 * MIN, SIZE);
		expect(forecastReady(fast)).toBe(false);
		expect(daysUntilFull(fast)).toBeNull();
		expect(daysUntilFull(history(11 * MIN, SIZE))).not.toBeNull();
	});

	it('gives no forecast until the used space grew by 1 % of the pool', () => {
		// 3 GB an hour of 8 TB: after 20 hours 60 GB (0.75 %), after 30 hours 90 GB (1.1 %).
		const twentyHours = history(20 * 60 * MIN, 3e9, 60_000);
		expect(forecastReady(twentyHours)).toBe(false);
		expect(daysUntilFull(twentyHours)).toBeNull();
		const thirtyHours = history(30 * 60 * MIN, 3e9, 60_000);
		expect(forecastReady(thirtyHours)).toBe(true);
		// 1.6 TB free less the 90 GB grown, at 3 GB an hour.
		expect(daysUntilFull(thirtyHours)).toBeCloseTo((SIZE * 0.2 - 90e9) / 3e9 / 24, 0);
	});

	it('never forecasts a pool that is shrinking or steady', () => {
		expect(daysUntilFull(history(60 * MIN, -SIZE / 10))).toBeNull();
		expect(daysUntilFull(history(60 * MIN, 0))).toBeNull();
	});

	it('keeps the history bounded: one sample per 10 minutes once older than the recent ones, 14 days at most', () => {
		const month = history(30 * 24 * 60 * MIN, 1e9, 5 * MIN);
		expect(month.length).toBeLessThanOrEqual(MAX_SAMPLES);
		expect(month.at(-1)!.t - month[0]!.t).toBeLessThanOrEqual(HISTORY_MAX_AGE_MS);
		expect(month.at(-1)!.t - month[0]!.t).toBeGreaterThan(HISTORY_MAX_AGE_MS - HISTORY_SPACING_MS);
		const old = month.filter((s) => s.t < month.at(-1)!.t - 15 * MIN);
		for (let i = 1; i < old.length; i++) expect(old[i]!.t - old[i - 1]!.t).toBeGreaterThanOrEqual(HISTORY_SPACING_MS);
	});
});

describe('pool history file', () => {
	it('keeps one file per context in the state directory, with a name that cannot leave it', () => {
		const env = {XDG_STATE_HOME: '/state'};
		expect(poolHistoryPath('lab', env)).toBe('/state/proxdeck/pool-history/lab.json');
		expect(poolHistoryPath('../etc/x', env)).toBe('/state/proxdeck/pool-history/%2e.%2fetc%2fx.json');
		expect(poolHistoryPath('root@pve:22', env)).toBe('/state/proxdeck/pool-history/root%40pve%3a22.json');
	});

	it('reloads what it saved, so a restarted console forecasts from the earlier history', () => {
		const path = join(scratch(), 'pool-history', 'lab.json');
		const trends = {'pve/tank': history(30 * 60 * MIN, 3e9, 60_000)};
		expect(openPoolHistory(path).save(trends)).toBeNull();
		const reloaded = openPoolHistory(path).load();
		expect(reloaded.note).toBeNull();
		expect(reloaded.trends['pve/tank']).toEqual(trends['pve/tank']);
		expect(daysUntilFull(reloaded.trends['pve/tank']!)).toBeCloseTo(daysUntilFull(trends['pve/tank']!)!, 5);
		// Written whole, owner-only, with no temporary file left behind.
		expect(statSync(path).mode & 0o777).toBe(0o600);
		expect(readdirSync(join(path, '..'))).toEqual(['lab.json']);
	});

	it('starts a new history with a note when the file is cut short, edited or too big, and replaces it on the next save', () => {
		const dir = scratch();
		const path = join(dir, 'lab.json');
		for (const text of ['{"version":1,"pools":{"pve/tank":[[1,2,3', '{"version":9,"pools":{}}', 'garbage']) {
			writeFileSync(path, text);
			const loaded = openPoolHistory(path).load();
			expect(loaded.trends).toEqual({});
			expect(loaded.note).toContain(`pool history ${path}`);
			expect(loaded.note).toContain('starting a new one');
		}
		writeFileSync(path, ' '.repeat(5 * 1024 * 1024));
		expect(openPoolHistory(path).load().note).toContain('is too big');
		const history = openPoolHistory(path);
		history.save({'pve/tank': [{t: 1, alloc: 2, size: 3, capacity: 67}]});
		expect(openPoolHistory(path).load()).toEqual({
			trends: {'pve/tank': [{t: 1, alloc: 2, size: 3, capacity: 67}]},
			note: null,
		});
	});

	it('says which sample is wrong: not numbers, or out of order', () => {
		expect(() => parsePoolHistory('{"version":1,"pools":{"pve/tank":[[1,"2",3,4]]}}')).toThrow(PoolHistoryError);
		expect(() => parsePoolHistory('{"version":1,"pools":{"pve/tank":[[5,1,1,1],[4,1,1,1]]}}')).toThrow(
			/out of order for "pve\/tank"/,
		);
	});

	it('has no file and no note before the first save, and writes at most once a minute unless forced', () => {
		const path = join(scratch(), 'lab.json');
		const history = openPoolHistory(path);
		expect(history.load()).toEqual({trends: {}, note: null});
		const sample = (t: number) => ({'pve/tank': [{t, alloc: 1, size: 10, capacity: 10}]});
		history.save(sample(1), {now: 0});
		history.save(sample(2), {now: POOL_HISTORY_SAVE_MS - 1});
		expect(JSON.parse(readFileSync(path, 'utf8')).pools['pve/tank'][0][0]).toBe(1);
		history.save(sample(3), {now: POOL_HISTORY_SAVE_MS - 1, force: true});
		expect(JSON.parse(readFileSync(path, 'utf8')).pools['pve/tank'][0][0]).toBe(3);
		expect(existsSync(`${path}.${process.pid}.tmp`)).toBe(false);
	});
});

describe('pool history in the console', () => {
	it('a console starts from the kept history, saves when it stops, and shows a bad file as a notice', () => {
		const path = join(scratch(), 'lab.json');
		const snapshot = sampleSnapshot();
		const pool = snapshot.pools[0]!;
		const key = `${pool.node}/${pool.name}`;
		const open = () =>
			createAppStore({
				collector: fakeCollector(() => snapshot),
				transport: fakeTransport(),
				context: 'lab',
				readOnly: true,
				poolHistory: openPoolHistory(path),
			});
		// A day ago the pool had 100 GiB less: enough history for a forecast at once.
		const dayAgo = Date.parse(snapshot.takenAt) - 86_400_000;
		const kept = [{t: dayAgo, alloc: pool.alloc! - 100 * 1024 ** 3, size: pool.size!, capacity: 80}];
		openPoolHistory(path).save({[key]: kept});
		const store = open();
		expect(store.getState().trends[key]).toEqual(kept);
		store.getState().setSnapshot(snapshot);
		expect(daysUntilFull(store.getState().trends[key]!)).not.toBeNull();
		startPoller(store);
		stopPoller(store);
		expect(open().getState().trends[key]).toHaveLength(2);
		writeFileSync(path, 'not history');
		expect(open().getState().notice).toMatch(/pool history .* is not JSON: starting a new one/);
	});
});

describe('pool history of a fleet', () => {
	it("keeps each member's pools in that member's own file, and reads them back under its name", () => {
		const dir = scratch();
		const lab = openPoolHistory(join(dir, 'lab.json'));
		const nas = openPoolHistory(join(dir, 'nas.json'));
		const fleet = fleetPoolHistory([
			{context: 'lab', poolHistory: lab},
			{context: 'nas', poolHistory: nas},
			{context: 'demo', poolHistory: null},
		])!;
		const sample = (t: number) => [{t, alloc: 1, size: 10, capacity: 10}];
		fleet.save({'lab/pve/tank': sample(1), 'nas/nas1/rpool': sample(2), 'demo/pve/media-pool': sample(3)});
		expect(lab.load().trends).toEqual({'pve/tank': sample(1)});
		expect(nas.load().trends).toEqual({'nas1/rpool': sample(2)});
		expect(fleet.load()).toEqual({trends: {'lab/pve/tank': sample(1), 'nas/nas1/rpool': sample(2)}, note: null});
		expect(readdirSync(dir).sort()).toEqual(['lab.json', 'nas.json']);
		expect(fleetPoolHistory([{context: 'demo', poolHistory: null}])).toBeNull();
	});
});
