/**
 * Diagnoses of a Docker host's containers, from what its list, stats and inspect said: stuck
 * restarting (a LinuxServer.io image hit by the s6 socket failure, or any other loop), a
 * climbing restart count, killed by the OOM killer, unhealthy, exited with an error, and a bind
 * mount whose source is missing on the Docker host. Each comes with a hint; names in hints
 * come from the guest and are quoted like every command proxdeck runs.
 */
import type {Container, Guest, HealthResult} from '../../model/snapshot.js';
import {formatBytes} from '../../model/format.js';
import {inGuest} from '../../host/commands.js';
import {shellJoin} from '../../host/quote.js';
import {isLinuxServerImage, S6_HINT} from './known-failures.js';

/** Restarts by the engine at which a running container is said to be in a loop. */
export const RESTART_LOOP_MIN = 3;

function logsHint(g: Guest, c: Container): Pick<HealthResult, 'hint' | 'fix'> {
	return {
		hint: `read its log: proxdeck --pane logs, or ${shellJoin(inGuest(g.vmid, ['docker', 'logs', '--tail', '50', c.name]))}`,
		fix: {action: 'logs', vmid: g.vmid, container: c.name},
	};
}

function restarted(c: Container): string {
	return c.restarts ? `, restarted ${c.restarts} times` : '';
}

function stateResult(g: Guest, c: Container, target: string): HealthResult | null {
	if (c.state === 'exited' && c.oomKilled) {
		const limit = c.stats?.memLimit;
		return {
			target,
			check: 'oom-killed',
			state: 'fail',
			detail: `${c.name} (${c.image}) was killed by the kernel's OOM killer (exit ${c.exitCode ?? 137}): ${c.status}`,
			hint: `give it more memory: raise its limit (mem_limit in its compose file${limit ? `, now ${formatBytes(limit)}` : ''}) or the LXC's (pct set ${g.vmid} --memory <MiB>), then ${shellJoin(inGuest(g.vmid, ['docker', 'start', c.name]))}`,
		};
	}
	if (c.state === 'restarting' || (c.state === 'exited' && !/Exited \(0\)/.test(c.status))) {
		const lsio = isLinuxServerImage(c.image);
		const loop = c.state === 'restarting' ? `; a restart loop${restarted(c)}` : '';
		return {
			target,
			check: 'state',
			state: 'fail',
			detail: `${c.name} (${c.image}) is ${c.state}: ${c.status}${loop}${lsio ? '; LinuxServer.io images fail in Proxmox containers with s6-ipcserver-socketbinder: fatal: unable to create socket: Permission denied' : ''}`,
			...(lsio ? {hint: S6_HINT} : logsHint(g, c)),
		};
	}
	if (c.state === 'running' && (c.restarts ?? 0) >= RESTART_LOOP_MIN) {
		return {
			target,
			check: 'restart-loop',
			state: 'warn',
			detail: `${c.name} is running but Docker restarted it ${c.restarts} times: it keeps crashing and coming back`,
			...logsHint(g, c),
		};
	}
	return null;
}

function healthResult(g: Guest, c: Container, target: string): HealthResult | null {
	if (c.health !== 'unhealthy' && !/\(unhealthy\)/.test(c.status)) return null;
	const streak = c.failingStreak ? `, ${c.failingStreak} failed checks in a row` : '';
	const last = c.lastHealthOutput ? `; last check said: ${c.lastHealthOutput}` : '';
	return {
		target,
		check: 'unhealthy',
		state: 'warn',
		detail: `${c.name}: its healthcheck fails${streak}${last}; the app inside stopped answering (read its log, restart it)`,
		// The command alone: its checks with their output, to paste as it is.
		hint: shellJoin(inGuest(g.vmid, ['docker', 'inspect', '--format', '{{json .State.Health}}', c.name])),
	};
}

function bindResults(g: Guest, c: Container, target: string): HealthResult[] {
	return (c.mounts ?? [])
		.filter((m) => m.type === 'bind' && m.sourceMissing === true)
		.map((m) => ({
			target,
			check: 'bind-source',
			state: 'fail' as const,
			detail: `${c.name}: bind mount source ${m.source} (for ${m.destination}) is missing on the Docker host ${g.name}`,
			hint: `mount the share or storage it expects in ${g.name} (a pct mount point: pct set ${g.vmid} -mp<N> <storage or host path>,mp=${m.source}), or create it (${shellJoin(inGuest(g.vmid, ['mkdir', '-p', m.source]))}), then restart the container`,
		}));
}

/** Every finding about one Docker host's containers (none for a guest without them). */
export function containerResults(g: Guest): HealthResult[] {
	const out: HealthResult[] = [];
	for (const c of g.containers ?? []) {
		const target = `ctr:${g.vmid}:${c.name}`;
		const state = stateResult(g, c, target);
		if (state) out.push(state);
		const health = healthResult(g, c, target);
		if (health) out.push(health);
		out.push(...bindResults(g, c, target));
	}
	return out;
}
