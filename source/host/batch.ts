/**
 * One refresh is one exec of one shell script on one channel. The script runs each host
 * command as a framed section, so one command that fails, hangs or prints garbage costs its
 * own section only. Framing survives output without a final newline and a command that
 * writes to stderr: both streams carry the same markers, in order.
 *
 *   stdout:  \x1ePD B <id>\n <command's stdout> \n\x1ePD E <id> <exit code>\n
 *   stderr:  \x1ePD B <id>\n <command's stderr>
 *
 * The simulated host reads these scripts too (source/sim/interpreter.ts): keep the section
 * line shape in renderSection and SECTION_LINE in sync.
 */
import {shellJoin, quoteArg} from './quote.js';
import {CONFIGS_FUNCTION, configsFunctionDefinition} from './scripts.js';

export const MARK = '\x1ePD';

export interface BatchSection {
	/** Section id: short, `[a-z0-9-]+`, unique in the batch. */
	id: string;
	argv: readonly string[];
	/** Needs root on the host: prefixed with `sudo -n` for non-root contexts. */
	root?: boolean;
	/** Kill the command after this many seconds (coreutils `timeout`). */
	timeoutSec?: number;
}

export interface BatchOptions {
	sudo?: boolean;
}

export interface SectionOutput {
	stdout: string;
	stderr: string;
	/** Exit code; null when the section never finished (the batch was cut off). */
	code: number | null;
}

const SECTION_ID = /^[a-z0-9][a-z0-9-]*$/;

/** Shell functions the batch header defines; they run without `timeout` (it needs a binary). */
const FUNCTIONS = new Set([CONFIGS_FUNCTION]);

export function renderSection(section: BatchSection, options: BatchOptions = {}): string {
	if (!SECTION_ID.test(section.id)) throw new Error(`bad batch section id: ${section.id}`);
	const argv = [...section.argv];
	const isFunction = FUNCTIONS.has(argv[0] ?? '');
	if (section.root && options.sudo && !isFunction) argv.unshift('sudo', '-n');
	if (section.timeoutSec && !isFunction) argv.unshift('timeout', '-k', '2', String(section.timeoutSec));
	const id = quoteArg(section.id);
	return (
		`printf '${MARK} B %s\\n' ${id}; printf '${MARK} B %s\\n' ${id} >&2; ` +
		`${shellJoin(argv)}; printf '\\n${MARK} E %s %d\\n' ${id} "$?"`
	);
}

/** The whole script for one refresh. */
export function renderBatch(sections: readonly BatchSection[], options: BatchOptions = {}): string {
	const ids = new Set<string>();
	for (const s of sections) {
		if (ids.has(s.id)) throw new Error(`duplicate batch section id: ${s.id}`);
		ids.add(s.id);
	}
	const usesConfigs = sections.some((s) => s.argv[0] === CONFIGS_FUNCTION);
	const lines = ['export LC_ALL=C'];
	if (usesConfigs) lines.push(configsFunctionDefinition());
	for (const s of sections) lines.push(renderSection(s, options));
	return lines.join('\n') + '\n';
}

const BEGIN = new RegExp(`^${MARK} B ([a-z0-9-]+)$`);
const END = new RegExp(`^${MARK} E ([a-z0-9-]+) (-?\\d+)$`);

/**
 * Split a batch's output back into sections. Text outside any section (a login banner, a
 * profile script's noise) is ignored; a section whose END never came has code null.
 */
export function splitBatchOutput(stdout: string, stderr: string): Map<string, SectionOutput> {
	const sections = new Map<string, SectionOutput>();
	const get = (id: string): SectionOutput => {
		let s = sections.get(id);
		if (!s) {
			s = {stdout: '', stderr: '', code: null};
			sections.set(id, s);
		}
		return s;
	};

	let current: string | null = null;
	let start = 0;
	let pos = 0;
	while (pos <= stdout.length) {
		const nl = stdout.indexOf('\n', pos);
		// Only marker lines are cut out: sections run to thousands of lines each refresh.
		if (stdout.startsWith(MARK, pos)) {
			const line = stdout.slice(pos, nl === -1 ? stdout.length : nl);
			const begin = BEGIN.exec(line);
			const end = END.exec(line);
			if (begin) {
				current = begin[1]!;
				get(current);
				start = nl === -1 ? stdout.length : nl + 1;
			} else if (end && current === end[1]) {
				const s = get(current);
				// The END marker is preceded by one newline the script added itself.
				s.stdout = stdout.slice(start, Math.max(start, pos - 1));
				s.code = Number(end[2]);
				current = null;
			}
		}
		if (nl === -1) break;
		pos = nl + 1;
	}
	if (current !== null) get(current).stdout = stdout.slice(start);

	// The text before the first marker is login noise; each later piece starts with its id.
	for (const piece of stderr.split(`${MARK} B `).slice(1)) {
		const nl = piece.indexOf('\n');
		const id = nl === -1 ? piece : piece.slice(0, nl);
		if (SECTION_ID.test(id) && sections.has(id)) get(id).stderr = nl === -1 ? '' : piece.slice(nl + 1);
	}
	return sections;
}
