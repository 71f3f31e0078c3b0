/**
 * `proxdeck set <vmid> [--memory MiB] [--cores N] [--swap MiB]` and
 * `proxdeck resize <vmid> <disk> <+SIZE|SIZE>`: vertical scaling of a container, planned,
 * confirmed, journaled (ops/scale.ts).
 */
import type {SubcommandArgs} from '../cli-args.js';
import {EXIT} from '../exit-codes.js';
import {assertDiskSize, assertVmid, InvalidValueError, validated} from '../host/validate.js';
import type {Job, OpsEnv} from '../ops/job.js';
import {planResize, planSet, type SetRequest} from '../ops/scale.js';
import type {SubcommandDeps} from './io.js';
import {flag, makeIo, opsEnv, value} from './io.js';
import {runJobs} from './run-jobs.js';

/** A whole number of MiB, as `pct set` takes it; `4G` is answered with the number to give. */
function mebibytes(option: string, text: string, min: number): number {
	const giga = /^(\d+)G(?:i?B)?$/i.exec(text);
	if (giga) throw new InvalidValueError(option, text, `MiB as a whole number (${Number(giga[1]) * 1024} for ${text})`);
	if (!/^\d+$/.test(text) || Number(text) < min)
		throw new InvalidValueError(option, text, `MiB as a whole number of at least ${min}`);
	return Number(text);
}

function wholeNumber(option: string, text: string, min: number, max: number): number {
	if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max)
		throw new InvalidValueError(option, text, `a whole number from ${min} to ${max}`);
	return Number(text);
}

export async function setCommand(args: SubcommandArgs, deps: SubcommandDeps): Promise<number> {
	const io = makeIo(deps);
	if (args.positional.length !== 1) {
		io.err('set takes one VMID: proxdeck set <vmid> [--memory MiB] [--cores N] [--swap MiB]');
		return EXIT.usage;
	}
	const memory = value(args, 'memory');
	const cores = value(args, 'cores');
	const swap = value(args, 'swap');
	if (memory === undefined && cores === undefined && swap === undefined) {
		io.err('set needs at least one of --memory MiB, --cores N, --swap MiB');
		return EXIT.usage;
	}
	const checked = validated((): SetRequest => ({
		vmid: assertVmid(args.positional[0]!),
		...(memory !== undefined ? {memory: mebibytes('--memory', memory, 16)} : {}),
		...(cores !== undefined ? {cores: wholeNumber('--cores', cores, 1, 8192)} : {}),
		...(swap !== undefined ? {swap: mebibytes('--swap', swap, 0)} : {}),
	}));
	return runOne(args, deps, checked, (env, request) => planSet(env, request, deps.signal));
}

export async function resizeCommand(args: SubcommandArgs, deps: SubcommandDeps): Promise<number> {
	const io = makeIo(deps);
	if (args.positional.length !== 3) {
		io.err(
			'resize takes a VMID, a disk and a size: proxdeck resize <vmid> <rootfs|mpN> <+SIZE|SIZE> (+10G grows by 10 GiB)',
		);
		return EXIT.usage;
	}
	const [vmidText, disk, size] = args.positional as [string, string, string];
	const checked = validated(() => {
		if (!/^(rootfs|mp\d{1,3})$/.test(disk)) throw new InvalidValueError('disk', disk, 'rootfs or mp0..mp255');
		return {vmid: assertVmid(vmidText), disk, size: assertDiskSize(size)};
	});
	return runOne(args, deps, checked, (env, request) => planResize(env, request, deps.signal));
}

/** A checked request planned from one read and run as one job (`set 110`, `resize 110` in the progress lines). */
async function runOne<T extends {vmid: number}>(
	args: SubcommandArgs,
	deps: SubcommandDeps,
	checked: {ok: true; value: T} | {ok: false; error: InvalidValueError},
	plan: (env: OpsEnv, request: T) => Promise<Job>,
): Promise<number> {
	const io = makeIo(deps);
	if (!checked.ok) {
		io.err(checked.error.message);
		return EXIT.usage;
	}
	const job = await plan(opsEnv(deps), checked.value);
	const options = {dryRun: flag(args, 'dry-run'), yes: flag(args, 'yes'), rollback: flag(args, 'rollback')};
	return (await runJobs(io, deps, [job], {...options, label: () => `${args.name} ${checked.value.vmid}`})).exitCode;
}
