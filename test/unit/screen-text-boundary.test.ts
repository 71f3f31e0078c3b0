/**
 * The console's text reaches the terminal through one component, screens/widgets/text.tsx,
 * which runs every string through the sanitiser. A screen that imported Ink's own Text (or
 * drew text through ink-table, Transform or Static) would go around it: this keeps the
 * boundary where it is.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
	});
}

/** The names a file imports from a module. */
function importsFrom(text: string, module: string): string[] {
	const names: string[] = [];
	for (const match of text.matchAll(/import\s+(type\s+)?(\{[^}]*\}|\w+)(?:\s*,\s*(\{[^}]*\}))?\s+from\s+'([^']+)'/g)) {
		if (match[4] !== module || match[1]) continue;
		for (const part of [match[2], match[3]]) {
			if (!part) continue;
			if (part.startsWith('{'))
				names.push(
					...part
						.slice(1, -1)
						.split(',')
						.map((n) => n.trim().split(/\s+as\s+/)[0]!)
						.filter(Boolean),
				);
			else names.push('default');
		}
	}
	return names;
}

describe('the screen text boundary', () => {
	const screens = files(join(root, 'screens')).map((path) => ({
		path: relative(root, path),
		text: readFileSync(path, 'utf8'),
	}));

	it('only the sanitising Text component takes Text (or Transform, Static) from Ink', () => {
		const offenders = screens
			.filter((f) => f.path !== join('screens', 'widgets', 'text.tsx'))
			.filter((f) => importsFrom(f.text, 'ink').some((name) => ['Text', 'Transform', 'Static'].includes(name)))
			.map((f) => f.path);
		expect(offenders).toEqual([]);
		expect(screens.length).toBeGreaterThan(20);
	});

	it('the --once report sanitises each cell, and no screen draws through ink-table', () => {
		const users = screens.filter((f) => importsFrom(f.text, 'ink-table').length > 0).map((f) => f.path);
		expect(users).toEqual([]);
		expect(screens.find((f) => f.path.endsWith('once-report.ts'))!.text).toMatch(/rows\.map\(visibleRow\)/);
	});
});
