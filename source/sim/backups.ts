/**
 * The simulated homelab's backups: three backup storages (an NFS share on the NAS, a Proxmox
 * Backup Server, and a USB disk that has run full), the scheduled jobs that write to them, the
 * archives they left, and vzdump and restore as tasks that take their time. The jobs leave a
 * realistic gap: some guests are in no job, the USB job fails every week since its disk
 * filled up, and one guest's backups were never verified on the backup server.
 */
import type {SimContext} from './cmd-util.js';
import {parseCalendarEvent, nextRun} from '../host/parse/calendar-event.js';
import {findGuest} from './mutate.js';
import {configEntries} from './render/guest-config.js';
import {savedFields} from './snapshot-writes.js';
import {localTime, startTask} from './tasks.js';
import type {SimBackup, SimBackupJob, SimGuest, SimState, SimStorage} from './types.js';

const DAY = 86_400_000;

export function backupStorages(): SimStorage[] {
	return [
		{
			id: 'nas-backup',
			type: 'nfs',
			content: ['backup'],
			shared: true,
			path: '/mnt/pve/nas-backup',
			server: '192.168.0.40',
			export: '/export/backup',
			total: 3_998_614_552_576,
			baseUsed: 1_318_554_894_336,
		},
		{id: 'pbs', type: 'pbs', content: ['backup'], shared: true, total: 1_999_307_276_288, baseUsed: 611_203_039_232},
		// The USB disk filled up a few weeks ago: its weekly job has failed since.
		{
			id: 'usb-backup',
			type: 'dir',
			content: ['backup'],
			shared: false,
			path: '/mnt/usb-backup',
			total: 491_138_662_400,
			baseUsed: 486_138_662_400,
			nodes: ['pve'],
		},
	];
}

export function seedBackupJobs(): SimBackupJob[] {
	return [
		{
			id: 'backup-6f1c2d9a-4b70',
			enabled: true,
			schedule: '02:00',
			storage: 'nas-backup',
			mode: 'snapshot',
			vmid: [100, 101, 102, 104, 106, 109, 110, 111, 116, 119, 123, 124, 125, 128, 130, 131, 132, 133, 300],
			comment: 'nightly to the NAS',
			keepLast: 7,
		},
		{
			id: 'backup-a83e5f02-19cd',
			enabled: true,
			schedule: 'mon..sat 03:30',
			storage: 'pbs',
			mode: 'snapshot',
			vmid: [102, 104, 105, 111, 125, 128],
			comment: 'critical services to the backup server',
			keepLast: 10,
		},
		{
			id: 'backup-2d7b91e4-c058',
			enabled: true,
			schedule: 'sat 04:00',
			storage: 'usb-backup',
			mode: 'snapshot',
			vmid: [107, 112, 113, 120, 121],
			comment: 'media apps to the USB disk',
			keepLast: 4,
		},
		{
			id: 'backup-0e44b7d3-7a21',
			enabled: false,
			schedule: 'monthly',
			storage: 'nas-backup',
			mode: 'stop',
			all: true,
			comment: 'everything, monthly (paused)',
			keepLast: 2,
		},
	];
}

/** Guests a job backs up: its list, or every guest but templates. */
export function jobGuests(state: SimState, job: SimBackupJob): SimGuest[] {
	const wanted = job.all
		? state.guests.filter((g) => !g.template)
		: (job.vmid ?? []).flatMap((v) => findGuest(state, v) ?? []);
	return wanted.filter((g) => !g.template);
}

/** What the archive weighs: a compressed root filesystem (VMs: half their disk in use). */
function archiveSize(guest: SimGuest): number {
	return Math.round((guest.type === 'qemu' ? guest.rootfs.size * 0.45 : guest.diskUsed) * 0.38);
}

function stampOf(ms: number): string {
	return localTime(ms).replace(/-/g, '_').replace(' ', '-').replace(/:/g, '_');
}

function storageOf(state: SimState, id: string): SimStorage | undefined {
	return state.storages.find((s) => s.id === id);
}

/** A new archive's volume id and the path vzdump writes it to. */
export function archiveName(
	state: SimState,
	storageId: string,
	guest: SimGuest,
	at: number,
): {volid: string; path: string; format: string} {
	const storage = storageOf(state, storageId);
	if (storage?.type === 'pbs') {
		const iso = new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z');
		const kind = guest.type === 'qemu' ? 'vm' : 'ct';
		return {
			volid: `${storageId}:backup/${kind}/${guest.vmid}/${iso}`,
			path: `${kind}/${guest.vmid}/${iso}`,
			format: guest.type === 'qemu' ? 'pbs-vm' : 'pbs-ct',
		};
	}
	const ext = guest.type === 'qemu' ? 'vma.zst' : 'tar.zst';
	const file = `vzdump-${guest.type}-${guest.vmid}-${stampOf(at)}.${ext}`;
	const dir = storage?.id === 'local' ? '/var/lib/vz' : (storage?.path ?? `/mnt/pve/${storageId}`);
	return {volid: `${storageId}:backup/${file}`, path: `${dir}/dump/${file}`, format: ext};
}

/** Bytes the backups on a storage take, those being written included. */
export function backupBytes(state: SimState, storageId: string): number {
	const all = [...(state.backups ?? []), ...Object.values(state.pendingBackups ?? {}).flat()];
	return all.filter((b) => b.storage === storageId).reduce((sum, b) => sum + b.size, 0);
}

/** The backup server verifies new snapshots the next morning; immich's namespace is left out of its verify job. */
export function verificationOf(backup: SimBackup, now: number): {state: string; upid: string} | null {
	const at = (backup.ctime + 6 * 3600) * 1000;
	if (backup.vmid === 105 || at > now) return null;
	return {
		state: 'ok',
		upid: `UPID:pbs:0000${String(backup.vmid).padStart(4, '0')}:00000000:${Math.floor(at / 1000)
			.toString(16)
			.toUpperCase()}:verificationjob:homelab\\x3av\\x2dverify:root@pam:`,
	};
}

/** Room left on a backup storage for an archive of `size`. */
function fits(state: SimState, storageId: string, size: number): boolean {
	const storage = storageOf(state, storageId);
	return !!storage && storage.baseUsed + backupBytes(state, storageId) + size <= storage.total;
}

export function copyGuest(guest: SimGuest): SimBackup['guest'] {
	const {snapshots: _s, version: _v, ...rest} = structuredClone(guest);
	delete rest.lock;
	delete rest.parent;
	return rest;
}

export function makeBackup(
	state: SimState,
	storageId: string,
	guest: SimGuest,
	at: number,
	notes?: string,
	keepGuest = false,
): SimBackup {
	const name = archiveName(state, storageId, guest, at);
	return {
		volid: name.volid,
		storage: storageId,
		vmid: guest.vmid,
		subtype: guest.type,
		ctime: Math.floor(at / 1000),
		size: archiveSize(guest),
		format: name.format,
		...(notes ? {notes} : {}),
		...(keepGuest ? {guest: copyGuest(guest)} : {}),
	};
}

/** keep-last: the oldest unprotected backups of the guest on that storage beyond the job's count go. */
export function pruneBackups(state: SimState, backup: SimBackup): void {
	// A backup taken on request is pruned by nothing (the storage keeps everything); a job's by its retention.
	const job = (state.backupJobs ?? []).find((j) => j.id === backup.byJob);
	const keep = job?.keepLast ?? 0;
	if (keep <= 0 || !state.backups) return;
	const mine = state.backups
		.filter((b) => b.storage === backup.storage && b.vmid === backup.vmid && !b.protected)
		.sort((a, b) => b.ctime - a.ctime);
	const gone = new Set(mine.slice(keep).map((b) => b.volid));
	if (gone.size > 0) state.backups = state.backups.filter((b) => !gone.has(b.volid));
}

/** The vzdump error for an archive that did not fit (tar into zstd, which ran out of room). */
function noSpaceError(path: string): string {
	const tmp = path.replace(/\.tar\.zst$/, '.tmp');
	return `command 'set -o pipefail && lxc-usernsexec -m u:0:100000:65536 -m g:0:100000:65536 -- tar cpf - --totals --one-file-system -p --sparse --numeric-owner --acls --xattrs '--xattrs-include=user.*' '--xattrs-include=security.capability' '--warning=no-file-ignored' '--warning=no-xattr-write' --one-file-system '--warning=no-file-ignored' '--directory=${tmp}' ./etc/vzdump/pct.conf '--directory=/mnt/vzsnap0' --no-anchored '--exclude=lost+found' --anchored '--exclude=./tmp/?*' '--exclude=./var/tmp/?*' '--exclude=./var/run/?*.pid' ./ | zstd '--threads=1' >${path.replace(/\.zst$/, '.dat')}' failed: exit code 70`;
}

/**
 * One run of a job at `at`: as on a cluster, each node's scheduler backs up the job's guests
 * that live there, one task per node (with each guest's outcome), and the archives it leaves.
 */
function runJob(ctx: SimContext, job: SimBackupJob, at: number): void {
	const byNode = new Map<string, SimGuest[]>();
	for (const guest of jobGuests(ctx.state, job)) byNode.set(guest.node, [...(byNode.get(guest.node) ?? []), guest]);
	for (const [node, list] of byNode) runJobOn(ctx, job, at, node, list);
}

function runJobOn(ctx: SimContext, job: SimBackupJob, at: number, node: string, members: SimGuest[]): void {
	let clock = at + 1_000;
	const guests: NonNullable<Parameters<typeof startTask>[1]['run']>['guests'] = [];
	const produced: SimBackup[] = [];
	for (const guest of members) {
		// The jobs' notes-template is {{guestname}}.
		const backup = {...makeBackup(ctx.state, job.storage, guest, clock, guest.name), byJob: job.id};
		const path = archiveName(ctx.state, job.storage, guest, clock).path;
		const room = fits(ctx.state, job.storage, backup.size + produced.reduce((sum, b) => sum + b.size, 0));
		const durationMs = room ? 3_000 + Math.round(backup.size / (160 * 1024 ** 2)) * 1_000 : 6_000;
		guests.push({
			vmid: guest.vmid,
			type: guest.type,
			at: clock,
			durationMs,
			archive: path,
			size: backup.size,
			...(room ? {} : {error: noSpaceError(path)}),
		});
		if (room) produced.push(backup);
		clock += durationMs + 1_000;
	}
	const failed = guests.some((g) => g.error);
	startTask(
		ctx,
		{
			node,
			type: 'vzdump',
			id: '',
			durationMs: clock - at,
			status: failed ? 'job errors' : 'OK',
			run: {job: job.id, storage: job.storage, mode: job.mode, guests},
			produces: produced,
			ident: 'pvescheduler',
		},
		at,
	);
}

/** Runs of the enabled jobs due after `since` and up to `now`, in time order. */
function dueRuns(state: SimState, since: number, now: number): {job: SimBackupJob; at: number}[] {
	const due: {job: SimBackupJob; at: number}[] = [];
	for (const job of state.backupJobs ?? []) {
		if (!job.enabled) continue;
		const event = parseCalendarEvent(job.schedule);
		if (!event) continue;
		for (let at = nextRun(event, since); at !== null && at <= now; at = nextRun(event, at)) due.push({job, at});
	}
	return due.sort((a, b) => a.at - b.at);
}

/**
 * Run the enabled jobs whose time came since the last look, at the time they were due (the
 * demo keeps running while nobody watches; a long absence replays at most the last 14 days).
 * Checked once per simulated minute.
 */
export function runDueJobs(ctx: SimContext): boolean {
	const state = ctx.state;
	if (!state.backupJobs) return false;
	const since = Math.max(state.jobsRunUntil ?? ctx.now, ctx.now - 14 * DAY);
	if (ctx.now - since < 60_000) return false;
	state.jobsRunUntil = ctx.now;
	for (const {job, at} of dueRuns(state, since, ctx.now)) runJob(ctx, job, at);
	return true;
}

/** The homelab's backup history: the jobs' runs over the last two weeks, each run's archives in place before the next. */
export function seedBackups(state: SimState, now: number): void {
	state.backupJobs = seedBackupJobs();
	state.backups = [];
	state.tasks ??= [];
	for (const {job, at} of dueRuns(state, now - 14 * DAY, now)) {
		runJob({state, now: at, node: state.localNode}, job, at);
		for (const [upid, backups] of Object.entries(state.pendingBackups ?? {})) {
			const task = state.tasks.find((t) => t.upid === upid);
			if (task && task.end > now) continue;
			for (const backup of backups) {
				state.backups.push(backup);
				pruneBackups(state, backup);
			}
			delete state.pendingBackups![upid];
		}
	}
	state.jobsRunUntil = now;
}

/** Snapshot trees a homelab grows: the router's upgrade history with a side branch, the Docker host's migrations. */
function seedSnapshots(state: SimState, now: number): void {
	const tree: {
		vmid: number;
		snaps: {name: string; daysAgo: number; description: string; parent?: string; vmstate?: boolean}[];
		current: string;
	}[] = [
		{
			vmid: 300,
			snaps: [
				{name: 'pre-25-1-upgrade', daysAgo: 41, description: 'before OPNsense 25.1', vmstate: true},
				{name: 'vlan-lab', daysAgo: 33, description: 'VLAN trunk experiment (abandoned)', parent: 'pre-25-1-upgrade'},
				{
					name: 'pre-25-7-upgrade',
					daysAgo: 9,
					description: 'before 25.7; config export in /conf/backup',
					parent: 'pre-25-1-upgrade',
				},
			],
			current: 'pre-25-7-upgrade',
		},
		{
			vmid: 111,
			snaps: [
				{name: 'before-compose-v2', daysAgo: 20, description: 'compose v1 to v2 migration'},
				{name: 'pd_compose_update', daysAgo: 2, description: 'before compose (proxdeck)', parent: 'before-compose-v2'},
			],
			current: 'pd_compose_update',
		},
		{
			vmid: 104,
			snaps: [{name: 'before-1-32', daysAgo: 12, description: 'vaultwarden 1.32 upgrade'}],
			current: 'before-1-32',
		},
	];
	for (const {vmid, snaps, current} of tree) {
		const guest = findGuest(state, vmid);
		if (!guest) continue;
		for (const s of snaps) {
			guest.snapshots.push({
				name: s.name,
				description: s.description,
				snaptime: Math.floor((now - s.daysAgo * DAY - 4_321_000) / 1000),
				...(s.parent ? {parent: s.parent} : {}),
				entries: configEntries(guest).filter(([k]) => k !== 'parent'),
				saved: savedFields(guest),
				...(s.vmstate ? {vmstate: true} : {}),
			});
		}
		guest.parent = current;
	}
}

/** Backup jobs, their history and snapshot trees for a new homelab. */
export function seedSafetyNet(state: SimState, now: number): void {
	seedBackups(state, now);
	seedSnapshots(state, now);
}
