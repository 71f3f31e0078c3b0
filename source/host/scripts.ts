/**
 * Shell helpers the batch script defines in its header. Each one exists to keep the number of
 * remote processes per refresh constant while the guest count grows.
 */

import {OUTPUT_CAP_BYTES} from '../transport/output-cap.js';

export const CONFIGS_FUNCTION = 'pd_configs';
/** Marks the start of each file in the configs section's output. */
export const FILE_MARK = '\x1ePDFILE ';

/**
 * `pd_configs <vmid:version ...>`: prints /etc/pve/.vmlist, then every guest config whose
 * version differs from the one the caller already holds (new guests included), each file
 * behind a FILE_MARK header. One awk process reads them all, however many guests there are.
 * A line of a file that starts with the mark's first byte (\x1e) is printed with it spelt
 * `^^` instead, so no text inside a config can pose as the header of another file.
 *
 * .vmlist is written by pmxcfs (status.c, cfs_create_vmlist_msg) one guest per line:
 *   "100": { "node": "pve", "type": "lxc", "version": 5 },
 */
const AWK_PROGRAM = [
	'function out(s) { if (substr(s, 1, 1) == rs) s = "^^" substr(s, 2); print s }',
	'BEGIN { n = split(known, k, " "); for (i = 1; i <= n; i++) { split(k[i], p, ":"); have[p[1]] = p[2] }',
	'  rs = substr(mark, 1, 1); printf "%s%s/.vmlist\\n", mark, root }',
	'{ out($0) }',
	'/^"[0-9]+": [{]/ {',
	'  id = $0; sub(/^"/, "", id); sub(/".*/, "", id)',
	'  node = $0; sub(/.*"node": "/, "", node); sub(/".*/, "", node)',
	'  type = $0; sub(/.*"type": "/, "", type); sub(/".*/, "", type)',
	'  ver = $0; sub(/.*"version": /, "", ver); sub(/[^0-9].*/, "", ver)',
	'  if (!(id in have) || have[id] != ver) {',
	'    dir = (type == "qemu") ? "qemu-server" : type',
	'    want[++m] = root "/nodes/" node "/" dir "/" id ".conf"',
	'  }',
	'}',
	'END { for (i = 1; i <= m; i++) { printf "%s%s\\n", mark, want[i]',
	'  while ((getline line < want[i]) > 0) out(line)',
	'  close(want[i]) } }',
].join('\n');

/** `pveRoot` is /etc/pve on a host; tests point it at a directory of their own. */
export function configsFunctionDefinition(pveRoot = '/etc/pve'): string {
	// /etc/pve is readable by root and the www-data group (pmxcfs: root:www-data 0640). A
	// non-root user joins www-data rather than running awk through sudo (so the definition
	// is the same with or without sudo): awk as root is a root shell, and sudoers should only
	// list the host contract's own commands.
	return (
		`${CONFIGS_FUNCTION}() { timeout -k 2 15 awk -v known="$1" ` +
		`-v mark='\\036PDFILE ' -v root=${pveRoot} '${AWK_PROGRAM}' ${pveRoot}/.vmlist; }`
	);
}

/**
 * The argument pd_configs takes: what the caller already has, `vmid:version` pairs. Built
 * straight from the caller's map: at 10,000 guests, copying it into pairs first made garbage
 * enough for a run of young-generation collections in the turn that starts a refresh.
 */
export function knownVersionsArg(known: ReadonlyMap<number, {version: number}>): string {
	const pairs: string[] = [];
	for (const [vmid, {version}] of known) pairs.push(`${vmid}:${version}`);
	return pairs.join(' ');
}

/** Starts a background section: `pd_spawn <id> <command...>` (batch.ts). */
export const SPAWN_FUNCTION = 'pd_spawn';
/** Waits for the background sections and prints one of them, framed: `pd_reap <id>`. */
export const REAP_FUNCTION = 'pd_reap';
/**
 * What a background section may leave in the batch's temporary directory: one byte more than
 * a section may print (so the output splitter still sees, and reports, a section cut at its
 * cap), and enough of stderr for the reason it failed.
 */
export const BACKGROUND_STDOUT_CAP = OUTPUT_CAP_BYTES + 1;
export const BACKGROUND_STDERR_CAP = 64 * 1024;
/** The exit code a background section reads as when it left none (it never started). */
export const BACKGROUND_NO_CODE = 125;

/**
 * `pd_spawn` and `pd_reap`: a slow section (a Docker host's `docker stats`, which waits for
 * the daemon's sampling) starts at the top of the batch and runs beside the others; its output
 * goes to a private directory (`mktemp -d`: mode 700, a fresh name, removed when the script
 * exits), capped as it is written, so a guest printing without end fills neither the disk nor
 * the channel. At the end `pd_reap` waits for them all and prints each between this batch's
 * own markers, the same framing a foreground section has: no byte the command printed is read
 * as a marker line, and its exit code (124 when `timeout` stopped it) comes from a file the
 * guest cannot write. `mark` is the marker prefix (host/batch.ts MARK).
 */
export function backgroundFunctionDefinitions(mark: string): string[] {
	const begin = `printf '${mark}%s B %s\\n' "$pd_mark" "$1"`;
	return [
		`${SPAWN_FUNCTION}() { pd_id=$1; shift; if [ -z "$pd_dir" ]; then ` +
			`pd_dir=$(mktemp -d "\${TMPDIR:-/tmp}/proxdeck.XXXXXXXXXX") || { pd_dir=; return 0; }; ` +
			`trap 'rm -rf "$pd_dir"' EXIT; trap 'exit 129' HUP INT TERM PIPE; fi; ` +
			`{ { "$@" </dev/null; echo "$?" >"$pd_dir/$pd_id.rc"; } 2>&1 >&3 | head -c ${BACKGROUND_STDERR_CAP} >"$pd_dir/$pd_id.err"; } ` +
			`3>&1 | head -c ${BACKGROUND_STDOUT_CAP} >"$pd_dir/$pd_id.out" & }`,
		`${REAP_FUNCTION}() { wait; ${begin}; ${begin} >&2; pd_rc=; if [ -n "$pd_dir" ]; then ` +
			`cat "$pd_dir/$1.out" 2>/dev/null; cat "$pd_dir/$1.err" >&2 2>/dev/null; pd_rc=$(cat "$pd_dir/$1.rc" 2>/dev/null); ` +
			`else echo 'no private temporary directory for it (mktemp -d failed)' >&2; fi; ` +
			`printf '\\n${mark}%s E %s %d\\n' "$pd_mark" "$1" "\${pd_rc:-${BACKGROUND_NO_CODE}}"; }`,
	];
}
