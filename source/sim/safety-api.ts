/**
 * The API paths of the safety net, answered as pvesh does: snapshots of a guest, tasks
 * (cluster list, node list, status, log), backup jobs, a storage's backups, and the writes
 * (snapshot, rollback, delete, vzdump, restore, protect). `pct|qm listsnapshot` draw the
 * same tree pve-guest-common's print_snapshot_tree does.
 */
import {ok, paramError, parseOptions, pveError, type SimContext} from './cmd-util.js';
import type {SimResult} from './faults.js';
import {findGuest} from './mutate.js';
import {configPath} from './render/pve-files.js';
import {sortedJson} from './render/pvesh.js';
import {verificationOf} from './backups.js';
import {backupGuest, restoreArchive, setBackupProtected} from './backup-writes.js';
import {createSnapshot, deleteSnapshot, rollbackSnapshot} from './snapshot-writes.js';
import {missingTaskLog, localTime, taskEntry, taskLines, taskStatusEntry, tasksOf} from './tasks.js';
import type {SimGuest, SimState} from './types.js';

const json = (value: unknown): SimResult => ok(`${sortedJson(value)}\n`);
const USAGE = (verb: string): string => `pvesh ${verb} <api_path> [OPTIONS] [FORMAT_OPTIONS]`;
const SNAPNAME = /^[a-z][a-z0-9_-]+$/i;

/** The guest a `/nodes/<node>/<type>/<vmid>` path names, or Proxmox's error when that node has no such guest. */
export function guestOn(ctx: SimContext, node: string, type: string, vmidText: string): SimGuest | SimResult {
	const vmid = Number(vmidText);
	const guest = findGuest(ctx.state, vmid);
	const kind = type === 'qemu' ? 'qemu' : 'lxc';
	if (!guest || guest.node !== node || guest.type !== kind)
		return pveError(`Configuration file '${configPath(node, kind, vmid)}' does not exist`);
	return guest;
}

const isResult = (value: unknown): value is SimResult =>
	typeof value === 'object' && value !== null && 'code' in value && 'stderr' in value;

function snapshotList(guest: SimGuest, now: number): unknown[] {
	const list: unknown[] = guest.snapshots.map((s) => ({
		description: s.description ?? '',
		name: s.name,
		...(s.parent ? {parent: s.parent} : {}),
		snaptime: s.snaptime,
		...(guest.type === 'qemu' ? {vmstate: s.vmstate ? 1 : 0} : {}),
	}));
	const running = guest.status === 'running' && guest.bootAt !== null && now >= guest.bootAt ? 1 : 0;
	list.push({
		description: 'You are here!',
		digest: `${guest.version.toString(16).padStart(8, '0')}${guest.vmid.toString(16)}`.padEnd(40, '0'),
		name: 'current',
		...(guest.parent ? {parent: guest.parent} : {}),
		running,
	});
	return list;
}

/** `pct listsnapshot` / `qm listsnapshot`: pve-guest-common print_snapshot_tree. */
export function renderSnapshotTree(guest: SimGuest): string {
	type Entry = {name: string; snaptime?: number; description: string; parent?: string};
	const entries: Entry[] = [
		...guest.snapshots.map((s) => ({
			name: s.name,
			snaptime: s.snaptime,
			description: s.description || 'no-description',
			...(s.parent ? {parent: s.parent} : {}),
		})),
		{name: 'current', description: 'You are here!', ...(guest.parent ? {parent: guest.parent} : {})},
	];
	const byName = new Map(entries.map((e) => [e.name, e]));
	const children = new Map<string, Entry[]>();
	const roots: Entry[] = [];
	for (const e of entries) {
		if (e.parent && byName.has(e.parent)) children.set(e.parent, [...(children.get(e.parent) ?? []), e]);
		else roots.push(e);
	}
	const order = (a: Entry, b: Entry): number => (a.snaptime ?? Infinity) - (b.snaptime ?? Infinity);
	let out = '';
	const walk = (prefix: string, e: Entry): void => {
		const len = Math.max(0, 30 - prefix.length);
		const time = e.snaptime !== undefined ? localTime(e.snaptime * 1000) : '';
		out += `${prefix} ${e.name.padEnd(len)} ${time.padEnd(23)} ${e.description.split('\n')[0]}\n`;
		for (const child of (children.get(e.name) ?? []).sort(order)) walk(` ${prefix}`, child);
	};
	for (const root of roots.sort(order)) walk('`->', root);
	return out;
}

function backupContent(state: SimState, node: string, storageId: string, now: number): SimResult {
	const storage = state.storages.find((s) => s.id === storageId);
	if (!storage) return pveError(`storage '${storageId}' does not exist`);
	if (storage.nodes && !storage.nodes.includes(node))
		return pveError(`storage '${storageId}' is not available on node '${node}'`);
	const list = (state.backups ?? [])
		.filter((b) => b.storage === storageId)
		.sort((a, b) => a.ctime - b.ctime)
		.map((b) => {
			const verification = storage.type === 'pbs' ? verificationOf(b, now) : null;
			return {
				content: 'backup',
				ctime: b.ctime,
				format: b.format,
				...(b.notes ? {notes: b.notes} : {}),
				...(b.protected ? {protected: 1} : {}),
				size: b.size,
				subtype: b.subtype,
				...(verification ? {verification} : {}),
				vmid: b.vmid,
				volid: b.volid,
			};
		});
	return json(list);
}

function taskList(state: SimState, now: number, node: string | null, options: Map<string, string>): unknown[] {
	const limit = Number(options.get('limit') ?? 50);
	const vmid = options.get('vmid');
	const type = options.get('typefilter');
	const errors = options.get('errors') === '1';
	const source = options.get('source') ?? 'archive';
	const tasks = [...tasksOf(state)]
		.reverse()
		.filter((t) => (node === null || t.node === node) && (!vmid || t.id === vmid) && (!type || t.type === type))
		.filter((t) => (source === 'active' ? now < t.end : source === 'archive' ? now >= t.end : true))
		.filter((t) => !errors || (now >= t.end && t.status !== 'OK'));
	return tasks.slice(0, limit).map((t) => taskEntry(t, now));
}

function jobsJson(state: SimState): unknown[] {
	return (state.backupJobs ?? []).map((j) => ({
		...(j.all ? {all: 1} : {}),
		comment: j.comment,
		compress: 'zstd',
		enabled: j.enabled ? 1 : 0,
		id: j.id,
		mode: j.mode,
		'notes-template': '{{guestname}}',
		'prune-backups': {'keep-last': String(j.keepLast)},
		schedule: j.schedule,
		storage: j.storage,
		type: 'vzdump',
		...(j.vmid ? {vmid: j.vmid.join(',')} : {}),
	}));
}

function get(ctx: SimContext, path: string, options: Map<string, string>): SimResult | null {
	if (path === '/cluster/tasks')
		return json(
			taskList(
				ctx.state,
				ctx.now,
				null,
				new Map([
					['source', 'all'],
					['limit', '100'],
				]),
			),
		);
	if (path === '/cluster/backup') return json(jobsJson(ctx.state));
	const nodeTasks = /^\/nodes\/([^/]+)\/tasks$/.exec(path);
	if (nodeTasks) return json(taskList(ctx.state, ctx.now, nodeTasks[1]!, options));
	const one = /^\/nodes\/([^/]+)\/tasks\/(UPID:[^/]+)\/(log|status)$/.exec(path);
	if (one) {
		const task = tasksOf(ctx.state).find((t) => t.upid === one[2]);
		if (one[3] === 'status')
			return task
				? json(taskStatusEntry(task, ctx.now))
				: pveError(`400 Parameter verification failed.\nupid: no such task\n`);
		const start = Number(options.get('start') ?? 0);
		const limit = Number(options.get('limit') ?? 50);
		const lines = task ? taskLines(task, ctx.now) : [missingTaskLog(one[2]!)];
		return json(lines.slice(start, start + limit).map((t, i) => ({n: start + i + 1, t})));
	}
	const content = /^\/nodes\/([^/]+)\/storage\/([^/]+)\/content$/.exec(path);
	if (content) return backupContent(ctx.state, content[1]!, content[2]!, ctx.now);
	const snaps = /^\/nodes\/([^/]+)\/(lxc|qemu)\/(\d+)\/snapshot$/.exec(path);
	if (snaps) {
		const guest = guestOn(ctx, snaps[1]!, snaps[2]!, snaps[3]!);
		return isResult(guest) ? guest : json(snapshotList(guest, ctx.now));
	}
	return null;
}

function create(ctx: SimContext, path: string, options: Map<string, string>): SimResult | null {
	const snap = /^\/nodes\/([^/]+)\/(lxc|qemu)\/(\d+)\/snapshot$/.exec(path);
	if (snap) {
		const name = options.get('snapname');
		if (!name) return paramError({snapname: 'property is missing and it is not optional'}, USAGE('create'));
		if (!SNAPNAME.test(name) || name.length > 40)
			return paramError({snapname: `invalid format - invalid configuration ID '${name}'`}, USAGE('create'));
		const guest = guestOn(ctx, snap[1]!, snap[2]!, snap[3]!);
		return isResult(guest)
			? guest
			: createSnapshot(ctx, guest, name, options.get('description'), options.get('vmstate') === '1');
	}
	const rollback = /^\/nodes\/([^/]+)\/(lxc|qemu)\/(\d+)\/snapshot\/([^/]+)\/rollback$/.exec(path);
	if (rollback) {
		const guest = guestOn(ctx, rollback[1]!, rollback[2]!, rollback[3]!);
		return isResult(guest) ? guest : rollbackSnapshot(ctx, guest, rollback[4]!, options.get('start') === '1');
	}
	const vzdump = /^\/nodes\/([^/]+)\/vzdump$/.exec(path);
	if (vzdump) {
		const vmid = Number(options.get('vmid'));
		const guest = findGuest(ctx.state, vmid);
		if (!guest || guest.node !== vzdump[1]) return pveError(`unable to find VM '${options.get('vmid') ?? ''}'`);
		const storage = options.get('storage');
		if (!storage) return paramError({storage: 'property is missing and it is not optional'}, USAGE('create'));
		return backupGuest(ctx, guest, storage, options.get('mode') ?? 'snapshot', options.get('notes-template'));
	}
	const restore = /^\/nodes\/([^/]+)\/(lxc|qemu)$/.exec(path);
	if (restore) {
		const volid = restore[2] === 'lxc' ? options.get('ostemplate') : options.get('archive');
		if (restore[2] === 'lxc' && options.get('restore') !== '1') return null;
		const backup = (ctx.state.backups ?? []).find((b) => b.volid === volid);
		if (!backup) return pveError(`volume '${volid ?? ''}' does not exist`);
		if ((backup.subtype === 'qemu') !== (restore[2] === 'qemu'))
			return pveError(
				`unable to restore: archive '${volid}' is a ${backup.subtype === 'qemu' ? 'VM' : 'container'} backup`,
			);
		const vmid = Number(options.get('vmid'));
		if (!Number.isInteger(vmid) || vmid < 100)
			return paramError({vmid: 'property is missing and it is not optional'}, USAGE('create'));
		return restoreArchive(
			ctx,
			restore[1]!,
			backup,
			vmid,
			options.get('storage') ?? 'local-lvm',
			options.get('force') === '1',
			options.get('unique') === '1',
		);
	}
	return null;
}

/** The safety net's API paths, or null for a path this module does not answer. */
export function runSafetyPvesh(ctx: SimContext, verb: string, path: string, rest: string[]): SimResult | null {
	const {options} = parseOptions(rest);
	if (verb === 'get') return get(ctx, path, options);
	if (verb === 'create') return create(ctx, path, options);
	if (verb === 'delete') {
		const m = /^\/nodes\/([^/]+)\/(lxc|qemu)\/(\d+)\/snapshot\/([^/]+)$/.exec(path);
		if (!m) return null;
		const guest = guestOn(ctx, m[1]!, m[2]!, m[3]!);
		return isResult(guest) ? guest : deleteSnapshot(ctx, guest, m[4]!);
	}
	if (verb === 'set') {
		const note = /^\/nodes\/([^/]+)\/(lxc|qemu)\/(\d+)\/snapshot\/([^/]+)\/config$/.exec(path);
		if (note) {
			const guest = guestOn(ctx, note[1]!, note[2]!, note[3]!);
			if (isResult(guest)) return guest;
			const snap = guest.snapshots.find((s) => s.name === note[4]);
			if (!snap) return pveError(`snapshot '${note[4]!}' does not exist`);
			const description = options.get('description');
			if (description !== undefined) snap.description = description;
			return ok('');
		}
		const m = /^\/nodes\/([^/]+)\/storage\/([^/]+)\/content\/(.+)$/.exec(path);
		if (!m) return null;
		return setBackupProtected(ctx.state, m[3]!, options.get('protected') === '1');
	}
	return null;
}
