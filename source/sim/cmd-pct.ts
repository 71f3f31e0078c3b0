/**
 * `pct`: reads (list, status, config), lifecycle (start, stop, shutdown, reboot), exec into a
 * guest, and the writes (clone, create, set, resize, snapshot, template, destroy; see
 * cmd-pct-write.ts), each refusing with Proxmox's own words.
 */
import {runInGuest} from './cmd-guest.js';
import {cloneCt, createCt, destroyCt, resizeCt, setCt, snapshotCt, templateCt} from './cmd-pct-write.js';
import {notOnThisNode, ok, paramError, parseOptions, pveError, type SimContext} from './cmd-util.js';
import {takeFailStep, type SimResult} from './faults.js';
import {sharedVerb} from './lifecycle.js';
import {renderSnapshotTree} from './safety-api.js';
import {findGuest, liveStatus} from './mutate.js';
import {renderPctList} from './render/lists.js';
import type {SimGuest} from './types.js';

const USAGE: Record<string, string> = {
	start: 'pct start <vmid> [OPTIONS]',
	stop: 'pct stop <vmid> [OPTIONS]',
	shutdown: 'pct shutdown <vmid> [OPTIONS]',
	reboot: 'pct reboot <vmid> [OPTIONS]',
	status: 'pct status <vmid> [OPTIONS]',
	config: 'pct config <vmid> [OPTIONS]',
	exec: 'pct exec <vmid> [<extra-args>] [OPTIONS]',
	enter: 'pct enter <vmid> [OPTIONS]',
	destroy: 'pct destroy <vmid> [OPTIONS]',
	template: 'pct template <vmid>',
	clone: 'pct clone <vmid> <newid> [OPTIONS]',
	set: 'pct set <vmid> [OPTIONS]',
	resize: 'pct resize <vmid> <disk> <size> [OPTIONS]',
	snapshot: 'pct snapshot <vmid> <snapname> [OPTIONS]',
	create: 'pct create <vmid> <ostemplate> [OPTIONS]',
	listsnapshot: 'pct listsnapshot <vmid>',
};

/** The guest a `pct <sub> <vmid>` names, or Proxmox's error when there is none on this node. */
export function lookupCt(ctx: SimContext, vmidText: string | undefined, sub: string): SimGuest | SimResult {
	if (vmidText === undefined)
		return paramError({vmid: 'property is missing and it is not optional'}, USAGE[sub] ?? `pct ${sub}`);
	if (!/^\d+$/.test(vmidText))
		return paramError({vmid: `type check ('integer') failed - got '${vmidText}'`}, USAGE[sub] ?? `pct ${sub}`);
	const vmid = Number(vmidText);
	const guest = findGuest(ctx.state, vmid);
	// pct reaches only the guests of the node it runs on.
	if (!guest || guest.type !== 'lxc' || guest.node !== ctx.node) return notOnThisNode(ctx, 'lxc', vmid, sub);
	return guest;
}

export function isResult(value: SimGuest | SimResult): value is SimResult {
	return 'code' in value && 'stderr' in value;
}

export function runPct(ctx: SimContext, args: string[]): SimResult {
	const [sub, ...rest] = args;
	if (sub === undefined || sub === 'help')
		return {stdout: '', stderr: `ERROR: no command specified\nUSAGE: pct <COMMAND> [ARGS] [OPTIONS]\n`, code: 255};
	if (sub === 'list') return ok(renderPctList(ctx.state, ctx.now, ctx.node));
	if (!(sub in USAGE))
		return {
			stdout: '',
			stderr: `ERROR: unknown command 'pct ${sub}'\nUSAGE: pct <COMMAND> [ARGS] [OPTIONS]\n`,
			code: 255,
		};
	if (sub === 'create') return createCt(ctx, rest);
	const found = lookupCt(ctx, rest[0], sub);
	if (isResult(found)) return found;
	const guest = found;
	// failStep targets the guest being worked on; for clone that is the new one.
	const stepFailure = takeFailStep(ctx.state, sub, sub === 'clone' ? (rest[1] ?? '') : String(guest.vmid));
	if (stepFailure) return stepFailure;
	const shared = sharedVerb(ctx, guest, sub);
	if (shared) return shared;
	switch (sub) {
		case 'exec':
			return execInCt(ctx, guest, rest.slice(1));
		case 'enter':
			return {
				stdout: '',
				stderr:
					'lxc-attach: failed to allocate a pseudo terminal: Inappropriate ioctl for device (pct enter needs an interactive terminal)\n',
				code: 1,
			};
		case 'destroy':
			return destroyCt(
				ctx,
				guest,
				parseOptions(rest.slice(1), ['purge', 'force', 'destroy-unreferenced-disks']).options,
			);
		case 'template':
			return templateCt(ctx, guest);
		case 'clone':
			return cloneCt(ctx, guest, rest.slice(1));
		case 'set':
			return setCt(ctx, guest, rest.slice(1));
		case 'resize':
			return resizeCt(ctx, guest, rest.slice(1));
		case 'snapshot':
			return snapshotCt(ctx, guest, rest.slice(1));
		case 'listsnapshot':
			return ok(renderSnapshotTree(guest));
		default:
			return pveError(`unknown command 'pct ${sub}'`);
	}
}

function execInCt(ctx: SimContext, guest: SimGuest, args: string[]): SimResult {
	const command = args[0] === '--' ? args.slice(1) : args;
	if (command.length === 0) return pveError('missing command');
	if (liveStatus(guest, ctx.now) !== 'running') return pveError(`CT ${guest.vmid} not running`);
	return runInGuest(ctx, guest, command, '/root');
}
