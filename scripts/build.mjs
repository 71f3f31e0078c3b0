#!/usr/bin/env node
/**
 * Builds dist/proxdeck.mjs: the whole program in one file that runs with plain Node 20 and
 * no node_modules. ssh2's optional native pieces (cpu-features, sshcrypto.node) stay out:
 * ssh2 loads them in try/catch and falls back to pure JavaScript.
 */
import {build} from 'esbuild';
import process from 'node:process';
import {chmodSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--outfile <path>`: tests build their own copy, so parallel test files never share dist/.
const at = process.argv.indexOf('--outfile');
const outfile = at > 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]) : join(root, 'dist', 'proxdeck.mjs');

await build({
	entryPoints: [join(root, 'source', 'cli.tsx')],
	outfile,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	minifyWhitespace: false,
	legalComments: 'none',
	logLevel: 'warning',
	define: {'process.env.NODE_ENV': '"production"'},
	alias: {'react-devtools-core': join(root, 'scripts', 'build-stubs', 'react-devtools-core.js')},
	external: ['cpu-features', '*.node'],
	// signal-exit and ssh2 call require(), and ssh2's poly1305 reads __dirname: give the ESM
	// bundle real ones (CommonJS globals do not exist in an ES module).
	banner: {
		js: [
			// The young generation's cap must be given when node starts (source/v8-tuning.ts).
			'#!/usr/bin/env -S node --max-semi-space-size=4',
			"import {createRequire as __pdCreateRequire} from 'node:module';",
			"import {fileURLToPath as __pdFileURLToPath} from 'node:url';",
			"import {dirname as __pdDirname} from 'node:path';",
			'const require = __pdCreateRequire(import.meta.url);',
			'const __filename = __pdFileURLToPath(import.meta.url);',
			'const __dirname = __pdDirname(__filename);',
		].join('\n'),
	},
});
chmodSync(outfile, 0o755);
