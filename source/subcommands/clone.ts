/** `proxdeck clone <template-vmid> <new-vmid> [--hostname H] [--storage S] [--ip CIDR --gw IP --bridge B] [--node N]` */
import type {SubcommandArgs} from '../cli-args.js';
import {EXIT} from '../exit-codes.js';
import {
	assertBridge,
	assertCidr,
	assertHostname,
	assertIpv4,
	assertNode,
	assertStorage,
	assertVmid,
	validated,
} from '../host/validate.js';
import {planClone, type CloneRequest} from '../ops/clone.js';
import type {SubcommandDeps} from './io.js';
import {flag, makeIo, opsEnv, value} from './io.js';
import {runJobs} from './run-jobs.js';

export async function cloneCommand(args: SubcommandArgs, deps: SubcommandDeps): Promise<number> {
	const io = makeIo(deps);
	if (args.positional.length !== 2) {
		io.err('clone needs <template-vmid> <new-vmid>');
		return EXIT.usage;
	}
	const [tpl, vmid] = args.positional as [string, string];
	const hostname = value(args, 'hostname');
	const storage = value(args, 'storage');
	const ip = value(args, 'ip');
	const gw = value(args, 'gw');
	const bridge = value(args, 'bridge');
	const node = value(args, 'node');
	if ((ip !== undefined) !== (bridge !== undefined)) {
		io.err('--ip and --bridge go together (the address needs a bridge to live on)');
		return EXIT.usage;
	}
	if (gw !== undefined && ip === undefined) {
		io.err('--gw needs --ip and --bridge');
		return EXIT.usage;
	}
	const checked = validated((): CloneRequest => ({
		templateVmid: assertVmid(tpl),
		vmid: assertVmid(vmid),
		...(hostname !== undefined ? {hostname: assertHostname(hostname)} : {}),
		...(storage !== undefined ? {storage: assertStorage(storage)} : {}),
		...(ip !== undefined ? {ip: assertCidr(ip)} : {}),
		...(gw !== undefined ? {gw: assertIpv4(gw)} : {}),
		...(bridge !== undefined ? {bridge: assertBridge(bridge)} : {}),
		...(node !== undefined ? {node: assertNode(node)} : {}),
	}));
	if (!checked.ok) {
		io.err(checked.error.message);
		return EXIT.usage;
	}
	const request = checked.value;
	const job = await planClone(opsEnv(deps), request, deps.signal);
	const outcome = await runJobs(io, deps, [job], {
		dryRun: flag(args, 'dry-run'),
		yes: flag(args, 'yes'),
		label: () => `clone ${request.vmid}`,
	});
	return outcome.exitCode;
}
