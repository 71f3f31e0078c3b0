/**
 * Shell helpers the batch script defines in its header. Each one exists to keep the number of
 * remote processes per refresh constant while the guest count grows.
 */

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

/** The argument pd_configs takes: what the caller already has, `vmid:version` pairs. */
export function knownVersionsArg(known: ReadonlyMap<number, number>): string {
	return [...known].map(([vmid, version]) => `${vmid}:${version}`).join(' ');
}
