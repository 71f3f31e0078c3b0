/**
 * Backup jobs and backup archives:
 * - `pvesh get /cluster/backup`: the scheduled jobs (which guests, where, when);
 * - `pvesh get /nodes/<node>/storage/<storage>/content --content backup`: the archives on one
 *   storage, with time, size, notes, protection and (on a Proxmox Backup Server) verification;
 * - `pvesm list <storage>`: the same volumes as a text table;
 * - a backup's volume id, which names its guest and time (`vzdump-lxc-105-2026_11_22-02_00_03.tar.zst`,
 *   `pbs:backup/ct/105/2026-11-22T02:00:03Z`).
 */
import type {BackupJob, BackupVolume} from '../../model/safety.js';
import type {GuestType} from '../../model/snapshot.js';
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {capLine} from '../../transport/lines.js';
import {NOTE_CAP_CHARS} from '../../transport/output-cap.js';
import {isRecord, parseJson, unwrapApiData} from './json.js';
import {toBoolean, toInteger, toText} from './units.js';

export const BACKUP_JOBS_COMMAND = 'pvesh get /cluster/backup';
export const BACKUP_CONTENT_COMMAND = 'pvesh get /nodes/<node>/storage/<storage>/content --content backup';
export const PVESM_LIST_COMMAND = 'pvesm list';

/** `100,101 102`: the API's list of VMIDs (a string, or a number for one guest). */
function vmidList(value: unknown): number[] {
	return toText(value)
		.split(/[,;\s]+/)
		.filter((v) => /^\d+$/.test(v))
		.map(Number);
}

function jobFrom(item: Record<string, unknown>): BackupJob {
	// PVE 6 jobs converted from vzdump.cron carry `starttime` and `dow` instead of a schedule.
	const schedule =
		toText(item['schedule']) ||
		(toText(item['starttime'])
			? `${toText(item['dow']) ? `${toText(item['dow'])} ` : ''}${toText(item['starttime'])}`
			: '');
	const comment = toText(item['comment']);
	return {
		id: toText(item['id']),
		// `enabled` defaults to 1 in the job schema.
		enabled: 'enabled' in item ? toBoolean(item['enabled']) : true,
		schedule: schedule || null,
		storage: toText(item['storage']) || null,
		node: toText(item['node']) || null,
		mode: toText(item['mode']) || null,
		all: toBoolean(item['all']),
		vmids: vmidList(item['vmid']),
		exclude: vmidList(item['exclude']),
		pool: toText(item['pool']) || null,
		nextRun: toInteger(item['next-run']),
		...(comment ? {comment} : {}),
	};
}

export function parseBackupJobs(text: string): ParseResult<BackupJob[]> {
	return guardParse(BACKUP_JOBS_COMMAND, () => {
		const json = parseJson(BACKUP_JOBS_COMMAND, text);
		if (!json.ok) return json;
		const data = unwrapApiData(json.value);
		if (!Array.isArray(data)) return parseFailure(BACKUP_JOBS_COMMAND, 'expected a JSON array of backup jobs');
		const jobs: BackupJob[] = [];
		const warnings: string[] = [];
		data.forEach((item, i) => {
			if (!isRecord(item)) warnings.push(`entry ${i + 1} is not an object`);
			else if (toText(item['type'], 'vzdump') !== 'vzdump') warnings.push(`entry ${i + 1} is not a vzdump job`);
			else jobs.push(jobFrom(item));
		});
		return parsed(jobs, warnings);
	});
}

/** What a backup's volume id says: its guest, type and time (UTC for PBS, the host's local time for files). */
export interface BackupName {
	vmid: number;
	subtype: GuestType;
	/** Unix seconds (PBS names carry UTC); null when the name carries the host's local time only. */
	time: number | null;
	/** `2026_11_22-02_00_03` or `2026-11-22T02:00:03Z`, as named. */
	stamp: string;
}

export function parseBackupName(volid: string): BackupName | null {
	const file = /vzdump-(lxc|qemu|openvz)-(\d+)-(\d{4}_\d\d_\d\d-\d\d_\d\d_\d\d)\.[a-z0-9.]+$/.exec(volid);
	if (file) return {vmid: Number(file[2]), subtype: file[1] === 'qemu' ? 'qemu' : 'lxc', time: null, stamp: file[3]!};
	const pbs = /(?:^|[:/])(ct|vm)\/(\d+)\/(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$/.exec(volid);
	if (pbs)
		return {
			vmid: Number(pbs[2]),
			subtype: pbs[1] === 'vm' ? 'qemu' : 'lxc',
			time: Date.parse(pbs[3]!) / 1000,
			stamp: pbs[3]!,
		};
	return null;
}

function volumeFrom(item: Record<string, unknown>, storage: string, node: string): BackupVolume | null {
	const volid = toText(item['volid']);
	if (volid === '') return null;
	const name = parseBackupName(volid);
	const subtype = toText(item['subtype']);
	const notes = capLine(toText(item['notes']), NOTE_CAP_CHARS);
	const verification = item['verification'];
	const encrypted = toText(item['encrypted']);
	return {
		volid,
		storage: volid.includes(':') ? volid.slice(0, volid.indexOf(':')) : storage,
		node,
		vmid: toInteger(item['vmid']) ?? name?.vmid ?? null,
		subtype: subtype === 'lxc' || subtype === 'qemu' ? subtype : (name?.subtype ?? null),
		format: toText(item['format']),
		size: toInteger(item['size']) ?? toInteger(item['approximate-size']),
		ctime: toInteger(item['ctime']) ?? name?.time ?? null,
		...(notes ? {notes} : {}),
		protected: toBoolean(item['protected']),
		...(isRecord(verification) && toText(verification['state'])
			? {
					verification: {
						state: toText(verification['state']),
						...(toText(verification['upid']) ? {upid: toText(verification['upid'])} : {}),
					},
				}
			: {}),
		...(encrypted ? {encrypted} : {}),
	};
}

/** One storage's backups; volumes of other content types are left out. */
export function parseBackupContent(text: string, storage: string, node: string): ParseResult<BackupVolume[]> {
	return guardParse(BACKUP_CONTENT_COMMAND, () => {
		const json = parseJson(BACKUP_CONTENT_COMMAND, text);
		if (!json.ok) return json;
		const data = unwrapApiData(json.value);
		if (!Array.isArray(data)) return parseFailure(BACKUP_CONTENT_COMMAND, 'expected a JSON array of volumes');
		const volumes: BackupVolume[] = [];
		const warnings: string[] = [];
		data.forEach((item, i) => {
			if (isRecord(item) && toText(item['content'], 'backup') !== 'backup') return;
			const volume = isRecord(item) ? volumeFrom(item, storage, node) : null;
			if (volume) volumes.push(volume);
			else warnings.push(`entry ${i + 1} has no volid`);
		});
		volumes.sort((a, b) => (b.ctime ?? 0) - (a.ctime ?? 0));
		return parsed(volumes, warnings);
	});
}

/** A row of `pvesm list`: volume id, format, content type, size in bytes, owner VMID. */
export interface PvesmListRow {
	volid: string;
	format: string;
	type: string;
	size: number | null;
	vmid: number | null;
}

/**
 * `pvesm list <storage> [--content backup]`: a header `Volid Format Type Size VMID` and
 * space-aligned rows. Run with `--vmid`, it prints no VMID column at all.
 */
export function parsePvesmList(text: string): ParseResult<PvesmListRow[]> {
	return guardParse(PVESM_LIST_COMMAND, () => {
		const lines = text.split('\n').filter((l) => l.trim() !== '');
		const header = lines[0]?.trim().split(/\s+/) ?? [];
		if (header[0] !== 'Volid' || !header.includes('Format') || !header.includes('Type'))
			return parseFailure(PVESM_LIST_COMMAND, 'expected the header "Volid Format Type Size VMID"', 1);
		const hasVmid = header.includes('VMID');
		const rows: PvesmListRow[] = [];
		for (const [i, line] of lines.slice(1).entries()) {
			const cells = line.trim().split(/\s+/);
			if (cells.length < (hasVmid ? 5 : 4))
				return parseFailure(PVESM_LIST_COMMAND, `row has ${cells.length} columns, expected ${hasVmid ? 5 : 4}`, i + 2);
			const [volid, format, type, size, vmid] = cells as [string, string, string, string, string | undefined];
			rows.push({
				volid,
				format,
				type,
				size: /^\d+$/.test(size) ? Number(size) : null,
				vmid: hasVmid && vmid && /^\d+$/.test(vmid) ? Number(vmid) : (parseBackupName(volid)?.vmid ?? null),
			});
		}
		return parsed(rows);
	});
}
