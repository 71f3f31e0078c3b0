/**
 * `pvesh get|create <path>`: the API paths proxdeck reads, plus the status actions
 * (`create /nodes/<n>/lxc/<vmid>/status/start`) which print their task's UPID. A
 * `/nodes/<n>/…` path is answered by node n whichever node pvesh runs on (pveproxy forwards
 * it), so it reaches a guest on another node without a hop, and fails when n is down.
 */
import {ok, pveError, upid, type SimContext} from './cmd-util.js';
import type {SimResult} from './faults.js';
import {rebootGuest, startGuest, stopGuest} from './lifecycle.js';
import {renderConfigJson} from './render/guest-config.js';
import {
	nextFreeVmid,
	renderClusterResources,
	renderClusterStatus,
	renderNodeGuests,
	renderStatusCurrent,
	sortedJson,
} from './render/pvesh.js';
import {findNode, isUp} from './nodes.js';
import {guestOn, runSafetyPvesh} from './safety-api.js';

export function runPvesh(ctx: SimContext, args: string[]): SimResult {
	const [verb, rawPath] = args;
	if (!verb || !rawPath) return {stdout: '', stderr: 'ERROR: no command specified\n', code: 255};
	const path = rawPath.replace(/\/+$/, '') || '/';
	// A node's own path is answered by that node: one that is down answers nothing (snapshots, tasks, backups alike).
	const nodePath = /^\/nodes\/([^/]+)\//.exec(path);
	const down = nodePath ? nodeDown(ctx, nodePath[1]!) : null;
	if (down) return down;
	const safety = runSafetyPvesh(ctx, verb, path, args.slice(2));
	if (safety) return safety;
	const typeFilter = args[args.indexOf('--type') + 1];
	if (verb === 'get') return get(ctx, path, args.includes('--type') ? typeFilter : undefined);
	if (verb === 'create') return create(ctx, path);
	return pveError(`unknown command 'pvesh ${verb}'`);
}

/** pveproxy forwarding to a node that is down: the connection it cannot make. */
function nodeDown(ctx: SimContext, name: string): SimResult | null {
	const node = findNode(ctx.state, name);
	if (!node)
		return pveError(
			`hostname lookup '${name}' failed - failed to get address info for: ${name}: Name or service not known`,
		);
	return isUp(ctx.state, node) ? null : pveError(`500 Can't connect to ${node.ip}:8006 (No route to host)`);
}

/** The guest a `/nodes/<node>/<type>/<vmid>/…` path names (runPvesh has refused a node that is down). */
const guestAt = guestOn;

function get(ctx: SimContext, path: string, type?: string): SimResult {
	if (path === '/cluster/resources') {
		if (!type) return ok(renderClusterResources(ctx.state, ctx.now));
		const all = JSON.parse(renderClusterResources(ctx.state, ctx.now)) as {type: string}[];
		const wanted = type === 'vm' ? ['lxc', 'qemu'] : [type];
		return ok(`${sortedJson(all.filter((e) => wanted.includes(e.type)))}\n`);
	}
	if (path === '/cluster/status') return ok(renderClusterStatus(ctx.state));
	if (path === '/cluster/nextid') return ok(`${nextFreeVmid(ctx.state)}\n`);
	if (path === '/version')
		return ok(`${sortedJson({release: '9.0', repoid: 'deb1ca707ec72a89', version: '9.0.10'})}\n`);
	if (path === '/nodes')
		return ok(
			`${sortedJson(ctx.state.nodes.map((n) => ({id: `node/${n.name}`, level: '', node: n.name, status: isUp(ctx.state, n) ? 'online' : 'offline', type: 'node'})))}\n`,
		);
	const list = /^\/nodes\/([^/]+)\/(lxc|qemu)$/.exec(path);
	if (list)
		return nodeDown(ctx, list[1]!) ?? ok(renderNodeGuests(ctx.state, list[1]!, list[2] as 'lxc' | 'qemu', ctx.now));
	const one = /^\/nodes\/([^/]+)\/(lxc|qemu)\/(\d+)\/(status\/current|config)$/.exec(path);
	if (one) {
		const guest = guestAt(ctx, one[1]!, one[2]!, one[3]!);
		if (!guest || 'code' in guest) return guest as SimResult;
		return ok(one[4] === 'config' ? renderConfigJson(guest) : renderStatusCurrent(ctx.state, guest, ctx.now));
	}
	return pveError(`No 'get' handler defined for '${path}'`);
}

function create(ctx: SimContext, path: string): SimResult {
	const m = /^\/nodes\/([^/]+)\/(lxc|qemu)\/(\d+)\/status\/(start|stop|shutdown|reboot)$/.exec(path);
	if (!m) return pveError(`No 'create' handler defined for '${path}'`);
	const guest = guestAt(ctx, m[1]!, m[2]!, m[3]!);
	if (!guest || 'code' in guest) return guest as SimResult;
	const action = m[4]!;
	const result =
		action === 'start'
			? startGuest(ctx, guest)
			: action === 'reboot'
				? rebootGuest(ctx, guest)
				: stopGuest(ctx, guest, action === 'stop' ? 'stop' : 'shutdown');
	if (result.code !== 0) return result;
	const prefix = guest.type === 'qemu' ? 'qm' : 'vz';
	return ok(`${JSON.stringify(upid(m[1]!, ctx.now, `${prefix}${action}`, guest.vmid))}\n`);
}
