/**
 * Vertical scaling's preflight: pure checks of one snapshot before `pct set` (memory, cores,
 * swap) or `pct resize` (grow a disk) runs. Each check says what it saw, with the numbers; a
 * failed one blocks the plan, a warning passes but is shown before the confirmation.
 */
import {formatBytes} from '../model/format.js';
import {storageFree} from '../model/usage.js';
import type {Guest, GuestMount, Snapshot} from '../model/snapshot.js';
import type {PreflightCheck} from './job.js';
import {offlineNodeBlocker} from './preflight.js';

const MIB = 1024 * 1024;
const UNITS: Record<string, number> = {'': 1, K: 1024, M: MIB, G: 1024 ** 3, T: 1024 ** 4};

/** Add a check to a list (what every preflight here does, check by check). */
export function checkList(): {checks: PreflightCheck[]; add: (check: PreflightCheck) => void} {
	const checks: PreflightCheck[] = [];
	return {checks, add: (check) => checks.push(check)};
}

/** Why nothing can be changed on this guest at all (missing, a VM, its node down, locked), or null. */
export function guestBlocker(snapshot: Snapshot | null, vmid: number, readError?: string): string | null {
	if (!snapshot) return readError ?? 'could not read the host state';
	const guest = snapshot.guests.find((g) => g.vmid === vmid);
	if (!guest) return `guest ${vmid} does not exist`;
	const offline = offlineNodeBlocker(snapshot, guest.node, `guest ${vmid} (${guest.name})`);
	if (offline) return offline;
	if (guest.type !== 'lxc') return `guest ${vmid} (${guest.name}) is a VM; proxdeck manages containers (pct) only`;
	if (guest.template)
		return `guest ${vmid} (${guest.name}) is a template: change the guests cloned from it, or re-create the template`;
	if (guest.lock) return `guest ${vmid} is locked (${guest.lock}): wait for its task, or \`pct unlock ${vmid}\``;
	return null;
}

/** A size as `pct resize` takes it (`+10G`, `32G`, `512M`), in bytes; null when it is not one. */
export function parseDiskSize(text: string): {grow: boolean; bytes: number} | null {
	const m = /^(\+?)(\d+(?:\.\d+)?)([KMGT]?)$/.exec(text);
	if (!m) return null;
	return {grow: m[1] === '+', bytes: Math.round(Number(m[2]) * UNITS[m[3]!]!)};
}

/** The disk's current size: the config's `size=`, or for rootfs the size /cluster/resources reports. */
function diskSize(guest: Guest, mount: GuestMount): number | null {
	if (mount.size !== undefined && mount.size > 0) return mount.size;
	return mount.key === 'rootfs' ? known(guest.maxdisk) : null;
}

/** A positive figure the host reported, or null (not reported, or 0 as a host says of what it has not measured). */
function known(value: number | null | undefined): number | null {
	return value !== null && value !== undefined && value > 0 ? value : null;
}

export interface ResizeFacts {
	checks: PreflightCheck[];
	/** How much the disk grows, in bytes, when that is known. */
	growth: number | null;
	/** The disk is already the size asked for. */
	same: boolean;
	current: number | null;
}

/**
 * Can `disk` of `guest` grow to/by `size`? Grow only (Proxmox refuses a shrink with `unable to
 * shrink disk size`), a disk with a volume (a bind mount has none), and room on its storage.
 */
export function resizeChecks(snapshot: Snapshot, guest: Guest, disk: string, size: string): ResizeFacts {
	const {checks, add} = checkList();
	const asked = parseDiskSize(size);
	const mount = guest.mounts.find((m) => m.key === disk) ?? (disk === 'rootfs' ? rootfsFallback(guest) : undefined);
	const facts = (growth: number | null, current: number | null, same = false): ResizeFacts => ({
		checks,
		growth,
		same,
		current,
	});
	if (!asked || (asked.grow && asked.bytes === 0)) {
		add({
			name: 'size',
			ok: false,
			detail: `${size} is not a size to grow by: give +N with K, M, G or T (+10G grows by 10 GiB) or the new total (32G)`,
		});
		return facts(null, null);
	}
	if (!mount) {
		const disks = guest.mounts.filter((m) => m.key === 'rootfs' || m.source.includes(':')).map((m) => m.key);
		add({
			name: 'disk',
			ok: false,
			detail: `guest ${guest.vmid} has no ${disk}${disks.length > 0 ? ` (its disks: ${disks.join(', ')})` : ''}`,
		});
		return facts(null, null);
	}
	if (mount.source.startsWith('/')) {
		add({
			name: 'disk',
			ok: false,
			detail: `${disk} is a bind mount of ${mount.source}: it has no volume to grow (grow the pool or dataset behind it instead)`,
		});
		return facts(null, null);
	}
	const current = diskSize(guest, mount);
	if (current === null && !asked.grow) {
		add({
			name: 'size',
			ok: false,
			detail: `the size of ${disk} is not known here, so ${size} could be a shrink: give the growth instead (+10G)`,
		});
		return facts(null, null);
	}
	const growth = asked.grow ? asked.bytes : asked.bytes - current!;
	if (growth < 0) {
		add({
			name: 'size',
			ok: false,
			detail: `${disk} is ${formatBytes(current)}; ${size} would shrink it, and Proxmox cannot shrink a container disk ("unable to shrink disk size"): give a larger size, or +N to grow`,
		});
		return facts(null, current);
	}
	if (growth === 0) {
		add({name: 'size', ok: true, detail: `${disk} is already ${formatBytes(current)}`});
		return facts(0, current, true);
	}
	add({
		name: 'size',
		ok: true,
		detail: `${disk} grows by ${formatBytes(growth)}${current !== null ? `, from ${formatBytes(current)} to ${formatBytes(current + growth)}` : ''}`,
	});
	storageRoom(snapshot, guest, mount.source.split(':')[0]!, growth, add);
	return facts(growth, current);
}

/** A guest whose config was not read still has a rootfs of the size the cluster reports. */
function rootfsFallback(guest: Guest): GuestMount | undefined {
	const size = known(guest.maxdisk);
	return size !== null && guest.mounts.length === 0
		? {key: 'rootfs', source: 'unknown:rootfs', path: '/', size}
		: undefined;
}

function storageRoom(
	snapshot: Snapshot,
	guest: Guest,
	id: string,
	growth: number,
	add: (check: PreflightCheck) => void,
): void {
	const storage = snapshot.storages.find((s) => s.storage === id && s.node === guest.node);
	const free = storage ? storageFree(storage) : null;
	if (!storage || free === null) {
		add({
			name: 'storage',
			ok: true,
			warning: true,
			detail: `the free space of storage ${id} on ${guest.node} is not known here: check it before confirming`,
		});
		return;
	}
	if (growth > free)
		add({
			name: 'storage',
			ok: false,
			detail: `storage ${id} on ${guest.node} has ${formatBytes(free)} free of ${formatBytes(storage.total)}; growing by ${formatBytes(growth)} does not fit: free space there, or grow by less`,
		});
	else
		add({
			name: 'storage',
			ok: true,
			detail: `storage ${id} on ${guest.node} has ${formatBytes(free)} free (${formatBytes(free - growth)} after)`,
		});
}

export interface SetValues {
	/** MiB. */
	memory?: number;
	cores?: number;
	/** MiB. */
	swap?: number;
}

/**
 * Can the guest take these values? Memory within what its node has (refused above the node's
 * total; a warning when the node's running guests would be promised more than it has, or the
 * raise is more than the node has free), never below what a running guest uses now; cores
 * within the node's CPUs.
 */
export function setChecks(snapshot: Snapshot, guest: Guest, values: SetValues): PreflightCheck[] {
	const {checks, add} = checkList();
	const node = snapshot.nodes.find((n) => n.name === guest.node);
	const running = guest.status === 'running';
	if (values.memory !== undefined) {
		const wanted = values.memory * MIB;
		// What the host did not report stays unknown: no check is made on a guessed figure.
		const nodeTotal = known(node?.maxmem);
		const raise = guest.maxmem === null ? null : wanted - guest.maxmem;
		if (node && nodeTotal !== null && wanted > nodeTotal)
			add({
				name: 'memory',
				ok: false,
				detail: `node ${node.name} has ${formatBytes(nodeTotal)} of memory; ${values.memory} MiB is more than all of it: choose at most ${Math.floor(nodeTotal / MIB)} MiB`,
			});
		else if (running && guest.mem !== null && guest.mem > wanted)
			add({
				name: 'memory',
				ok: false,
				detail: `guest ${guest.vmid} uses ${formatBytes(guest.mem)} now; a limit of ${values.memory} MiB would make its kernel kill processes: choose at least ${Math.ceil(guest.mem / MIB)} MiB, or stop it first`,
			});
		else if (node && nodeTotal !== null && raise !== null && raise > 0) {
			const promised = snapshot.guests
				.filter((g) => g.node === node.name && g.status === 'running' && g.vmid !== guest.vmid && !g.template)
				.reduce((sum, g) => sum + (g.maxmem ?? 0), running ? wanted : 0);
			const free = node.mem === null ? null : Math.max(0, nodeTotal - node.mem);
			const room =
				free === null
					? `${formatBytes(nodeTotal)} of memory`
					: `${formatBytes(free)} free of ${formatBytes(nodeTotal)}`;
			if (running && free !== null && raise > free)
				add({
					name: 'memory',
					ok: true,
					warning: true,
					detail: `node ${node.name} has ${room}; raising by ${formatBytes(raise)} can push it into swap`,
				});
			else if (promised > nodeTotal)
				add({
					name: 'memory',
					ok: true,
					warning: true,
					detail: `the running guests on ${node.name} would be promised ${formatBytes(promised)} of its ${formatBytes(nodeTotal)} (overcommitted; fine while they use less)`,
				});
			else add({name: 'memory', ok: true, detail: `node ${node.name} has ${room}`});
		} else add({name: 'memory', ok: true, detail: `${values.memory} MiB`});
	}
	if (values.cores !== undefined) {
		const nodeCpus = known(node?.maxcpu);
		if (node && nodeCpus !== null && values.cores > nodeCpus)
			add({
				name: 'cores',
				ok: false,
				detail: `node ${node.name} has ${nodeCpus} CPUs; a container cannot have more cores than that: choose at most ${nodeCpus}`,
			});
		else
			add({
				name: 'cores',
				ok: true,
				detail:
					nodeCpus !== null
						? `${values.cores} of ${nodeCpus} CPUs on ${guest.node}`
						: `${values.cores} (the CPU count of ${guest.node} is not known here)`,
			});
	}
	return checks;
}
