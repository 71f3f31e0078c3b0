/** `qm`: the one VM (OPNsense) and any generated ones: list, status, config, lifecycle. */
import {notOnThisNode, ok, pveError, type SimContext} from './cmd-util.js';
import type {SimResult} from './faults.js';
import {sharedVerb} from './lifecycle.js';
import {findGuest} from './mutate.js';
import {renderQmList} from './render/lists.js';
import {renderSnapshotTree} from './safety-api.js';

export function runQm(ctx: SimContext, args: string[]): SimResult {
	const [sub, vmidText] = args;
	if (sub === 'list') return ok(renderQmList(ctx.state, ctx.now, ctx.node));
	if (!sub || !['status', 'config', 'start', 'stop', 'shutdown', 'reboot', 'listsnapshot'].includes(sub)) {
		return {
			stdout: '',
			stderr: `ERROR: unknown command 'qm ${sub ?? ''}'\nUSAGE: qm <COMMAND> [ARGS] [OPTIONS]\n`,
			code: 255,
		};
	}
	if (!vmidText || !/^\d+$/.test(vmidText))
		return {
			stdout: '',
			stderr: `400 Parameter verification failed.\nvmid: type check ('integer') failed - got '${vmidText ?? ''}'\n\nqm ${sub} <vmid> [OPTIONS]\n`,
			code: 255,
		};
	const vmid = Number(vmidText);
	const guest = findGuest(ctx.state, vmid);
	if (!guest || guest.type !== 'qemu' || guest.node !== ctx.node) return notOnThisNode(ctx, 'qemu', vmid, sub);
	if (sub === 'listsnapshot') return ok(renderSnapshotTree(guest));
	return sharedVerb(ctx, guest, sub) ?? pveError(`unknown command 'qm ${sub}'`);
}
