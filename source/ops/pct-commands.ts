/**
 * The host contract, write side: every command an ops module runs, as argv built only from
 * validated values (host/validate.ts) and turned into a command line only by host/quote.ts.
 * The dry-run, the confirm dialog and the real run all take their commands from here.
 */
import {inGuest} from '../host/commands.js';
import type {GuestRef, HostCommand, StepCommand} from '../host/host-command.js';
import {
	assertBridge,
	assertCidr,
	assertContainerName,
	assertDiskSize,
	assertHostname,
	assertIpv4,
	assertNode,
	assertPath,
	assertStorage,
	assertTag,
	assertVmid,
	InvalidValueError,
} from '../host/validate.js';

export {renderCommand, type GuestRef, type HostCommand, type StepCommand} from '../host/host-command.js';

const MINUTE = 60_000;

/** What each pct verb may take: copying disks takes long, a config write or a status does not. */
const PCT_TIMEOUTS_MS: Record<string, number> = {
	clone: 30 * MINUTE,
	create: 30 * MINUTE,
	restore: 30 * MINUTE,
	destroy: 10 * MINUTE,
	resize: 10 * MINUTE,
	snapshot: 10 * MINUTE,
	rollback: 10 * MINUTE,
	delsnapshot: 10 * MINUTE,
	start: 5 * MINUTE,
	reboot: 5 * MINUTE,
	template: 5 * MINUTE,
	stop: 2 * MINUTE,
	set: 2 * MINUTE,
	unlock: MINUTE,
	status: 15_000,
};
/** A command inside a guest (post-deploy: package installs, compose pulls). */
const GUEST_COMMAND_MS = 30 * MINUTE;
/** A probe from the host (nc, curl); they carry their own shorter limits too. */
const PROBE_MS = 15_000;

/** `pct <verb> …` on the node the guest lives on (pct reaches only that node's guests), with the time the verb may take. */
export const pct = (guest: GuestRef, verb: string, ...args: string[]): StepCommand => ({
	argv: ['pct', verb, ...args],
	root: true,
	node: assertNode(guest.node),
	timeoutMs: PCT_TIMEOUTS_MS[verb] ?? 2 * MINUTE,
});
const id = (vmid: number): string => String(assertVmid(vmid));

export interface CloneOptions {
	/** Unset: Proxmox keeps the template's hostname. */
	hostname?: string;
	/** Unset: the full clone goes to the template's storage. */
	storage?: string;
	/** Node to clone to (`--target`). */
	target?: string;
}

/**
 * `pct clone <tpl> <new> --hostname H --storage S --full [--target N]` (a full clone, as
 * homelab scripts do), on the template's node; `--target` puts the clone on another node.
 */
export function pctClone(template: GuestRef, newVmid: number, options: CloneOptions): StepCommand {
	const argv = [id(template.vmid), id(newVmid)];
	if (options.hostname !== undefined) argv.push('--hostname', assertHostname(options.hostname));
	if (options.storage !== undefined) argv.push('--storage', assertStorage(options.storage));
	argv.push('--full');
	if (options.target !== undefined) argv.push('--target', assertNode(options.target));
	return pct(template, 'clone', ...argv);
}

export interface NetSpec {
	/** Interface name in the guest. */
	name?: string;
	bridge: string;
	ip: string;
	gw?: string;
	tag?: number;
}

/** The `--net0` property string: `name=eth0,bridge=vmbr2,ip=10.0.30.10/24,gw=10.0.30.1`. */
export function netProperty(spec: NetSpec): string {
	const ifname = spec.name ?? 'eth0';
	if (!/^[a-z][a-z0-9]{0,14}$/.test(ifname)) throw new InvalidValueError('interface name', ifname, 'a name like eth0');
	const parts = [`name=${ifname}`, `bridge=${assertBridge(spec.bridge)}`, `ip=${assertCidr(spec.ip)}`];
	if (spec.gw !== undefined && spec.ip !== 'dhcp') parts.push(`gw=${assertIpv4(spec.gw)}`);
	if (spec.tag !== undefined) {
		if (!Number.isInteger(spec.tag) || spec.tag < 1 || spec.tag > 4094)
			throw new InvalidValueError('VLAN tag', String(spec.tag), 'a whole number from 1 to 4094');
		parts.push(`tag=${spec.tag}`);
	}
	return parts.join(',');
}

export interface MountSpec {
	key: string;
	source: string;
	path: string;
	readonly?: boolean;
}

/** `--mp0 /staging-pool,mp=/staging-pool`: a host path bind-mounted at the same path. */
export function mountProperty(mount: MountSpec): string {
	if (!/^mp\d{1,3}$/.test(mount.key)) throw new InvalidValueError('mount key', mount.key, 'mp0 to mp255');
	const source = mount.source.startsWith('/') ? assertPath(mount.source, 'mount source') : mount.source;
	if (!source.startsWith('/') && !/^[a-z][a-z0-9\-_.]*:[A-Za-z0-9_.-]+$/i.test(source))
		throw new InvalidValueError('mount source', source, 'a host path or storage:volume');
	return `${source},mp=${assertPath(mount.path, 'mount path')}${mount.readonly ? ',ro=1' : ''}`;
}

export interface SetOptions {
	net0?: NetSpec;
	mounts?: MountSpec[];
	/** MiB. */
	memory?: number;
	cores?: number;
	/** MiB. */
	swap?: number;
	onboot?: boolean;
	tags?: string[];
}

export function hasSetOptions(options: SetOptions): boolean {
	return (
		options.net0 !== undefined ||
		(options.mounts?.length ?? 0) > 0 ||
		options.memory !== undefined ||
		options.cores !== undefined ||
		options.swap !== undefined ||
		options.onboot !== undefined ||
		options.tags !== undefined
	);
}

/** `pct set <vmid> --net0 … --mpN … --memory … --cores … --swap … --onboot … --tags …`: one command, one config write. */
export function pctSet(guest: GuestRef, options: SetOptions): StepCommand {
	const argv = [id(guest.vmid)];
	if (options.net0) argv.push('--net0', netProperty(options.net0));
	for (const m of options.mounts ?? []) argv.push(`--${m.key}`, mountProperty(m));
	if (options.memory !== undefined) {
		if (!Number.isInteger(options.memory) || options.memory < 16)
			throw new InvalidValueError('memory', String(options.memory), 'MiB, a whole number of at least 16');
		argv.push('--memory', String(options.memory));
	}
	if (options.cores !== undefined) {
		if (!Number.isInteger(options.cores) || options.cores < 1 || options.cores > 8192)
			throw new InvalidValueError('cores', String(options.cores), 'a whole number from 1 to 8192');
		argv.push('--cores', String(options.cores));
	}
	if (options.swap !== undefined) {
		if (!Number.isInteger(options.swap) || options.swap < 0)
			throw new InvalidValueError('swap', String(options.swap), 'MiB, a whole number from 0 up');
		argv.push('--swap', String(options.swap));
	}
	if (options.onboot !== undefined) argv.push('--onboot', options.onboot ? '1' : '0');
	if (options.tags !== undefined) argv.push('--tags', options.tags.map((t) => assertTag(t)).join(';'));
	if (argv.length === 1) throw new Error('pct set needs at least one option');
	return pct(guest, 'set', ...argv);
}

export const pctStart = (guest: GuestRef): StepCommand => pct(guest, 'start', id(guest.vmid));
export const pctStop = (guest: GuestRef): StepCommand => pct(guest, 'stop', id(guest.vmid));
export const pctReboot = (guest: GuestRef): StepCommand => pct(guest, 'reboot', id(guest.vmid));
export const pctDestroy = (guest: GuestRef): StepCommand => pct(guest, 'destroy', id(guest.vmid));
export const pctTemplate = (guest: GuestRef): StepCommand => pct(guest, 'template', id(guest.vmid));
export const pctStatus = (guest: GuestRef): StepCommand => pct(guest, 'status', id(guest.vmid));
/** `pct enter <vmid>`: a root shell in the container (a terminal session, never a job). */
export const pctEnter = (guest: GuestRef): HostCommand => ({
	argv: ['pct', 'enter', id(guest.vmid)],
	root: true,
	node: assertNode(guest.node),
});

/** `pct shutdown <vmid> --timeout <s>`: a clean shutdown; the caller stops the guest if it is still up after. */
export function pctShutdown(guest: GuestRef, timeoutSec: number): StepCommand {
	if (!Number.isInteger(timeoutSec) || timeoutSec < 1 || timeoutSec > 3600)
		throw new InvalidValueError('timeout', String(timeoutSec), 'seconds from 1 to 3600');
	// Proxmox waits up to the given time itself; the job waits half a minute more for its answer.
	return {
		...pct(guest, 'shutdown', id(guest.vmid), '--timeout', String(timeoutSec)),
		timeoutMs: (timeoutSec + 30) * 1000,
	};
}

/** `pct resize <vmid> rootfs +10G`. */
export function pctResize(guest: GuestRef, disk: string, size: string): StepCommand {
	if (!/^(rootfs|mp\d{1,3})$/.test(disk)) throw new InvalidValueError('disk', disk, 'rootfs or mp0..mp255');
	return pct(guest, 'resize', id(guest.vmid), disk, assertDiskSize(size));
}

/** `pct exec <vmid> -- <argv>`: a command inside the guest (post-deploy, probes). */
export function pctExec(guest: GuestRef, argv: readonly string[]): StepCommand {
	if (argv.length === 0) throw new Error('pct exec needs a command');
	for (const word of argv) if (word.includes('\0')) throw new InvalidValueError('guest command', word, 'no NUL bytes');
	return {argv: inGuest(guest.vmid, argv), root: true, node: assertNode(guest.node), timeoutMs: GUEST_COMMAND_MS};
}

/** Last lines of a container's log (health looks for known failures in them). */
export function dockerLogsTail(guest: GuestRef, container: string, lines: number): StepCommand {
	if (!Number.isInteger(lines) || lines < 1 || lines > 10_000)
		throw new InvalidValueError('line count', String(lines), '1 to 10000');
	return pctExec(guest, ['docker', 'logs', '--tail', String(lines), assertContainerName(container)]);
}

/**
 * TCP probe from a node (the guest's own: it has the guest's bridges): `nc -z`
 * (netcat-openbsd is priority "important" in Debian, so on every PVE host).
 */
export function tcpProbe(node: string, host: string, port: number): StepCommand {
	assertIpv4(host, 'probe host');
	if (!Number.isInteger(port) || port < 1 || port > 65535)
		throw new InvalidValueError('port', String(port), '1 to 65535');
	return {argv: ['nc', '-z', '-w', '3', host, String(port)], root: false, node: assertNode(node), timeoutMs: PROBE_MS};
}

const URL_SHAPE = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~/?=&%+-]*)?$/;

/** HTTP probe from a node: prints the status code only (the usual homelab health check). */
export function httpProbe(node: string, url: string): StepCommand {
	if (!URL_SHAPE.test(url)) throw new InvalidValueError('URL', url, 'an http(s) URL without spaces or quotes');
	return {
		argv: ['curl', '-s', '-o', '/dev/null', '-m', '5', '-w', '%{http_code}', url],
		root: false,
		node: assertNode(node),
		timeoutMs: PROBE_MS,
	};
}
