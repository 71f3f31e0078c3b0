/**
 * Commands inside a running container (`pct exec <vmid> -- ...`): WireGuard in the gateway,
 * docker in Docker hosts, the guest's journal, database pings, curl, `sh -c`, and lxc-attach's
 * own error when the binary is not there.
 */
import {runDocker} from './cmd-docker.js';
import {runJournalctl} from './cmd-journal.js';
import {ok, shellBuiltin, type SimContext} from './cmd-util.js';
import type {SimResult} from './faults.js';
import {guestJournalSource} from './journal.js';
import {guestMetrics, isRootfsFull} from './metrics.js';
import {servicesUp} from './mutate.js';
import {curl, nc} from './net-probe.js';
import {renderWgDump} from './render/wg.js';
import {runShell} from './shell.js';
import {timed} from './command-time.js';
import {guestCommandReads, markChanged} from './changes.js';
import type {SimGuest} from './types.js';
import {guestApt, guestIpAddr} from './template-build.js';

/** What lxc-attach says when the command does not exist in the container. */
export function execFailure(guest: SimGuest, command: string): SimResult {
	return {
		stdout: '',
		stderr: `lxc-attach: ${guest.vmid}: ../src/lxc/attach.c: lxc_attach_run_command: 1841 No such file or directory - Failed to exec "${command}"\n`,
		code: 255,
	};
}

/** The service's software is installed (running or stopped inside the guest). */
function hasService(guest: SimGuest, port: number): boolean {
	return [...guest.services, ...(guest.stoppedServices ?? [])].some((s) => s.port === port);
}

/** It answers: not stopped, and the guest has been up long enough. */
function answers(ctx: SimContext, guest: SimGuest, port: number): boolean {
	return guest.services.some((s) => s.port === port) && servicesUp(ctx.state, guest, ctx.now);
}

function df(ctx: SimContext, guest: SimGuest): SimResult {
	const m = guestMetrics(ctx.state, guest, ctx.now);
	const size = guest.rootfs.size;
	const used = isRootfsFull(ctx.state, guest.vmid) ? size : m.disk;
	const human = (n: number): string =>
		n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)}G` : `${Math.round(n / 1024 ** 2)}M`;
	const pct = `${Math.round((used * 100) / size)}%`;
	const [store = '', volume = ''] = guest.rootfs.volume.split(':');
	const device = volume.startsWith('subvol-') ? `${store}/${volume}` : `/dev/mapper/pve-vm--${guest.vmid}--disk--0`;
	return ok(
		`Filesystem${' '.repeat(Math.max(1, device.length - 9))}Size  Used Avail Use% Mounted on\n${device}  ${human(size).padStart(4)}  ${human(used).padStart(4)}  ${human(size - used).padStart(4)} ${pct.padStart(4)} /\n`,
	);
}

/** `ls -d <path>...`: the paths that exist, one a line; coreutils' error for the others. */
function listPaths(guest: SimGuest, args: string[]): SimResult {
	const missing = new Set(guest.docker?.missingPaths ?? []);
	const paths = args.filter((a) => !a.startsWith('-'));
	const gone = paths.filter((p) => missing.has(p));
	return {
		stdout: paths
			.filter((p) => !missing.has(p))
			.map((p) => `${p}\n`)
			.join(''),
		stderr: gone.map((p) => `ls: cannot access '${p}': No such file or directory\n`).join(''),
		code: gone.length > 0 ? 2 : 0,
	};
}

export function runInGuest(ctx: SimContext, guest: SimGuest, argv: string[], cwd: string): SimResult {
	if (!guestCommandReads(argv)) markChanged(ctx.state);
	const [command = '', ...args] = argv;
	switch (command) {
		case 'sh':
		case 'bash': {
			const index = args.indexOf('-c');
			if (index === -1) return ok();
			return runShell(args[index + 1] ?? '', (words, env) => runInGuest(ctx, guest, words, env.cwd), {
				cwd,
				lastCode: 0,
				functions: new Map(),
			});
		}
		case 'hostname':
			return ok(`${guest.name}\n`);
		case 'ls':
			return listPaths(guest, args);
		case 'command': {
			// `command -v a b`: the path of each one installed; status 1 when one is not.
			const names = args.filter((a) => a !== '-v');
			const found = names.filter((n) => (n === 'docker' && guest.docker) || n === 'sh');
			return {
				stdout: found.map((n) => `/usr/bin/${n}\n`).join(''),
				stderr: '',
				code: found.length === names.length ? 0 : 1,
			};
		}
		case 'env': {
			// `env VAR=value … command`: the variables change nothing the sim models.
			const start = args.findIndex((a) => !/^[A-Za-z_]\w*=/.test(a));
			return start === -1 ? ok() : runInGuest(ctx, guest, args.slice(start), cwd);
		}
		case 'apt-get':
			return guestApt(ctx, guest, args);
		case 'ip':
			return guestIpAddr(guest);
		case 'wg':
			if (!guest.wireguard) return execFailure(guest, 'wg');
			return ok(renderWgDump(ctx.state, guest.wireguard, ctx.now));
		case 'docker':
			return guest.docker ? timed(ctx.timing, argv, runDocker(ctx, guest, args, cwd)) : execFailure(guest, 'docker');
		case 'journalctl':
			return runJournalctl(ctx, guestJournalSource(ctx.state, guest), args, guest.bootAt ?? ctx.now);
		case 'pg_isready':
			if (!hasService(guest, 5432)) return execFailure(guest, 'pg_isready');
			return answers(ctx, guest, 5432)
				? ok('/var/run/postgresql:5432 - accepting connections\n')
				: {stdout: '/var/run/postgresql:5432 - no response\n', stderr: '', code: 2};
		case 'redis-cli':
			if (!hasService(guest, 6379)) return execFailure(guest, 'redis-cli');
			return answers(ctx, guest, 6379)
				? ok('PONG\n')
				: {stdout: '', stderr: 'Could not connect to Redis at 127.0.0.1:6379: Connection refused\n', code: 1};
		case 'curl':
			return curl(ctx, args, guest);
		case 'nc':
			return nc(ctx, args, guest);
		case 'df':
			return df(ctx, guest);
		case 'systemctl':
			return systemctl(ctx, guest, args);
		case 'cat':
			return args[0] === '/etc/hostname'
				? ok(`${guest.name}\n`)
				: {stdout: '', stderr: `cat: ${args[0] ?? ''}: No such file or directory\n`, code: 1};
		default:
			return shellBuiltin(command, args) ?? execFailure(guest, command);
	}
}

/**
 * `systemctl is-active|stop|start <unit>`: a stopped service no longer answers its probes
 * (what a bad upgrade inside a guest looks like) until it is started again, the guest starts
 * again, or a rollback brings back the state it had.
 */
function systemctl(ctx: SimContext, guest: SimGuest, args: string[]): SimResult {
	const words = args.filter((a) => !a.startsWith('-'));
	const [verb = '', unitText = ''] = words;
	const unit = unitText.replace(/\.service$/, '');
	if (verb === 'is-active') {
		const active = guest.services.some((s) => s.name === unit) && servicesUp(ctx.state, guest, ctx.now);
		return {stdout: active ? 'active\n' : 'inactive\n', stderr: '', code: active ? 0 : 3};
	}
	if (verb === 'stop' || verb === 'disable') {
		const service = guest.services.find((s) => s.name === unit);
		if (!service)
			return verb === 'stop'
				? {stdout: '', stderr: `Failed to stop ${unit}.service: Unit ${unit}.service not loaded.\n`, code: 5}
				: ok();
		guest.services = guest.services.filter((s) => s !== service);
		guest.stoppedServices = [...(guest.stoppedServices ?? []), service];
		return ok();
	}
	if (verb === 'start' || verb === 'restart') {
		const service = guest.stoppedServices?.find((s) => s.name === unit);
		if (service) {
			guest.stoppedServices = guest.stoppedServices!.filter((s) => s !== service);
			guest.services = [...guest.services, service];
		}
		return ok();
	}
	return ok();
}
