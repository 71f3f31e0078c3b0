/**
 * The README's start command runs the built bundle (scripts/start.mjs), rebuilding it first
 * when a source changed, and `npm start -s -- --once --json` still prints the snapshot and
 * nothing else on stdout, so it pipes into jq. Runs in this checkout, as a newcomer would.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runPiped, type Run} from '../helpers/run.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let home = '';
beforeAll(() => {
	home = mkdtempSync(path.join(tmpdir(), 'pd-npm-start-'));
});
afterAll(() => rmSync(home, {recursive: true, force: true}));

function npm(args: string[]): Promise<Run> {
	const env = {
		...process.env,
		HOME: home,
		XDG_CONFIG_HOME: path.join(home, '.config'),
		XDG_STATE_HOME: path.join(home, '.state'),
	};
	return runPiped('npm', args, {cwd: root, env});
}

describe('npm start', () => {
	it('prints the demo snapshot as clean JSON with -s -- --once --json', async () => {
		const run = await npm(['start', '-s', '--', '--once', '--json']);
		expect(run.code).toBe(0);
		const snapshot = JSON.parse(run.stdout) as {schemaVersion: number; context: string; guests: unknown[]};
		expect([snapshot.schemaVersion, snapshot.context]).toEqual([2, 'demo']);
		expect(snapshot.guests.length).toBeGreaterThan(30);
	}, 120_000);

	it('takes any other arguments through `npm run proxdeck --`', async () => {
		const run = await npm(['run', '-s', 'proxdeck', '--', '--version']);
		expect(run.stdout).toMatch(/^proxdeck \d+\.\d+\.\d+\n$/);
		expect(run.code).toBe(0);
	}, 120_000);
});
