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
 * Plain JavaScript with no imports but Node's own: this is what runs before anything else.
 */
import {
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
import {homedir, tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

/** Replaced by the build: a digest of the chunks. */
const BUILD_ID = '__PROXDECK_BUILD_ID__';
/**
 * The chunks (JSON of name → text, gzip, base64) are the comment that ends this file, read
 * from disk only to be written out: as a comment they cost a start almost nothing to skip,
 * where a string literal would be copied and hashed on every start.
 */
const PAYLOAD_START = '/*proxdeck-chunks:';
const ENTRY = 'proxdeck.js';
/** Builds whose chunks stay on disk: the newest few, by when they were written. */
const KEEP_BUILDS = 3;

function cacheRoot() {
	const cache = process.env['XDG_CACHE_HOME'];
	return join(cache && cache.startsWith('/') ? cache : join(homedir(), '.cache'), 'proxdeck');
}

async function chunks() {
	const text = readFileSync(fileURLToPath(import.meta.url), 'latin1');
	const base64 = text.slice(text.lastIndexOf(PAYLOAD_START) + PAYLOAD_START.length, text.lastIndexOf('*/'));
	// zlib loads only here, on a build's first start.
	const {gunzipSync} = await import('node:zlib');
	return JSON.parse(gunzipSync(Buffer.from(base64, 'base64')).toString('utf8'));
}

/** Writes every chunk into a new directory, then gives it its name in one rename: a reader never sees half a build. */
async function unpackInto(dir) {
	const files = await chunks();
	const temp = `${dir}.${process.pid}.tmp`;
	rmSync(temp, {recursive: true, force: true});
	mkdirSync(temp, {recursive: true, mode: 0o700});
	for (const [name, text] of Object.entries(files)) writeFileSync(join(temp, name), text, {mode: 0o600});
	try {
		renameSync(temp, dir);
	} catch (error) {
		rmSync(temp, {recursive: true, force: true});
		// Another proxdeck of this build got there first: its copy is the same.
		if (!existsSync(join(dir, ENTRY))) throw error;
	}
}

/** Older builds' directories beyond the newest few. */
function pruneOldBuilds(root) {
	const builds = readdirSync(root)
		.filter((name) => /^[0-9a-f]{16}$/.test(name) && name !== BUILD_ID)
		.map((name) => ({name, at: statSync(join(root, name)).mtimeMs}))
		.sort((a, b) => b.at - a.at);
	for (const old of builds.slice(KEEP_BUILDS - 1)) rmSync(join(root, old.name), {recursive: true, force: true});
}

async function chunkDirectory() {
	const root = cacheRoot();
	const dir = join(root, BUILD_ID);
	if (existsSync(join(dir, ENTRY))) return dir;
	try {
		mkdirSync(root, {recursive: true, mode: 0o700});
		await unpackInto(dir);
		try {
			pruneOldBuilds(root);
		} catch {
			// Tidying is a courtesy: a directory that cannot be listed or removed stays.
		}
		return dir;
	} catch {
		const temp = mkdtempSync(join(tmpdir(), 'proxdeck-'));
		process.on('exit', () => rmSync(temp, {recursive: true, force: true}));
		await unpackInto(join(temp, BUILD_ID));
		return join(temp, BUILD_ID);
	}
}

await import(pathToFileURL(join(await chunkDirectory(), ENTRY)).href);
