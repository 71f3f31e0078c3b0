/** `proxdeck start|stop|shutdown|reboot <vmid...>` and `proxdeck destroy <vmid> --confirm <vmid>`. */
import type {SubcommandArgs} from '../cli-args.js';
import {EXIT} from '../exit-codes.js';
import {assertVmid, InvalidValueError, validated} from '../host/validate.js';
import {buildLifecycleJob, type LifecycleRequest} from '../ops/lifecycle.js';
import {readSnapshot} from '../ops/shared.js';
import type {SubcommandDeps} from './io.js';
import {flag, makeIo, opsEnv, value} from './io.js';
import {runJobs} from './run-jobs.js';

/** `--timeout` for shutdown: whole seconds, as `pct shutdown --timeout` takes them. */
function seconds(text: string): number {
	const n = Number(text);
	if (!Number.isInteger(n) || n < 1 || n > 3600)
		throw new InvalidValueError('--timeout', text, 'seconds from 1 to 3600');
	return n;
}

export async function lifecycleCommand(args: SubcommandArgs, deps: SubcommandDeps): Promise<number> {
	const io = makeIo(deps);
	const action = args.name as 'start' | 'stop' | 'shutdown' | 'reboot' | 'destroy';
	if (args.positional.length === 0) {
		io.err(`${action} needs at least one VMID`);
		return EXIT.usage;
	}
	if (action === 'destroy' && args.positional.length !== 1) {
		io.err('destroy takes exactly one VMID');
		return EXIT.usage;
	}
	const timeout = value(args, 'timeout');
	const checked = validated(() => ({
		vmids: [...new Set(args.positional.map((p) => assertVmid(p)))],
		timeoutSec: timeout === undefined ? undefined : seconds(timeout),
	}));
	if (!checked.ok) {
		io.err(checked.error.message);
		return EXIT.usage;
	}
	const {vmids, timeoutSec} = checked.value;
	const env = opsEnv(deps);
	// One read for all the guests named.
	const read = await readSnapshot(env, deps.signal);
	const jobs = vmids.map((vmid) => {
		const request: LifecycleRequest =
			action === 'shutdown' ? {action, vmid, ...(timeoutSec ? {timeoutSec} : {})} : {action, vmid};
		return buildLifecycleJob(request, read.snapshot, env, read.error);
	});
	const confirm = value(args, 'confirm');
	const outcome = await runJobs(io, deps, jobs, {
		dryRun: flag(args, 'dry-run'),
		yes: flag(args, 'yes'),
		...(confirm !== undefined ? {typedGiven: confirm} : {}),
		label: (job) => `${action} ${job.plan.vmid ?? ''}`.trim(),
	});
	return outcome.exitCode;
}
