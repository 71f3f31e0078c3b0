/**
 * One refresh is one exec of one shell script on one channel. The script runs each host
 * command as a framed section, so one command that fails, hangs or prints garbage costs its
 * own section only. Framing survives output without a final newline and a command that
 * writes to stderr: both streams carry the same markers, in order.
 *
 *   stdout:  \x1ePD<marker> B <id>\n <command's stdout> \n\x1ePD<marker> E <id> <exit code>\n
 *   stderr:  \x1ePD<marker> B <id>\n <command's stderr>
 *
 * Sections carry guest output (`docker ps` in a Docker host prints container names and images
 * a guest chose), so a fixed marker would let a guest end its own section and print another
 * one, a pool at 1 % in place of the host's. The marker is random, new for every batch, and
 * given to the script in a variable on its first line: no guest can know it, and the lines
 * after the first stay the same text from one refresh to the next.
 *
 * A section marked `background` (a Docker host's readings, which wait seconds for the
 * daemon's sampling) starts right after the header and runs beside all the others; its
 * output is kept aside and printed, framed the same way, after the last foreground section
 * (scripts.ts `pd_spawn`/`pd_reap`). So the slow ones overlap with each other and with the
 * rest of the batch, still on the one channel.
 *
 * The simulated host runs these scripts with its own small shell (source/sim/shell.ts): it
 * understands each construct used here (a variable, printf, redirections, `$?`), no more,
 * and answers the header's functions as they behave.
 */
import {randomBytes} from 'node:crypto';
import {shellJoin, quoteArg} from './quote.js';
import {
	CONFIGS_FUNCTION,
	REAP_FUNCTION,
	SPAWN_FUNCTION,
	backgroundFunctionDefinitions,
	configsFunctionDefinition,
} from './scripts.js';

export const MARK = '\x1ePD';
/** The shell variable that holds this batch's marker. */
const MARKER_VARIABLE = 'pd_mark';
/**
 * The shell variable a script's prelude sets to `sudo -n` or to nothing, when the script
 * itself finds out whether the login needs sudo (privilege-fold.ts); expanded unquoted.
 */
export const SUDO_VARIABLE = 'pd_sudo';

export interface BatchSection {
	/** Section id: short, `[a-z0-9-]+`, unique in the batch. */
	id: string;
	argv: readonly string[];
	/** Needs root on the host: prefixed with `sudo -n` for non-root contexts. */
	root?: boolean;
	/** Kill the command after this many seconds (coreutils `timeout`). */
	timeoutSec?: number;
	/** Run beside the other sections rather than in turn (a slow one); printed after them. */
	background?: boolean;
}

export interface BatchOptions {
	/** `probed`: the script's prelude decides, in $pd_sudo (the first batch of a session). */
	sudo?: boolean | 'probed';
}

/** A script ready to send, with the marker its output will be framed with. */
export interface RenderedBatch {
	script: string;
	marker: string;
}

const SECTION_ID = /^[a-z0-9][a-z0-9-]*$/;

/** Shell functions the batch header defines; they run without `timeout` (it needs a binary). */
const FUNCTIONS = new Set([CONFIGS_FUNCTION]);

/** 128 random bits as hex: what frames one batch's output. */
export function newBatchMarker(): string {
	return randomBytes(16).toString('hex');
}

/** The section's command with its `sudo -n` and `timeout` in front, as one shell command line. */
function commandLine(section: BatchSection, options: BatchOptions): string {
	if (!SECTION_ID.test(section.id)) throw new Error(`bad batch section id: ${section.id}`);
	const argv = [...section.argv];
	const isFunction = FUNCTIONS.has(argv[0] ?? '');
	if (section.background && isFunction) throw new Error(`a shell function cannot run in the background: ${section.id}`);
	const sudo = section.root && !isFunction ? options.sudo : false;
	if (sudo === true) argv.unshift('sudo', '-n');
	const timeout = section.timeoutSec && !isFunction ? ['timeout', '-k', '2', String(section.timeoutSec)] : [];
	// The variable is the script's own (never remote text): unquoted, it becomes `sudo -n` or no word at all.
	if (sudo === 'probed')
		return `${timeout.length > 0 ? `${shellJoin(timeout)} ` : ''}$${SUDO_VARIABLE} ${shellJoin(argv)}`;
	return shellJoin([...timeout, ...argv]);
}

function renderSection(section: BatchSection, options: BatchOptions = {}): string {
	const id = quoteArg(section.id);
	const marker = `"$${MARKER_VARIABLE}"`;
	return (
		`printf '${MARK}%s B %s\\n' ${marker} ${id}; printf '${MARK}%s B %s\\n' ${marker} ${id} >&2; ` +
		`${commandLine(section, options)}; printf '\\n${MARK}%s E %s %d\\n' ${marker} ${id} "$?"`
	);
}

/** The whole script for one refresh, framed with a new marker (or the one given: tests). */
export function renderBatch(
	sections: readonly BatchSection[],
	options: BatchOptions & {marker?: string} = {},
): RenderedBatch {
	const marker = options.marker ?? newBatchMarker();
	if (!/^[0-9a-f]{16,64}$/.test(marker)) throw new Error('a batch marker is 16 to 64 hex digits');
	const ids = new Set<string>();
	for (const s of sections) {
		if (ids.has(s.id)) throw new Error(`duplicate batch section id: ${s.id}`);
		ids.add(s.id);
	}
	const usesConfigs = sections.some((s) => s.argv[0] === CONFIGS_FUNCTION);
	const lines = [`${MARKER_VARIABLE}=${marker}`, 'export LC_ALL=C'];
	if (usesConfigs) lines.push(configsFunctionDefinition());
	const background = sections.filter((s) => s.background);
	if (background.length > 0) lines.push(...backgroundFunctionDefinitions(MARK));
	for (const s of background) lines.push(`${SPAWN_FUNCTION} ${quoteArg(s.id)} ${commandLine(s, options)}`);
	for (const s of sections) if (!s.background) lines.push(renderSection(s, options));
	for (const s of background) lines.push(`${REAP_FUNCTION} ${quoteArg(s.id)}`);
	return {script: lines.join('\n') + '\n', marker};
}
