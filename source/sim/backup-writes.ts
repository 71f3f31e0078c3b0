/**
 * Backups through the API, as tasks: vzdump of one guest (its log as vzdump writes it, to a
 * file storage or a Proxmox Backup Server), restore of an archive to a new VMID or over the
 * guest, and a backup's protection. Checks made before the task starts fail the command.
 */
import type {SimContext} from './cmd-util.js';
import {ok, pveError} from './cmd-util.js';
import type {SimResult} from './faults.js';
import {typeLabel} from './lifecycle.js';
import {addGuest, findGuest, isStarted, removeGuest, touchConfig} from './mutate.js';
import {proxmoxMac} from './prng.js';
import {archiveName, backupBytes, copyGuest, makeBackup} from './backups.js';
import {hms, localTime, startTask, taskOutput, type TaskLog} from './tasks.js';
import type {SimBackup, SimGuest, SimState, SimStorage} from './types.js';
import {allocVolume, findStorage, freeVolume} from './volumes.js';

function gib(bytes: number): string {
	return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** vzdump's log for one guest, from its start (ms offsets), and how long it takes. */
function vzdumpLog(
	state: SimState,
	guest: SimGuest,
	storage: SimStorage,
	mode: string,
	archive: {path: string; volid: string},
	size: number,
	start: number,
	fits: boolean,
	notes: boolean,
): {log: TaskLog; durationMs: number; error?: string} {
	const log: TaskLog = [];
	const add = (at: number, t: string): void => {
		log.push({at, t});
	};
	add(0, `INFO: Starting Backup of VM ${guest.vmid} (${guest.type})`);
	add(0, `INFO: Backup started at ${localTime(start)}`);
	add(0, `INFO: status = ${isStarted(guest) ? 'running' : 'stopped'}`);
	if (guest.type === 'lxc') {
		add(100, `INFO: CT Name: ${guest.name}`);
		add(100, `INFO: including mount point ${guest.rootfs.key} ('/') in backup`);
		for (const m of guest.mounts)
			if (m.source.startsWith('/'))
				add(100, `INFO: excluding bind mount point ${m.key} ('${m.path}') from backup (not a volume)`);
	} else {
		add(100, `INFO: VM Name: ${guest.name}`);
		add(
			100,
			`INFO: include disk '${guest.rootfs.key}' '${guest.rootfs.volume}' ${Math.round(guest.rootfs.size / 1024 ** 3)}G`,
		);
	}
	add(200, `INFO: backup mode: ${mode}`);
	add(200, 'INFO: ionice priority: 7');
	if (guest.type === 'lxc' && mode === 'snapshot') add(300, "INFO: create storage snapshot 'vzdump'");
	const seconds = Math.max(3, Math.round(size / (120 * 1024 ** 2)));
	const durationMs = 1_000 + seconds * 1_000;
	if (storage.type === 'pbs') {
		add(500, `INFO: creating Proxmox Backup Server archive '${archive.path}'`);
		add(700, `INFO: Starting backup: ${archive.path}`);
		add(700, `INFO: Client name: ${guest.node}`);
		add(700, `INFO: Starting backup protocol: ${new Date(start).toUTCString()}`);
		add(
			durationMs - 600,
			`INFO: root.pxar: had to backup ${gib(size)} of ${gib(size * 3)} (compressed ${gib(size * 0.7)}) in ${seconds - 1}.${(size % 97).toString().padStart(2, '0')}s`,
		);
		add(durationMs - 500, `INFO: Duration: ${seconds}.00s`);
		add(durationMs - 500, `INFO: End Time: ${new Date(start + durationMs).toUTCString()}`);
	} else {
		add(500, `INFO: creating vzdump archive '${archive.path}'`);
		if (!fits) {
			add(durationMs - 200, 'INFO: zstd: error 70 : Write error : cannot write block : No space left on device');
			const error =
				guest.type === 'qemu'
					? 'job failed with err -28 - No space left on device'
					: `command 'tar cpf - ./ | zstd --threads=1 >${archive.path.replace(/\.zst$/, '.dat')}' failed: exit code 70`;
			add(durationMs, `ERROR: Backup of VM ${guest.vmid} failed - ${error}`);
			add(durationMs, `INFO: Failed at ${localTime(start + durationMs)}`);
			return {log, durationMs, error};
		}
		add(
			durationMs - 400,
			`INFO: Total bytes written: ${size * 3} (${gib(size * 3)}, ${Math.round((size * 3) / 1024 ** 2 / seconds)}MiB/s)`,
		);
		add(durationMs - 300, `INFO: archive file size: ${Math.round(size / 1024 ** 2)}MB`);
	}
	if (notes) add(durationMs - 200, 'INFO: adding notes to backup');
	if (guest.type === 'lxc' && mode === 'snapshot') add(durationMs - 100, "INFO: cleanup temporary 'vzdump' snapshot");
	add(durationMs, `INFO: Finished Backup of VM ${guest.vmid} (${hms(durationMs)})`);
	add(durationMs, `INFO: Backup finished at ${localTime(start + durationMs)}`);
	return {log, durationMs};
}

export function backupGuest(
	ctx: SimContext,
	guest: SimGuest,
	storageId: string,
	mode: string,
	notes: string | undefined,
): SimResult {
	const storage = findStorage(ctx.state, storageId);
	if (!storage || (storage.nodes && !storage.nodes.includes(guest.node)))
		return pveError(`storage '${storageId}' does not exist`);
	if (!storage.content.includes('backup'))
		return pveError(`can't use storage '${storageId}' for backups - wrong content type`);
	const header = {
		at: 0,
		t: `INFO: starting new backup job: vzdump ${guest.vmid} --storage ${storageId} --mode ${mode} --compress zstd${notes ? ` --notes-template '${notes}'` : ''} --node ${guest.node}`,
	};
	if (guest.lock) {
		const why = `${typeLabel(guest)} is locked (${guest.lock})`;
		const log = [
			header,
			{at: 100, t: `ERROR: Backup of VM ${guest.vmid} failed - ${why}`},
			{at: 100, t: 'INFO: Backup job finished with errors'},
		];
		return taskOutput(
			startTask(ctx, {
				node: guest.node,
				type: 'vzdump',
				id: guest.vmid,
				durationMs: 200,
				status: 'job errors',
				log,
				ident: 'vzdump',
			}),
		);
	}
	const backup = makeBackup(ctx.state, storageId, guest, ctx.now + 1_000, notes, true);
	const archive = archiveName(ctx.state, storageId, guest, ctx.now + 1_000);
	const room = storage.baseUsed + backupBytes(ctx.state, storageId) + backup.size <= storage.total;
	const body = vzdumpLog(ctx.state, guest, storage, mode, archive, backup.size, ctx.now + 1_000, room, Boolean(notes));
	const log: TaskLog = [header, ...body.log.map((l) => ({at: l.at + 1_000, t: l.t}))];
	const end = body.durationMs + 1_500;
	log.push({
		at: end,
		t: body.error ? 'INFO: Backup job finished with errors' : 'INFO: Backup job finished successfully',
	});
	guest.lock = 'backup';
	touchConfig(ctx.state, guest);
	return taskOutput(
		startTask(ctx, {
			node: guest.node,
			type: 'vzdump',
			id: guest.vmid,
			durationMs: end,
			status: body.error ? 'job errors' : 'OK',
			log,
			lock: {vmid: guest.vmid, name: 'backup'},
			...(body.error ? {} : {produces: [backup]}),
			ident: 'vzdump',
		}),
	);
}

export function restoreArchive(
	ctx: SimContext,
	node: string,
	backup: SimBackup,
	vmid: number,
	storageId: string,
	force: boolean,
	unique: boolean,
): SimResult {
	const kind = backup.subtype === 'qemu' ? 'VM' : 'CT';
	const existing = findGuest(ctx.state, vmid);
	if (existing && !force)
		return pveError(`unable to restore ${kind} ${vmid} - ${kind} ${vmid} already exists on node '${existing.node}'`);
	if (existing && isStarted(existing))
		return pveError(
			backup.subtype === 'qemu'
				? `unable to restore VM ${vmid} - VM ${vmid} is running`
				: "can't overwrite running container",
		);
	const storage = findStorage(ctx.state, storageId);
	const content = backup.subtype === 'qemu' ? 'images' : 'rootdir';
	if (!storage || (storage.nodes && !storage.nodes.includes(node)))
		return pveError(`storage '${storageId}' does not exist`);
	if (!storage.content.includes(content))
		return pveError(
			`storage '${storageId}' does not support ${backup.subtype === 'qemu' ? 'vm images' : 'container directories'}`,
		);
	const original = findGuest(ctx.state, backup.vmid);
	const source = backup.guest ?? (original ? copyGuest(original) : null);
	if (!source)
		return pveError(
			`unable to restore ${kind} ${vmid} - the archive '${backup.volid}' holds no configuration this simulated host can read`,
		);
	const type = backup.subtype === 'qemu' ? 'qmrestore' : 'vzrestore';
	const log: TaskLog = [];
	let at = 100;
	const add = (t: string, step = 150): void => {
		log.push({at: (at += step), t});
	};
	if (existing) {
		for (const line of freeVolume(ctx.state, existing.rootfs.volume, existing.node).split('\n').filter(Boolean))
			add(line);
		removeGuest(ctx.state, vmid);
	}
	const fresh: SimGuest = {
		...structuredClone(source),
		vmid,
		node,
		status: 'stopped',
		bootAt: null,
		snapshots: [],
		version: 0,
		lock: 'create',
	};
	if (!existing || unique)
		fresh.nics = fresh.nics.map((nic) => ({
			...nic,
			hwaddr: unique ? proxmoxMac(vmid, nic.key, 'restore') : nic.hwaddr,
			liveIp: undefined,
		}));
	delete fresh.stoppedServices;
	add(`recovering backed-up configuration from '${backup.volid}'`);
	const volume = allocVolume(ctx.state, storage, vmid, fresh.rootfs.size, fresh.diskUsed, node, 0);
	for (const line of volume.output.split('\n').filter(Boolean)) add(line, 40);
	fresh.rootfs = {...fresh.rootfs, volume: volume.volume};
	add(`restoring '${backup.volid}' now..`);
	const seconds = Math.max(3, Math.round(backup.size / (150 * 1024 ** 2)));
	if (!backup.format.startsWith('pbs'))
		add(
			`extracting archive '${archiveName(ctx.state, backup.storage, {...fresh, vmid: backup.vmid}, backup.ctime * 1000).path}'`,
		);
	add(
		`Total bytes read: ${backup.size * 3} (${gib(backup.size * 3)}, ${Math.round((backup.size * 3) / 1024 ** 2 / seconds)}MiB/s)`,
		seconds * 1_000,
	);
	add('merging backed-up and given configuration..');
	addGuest(ctx.state, fresh);
	return taskOutput(startTask(ctx, {node, type, id: vmid, durationMs: at + 300, log, lock: {vmid, name: 'create'}}));
}

export function setBackupProtected(state: SimState, volid: string, on: boolean): SimResult {
	const backup = (state.backups ?? []).find((b) => b.volid === volid);
	if (!backup) return pveError(`volume '${volid}' does not exist`);
	backup.protected = on || undefined;
	if (!on) delete backup.protected;
	return ok();
}
