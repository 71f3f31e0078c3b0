/** Access to the real command outputs in test/fixtures (where each came from: test/fixtures/SOURCES.md). */
import {readFileSync, readdirSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

export const FIXTURES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function fixturePath(relative: string): string {
	return join(FIXTURES_DIR, relative);
}

export function readFixture(relative: string): string {
	return readFileSync(fixturePath(relative), 'utf8');
}

/** File names (not paths) in one fixture folder, sorted. */
export function listFixtures(folder: string): string[] {
	return readdirSync(fixturePath(folder)).sort();
}
