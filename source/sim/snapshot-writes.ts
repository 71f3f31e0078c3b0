/**
 * Snapshots through the API, as tasks: take one, roll back to one, delete one. Checks made
 * before the task starts fail the command (pvesh exits 255); checks made inside the task end
 * it with `TASK ERROR`, as on a real host. Backups' writes are in backup-writes.ts.
 */
import type {SimContext} from './cmd-util.js';
import {pveError} from './cmd-util.js';
import type {SimResult} from './faults.js';
import {restartServices, typeLabel} from './lifecycle.js';
import {isStarted, touchConfig, volumeStorage} from './mutate.js';
import {configEntries} from './render/guest-config.js';
import {startTask, taskOutput, type TaskLog} from './tasks.js';
import type {SimGuest, SimGuestSaved, SimState} from './types.js';
import {findStorage} from './volumes.js';

const RESERVED = ['current', 'vzdump', 'pending'];

/** A task that fails inside its worker: one log line, `TASK ERROR: why`. */
function failedTask(ctx: SimContext, guest: SimGuest, type: string, why: string): SimResult {
	return taskOutput(
		startTask(ctx, {node: guest.node, type, id: guest.vmid, durationMs: 400, status: why, log: [], ident: 'pvedaemon'}),
	);
}

function taskType(guest: SimGuest, ct: string, vm: string): string {
	return guest.type === 'qemu' ? vm : ct;
}

/** Why Proxmox cannot snapshot this guest (PVE::LXC::Config::has_feature), or null. */
export function snapshotBlocker(state: SimState, guest: SimGuest): string | null {
	const volumes = [guest.rootfs.volume, ...guest.mounts.map((m) => m.source)];
	for (const volume of volumes) {
		// A bind mount is a host path: volume_has_feature answers undef for it.
		if (volume.startsWith('/')) return 'snapshot feature is not available';
		const storage = findStorage(state, volumeStorage(volume) ?? '');
		const qcow2 = volume.endsWith('.qcow2');
		if (
			!storage ||
			!(
				storage.type === 'lvmthin' ||
				storage.type === 'zfspool' ||
				(qcow2 && (storage.type === 'dir' || storage.type === 'nfs'))
			)
		)
			return 'snapshot feature is not available';
	}
	return null;
}

export function savedFields(guest: SimGuest): SimGuestSaved {
	const {
		memory,
		cores,
		swap,
		nics,
		mounts,
		tags,
		description,
		onboot,
		features,
		diskUsed,
		services,
		stoppedServices,
		docker,
	} = structuredClone(guest);
	return {
		memory,
		cores,
		swap,
		nics,
		mounts,
		tags,
		description,
		onboot,
		features,
		diskUsed,
		services,
		...(stoppedServices ? {stoppedServices} : {}),
		// The containers and images live in the guest's root filesystem: a rollback brings them back.
		...(docker ? {docker} : {}),
	};
}

function lvLines(state: SimState, guest: SimGuest, verb: (lv: string) => string[]): string[] {
	const storage = findStorage(state, volumeStorage(guest.rootfs.volume) ?? '');
	if (storage?.type !== 'lvmthin') return [];
	return verb(guest.rootfs.volume.split(':')[1] ?? '');
}

export function createSnapshot(
	ctx: SimContext,
	guest: SimGuest,
	name: string,
	description: string | undefined,
	vmstate: boolean,
): SimResult {
	if (RESERVED.includes(name.toLowerCase())) return pveError(`unable to use snapshot name '${name}' (reserved name)`);
	const type = taskType(guest, 'vzsnapshot', 'qmsnapshot');
	if (guest.template) return failedTask(ctx, guest, type, "you can't take a snapshot if it's a template");
	if (guest.lock) return failedTask(ctx, guest, type, `${typeLabel(guest)} is locked (${guest.lock})`);
	if (guest.snapshots.some((s) => s.name === name))
		return failedTask(ctx, guest, type, `snapshot name '${name}' already used`);
	const blocker = snapshotBlocker(ctx.state, guest);
	if (blocker) return failedTask(ctx, guest, type, blocker);
	const withRam = vmstate && guest.type === 'qemu' && isStarted(guest);
	const log: TaskLog = [];
	if (withRam) {
		const mib = Math.round(guest.memory * guest.memUse);
		log.push(
			{at: 200, t: `saving VM state and RAM using storage '${volumeStorage(guest.rootfs.volume)}'`},
			{at: 2_200, t: `${(mib * 0.4).toFixed(2)} MiB in 1s`},
			{at: 3_800, t: `completed saving the VM state in 3s, saved ${mib.toFixed(2)} MiB`},
		);
	}
	if (guest.type === 'qemu')
		log.push({at: withRam ? 4_000 : 200, t: `snapshotting 'drive-${guest.rootfs.key}' (${guest.rootfs.volume})`});
	const base = withRam ? 4_200 : 400;
	for (const line of lvLines(ctx.state, guest, (lv) => [`  Logical volume "snap_${lv}_${name}" created.`]))
		log.push({at: base, t: line});
	guest.snapshots.push({
		name,
		...(description ? {description} : {}),
		snaptime: Math.floor(ctx.now / 1000),
		...(guest.parent ? {parent: guest.parent} : {}),
		entries: configEntries(guest).filter(([k]) => k !== 'parent' && k !== 'lock'),
		saved: savedFields(guest),
		...(withRam ? {vmstate: true} : {}),
	});
	guest.parent = name;
	guest.lock = 'snapshot';
	touchConfig(ctx.state, guest);
	return taskOutput(
		startTask(ctx, {
			node: guest.node,
			type,
			id: guest.vmid,
			durationMs: base + 800,
			log,
			lock: {vmid: guest.vmid, name: 'snapshot'},
		}),
	);
}

export function rollbackSnapshot(ctx: SimContext, guest: SimGuest, name: string, start: boolean): SimResult {
	const type = taskType(guest, 'vzrollback', 'qmrollback');
	const snap = guest.snapshots.find((s) => s.name === name);
	if (!snap) return failedTask(ctx, guest, type, `snapshot '${name}' does not exist`);
	if (guest.lock) return failedTask(ctx, guest, type, `${typeLabel(guest)} is locked (${guest.lock})`);
	const log: TaskLog = [];
	let at = 200;
	if (isStarted(guest) && !(guest.type === 'qemu' && snap.vmstate)) {
		// The CT is stopped first (__snapshot_rollback_vm_stop); it starts again only when asked.
		guest.status = 'stopped';
		guest.bootAt = null;
		at += 1_500;
	}
	for (const line of lvLines(ctx.state, guest, (lv) => [
		`  Logical volume "${lv}" successfully removed.`,
		`  Logical volume "${lv}" created.`,
		`  Logical volume pve/${lv} changed.`,
	]))
		log.push({at: (at += 300), t: line});
	if (snap.saved) Object.assign(guest, structuredClone(snap.saved));
	if (!snap.saved?.stoppedServices) delete guest.stoppedServices;
	guest.parent = name;
	guest.lock = 'rollback';
	const end = at + 600;
	if (start || (guest.type === 'qemu' && snap.vmstate)) {
		guest.status = 'running';
		guest.bootAt = ctx.now + end + ctx.state.bootSec * 1000;
		restartServices(guest);
	}
	touchConfig(ctx.state, guest);
	return taskOutput(
		startTask(ctx, {
			node: guest.node,
			type,
			id: guest.vmid,
			durationMs: end,
			log,
			lock: {vmid: guest.vmid, name: 'rollback'},
		}),
	);
}

export function deleteSnapshot(ctx: SimContext, guest: SimGuest, name: string): SimResult {
	const type = taskType(guest, 'vzdelsnapshot', 'qmdelsnapshot');
	const snap = guest.snapshots.find((s) => s.name === name);
	if (!snap) return failedTask(ctx, guest, type, `snapshot '${name}' does not exist`);
	if (guest.lock) return failedTask(ctx, guest, type, `${typeLabel(guest)} is locked (${guest.lock})`);
	const log: TaskLog = lvLines(ctx.state, guest, (lv) => [
		`  Logical volume "snap_${lv}_${name}" successfully removed.`,
	]).map((t) => ({at: 500, t}));
	for (const other of guest.snapshots) if (other.parent === name) other.parent = snap.parent;
	guest.snapshots = guest.snapshots.filter((s) => s !== snap);
	if (guest.parent === name) guest.parent = snap.parent;
	guest.lock = 'snapshot-delete';
	touchConfig(ctx.state, guest);
	return taskOutput(
		startTask(ctx, {
			node: guest.node,
			type,
			id: guest.vmid,
			durationMs: 1_200,
			log,
			lock: {vmid: guest.vmid, name: 'snapshot-delete'},
		}),
	);
}
