/**
 * The backup coverage audit: for every guest, from the scheduled jobs and the backups found on
 * the storages, whether it is backed up at all, whether the last good backup is as recent as
 * its job's schedule promises, whether the last run that included it failed (quoting the
 * task's error line), and whether its backups on a Proxmox Backup Server were ever verified.
 * Pure: the same data always gives the same verdicts, which the health view, `health --json`,
 * Prometheus and the guests pane's BACKUP column all show.
 */
import type {BackupJob, BackupVolume, SafetyData} from '../model/safety.js';
import type {Guest, HealthResult, HealthState, Snapshot} from '../model/snapshot.js';
import {formatBytes, formatDuration} from '../model/format.js';
import {shareOf, storageFree} from '../model/usage.js';
import {parseCalendarEvent, previousRun} from '../host/parse/calendar-event.js';

export interface AuditOptions {
	/** Guests with one of these tags are left out of backups on purpose. */
	skipTags: readonly string[];
	/** A scheduled run may take this long before its backup is missed (a long job backs up guest after guest). */
	graceMs?: number;
}

export const DEFAULT_SKIP_TAGS = ['nobackup', 'no-backup'];
const DEFAULT_GRACE_MS = 6 * 3_600_000;

/** One guest's backup state at a glance: the guests pane's BACKUP column. */
export interface Coverage {
	vmid: number;
	state: HealthState;
	/** `5h`, `2d`, `none`, `fail`, `skip`. */
	label: string;
}

export interface AuditReport {
	results: HealthResult[];
	coverage: Record<number, Coverage>;
}

/** Jobs that back the guest up: by list, by `all` (minus `exclude`), or by its pool; on its node. */
export function jobsFor(guest: Guest, jobs: readonly BackupJob[]): BackupJob[] {
	return jobs.filter((job) => {
		if (job.node !== null && job.node !== guest.node) return false;
		if (job.all) return !job.exclude.includes(guest.vmid);
		if (job.vmids.includes(guest.vmid)) return true;
		return job.pool !== null && guest.pool === job.pool;
	});
}

function age(nowMs: number, seconds: number): string {
	return formatDuration(Math.max(0, Math.round(nowMs / 1000 - seconds)));
}

function short(nowMs: number, seconds: number): string {
	const s = Math.max(0, nowMs / 1000 - seconds);
	return s < 3600
		? `${Math.max(1, Math.round(s / 60))}m`
		: s < 86_400
			? `${Math.round(s / 3600)}h`
			: `${Math.round(s / 86_400)}d`;
}

function jobName(job: BackupJob): string {
	return job.comment ? `${job.id} (${job.comment})` : job.id;
}

const RANK: Record<HealthState, number> = {pass: 0, warn: 1, fail: 2};

function newest(backups: readonly BackupVolume[]): BackupVolume | undefined {
	return backups.reduce<BackupVolume | undefined>(
		(best, b) => (b.ctime !== null && (best?.ctime ?? -1) < b.ctime ? b : best),
		undefined,
	);
}

function fullStorage(snapshot: Snapshot, storage: string | null): string {
	const s = snapshot.storages.find((x) => x.storage === storage && shareOf(x.used, x.total) !== null);
	const share = s ? shareOf(s.used, s.total) : null;
	if (!s || share === null) return '';
	const pct = Math.round(share * 100);
	return pct >= 95 ? ` with ${storage} ${pct}% full (${formatBytes(storageFree(s))} free)` : '';
}

export function auditBackups(
	snapshot: Snapshot,
	data: SafetyData,
	nowMs: number,
	options: AuditOptions = {skipTags: DEFAULT_SKIP_TAGS},
): AuditReport {
	const results: HealthResult[] = [];
	const coverage: Record<number, Coverage> = {};
	const grace = options.graceMs ?? DEFAULT_GRACE_MS;
	const pbs = new Set(snapshot.storages.filter((s) => s.type === 'pbs').map((s) => s.storage));
	const read = new Set(data.storagesRead);
	if (data.jobs === null) {
		results.push({
			target: 'host',
			check: 'backup:jobs',
			state: 'warn',
			detail: 'could not read the backup jobs (pvesh get /cluster/backup); coverage is unknown',
			hint: 'check that the user may read /cluster/backup (Sys.Audit)',
		});
	}
	for (const e of data.errors) {
		if (e.section !== 'backup-jobs')
			results.push({
				target: 'host',
				check: `backup:read:${e.section}`,
				state: 'warn',
				detail: `\`${e.command}\`: ${e.message}`,
				hint: 'the audit misses what this read would have shown',
			});
	}
	const enabled = (data.jobs ?? []).filter((j) => j.enabled);
	for (const guest of snapshot.guests) {
		if (guest.template) continue;
		const target = `guest:${guest.vmid}`;
		const mine = data.backups.filter((b) => b.vmid === guest.vmid);
		const last = newest(mine);
		const out: HealthResult[] = [];
		const add = (check: string, state: HealthState, detail: string, hint?: string): void => {
			out.push({target, check, state, detail, ...(hint ? {hint} : {})});
		};
		const skipped = guest.tags.find((t) => options.skipTags.includes(t.toLowerCase()));
		const jobs = data.jobs === null ? null : jobsFor(guest, enabled);

		if (jobs !== null && jobs.length === 0) {
			const disabled = jobsFor(
				guest,
				(data.jobs ?? []).filter((j) => !j.enabled),
			);
			const where =
				disabled.length > 0 ? `only in disabled job ${disabled.map(jobName).join(', ')}` : 'in no enabled backup job';
			const lastText = last?.ctime ? `; last backup ${age(nowMs, last.ctime)} ago on ${last.storage}` : '';
			if (skipped)
				add('backup:job', 'pass', `${guest.name} is ${where}; tagged ${skipped}: left out on purpose${lastText}`);
			else if (guest.status === 'running')
				add(
					'backup:job',
					'fail',
					`${guest.name} runs and is ${where}${lastText}`,
					`add it to a backup job (Datacenter > Backup, or pvesh set /cluster/backup/<job> --vmid <list>), or tag it ${options.skipTags[0]} to leave it out on purpose`,
				);
			else
				add(
					'backup:job',
					'warn',
					`${guest.name} is ${guest.status} and ${where}${lastText}`,
					`add it to a backup job if its data matters, or tag it ${options.skipTags[0]}`,
				);
		} else if (jobs !== null) {
			add(
				'backup:job',
				'pass',
				`in ${jobs.map((j) => `${jobName(j)}: ${j.schedule ?? 'no schedule'} to ${j.storage ?? 'the default storage'}`).join('; ')}`,
			);
			for (const job of jobs) {
				if (job.storage === null || !read.has(job.storage)) continue;
				const event = job.schedule ? parseCalendarEvent(job.schedule) : null;
				if (!event) {
					add(
						'backup:age',
						'warn',
						`cannot tell how often ${jobName(job)} runs (schedule ${JSON.stringify(job.schedule)} is not one proxdeck reads)`,
					);
					continue;
				}
				const due = previousRun(event, nowMs - grace, data.utcOffsetMinutes ?? 0);
				const onStorage = newest(mine.filter((b) => b.storage === job.storage));
				if (due === null) continue;
				if (!onStorage?.ctime)
					add(
						'backup:age',
						'warn',
						`no backup of ${guest.name} on ${job.storage}, where ${jobName(job)} (${job.schedule}) should have made one by ${new Date(due).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
						`look at the job's last run in the tasks view (a); run one now with proxdeck backup create ${guest.vmid} --storage ${job.storage}`,
					);
				else if (onStorage.ctime * 1000 < due - 60_000)
					add(
						'backup:age',
						'warn',
						`last good backup on ${job.storage} is ${age(nowMs, onStorage.ctime)} old; ${jobName(job)} (${job.schedule}) should have made one at ${new Date(due).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
						`see why its runs fail or did not start (tasks view, a); back it up now with proxdeck backup create ${guest.vmid} --storage ${job.storage}`,
					);
				else
					add(
						'backup:age',
						'pass',
						`last backup on ${job.storage} ${age(nowMs, onStorage.ctime)} ago, as ${job.schedule} promises`,
					);
			}
		}

		// The newest run that failed for this guest, unless a good backup came after it.
		const failure = data.backupTasks
			.map((task) => ({task, outcome: data.failedRuns[task.upid]?.find((o) => o.vmid === guest.vmid && !o.ok)}))
			.find((f) => f.outcome !== undefined);
		if (failure && !(last?.ctime && last.ctime >= failure.task.starttime)) {
			const storage = failure.outcome!.storage ?? null;
			add(
				'backup:last-run',
				'fail',
				`the last backup run (${new Date(failure.task.starttime * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC) failed${fullStorage(snapshot, storage)}: ${failure.outcome!.error ?? 'see its log'}`,
				`read the whole log: proxdeck task log ${failure.task.upid}`,
			);
		}

		const onPbs = mine.filter((b) => pbs.has(b.storage));
		if (onPbs.length > 0) {
			const verified = onPbs.filter((b) => b.verification);
			const latest = newest(verified);
			if (verified.length === 0)
				add(
					'backup:verify',
					'warn',
					`none of its ${onPbs.length} backups on ${[...new Set(onPbs.map((b) => b.storage))].join(', ')} was ever verified`,
					'add a verify job on the backup server (Datastore > Verify Jobs), so a backup that cannot be read is found before it is needed',
				);
			else if (latest?.verification?.state !== 'ok')
				add(
					'backup:verify',
					'fail',
					`the last verification of ${latest?.volid} says ${latest?.verification?.state}`,
					'the backup server found a bad chunk: make a new backup and look at its datastore',
				);
		}

		results.push(...out);
		const worst = out.reduce<HealthState>((w, r) => (RANK[r.state] > RANK[w] ? r.state : w), 'pass');
		const label =
			skipped && jobs?.length === 0
				? 'skip'
				: jobs !== null && jobs.length === 0
					? 'none'
					: out.some((r) => r.check === 'backup:last-run')
						? 'fail'
						: last?.ctime
							? short(nowMs, last.ctime)
							: jobs === null
								? '?'
								: 'none';
		coverage[guest.vmid] = {vmid: guest.vmid, state: worst, label};
	}
	return {results, coverage};
}
