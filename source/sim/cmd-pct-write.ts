/**
 * pct's writes: clone, create, set, resize, snapshot, template, destroy. Each checks what
 * Proxmox checks, in the same order, and refuses with the same text (see
 * fixtures/errors/message-templates-from-source.txt); each successful write bumps the config's
 * pmxcfs version so pd_configs picks it up.
 */
import {compareNames} from '../model/compare.js';
import {paramError, parseOptions, pveError, ok, type SimContext} from './cmd-util.js';
import {parseMount, parseNet} from './config-options.js';
import type {SimResult} from './faults.js';
import {checkLock, logTask} from './lifecycle.js';
import {addGuest, findGuest, isStarted, parseSize, removeGuest, touchConfig, volumeStorage} from './mutate.js';
import {configEntries} from './render/guest-config.js';
import {proxmoxMac} from './prng.js';
import type {SimGuest, SimStorage} from './types.js';
import {storageUsage} from './metrics.js';
import {startTask} from './tasks.js';
import {savedFields, snapshotBlocker} from './snapshot-writes.js';
import {allocVolume, checkCtStorage, findStorage, freeVolume, templateVolumeName} from './volumes.js';
import {findNode, isUp, nodeBridges} from './nodes.js';
import {createRefusal} from './template-build.js';

const CLONE_USAGE = 'pct clone <vmid> <newid> [OPTIONS]';

function isResult(value: unknown): value is SimResult {
	return typeof value === 'object' && value !== null && 'code' in value && 'stderr' in value;
}

export function cloneCt(ctx: SimContext, source: SimGuest, args: string[]): SimResult {
	const {positional, options} = parseOptions(args, ['full']);
	const newText = positional[0];
	if (newText === undefined) return paramError({newid: 'property is missing and it is not optional'}, CLONE_USAGE);
	if (!/^\d+$/.test(newText) || Number(newText) < 100)
		return paramError({newid: `invalid format - value does not look like a valid VM ID`}, CLONE_USAGE);
	const newid = Number(newText);
	const existing = findGuest(ctx.state, newid);
	if (existing) return pveError(`CT ${newid} already exists on node '${existing.node}'`);
	const locked = checkLock(source);
	if (locked) return locked;
	const target = options.get('target');
	const storageId = options.get('storage') ?? volumeStorage(source.rootfs.volume) ?? 'local-lvm';
	const storage = checkCtStorage(ctx.state, storageId, ctx.node);
	if (isResult(storage)) return storage;
	if (target && target !== ctx.node) {
		const node = findNode(ctx.state, target);
		if (!node) return pveError(`no such cluster node '${target}'`);
		if (!isUp(ctx.state, node)) return pveError(`target node '${target}' is not online`);
		if (!storage.shared) return pveError(`can't clone to non-shared storage '${storage.id}'`);
		const there = checkCtStorage(ctx.state, storageId, target);
		if (isResult(there)) return there;
	}
	const full = options.has('full') ? options.get('full') === '1' : !source.template;
	if (!full && options.has('storage')) return pveError(`parameter 'storage' not allowed for linked clones`);
	if (!full) return pveError(`Linked clone feature for '${source.rootfs.volume}' is not available`);
	if (isStarted(source) && !options.has('snapname'))
		return pveError('Full clone of a running container is only possible from a snapshot');
	const hostname = options.get('hostname') ?? source.name;
	const root = allocVolume(ctx.state, storage, newid, source.rootfs.size, source.diskUsed, target ?? ctx.node, 0);
	const clone: SimGuest = {
		...structuredClone(source),
		vmid: newid,
		name: hostname,
		node: target ?? ctx.node,
		status: 'stopped',
		bootAt: null,
		template: false,
		lock: undefined,
		snapshots: [],
		parent: undefined,
		rootfs: {...source.rootfs, volume: root.volume},
		nics: source.nics.map((nic) => ({...nic, hwaddr: proxmoxMac(newid, nic.key), liveIp: undefined})),
		description: options.get('description') ?? source.description,
	};
	let output = `create full clone of mountpoint rootfs (${source.rootfs.volume})\n${root.output}`;
	output +=
		'Number of files: 31,402 (reg: 24,118, dir: 2,844, link: 4,408, special: 32)\nTotal file size: 1,204,388,612 bytes\nTotal transferred file size: 1,198,772,114 bytes\n';
	addGuest(ctx.state, clone);
	logTask(ctx, source, 'vzclone');
	return ok(output);
}

function applySetOption(ctx: SimContext, guest: SimGuest, key: string, value: string): SimResult | string | null {
	if (/^net\d+$/.test(key)) {
		const parsed = parseNet(
			key,
			value,
			guest.vmid,
			guest.nics.find((n) => n.key === key),
		);
		if (!parsed.ok) return paramError(parsed.errors, 'pct set <vmid> [OPTIONS]');
		if (parsed.value.bridge && !nodeBridges(ctx.state, guest.node).some((b) => b.name === parsed.value.bridge))
			return pveError(`bridge '${parsed.value.bridge}' does not exist`);
		guest.nics = [...guest.nics.filter((n) => n.key !== key), parsed.value].sort((a, b) => compareNames(a.key, b.key));
		return null;
	}
	if (/^mp\d+$/.test(key)) {
		const parsed = parseMount(key, value);
		if (!parsed.ok) return paramError(parsed.errors, 'pct set <vmid> [OPTIONS]');
		const {allocate, ...mount} = parsed.value;
		let output = '';
		if (allocate) {
			const storage = checkCtStorage(ctx.state, allocate, guest.node);
			if (isResult(storage)) return storage;
			const volume = allocVolume(ctx.state, storage, guest.vmid, mount.size ?? 0, 0, guest.node);
			mount.source = volume.volume;
			output = volume.output;
		}
		guest.mounts = [...guest.mounts.filter((m) => m.key !== key), mount].sort((a, b) => compareNames(a.key, b.key));
		return output;
	}
	const integer = (min: number): SimResult | number =>
		/^\d+$/.test(value) && Number(value) >= min
			? Number(value)
			: paramError({[key]: `type check ('integer') failed - got '${value}'`}, 'pct set <vmid> [OPTIONS]');
	switch (key) {
		case 'memory':
		case 'cores':
		case 'swap': {
			const n = integer(key === 'swap' ? 0 : key === 'memory' ? 16 : 1);
			if (typeof n !== 'number') return n;
			guest[key] = n;
			return null;
		}
		case 'onboot':
			guest.onboot = value === '1' || value === 'true';
			return null;
		case 'tags':
			guest.tags = value.split(/[;, ]+/).filter((t) => t !== '');
			return null;
		case 'hostname':
			guest.name = value;
			return null;
		case 'description':
			guest.description = value === '' ? undefined : value;
			return null;
		case 'features':
			guest.features = value;
			return null;
		case 'unprivileged':
			return pveError(`unable to modify read-only option: 'unprivileged'`);
		default:
			return paramError(
				{[key]: 'property is not defined in schema and the schema does not allow additional properties'},
				'pct set <vmid> [OPTIONS]',
			);
	}
}

function deleteOption(guest: SimGuest, key: string): void {
	if (/^net\d+$/.test(key)) guest.nics = guest.nics.filter((n) => n.key !== key);
	else if (/^mp\d+$/.test(key)) guest.mounts = guest.mounts.filter((m) => m.key !== key);
	else if (key === 'tags') guest.tags = [];
	else if (key === 'description') guest.description = undefined;
	else if (key === 'onboot') guest.onboot = false;
	else if (key === 'features') guest.features = undefined;
}

export function setCt(ctx: SimContext, guest: SimGuest, args: string[]): SimResult {
	const locked = checkLock(guest);
	if (locked) return locked;
	const {options} = parseOptions(args);
	if (options.size === 0) return pveError('no options specified');
	let output = '';
	for (const [key, value] of options) {
		if (key === 'delete') {
			for (const k of value.split(/[,;\s]+/).filter(Boolean)) deleteOption(guest, k);
			continue;
		}
		const result = applySetOption(ctx, guest, key, value);
		if (isResult(result)) return result;
		if (typeof result === 'string') output += result;
	}
	touchConfig(ctx.state, guest);
	return ok(output);
}

export function createCt(ctx: SimContext, args: string[]): SimResult {
	const {positional, options} = parseOptions(args, ['unprivileged', 'start', 'force']);
	const [vmidText, ostemplate] = positional;
	if (!vmidText || !/^\d+$/.test(vmidText))
		return paramError({vmid: 'property is missing and it is not optional'}, 'pct create <vmid> <ostemplate> [OPTIONS]');
	const vmid = Number(vmidText);
	const existing = findGuest(ctx.state, vmid);
	if (existing) return pveError(`unable to create CT ${vmid} - CT ${vmid} already exists on node '${existing.node}'`);
	if (!ostemplate)
		return paramError(
			{ostemplate: 'property is missing and it is not optional'},
			'pct create <vmid> <ostemplate> [OPTIONS]',
		);
	const rootfs = options.get('rootfs') ?? `${options.get('storage') ?? 'local-lvm'}:8`;
	const [storageId = '', sizeText = '8'] = rootfs.split(':');
	const storage = checkCtStorage(ctx.state, storageId, ctx.node);
	if (isResult(storage)) return pveError(`unable to create CT ${vmid} - ${storage.stderr.trim()}`);
	const size = (parseSize(sizeText) ?? 8) * (/^\d+$/.test(sizeText) ? 1024 ** 3 : 1);
	const refused = createRefusal(ctx, vmid, ostemplate, storage, size);
	if (refused) return refused;
	const guest: SimGuest = {
		vmid,
		name: options.get('hostname') ?? `CT${vmid}`,
		type: 'lxc',
		node: ctx.node,
		status: 'stopped',
		bootAt: null,
		template: false,
		memory: 512,
		cores: 1,
		swap: 512,
		nics: [],
		mounts: [],
		rootfs: {key: 'rootfs', volume: '', size},
		diskUsed: Math.round(size * 0.12),
		tags: [],
		unprivileged: options.get('unprivileged') === '1',
		onboot: false,
		ostype: 'debian',
		version: 0,
		extra: {arch: 'amd64'},
		snapshots: [],
		services: [],
		load: 0.02,
		memUse: 0.2,
	};
	for (const [key, value] of options) {
		if (
			['rootfs', 'storage', 'unprivileged', 'start', 'force', 'password', 'ssh-public-keys', 'ostype', 'arch'].includes(
				key,
			)
		)
			continue;
		const result = applySetOption(ctx, guest, key, value);
		if (isResult(result)) return result;
	}
	const volume = allocVolume(ctx.state, storage, vmid, size, guest.diskUsed, ctx.node, 0);
	guest.rootfs.volume = volume.volume;
	addGuest(ctx.state, guest);
	logTask(ctx, guest, 'vzcreate');
	const archive = ostemplate.includes(':') ? `/var/lib/vz/template/cache/${ostemplate.split('/').at(-1)}` : ostemplate;
	return ok(
		`${volume.output}extracting archive '${archive}'\nTotal bytes read: 524943360 (501MiB, 160MiB/s)\nDetected container architecture: amd64\nCreating SSH host key 'ssh_host_ed25519_key' - this may take some time ...\ndone: SHA256:9xq1u0Qe5v3nR2cT8kLm4pYw7zA6bH1dF0gJ3sK5oE root@${guest.name}\n`,
	);
}

export function resizeCt(ctx: SimContext, guest: SimGuest, args: string[]): SimResult {
	const [disk, sizeText] = args;
	const usage = 'pct resize <vmid> <disk> <size> [OPTIONS]';
	if (!disk || !sizeText)
		return paramError({[disk ? 'size' : 'disk']: 'property is missing and it is not optional'}, usage);
	const locked = checkLock(guest);
	if (locked) return locked;
	const mount = disk === 'rootfs' ? guest.rootfs : guest.mounts.find((m) => m.key === disk);
	if (!mount || mount.size === undefined) return pveError(`unable to parse config line: ${disk}`);
	const delta = parseSize(sizeText.replace(/^\+/, ''));
	if (delta === null) return paramError({size: `value does not match the regex pattern`}, usage);
	const newSize = sizeText.startsWith('+') ? mount.size + delta : delta;
	if (newSize < mount.size) return pveError('unable to shrink disk size');
	const volume = 'volume' in mount ? mount.volume : mount.source;
	const name = volume.split(':')[1] ?? volume;
	const storage = findStorage(ctx.state, volumeStorage(volume) ?? '');
	const room = storage ? storageRoom(ctx, storage, guest.node) : null;
	const growth = newSize - mount.size;
	// A directory storage that is full cannot take the grown filesystem's metadata.
	if (room !== null && room <= 0 && (storage?.type === 'dir' || storage?.type === 'nfs'))
		return pveError(
			`resize2fs: No space left on device while trying to resize /dev/loop${guest.vmid % 8}\ncommand 'resize2fs /dev/loop${guest.vmid % 8}' failed: exit code 1`,
		);
	const gib = (n: number): string => (n / 1024 ** 3).toFixed(2);
	const oldSize = mount.size;
	mount.size = newSize;
	touchConfig(ctx.state, guest);
	// `pct resize` is a task (type resize) that takes its time: about a second, and longer the more it grows.
	startTask(ctx, {
		node: guest.node,
		type: 'resize',
		id: guest.vmid,
		durationMs: 1_000 + Math.round(growth / 1024 ** 3) * 100,
		ident: 'pct',
	});
	if (storage?.type !== 'lvmthin') return ok();
	// A thin pool lets its volumes promise more than it has, and lvextend says so.
	const over =
		room !== null && growth > room
			? `  WARNING: Sum of all thin volume sizes exceeds the size of thin pool ${storage.vgname ?? 'pve'}/${storage.thinpool ?? 'data'} and the amount of free space in volume group (${gib(Math.max(0, room))} GiB).\n`
			: '';
	return ok(
		`  Size of logical volume pve/${name} changed from ${gib(oldSize)} GiB (${Math.round(oldSize / 4_194_304)} extents) to ${gib(newSize)} GiB (${Math.round(newSize / 4_194_304)} extents).\n  Logical volume pve/${name} successfully resized.\n`,
		over,
	);
}

/** Bytes free on a storage as the node sees it. */
function storageRoom(ctx: SimContext, storage: SimStorage, node: string): number {
	const usage = storageUsage(ctx.state, storage, node, ctx.now);
	return usage.total - usage.used;
}

export function snapshotCt(ctx: SimContext, guest: SimGuest, args: string[]): SimResult {
	const {positional, options} = parseOptions(args);
	const name = positional[0];
	if (!name)
		return paramError(
			{snapname: 'property is missing and it is not optional'},
			'pct snapshot <vmid> <snapname> [OPTIONS]',
		);
	const locked = checkLock(guest);
	if (locked) return locked;
	if (['current', 'vzdump'].includes(name)) return pveError(`unable to use snapshot name '${name}' (reserved name)`);
	if (guest.snapshots.some((s) => s.name === name)) return pveError(`snapshot name '${name}' already used`);
	const blocker = snapshotBlocker(ctx.state, guest);
	if (blocker) return pveError(blocker);
	guest.snapshots.push({
		name,
		description: options.get('description'),
		snaptime: Math.floor(ctx.now / 1000),
		parent: guest.parent,
		entries: configEntries(guest).filter(([k]) => k !== 'parent'),
		saved: savedFields(guest),
	});
	guest.parent = name;
	touchConfig(ctx.state, guest);
	logTask(ctx, guest, 'vzsnapshot');
	const volume = guest.rootfs.volume.split(':')[1] ?? '';
	return ok(
		findStorage(ctx.state, volumeStorage(guest.rootfs.volume) ?? '')?.type === 'lvmthin'
			? `  Logical volume "snap_${volume}_${name}" created.\n`
			: '',
	);
}

export function templateCt(ctx: SimContext, guest: SimGuest): SimResult {
	const locked = checkLock(guest);
	if (locked) return locked;
	if (guest.template) return pveError(`CT ${guest.vmid} is already a template`);
	if (isStarted(guest)) return pveError(`you can't convert a CT to template if the CT is running`);
	const renamed = templateVolumeName(guest.rootfs.volume);
	guest.rootfs.volume = renamed.volume;
	guest.template = true;
	touchConfig(ctx.state, guest);
	logTask(ctx, guest, 'vztemplate');
	return ok(renamed.output);
}

export function destroyCt(ctx: SimContext, guest: SimGuest, options: Map<string, string>): SimResult {
	if (isStarted(guest) && options.get('force') !== '1')
		return pveError(`unable to destroy CT ${guest.vmid} - container is running`);
	const locked = checkLock(guest);
	if (locked) return locked;
	const clones = ctx.state.guests.filter(
		(g) => g.vmid !== guest.vmid && g.rootfs.volume.includes(`base-${guest.vmid}-disk`),
	);
	if (guest.template && clones.length > 0)
		return pveError(`base volume '${guest.rootfs.volume}' is still in use by linked cloned`);
	let output = freeVolume(ctx.state, guest.rootfs.volume, guest.node);
	for (const mount of guest.mounts)
		if (!mount.source.startsWith('/')) output += freeVolume(ctx.state, mount.source, guest.node);
	logTask(ctx, guest, 'vzdestroy');
	removeGuest(ctx.state, guest.vmid);
	return ok(output);
}
