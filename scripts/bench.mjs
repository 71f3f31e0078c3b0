#!/usr/bin/env node
/**
 * `npm run bench`: builds dist/proxdeck.mjs (cold start, idle CPU and memory are measured on
 * the shipped bundle), then runs bench/run.ts under tsx with React's production build and
 * without CI in the environment (Ink writes only the last frame when CI is set). Not part of
 * `npm test`. Flags are passed through: --quick, --long, --only=refresh,docker-stats,cluster,client,keys,keys-pty,ingest,cold,startup,
 * cold-ssh,start,idle (local and over SSH),fleet,rss,steady.
 * With --ab=<overlay> or --ab-flags=…, runs the A/B comparison of bench/ab.ts instead (it
 * bundles every variant itself).
 */
import {spawnSync} from 'node:child_process';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {shebangFlags} from './shebang-flags.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const env = {...process.env, NODE_ENV: 'production', FORCE_COLOR: '1'};
delete env.CI;

if (args.some((a) => a.startsWith('--ab'))) {
	const ab = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'ab.ts'), ...args], {
		stdio: 'inherit',
		cwd: root,
		env,
	});
	process.exit(ab.status ?? 1);
}

const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {stdio: 'inherit', cwd: root});
if (built.status !== 0) process.exit(built.status ?? 1);

// The key latency and ingest benchmarks render the console inside this process: it starts
// with the bundle's own node flags (its shebang), so they measure the heap users get.
const nodeFlags = shebangFlags(join(root, 'dist', 'proxdeck.mjs'));
const run = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', join(root, 'bench', 'run.ts'), ...args], {
	stdio: 'inherit',
	cwd: root,
	env,
});
process.exit(run.status ?? 1);
