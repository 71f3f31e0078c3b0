/**
 * The host contract, read side: every command proxdeck runs to look at a host, as argv.
 * The README's "Host contract" section lists the same commands for users who audit them.
 * Values that vary (vmids, container names, line counts) are validated before they get here.
 */
import type {BatchSection} from './batch.js';
import {CONFIGS_FUNCTION} from './scripts.js';
import {assertVmid, assertContainerName, assertLineCount, assertNode, assertNodeAddress} from './validate.js';

export const READS = {
	resources: ['pvesh', 'get', '/cluster/resources', '--output-format', 'json'],
	clusterStatus: ['pvesh', 'get', '/cluster/status', '--output-format', 'json'],
	haStatus: ['ha-manager', 'status'],
	zpoolList: ['zpool', 'list', '-Hp', '-o', 'name,size,alloc,free,frag,cap,dedup,health'],
	zpoolStatus: ['zpool', 'status'],
	zfsList: ['zfs', 'list', '-Hp', '-t', 'filesystem,volume', '-o', 'name,used,avail,refer,mountpoint'],
	ipAddr: ['ip', '-j', 'addr', 'show'],
	ipRoute: ['ip', '-j', 'route', 'show', 'table', 'all'],
	ipRule: ['ip', '-j', 'rule', 'show'],
	bridgeLink: ['bridge', '-j', 'link', 'show'],
	wgHost: ['wg', 'show', 'all', 'dump'],
} as const satisfies Record<string, readonly string[]>;

/** The columns READS.zpoolList and READS.zfsList ask for, in order, for their parsers. */
export const ZPOOL_LIST_COLUMNS = ['name', 'size', 'alloc', 'free', 'frag', 'cap', 'dedup', 'health'] as const;
export const ZFS_LIST_COLUMNS = ['name', 'used', 'avail', 'refer', 'mountpoint'] as const;

/** `pct exec <vmid> -- <argv>`: run a command inside a container. */
export function inGuest(vmid: number, argv: readonly string[]): string[] {
	return ['pct', 'exec', String(assertVmid(vmid)), '--', ...argv];
}

export function wgInGuest(vmid: number): string[] {
	return inGuest(vmid, ['wg', 'show', 'all', 'dump']);
}

export function dockerPs(vmid: number, runtime: 'docker' | 'podman' = 'docker'): string[] {
	return runtime === 'podman'
		? inGuest(vmid, ['podman', 'ps', '-a', '--format', 'json'])
		: inGuest(vmid, ['docker', 'ps', '-a', '--format', '{{json .}}']);
}

/** One JSON object per container: what `inspect` knows that `ps` does not. */
const INSPECT_TEMPLATE =
	'{"name":{{json .Name}},"restarts":{{json .RestartCount}},"state":{{json .State}},"mounts":{{json .Mounts}}}';
/** The bind mounts' sources, one a line (for the existence check). */
const BIND_SOURCES_TEMPLATE = '{{range .Mounts}}{{if eq .Type "bind"}}{{println .Source}}{{end}}{{end}}';
/** Podman's stats template fields, printed under Docker's JSON names. */
const PODMAN_STATS_TEMPLATE =
	'{"ID":{{json .ID}},"Name":{{json .Name}},"CPUPerc":{{json .CPUPerc}},"MemUsage":{{json .MemUsage}},"NetIO":{{json .NetIO}},"BlockIO":{{json .BlockIO}},"PIDs":{{json .PIDS}}}';

/**
 * A Docker host's live readings in one process inside the guest: stats of the running
 * containers, inspect of all, which bind sources exist (`ls -d` prints the ones that do), and
 * `system df`; each part after its own line (parse/docker-stats.ts splits them). The script
 * is a constant: only the vmid varies, and it is validated.
 */
export function dockerReadings(vmid: number, runtime: 'docker' | 'podman' = 'docker'): string[] {
	const bin = runtime;
	const part = (name: string): string => `printf '%s\\n' '--proxdeck:${name}--'`;
	const stats =
		runtime === 'podman'
			? `${bin} stats --no-stream --format '${PODMAN_STATS_TEMPLATE}'`
			: `${bin} stats --no-stream --format '{{json .}}'`;
	const script = [
		part('stats'),
		`${stats} 2>/dev/null`,
		part('inspect'),
		`${bin} ps -aq | xargs -r ${bin} inspect --format '${INSPECT_TEMPLATE}' 2>/dev/null`,
		part('binds'),
		`${bin} ps -aq | xargs -r ${bin} inspect --format '${BIND_SOURCES_TEMPLATE}' | xargs -r ls -d 2>/dev/null`,
		part('df'),
		`${bin} system df --format '{{json .}}' 2>/dev/null`,
		// A part that failed is an empty part, read as unknown; the section itself succeeded.
		'true',
	].join('; ');
	return inGuest(vmid, ['sh', '-c', script]);
}

/** Which of docker and podman is installed in the guest: their paths, one a line (none: empty). */
export function dockerProbe(vmid: number): string[] {
	return inGuest(vmid, ['sh', '-c', 'command -v docker podman; true']);
}

export function composeLs(vmid: number): string[] {
	return inGuest(vmid, ['docker', 'compose', 'ls', '-a', '--format', 'json']);
}

/** Log streams (long-lived): the host journal, a guest's journal, a container's logs. */
export function hostJournal(lines: number, follow = true): string[] {
	return ['journalctl', '-o', 'json', '-n', String(assertLineCount(lines)), ...(follow ? ['-f'] : [])];
}

export function guestJournal(vmid: number, lines: number, follow = true): string[] {
	return inGuest(vmid, hostJournal(lines, follow));
}

export function containerLogs(vmid: number, container: string, lines: number, follow = true): string[] {
	return inGuest(vmid, [
		'docker',
		'logs',
		...(follow ? ['-f'] : []),
		'-t',
		'--tail',
		String(assertLineCount(lines)),
		assertContainerName(container),
	]);
}

/** The configs section: .vmlist plus the guest configs whose version changed. */
export function configsSection(knownVersions: string): BatchSection {
	return {id: 'configs', argv: [CONFIGS_FUNCTION, knownVersions]};
}

/**
 * The cluster's own node-to-node SSH, the way Proxmox's migration reaches another node:
 * root's key, batch mode (never a prompt), the node's host key checked under its name
 * (`HostKeyAlias`, as pvecm keeps it in the cluster's known_hosts), no escape character (a
 * `pct enter` session passes every key through). `tty` asks for a terminal (`pct enter`).
 * The command for the node follows as one more word.
 */
export function nodeHop(node: string, address: string, options: {tty?: boolean} = {}): string[] {
	return [
		'ssh',
		...(options.tty ? ['-t'] : []),
		'-e',
		'none',
		'-o',
		'BatchMode=yes',
		'-o',
		'ConnectTimeout=5',
		'-o',
		`HostKeyAlias=${assertNode(node)}`,
		`root@${assertNodeAddress(address)}`,
	];
}

/** Commands that need root when proxdeck logs in as another user (wrapped in `sudo -n`). */
export const ROOT_COMMANDS = new Set(['pvesh', 'pct', 'qm', 'wg', 'ha-manager']);
