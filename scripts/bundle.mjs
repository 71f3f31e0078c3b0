/**
 * The one bundle, dist/proxdeck.mjs, and how to tell whether it is older than its sources.
 *
 * The program is split by esbuild into an entry and chunks loaded on demand (a path that
 * never draws the console never parses Ink), and the chunks travel inside the one file behind
 * a small launcher (scripts/launcher.mjs) that writes them to a cache directory on a build's
 * first start.
 *
 * A build records every file esbuild read (its metafile: our sources, the dependencies in
 * node_modules, the stub) plus the build's own configuration, each with its size, mtime and
 * ctime. The bundle is fresh while every one of them still has those values. ctime counts
 * because a file can come back with an old mtime (npm extracts packages with a fixed 1985
 * mtime, `cp -p` and `git stash` keep them), but anything that rewrites a file sets its ctime.
 * Checking about a thousand files this way takes a few milliseconds; a rebuild takes seconds.
 *
 * The benchmarks bundle their own entries with the same settings (bundle()), so they measure
 * the shipped code, not a TypeScript loader. An overlay directory replaces files of
 * node_modules in such a bundle: the A/B runs measure a package with one part of its patch
 * undone against the installed one.
 */
import {createHash} from 'node:crypto';
import {
	chmodSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import {gzipSync} from 'node:zlib';
import {basename, dirname, join, relative, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(ROOT, 'dist', 'proxdeck.mjs');

/** The node flags the bundle's shebang starts it with (source/v8-tuning.ts says why). */
export const SHEBANG_FLAGS = ['--max-semi-space-size=4'];

/** Files that shape the bundle without being in it: this configuration, the project's settings, esbuild's version. */
const CONFIG_INPUTS = [
	'scripts/bundle.mjs',
	'scripts/launcher.mjs',
	'package.json',
	'tsconfig.json',
	'node_modules/esbuild/package.json',
];

/** Slack for the file system's coarse clock: a file stamped this close to the build's start may have been read before the change. */
const CLOCK_SLACK_NS = 50_000_000n;

/** @param {string} outfile */
function stampPath(outfile) {
	return join(dirname(outfile), `.${basename(outfile)}.inputs.json`);
}

/**
 * One line per file: path, size, mtime and ctime (nanoseconds). Null when a file is gone.
 * @param {string} root
 * @param {string[]} files paths relative to root
 * @returns {{text: string, newestChangeNs: bigint} | null}
 */
function describe(root, files) {
	let text = '';
	let newestChangeNs = 0n;
	for (const file of files) {
		const stat = statSync(join(root, file), {bigint: true, throwIfNoEntry: false});
		if (!stat) return null;
		text += `${file}\t${stat.size}\t${stat.mtimeNs}\t${stat.ctimeNs}\n`;
		const changed = stat.ctimeNs > stat.mtimeNs ? stat.ctimeNs : stat.mtimeNs;
		if (changed > newestChangeNs) newestChangeNs = changed;
	}
	return {text, newestChangeNs};
}

/** @param {string} text */
function digest(text) {
	return createHash('sha256').update(text).digest('hex');
}

/**
 * Files of `<overlay>/<package path>` stand in for `node_modules/<package path>`, e.g.
 * `<overlay>/ink/build/output.js`. Imports inside them resolve as from the file they replace.
 * @param {string} overlay
 */
function overlayPlugin(overlay) {
	const nodeModules = join(ROOT, 'node_modules');
	return {
		name: 'node-modules-overlay',
		/** @param {import('esbuild').PluginBuild} plugin */
		setup(plugin) {
			plugin.onLoad({filter: /[\\/]node_modules[\\/].*\.[cm]?js$/}, (args) => {
				const inside = relative(nodeModules, args.path);
				if (inside.startsWith('..')) return undefined;
				const replacement = join(overlay, inside);
				if (!existsSync(replacement)) return undefined;
				return {contents: readFileSync(replacement, 'utf8'), loader: 'js', resolveDir: dirname(args.path)};
			});
		},
	};
}

/**
 * yoga-layout's loader (emscripten) reads its embedded WebAssembly from a `data:` URL with
 * `fetch()` when the global exists: on Node that loads undici, Node's whole HTTP client,
 * parses and compiles it and decodes the base64 through it, all to draw the first frame. The
 * loader decodes a `data:` URL itself when fetch is missing; this makes it do so always (as
 * later emscripten releases do). The build fails if yoga's text no longer matches, so an
 * upgrade is looked at rather than silently slow again.
 */
const YOGA_LOADER = /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/;
const YOGA_FETCH = 'function ya(){return w||"function"!=typeof fetch?';
const YOGA_NO_FETCH = 'function ya(){return w||ua(H)||"function"!=typeof fetch?';

const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	/** @param {import('esbuild').PluginBuild} plugin */
	setup(plugin) {
		plugin.onLoad({filter: YOGA_LOADER}, (args) => {
			const text = readFileSync(args.path, 'utf8');
			if (!text.includes(YOGA_FETCH))
				return {errors: [{text: `yoga-layout's wasm loader changed: ${YOGA_FETCH} not found (scripts/bundle.mjs)`}]};
			return {contents: text.replace(YOGA_FETCH, () => YOGA_NO_FETCH), loader: 'js'};
		});
	},
};

/**
 * Bundles `entry` into one ES module file that runs with plain Node 20 (its shebang carries
 * SHEBANG_FLAGS), returning esbuild's metafile. With `outdir` instead of `outfile`, the
 * program is split: `proxdeck.mjs` and the chunks it imports (`.mjs`: Node takes them for ES modules
 * by their name, without looking for a package.json or parsing them to tell), without a shebang.
 * @param {{entry: string, outfile?: string, outdir?: string, overlay?: string}} options
 */
export async function bundle({entry, outfile, outdir, overlay}) {
	// esbuild loads only to build: the freshness check that precedes every start stays light.
	const {build} = await import('esbuild');
	const result = await build({
		absWorkingDir: ROOT,
		entryPoints: [entry],
		...(outdir
			? {outdir, splitting: true, entryNames: 'proxdeck', chunkNames: 'chunk-[hash]', outExtension: {'.js': '.mjs'}}
			: {outfile}),
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		minifyWhitespace: false,
		legalComments: 'none',
		logLevel: 'warning',
		metafile: true,
		define: {'process.env.NODE_ENV': '"production"'},
		alias: {'react-devtools-core': join(ROOT, 'scripts', 'build-stubs', 'react-devtools-core.js')},
		// esbuild itself: a benchmark entry may import it; the program never does.
		external: ['cpu-features', '*.node', 'esbuild'],
		plugins: overlay ? [overlayPlugin(overlay), yogaWithoutFetch] : [yogaWithoutFetch],
		// signal-exit and ssh2 call require(), and ssh2's poly1305 reads __dirname: give the ESM
		// bundle real ones (CommonJS globals do not exist in an ES module).
		banner: {
			js: [
				// The young generation's cap must be given when node starts (source/v8-tuning.ts).
				...(outdir ? [] : [shebang()]),
				"import {createRequire as __pdCreateRequire} from 'node:module';",
				"import {fileURLToPath as __pdFileURLToPath} from 'node:url';",
				"import {dirname as __pdDirname} from 'node:path';",
				'const require = __pdCreateRequire(import.meta.url);',
				'const __filename = __pdFileURLToPath(import.meta.url);',
				'const __dirname = __pdDirname(__filename);',
			].join('\n'),
		},
	});
	return result.metafile;
}

function shebang() {
	return `#!/usr/bin/env -S node ${SHEBANG_FLAGS.join(' ')}`;
}

/**
 * The one file: the launcher with the split program inside it. Its build id is a digest of
 * the chunks, so a changed program never reuses an older build's cache directory; it also
 * carries the names of the chunks (to tell a complete cache directory) and the version (to
 * answer `--version` without loading the program).
 * @param {string} outdir esbuild's split output
 */
function launcherWith(outdir) {
	/** @type {Record<string, string>} */
	const files = {};
	for (const name of readdirSync(outdir).sort()) files[name] = readFileSync(join(outdir, name), 'utf8');
	const json = JSON.stringify(files);
	const id = digest(json).slice(0, 16);
	const payload = gzipSync(json, {level: 9}).toString('base64');
	const {version} = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
	const launcher = readFileSync(join(ROOT, 'scripts', 'launcher.mjs'), 'utf8')
		.replace('__PROXDECK_BUILD_ID__', () => id)
		.replace('__PROXDECK_VERSION__', () => version)
		.replace("['__PROXDECK_FILES__']", () => JSON.stringify(Object.keys(files)));
	// base64 has no `*`: the comment cannot end early.
	return `${shebang()}\n${launcher}/*proxdeck-chunks:${payload}*/\n`;
}

/**
 * Builds the bundle atomically (a reader never sees half a file) and records what it was built from.
 * @param {string} [outfile]
 */
export async function buildBundle(outfile = BUNDLE) {
	const startedNs = BigInt(Date.now()) * 1_000_000n;
	mkdirSync(dirname(outfile), {recursive: true});
	const temp = `${outfile}.${process.pid}.tmp`;
	const split = mkdtempSync(join(dirname(outfile), '.split-'));
	try {
		const metafile = await bundle({entry: join(ROOT, 'source', 'cli.tsx'), outdir: split});
		writeFileSync(temp, launcherWith(split));
		chmodSync(temp, 0o755);
		renameSync(temp, outfile);
		recordInputs(outfile, [...Object.keys(metafile.inputs), ...CONFIG_INPUTS], startedNs);
	} finally {
		rmSync(temp, {force: true});
		rmSync(split, {recursive: true, force: true});
	}
}

/**
 * Records what `outfile` was built from (paths relative to root), for bundleIsFresh. When a
 * file changed after the build started, esbuild may have read it before the change: nothing
 * is recorded then, and the next freshness check says to build again.
 * @param {string} outfile
 * @param {string[]} inputs
 * @param {bigint} startedNs when the build started (Unix time, nanoseconds)
 * @param {string} [root]
 */
export function recordInputs(outfile, inputs, startedNs, root = ROOT) {
	const files = [...new Set(inputs)].sort();
	const stamp = stampPath(outfile);
	const sources = describe(root, files);
	const bundle = describe(root, [relative(root, outfile)]);
	if (!sources || !bundle || sources.newestChangeNs >= startedNs - CLOCK_SLACK_NS) {
		rmSync(stamp, {force: true});
		return;
	}
	const temp = `${stamp}.${process.pid}.tmp`;
	writeFileSync(temp, `${JSON.stringify({inputs: files, digest: digest(sources.text + bundle.text)})}\n`);
	renameSync(temp, stamp);
}

/**
 * True when the bundle exists and nothing it was built from changed since.
 * @param {string} [outfile]
 * @param {string} [root]
 */
export function bundleIsFresh(outfile = BUNDLE, root = ROOT) {
	let stamp;
	try {
		stamp = JSON.parse(readFileSync(stampPath(outfile), 'utf8'));
	} catch {
		return false;
	}
	if (!Array.isArray(stamp?.inputs) || typeof stamp.digest !== 'string') return false;
	const sources = describe(root, stamp.inputs);
	const bundle = describe(root, [relative(root, outfile)]);
	return sources !== null && bundle !== null && digest(sources.text + bundle.text) === stamp.digest;
}
