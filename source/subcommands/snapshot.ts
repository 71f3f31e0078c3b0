/**
 * `proxdeck snapshot list|create|rollback|delete <vmid> [name]`: a guest's snapshot tree, and
 * the jobs that take, roll back to and delete snapshots (plans first, confirmed, journaled).
 */
import type {SubcommandArgs} from '../cli-args.js';
import {EXIT} from '../exit-codes.js';
import {assertSnapshotName, assertVmid, validated} from '../host/validate.js';
import type {Job} from '../ops/job.js';
import {readSnapshot} from '../ops/shared.js';
import {buildRollbackJob, buildSnapshotCreateJob, buildSnapshotDeleteJob} from '../ops/snapshot.js';
import {fetchSnapshots} from '../ops/guest-api.js';
import {snapshotRows} from '../report/safety-rows.js';
import type {SubcommandDeps} from './io.js';
import {flag, makeIo, opsEnv, table, tryBuild, value} from './io.js';
import {runJobs} from './run-jobs.js';

const USAGE =
	'usage: proxdeck snapshot list <vmid> | create <vmid> <name> [--description D] [--vmstate] | rollback <vmid> <name> [--start|--no-start] | delete <vmid> <name>';

export async function snapshotCommand(args: SubcommandArgs, deps: SubcommandDeps): Promise<number> {
	const io = makeIo(deps);
	const [verb, vmidText, nameText, ...extra] = args.positional;
	const needsName = verb === 'create' || verb === 'rollback' || verb === 'delete';
	if (
		!(verb === 'list' || needsName) ||
		vmidText === undefined ||
		(needsName ? nameText === undefined : nameText !== undefined) ||
		extra.length > 0
	) {
		io.err(USAGE);
		return EXIT.usage;
	}
	if (flag(args, 'start') && flag(args, 'no-start')) {
		io.err('--start and --no-start contradict each other: pick one');
		return EXIT.usage;
	}
	const checked = validated(() => ({
		vmid: assertVmid(vmidText),
		name: nameText === undefined ? undefined : assertSnapshotName(nameText),
	}));
	if (!checked.ok) {
		// Names a snapshot Proxmox would refuse, with its rule, before anything runs.
		io.err(checked.error.message);
		return EXIT.usage;
	}
	const {vmid, name} = checked.value;
	const env = opsEnv(deps);
	const read = await readSnapshot(env, deps.signal);
	const guest = read.snapshot?.guests.find((g) => g.vmid === vmid);
	if (!read.snapshot) {
		io.err(read.error ?? 'could not read the host');
		return EXIT.error;
	}
	const listed = guest ? await fetchSnapshots(env, guest, deps.signal) : null;
	if (verb === 'list') {
		if (!guest) {
			io.err(`guest ${vmid} does not exist`);
			return EXIT.error;
		}
		if (!listed?.ok) {
			io.err(`could not read the snapshots of ${vmid}: ${listed?.error ?? 'no answer'}`);
			return EXIT.error;
		}
		if (flag(args, 'json') || deps.options.json) {
			const rows = snapshotRows(listed.list).map((r) => ({...r.snapshot, depth: r.depth}));
			io.json({
				schemaVersion: 1,
				context: deps.context,
				vmid,
				name: guest.name,
				node: guest.node,
				type: guest.type,
				snapshots: rows,
			});
			return EXIT.ok;
		}
		const vm = guest.type === 'qemu';
		const rows = snapshotRows(listed.list).map((r) => [r.tree, r.time, ...(vm ? [r.ram] : []), r.description]);
		for (const line of table([['NAME', 'TIME', ...(vm ? ['RAM'] : []), 'DESCRIPTION'], ...rows])) io.out(line);
		return EXIT.ok;
	}
	const existing = listed?.ok ? listed.list : undefined;
	const built = tryBuild((): Job => {
		if (verb === 'create') {
			const description = value(args, 'description');
			return buildSnapshotCreateJob(
				{
					vmid,
					name: name!,
					...(description !== undefined ? {description} : {}),
					...(flag(args, 'vmstate') ? {vmstate: true} : {}),
				},
				read.snapshot,
				env,
				existing,
			);
		}
		if (verb === 'rollback') {
			const start = flag(args, 'start') ? true : flag(args, 'no-start') ? false : undefined;
			return buildRollbackJob(
				{vmid, name: name!, ...(start !== undefined ? {start} : {})},
				read.snapshot,
				env,
				existing,
				listed && !listed.ok ? listed.error : undefined,
			);
		}
		return buildSnapshotDeleteJob(
			{vmid, name: name!},
			read.snapshot,
			env,
			existing,
			listed && !listed.ok ? listed.error : undefined,
		);
	});
	if (!built.ok) {
		io.err(built.message);
		return EXIT.usage;
	}
	const outcome = await runJobs(io, deps, [built.value], {
		dryRun: flag(args, 'dry-run'),
		yes: flag(args, 'yes'),
		label: () => `${verb} ${vmid}`,
	});
	return outcome.exitCode;
}
