/**
 * The host's other tools: zpool, zfs, ip, bridge, wg, journalctl, cat of /etc/pve, pveversion,
 * pvecm, `ha-manager status`, `command -v`, curl/nc probes and a few identity commands.
 */
import {ok, notFound, shellBuiltin, type SimContext} from './cmd-util.js';
import {runJournalctl} from './cmd-journal.js';
import type {SimResult} from './faults.js';
import {hostJournalSource} from './journal.js';
import {curl, nc} from './net-probe.js';
import {renderBridgeLink, renderIpAddr, renderIpLink, renderIpRoute, renderIpRule} from './render/iproute.js';
import {renderPveversion} from './render/lists.js';
import {renderHaStatus} from './render/ha.js';
import {readPveFile} from './render/pve-files.js';
import {findNode, findPool} from './nodes.js';
import {renderZfsList, renderZpoolList, renderZpoolStatus} from './render/zfs.js';

/** Binaries a Proxmox host has (for `command -v`). */
export const HOST_BINARIES: Record<string, string> = {
	pvesh: '/usr/bin/pvesh',
	pct: '/usr/sbin/pct',
	qm: '/usr/sbin/qm',
	zpool: '/usr/sbin/zpool',
	zfs: '/usr/sbin/zfs',
	ip: '/usr/bin/ip',
	bridge: '/usr/sbin/bridge',
	wg: '/usr/bin/wg',
	journalctl: '/usr/bin/journalctl',
	pveversion: '/usr/bin/pveversion',
	pvecm: '/usr/bin/pvecm',
	'ha-manager': '/usr/sbin/ha-manager',
	awk: '/usr/bin/awk',
	timeout: '/usr/bin/timeout',
	sudo: '/usr/bin/sudo',
	cat: '/usr/bin/cat',
	curl: '/usr/bin/curl',
	nc: '/usr/bin/nc',
};

function zpool(ctx: SimContext, args: string[]): SimResult {
	const [sub, ...rest] = args;
	if (sub === 'list') return ok(renderZpoolList(ctx.state, ctx.now, ctx.node));
	if (sub === 'status') {
		if (rest.some((a) => /^-\w*j/.test(a)))
			return {
				stdout: '',
				stderr:
					"invalid option 'j'\nusage:\n\tstatus [--power] [-c [script1,script2,...]] [-DegiLpPstvx] [-T d|u] [pool] ...\n\t    [interval [count]]\n",
				code: 2,
			};
		if (rest.includes('-x')) {
			const degraded = ctx.state.faults.degradedPool?.pool;
			const here = degraded !== undefined && findPool(ctx.state, degraded, ctx.node) !== undefined;
			return ok(here ? renderZpoolStatus(ctx.state, ctx.now, [degraded], ctx.node) : 'all pools are healthy\n');
		}
		const names = rest.filter((a) => !a.startsWith('-'));
		const unknown = names.find((n) => !findPool(ctx.state, n, ctx.node));
		if (unknown) return {stdout: '', stderr: `cannot open '${unknown}': no such pool\n`, code: 1};
		return ok(renderZpoolStatus(ctx.state, ctx.now, names, ctx.node));
	}
	return {stdout: '', stderr: `unrecognized command '${sub ?? ''}'\n`, code: 2};
}

function ipTool(ctx: SimContext, args: string[]): SimResult {
	const words = args.filter((a) => a !== '-j' && a !== '-json' && a !== '--json' && a !== '-d' && a !== '-details');
	if (!args.some((a) => a === '-j' || a === '-json' || a === '--json'))
		return {stdout: '', stderr: 'the simulated host only answers `ip -j`\n', code: 1};
	const [object] = words;
	if (object === 'addr' || object === 'address' || object === 'a') return ok(renderIpAddr(ctx.state, ctx.node));
	if (object === 'link' || object === 'l') return ok(renderIpLink(ctx.state, ctx.node));
	if (object === 'route' || object === 'r') return ok(renderIpRoute(ctx.state, ctx.node));
	if (object === 'rule' || object === 'ru') return ok(renderIpRule(ctx.state, ctx.node));
	return {stdout: '', stderr: `Object "${object ?? ''}" is unknown, try "ip help".\n`, code: 1};
}

function cat(ctx: SimContext, files: string[]): SimResult {
	let stdout = '';
	let stderr = '';
	for (const file of files) {
		const content = file.startsWith('/etc/pve/')
			? readPveFile(ctx.state, file.slice('/etc/pve/'.length), ctx.node)
			: file === '/etc/hostname'
				? `${ctx.node}\n`
				: null;
		if (content === null) stderr += `cat: ${file}: No such file or directory\n`;
		else stdout += content;
	}
	return {stdout, stderr, code: stderr ? 1 : 0};
}

export function runHostTool(ctx: SimContext, argv: string[]): SimResult {
	const [command = '', ...args] = argv;
	switch (command) {
		case 'zpool':
			return zpool(ctx, args);
		case 'zfs':
			return args[0] === 'list'
				? ok(renderZfsList(ctx.state, ctx.now, ctx.node))
				: {stdout: '', stderr: `unrecognized command '${args[0] ?? ''}'\n`, code: 2};
		case 'ip':
			return ipTool(ctx, args);
		case 'bridge':
			return args.includes('-j') && args.includes('link')
				? ok(renderBridgeLink(ctx.state, ctx.node))
				: {stdout: '', stderr: 'the simulated host only answers `bridge -j link show`\n', code: 1};
		case 'wg':
			// The host runs no WireGuard itself: the tunnel lives in guest 116.
			return ok();
		case 'journalctl':
			return runJournalctl(
				ctx,
				hostJournalSource(ctx.state, ctx.now, ctx.node),
				args,
				findNode(ctx.state, ctx.node)?.bootedAt ?? ctx.state.createdAt,
			);
		case 'cat':
			return cat(ctx, args);
		case 'pveversion':
			return ok(renderPveversion(args.includes('-v') || args.includes('--verbose')));
		case 'pvecm':
			return ctx.state.clusterName
				? ok(
						`Cluster information\n-------------------\nName:             ${ctx.state.clusterName}\nConfig Version:   ${ctx.state.nodes.length + 2}\nTransport:        knet\nSecure auth:      on\n`,
					)
				: {
						stdout: '',
						stderr:
							"Error: Corosync config '/etc/pve/corosync.conf' does not exist - is this node part of a cluster?\n",
						code: 2,
					};
		case 'ha-manager':
			return args[0] === 'status'
				? ok(renderHaStatus(ctx.state, ctx.now, ctx.node))
				: {stdout: '', stderr: 'the simulated host only answers `ha-manager status`\n', code: 1};
		case 'command': {
			const name = args.filter((a) => !a.startsWith('-'))[0] ?? '';
			const path = HOST_BINARIES[name];
			if (name === 'sudo' && ctx.state.faults.noSudo) return {stdout: '', stderr: '', code: 1};
			return path ? ok(`${path}\n`) : {stdout: '', stderr: '', code: 1};
		}
		case 'curl':
			return curl(ctx, args);
		case 'nc':
			return nc(ctx, args);
		case 'hostname':
			return ok(`${ctx.node}\n`);
		case 'uname':
			return ok(args.includes('-r') ? '6.14.11-2-pve\n' : 'Linux\n');
		case 'id':
			return ok(args.includes('-u') ? '0\n' : 'uid=0(root) gid=0(root) groups=0(root)\n');
		case 'date':
			// The simulated host runs on UTC.
			return ok(
				args[0] === '+%z'
					? '+0000\n'
					: args[0] === '+%s'
						? `${Math.floor(ctx.now / 1000)}\n`
						: `${new Date(ctx.now).toUTCString().replace('GMT', 'UTC')}\n`,
			);
		default:
			return shellBuiltin(command, args) ?? notFound(command);
	}
}
