/**
 * `proxdeck backup list|create|restore|protect|unprotect`: the backups found on every storage
 * that holds them, and the jobs that back a guest up now, restore an archive and protect one.
 * One read of the host and one of its backups (the audit's read) give the plans their facts.
 */
import type {SubcommandArgs} from '../cli-args.js';
import {EXIT} from '../exit-codes.js';
import type {SafetyData} from '../model/safety.js';
import type {Snapshot} from '../model/snapshot.js';
import {assertBackupVolid, assertStorage, assertVmid, validated} from '../host/validate.js';
import {buildBackupJob, buildProtectJob, buildRestoreJob, defaultBackupStorage} from '../ops/backup.js';
import {jobsFor} from '../ops/backup-audit.js';
import type {Job} from '../ops/job.js';
import {createSafetyReader} from '../ops/safety-read.js';
import {assertBackupMode} from '../ops/safety-commands.js';
import {readSnapshot} from '../ops/shared.js';
import {backupRows} from '../report/safety-rows.js';
import type {Io, SubcommandDeps} from './io.js';
import {flag, makeIo, opsEnv, table, tryBuild, value} from './io.js';
import {runJobs} from './run-jobs.js';

const USAGE =
	'usage: proxdeck backup list [<vmid>...] | create <vmid> [--storage S] [--mode snapshot|suspend|stop] [--notes N] | restore <volid> [--vmid N] [--storage S] [--start] [--confirm N] | protect <volid> | unprotect <volid>';

async function readAll(deps: SubcommandDeps, io: Io): Promise<{snapshot: Snapshot; safety: SafetyData} | null> {
	const env = opsEnv(deps);
	const read = await readSnapshot(env, deps.signal);
	if (!read.snapshot) {
		io.err(read.error ?? 'could not read the host');
		return null;
	}
	try {
		const safety = await createSafetyReader({
			nodes: env.nodes,
			...(deps.now ? {now: deps.now} : {}),
		}).read(read.snapshot, deps.signal);
		for (const e of safety.errors) io.err(`could not read ${e.section}: \`${e.command}\`: ${e.message}`);
		return {snapshot: read.snapshot, safety};
	} catch (error) {
		io.err(`could not read the backups: ${error instanceof Error ? error.message : String(error)}`);
		return null;
	}
}

function list(
	args: SubcommandArgs,
	deps: SubcommandDeps,
	io: Io,
	data: {snapshot: Snapshot; safety: SafetyData},
	vmids: number[],
): number {
	const wanted = data.safety.backups.filter((b) => vmids.length === 0 || (b.vmid !== null && vmids.includes(b.vmid)));
	if (flag(args, 'json') || deps.options.json) {
		io.json({
			schemaVersion: 1,
			context: deps.context,
			storagesRead: data.safety.storagesRead,
			backups: wanted,
			errors: data.safety.errors,
		});
		return EXIT.ok;
	}
	if (wanted.length === 0) {
		io.out(
			`no backups${vmids.length > 0 ? ` of ${vmids.join(', ')}` : ''} on ${data.safety.storagesRead.join(', ') || 'any readable storage'}`,
		);
		return EXIT.ok;
	}
	const names = new Map(data.snapshot.guests.map((g) => [g.vmid, g.name]));
	const pbs = new Set(data.snapshot.storages.filter((s) => s.type === 'pbs').map((s) => s.storage));
	const rows = backupRows(wanted, pbs).map((r) => [
		String(r.backup.vmid ?? '-'),
		names.get(r.backup.vmid ?? -1) ?? '-',
		r.time,
		r.backup.storage,
		r.size,
		r.protected,
		r.verified,
		r.notes,
		r.backup.volid,
	]);
	for (const line of table([
		['VMID', 'NAME', 'TIME', 'STORAGE', 'SIZE', 'PROTECTED', 'VERIFIED', 'NOTES', 'VOLID'],
		...rows,
	]))
		io.out(line);
	return EXIT.ok;
}

/** Where a restore goes by default: the storage of the guest it replaces or came from, else the first that holds its kind. */
function restoreStorage(snapshot: Snapshot, vmid: number, source: number | null, type: 'lxc' | 'qemu'): string | null {
	for (const id of [vmid, source]) {
		const guest = snapshot.guests.find((g) => g.vmid === id);
		const volume = guest?.mounts.find((m) => m.source.includes(':'))?.source;
		if (volume) return volume.slice(0, volume.indexOf(':'));
	}
	const node = snapshot.nodes.find((n) => n.local)?.name;
	return (
		snapshot.storages.find((s) => s.node === node && s.content.includes(type === 'qemu' ? 'images' : 'rootdir'))
			?.storage ?? null
	);
}

export async function backupCommand(args: SubcommandArgs, deps: SubcommandDeps): Promise<number> {
	const io = makeIo(deps);
	const [verb, ...rest] = args.positional;
	const known = ['list', 'create', 'restore', 'protect', 'unprotect'];
	if (!verb || !known.includes(verb) || (verb !== 'list' && rest.length !== 1)) {
		io.err(USAGE);
		return EXIT.usage;
	}
	const storageFlag = value(args, 'storage');
	const parsed = validated(() => ({
		vmids: verb === 'list' ? rest.map((v) => assertVmid(v)) : verb === 'create' ? [assertVmid(rest[0]!)] : [],
		volid: verb === 'restore' || verb === 'protect' || verb === 'unprotect' ? assertBackupVolid(rest[0]!) : null,
		storage: storageFlag === undefined ? undefined : assertStorage(storageFlag),
		mode: assertBackupMode(value(args, 'mode') ?? 'snapshot'),
		target: value(args, 'vmid') === undefined ? undefined : assertVmid(value(args, 'vmid')!),
	}));
	if (!parsed.ok) {
		io.err(parsed.error.message);
		return EXIT.usage;
	}
	const {vmids, volid, storage, mode, target} = parsed.value;
	const data = await readAll(deps, io);
	if (!data) return EXIT.error;
	if (verb === 'list') return list(args, deps, io, data, vmids);

	const env = opsEnv(deps);
	const backup = volid ? data.safety.backups.find((b) => b.volid === volid) : undefined;
	const built = tryBuild((): Job => {
		if (verb === 'create') {
			const guest = data.snapshot.guests.find((g) => g.vmid === vmids[0]);
			const jobStorage =
				guest && data.safety.jobs
					? jobsFor(
							guest,
							data.safety.jobs.filter((j) => j.enabled),
						)[0]?.storage
					: null;
			const chosen = storage ?? (guest ? defaultBackupStorage(data.snapshot, guest, jobStorage) : null);
			if (!chosen)
				throw new Error(
					`no storage that holds backups is available${guest ? ` on ${guest.node}` : ''}: name one with --storage`,
				);
			const notes = value(args, 'notes');
			return buildBackupJob(
				{vmid: vmids[0]!, storage: chosen, mode, ...(notes !== undefined ? {notes} : {})},
				data.snapshot,
				env,
			);
		}
		if (verb === 'restore') {
			const source = backup?.vmid ?? null;
			const type = backup?.subtype ?? 'lxc';
			const into = target ?? source ?? 0;
			const chosen = storage ?? restoreStorage(data.snapshot, into, source, type);
			if (!chosen) throw new Error('no storage to restore to: name one with --storage');
			return buildRestoreJob(
				{
					volid: volid!,
					...(target !== undefined ? {vmid: target} : {}),
					storage: chosen,
					...(flag(args, 'start') ? {start: true} : {}),
				},
				data.snapshot,
				env,
				backup,
			);
		}
		if (!backup)
			throw new Error(
				`no backup ${volid} on ${data.safety.storagesRead.join(', ') || 'any readable storage'} (proxdeck backup list shows them)`,
			);
		return buildProtectJob({volid: volid!, protect: verb === 'protect'}, data.snapshot, env, backup);
	});
	if (!built.ok) {
		io.err(built.message);
		return EXIT.usage;
	}
	const job = built.value;
	const confirm = value(args, 'confirm');
	const outcome = await runJobs(io, deps, [job], {
		dryRun: flag(args, 'dry-run'),
		yes: flag(args, 'yes'),
		...(confirm !== undefined ? {typedGiven: confirm} : {}),
		label: () => `${verb} ${job.plan.vmid ?? ''}`.trim(),
	});
	return outcome.exitCode;
}
