/**
 * The start of dist/proxdeck.mjs (scripts/bundle.mjs puts the program inside it). The program
 * is esbuild's split output: a small entry and chunks that load only when a path needs them,
 * so `--version` and `--once --json` never parse the console's Ink, React and Yoga. The
 * chunks travel inside this one file, compressed; the first start of a build writes them to
 * $XDG_CACHE_HOME/proxdeck/<build id>/ (or ~/.cache/proxdeck/…), where every later start of
 * that build imports them as they are. Where that directory cannot be written, they go to a
 * private temporary directory removed at exit. The last few builds' directories are kept, so
 * a console still open from before an upgrade keeps loading its own chunks.
 *
 * Plain JavaScript with no imports: this is what runs before anything else, and a later
 * start costs one directory listing before the program's entry loads. Node's modules come
 * from process.getBuiltinModule, which skips the ES module wrapper an `import` of them builds.
 */

/** Replaced by the build: a digest of the chunks. */
const BUILD_ID = '__PROXDECK_BUILD_ID__';
/** Replaced by the build: package.json's version, the one the program prints. */
const VERSION = '__PROXDECK_VERSION__';
/** Replaced by the build: every file of the split program, so a cache directory missing one is written again. */
const FILES = ['__PROXDECK_FILES__'];
/**
 * The chunks (JSON of name → text, gzip, base64) are the comment that ends this file, read
 * from disk only to be written out: as a comment they cost a start almost nothing to skip,
 * where a string literal would be copied and hashed on every start.
 */
const PAYLOAD_START = '/*proxdeck-chunks:';
const ENTRY = 'proxdeck.mjs';
/** Builds whose chunks stay on disk: the newest few, by when they were written. */
const KEEP_BUILDS = 3;

const fs = process.getBuiltinModule('node:fs');
const {join} = process.getBuiltinModule('node:path');

function cacheRoot() {
	const cache = process.env['XDG_CACHE_HOME'];
	if (cache && cache.startsWith('/')) return join(cache, 'proxdeck');
	const home = process.env['HOME'] || process.getBuiltinModule('node:os').homedir();
	return join(home, '.cache', 'proxdeck');
}

function chunks() {
	const {fileURLToPath} = process.getBuiltinModule('node:url');
	const text = fs.readFileSync(fileURLToPath(import.meta.url), 'latin1');
	const base64 = text.slice(text.lastIndexOf(PAYLOAD_START) + PAYLOAD_START.length, text.lastIndexOf('*/'));
	// zlib loads only here, on a build's first start.
	const {gunzipSync} = process.getBuiltinModule('node:zlib');
	return JSON.parse(gunzipSync(Buffer.from(base64, 'base64')).toString('utf8'));
}

/** True when `dir` holds every file of this build (one listing; a missing directory is incomplete). */
function complete(dir) {
	let names;
	try {
		names = new Set(fs.readdirSync(dir));
	} catch {
		return false;
	}
	return FILES.every((name) => names.has(name));
}

/**
 * Writes every chunk into a new directory, then gives it its name in one rename: a reader
 * never sees half a build. A directory already there that lacks files (something removed
 * them: a cleaner of old cache files, a hand) is moved aside first and removed.
 */
function unpackInto(dir) {
	const files = chunks();
	const temp = `${dir}.${process.pid}.tmp`;
	fs.rmSync(temp, {recursive: true, force: true});
	fs.mkdirSync(temp, {recursive: true, mode: 0o700});
	for (const [name, text] of Object.entries(files)) fs.writeFileSync(join(temp, name), text, {mode: 0o600});
	const stale = `${dir}.${process.pid}.stale`;
	try {
		// Another start of this build may have finished meanwhile: its copy is the same.
		if (complete(dir)) return;
		try {
			fs.renameSync(dir, stale);
		} catch {
			// Nothing there: the usual case.
		}
		fs.renameSync(temp, dir);
	} catch (error) {
		if (!complete(dir)) throw error;
	} finally {
		fs.rmSync(temp, {recursive: true, force: true});
		fs.rmSync(stale, {recursive: true, force: true});
	}
}

/** How old a half-written directory (`<build id>.<pid>.tmp` or `.stale`) must be to be taken for a start that died. */
const LEFTOVER_MS = 60_000;

/** Older builds' directories beyond the newest few, and what starts that died while writing left behind. */
function pruneOldBuilds(root) {
	const names = fs.readdirSync(root);
	const now = Date.now();
	for (const name of names) {
		if (!/^[0-9a-f]{16}\.\d+\.(tmp|stale)$/.test(name)) continue;
		const path = join(root, name);
		const stat = fs.statSync(path, {throwIfNoEntry: false});
		// A younger one may belong to a start writing its chunks right now.
		if (stat && now - stat.mtimeMs > LEFTOVER_MS) fs.rmSync(path, {recursive: true, force: true});
	}
	const builds = names
		.filter((name) => /^[0-9a-f]{16}$/.test(name) && name !== BUILD_ID)
		.map((name) => ({name, at: fs.statSync(join(root, name)).mtimeMs}))
		.sort((a, b) => b.at - a.at);
	for (const old of builds.slice(KEEP_BUILDS - 1)) fs.rmSync(join(root, old.name), {recursive: true, force: true});
}

function chunkDirectory() {
	const root = cacheRoot();
	const dir = join(root, BUILD_ID);
	if (complete(dir)) return dir;
	try {
		fs.mkdirSync(root, {recursive: true, mode: 0o700});
		unpackInto(dir);
		try {
			pruneOldBuilds(root);
		} catch {
			// Tidying is a courtesy: a directory that cannot be listed or removed stays.
		}
		return dir;
	} catch {
		const {tmpdir} = process.getBuiltinModule('node:os');
		const temp = fs.mkdtempSync(join(tmpdir(), 'proxdeck-'));
		process.on('exit', () => fs.rmSync(temp, {recursive: true, force: true}));
		unpackInto(join(temp, BUILD_ID));
		return join(temp, BUILD_ID);
	}
}

/** Writes straight to the file descriptor: process.stdout would first build a stream (and load its modules) for one line. */
function printVersion() {
	const line = `proxdeck ${VERSION}\n`;
	try {
		fs.writeSync(1, line);
	} catch (error) {
		// A reader that went away gets nothing; a non-blocking pipe that is full gets the stream.
		if (error.code === 'EAGAIN') process.stdout.write(line);
		else if (error.code !== 'EPIPE') throw error;
	}
}

// `proxdeck --version` alone is answered here: no chunk is written or loaded for it.
if (process.argv.length === 3 && process.argv[2] === '--version') {
	printVersion();
} else {
	const {pathToFileURL} = process.getBuiltinModule('node:url');
	await import(pathToFileURL(join(chunkDirectory(), ENTRY)).href);
}
