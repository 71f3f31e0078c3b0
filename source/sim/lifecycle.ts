/**
 * Start / stop / shutdown / reboot, shared by pct, qm and `pvesh create .../status/<action>`,
 * with Proxmox's error texts and the journal lines the host and the guest would write.
 */
import {pveError, ok, type SimContext} from './cmd-util.js';
import {startTask} from './tasks.js';
import type {SimResult} from './faults.js';
import {addEvent, isStarted, liveStatus} from './mutate.js';
import {hostTarget} from './journal.js';
import {portName} from './network-plan.js';
import {renderConfigCommand} from './render/guest-config.js';
import type {SimGuest} from './types.js';

/** The verbs `pct` and `qm` share (status, config and the lifecycle), or null for a tool's own. */
export function sharedVerb(ctx: SimContext, guest: SimGuest, sub: string): SimResult | null {
	switch (sub) {
		case 'status':
			return ok(`status: ${liveStatus(guest, ctx.now)}\n`);
		case 'config':
			return ok(renderConfigCommand(guest));
		case 'start':
			return startGuest(ctx, guest);
		case 'stop':
			return stopGuest(ctx, guest, 'stop');
		case 'shutdown':
			return stopGuest(ctx, guest, 'shutdown');
		case 'reboot':
			return rebootGuest(ctx, guest);
		default:
			return null;
	}
}

export function typeLabel(guest: SimGuest): 'CT' | 'VM' {
	return guest.type === 'qemu' ? 'VM' : 'CT';
}

/**
 * A CLI write that is a task on a real host (`pct start` runs vzstart…): it appears in the
 * task lists and the journal of the guest's node gets its `starting task` / `end task … OK`
 * lines: a guest's task runs where the guest lives (pvesh forwards it there).
 */
export function logTask(
	ctx: SimContext,
	guest: SimGuest,
	type: string,
	id: string | number = guest.vmid,
	log: string[] = [],
): string {
	const ident = guest.type === 'qemu' ? 'qm' : 'pct';
	return startTask(ctx, {
		node: guest.node,
		type,
		id,
		durationMs: 1 + log.length,
		ident,
		log: log.map((t, i) => ({at: i, t})),
	}).upid;
}

function dhcpLease(bridge: string, vmid: number): string | undefined {
	if (bridge === 'vmbr0') return `192.168.0.${50 + (vmid % 150)}/24`;
	if (bridge === 'vmbr2') return `10.0.30.${100 + (vmid % 100)}/24`;
	return undefined;
}

export function checkLock(guest: SimGuest): SimResult | null {
	return guest.lock ? pveError(`${typeLabel(guest)} is locked (${guest.lock})`) : null;
}

/** Services stopped inside the guest start again with it. */
export function restartServices(guest: SimGuest): void {
	if (!guest.stoppedServices) return;
	guest.services = [...guest.services, ...guest.stoppedServices];
	delete guest.stoppedServices;
}

export function startGuest(ctx: SimContext, guest: SimGuest): SimResult {
	const label = typeLabel(guest);
	if (guest.template)
		return pveError(
			guest.type === 'qemu' ? `you can't start a vm if it's a template` : `you can't start a CT if it's a template`,
		);
	const locked = checkLock(guest);
	if (locked) return locked;
	if (isStarted(guest)) return pveError(`${label} ${guest.vmid} already running`);
	const bootAt = ctx.now + ctx.state.bootSec * 1000;
	guest.status = 'running';
	guest.bootAt = bootAt;
	restartServices(guest);
	for (const nic of guest.nics) if (nic.ip === 'dhcp' && !nic.liveIp) nic.liveIp = dhcpLease(nic.bridge, guest.vmid);
	for (const [i, ctr] of (guest.docker?.containers ?? []).entries()) {
		if (ctr.state !== 'exited' && ctr.state !== 'created') ctr.startedAt = bootAt + 3_000 + i * 300;
	}
	logTask(ctx, guest, guest.type === 'qemu' ? 'qmstart' : 'vzstart');
	guest.nics.forEach((nic, index) => {
		addEvent(ctx.state, {
			time: ctx.now + 400 + index,
			target: hostTarget(ctx.state, guest.node),
			ident: 'kernel',
			priority: 6,
			message: `${nic.bridge}: port ${index + 2}(${portName(guest, nic.key)}) entered forwarding state`,
		});
	});
	const target = `guest:${guest.vmid}`;
	addEvent(ctx.state, {
		time: bootAt,
		target,
		ident: 'systemd',
		unit: 'init.scope',
		pid: 1,
		priority: 6,
		message: `Startup finished in ${(ctx.state.bootSec * 0.6).toFixed(3)}s.`,
	});
	for (const service of guest.services) {
		addEvent(ctx.state, {
			time: bootAt + ctx.state.serviceSec * 1000,
			target,
			ident: 'systemd',
			unit: 'init.scope',
			pid: 1,
			priority: 6,
			message: `Started ${service.name}.service - ${service.name}.`,
		});
	}
	return ok();
}

export function stopGuest(ctx: SimContext, guest: SimGuest, mode: 'stop' | 'shutdown'): SimResult {
	if (!isStarted(guest)) return pveError(`${typeLabel(guest)} ${guest.vmid} not running`);
	if (mode === 'shutdown') {
		const locked = checkLock(guest);
		if (locked) return locked;
	}
	guest.status = 'stopped';
	guest.bootAt = null;
	const type =
		guest.type === 'qemu' ? (mode === 'stop' ? 'qmstop' : 'qmshutdown') : mode === 'stop' ? 'vzstop' : 'vzshutdown';
	logTask(ctx, guest, type);
	for (const nic of guest.nics) {
		addEvent(ctx.state, {
			time: ctx.now + 300,
			target: hostTarget(ctx.state, guest.node),
			ident: 'kernel',
			priority: 6,
			message: `${nic.bridge}: port 2(${portName(guest, nic.key)}) entered disabled state`,
		});
	}
	return ok();
}

export function rebootGuest(ctx: SimContext, guest: SimGuest): SimResult {
	if (!isStarted(guest)) return pveError(`${typeLabel(guest)} ${guest.vmid} not running`);
	const locked = checkLock(guest);
	if (locked) return locked;
	guest.status = 'stopped';
	guest.bootAt = null;
	logTask(ctx, guest, guest.type === 'qemu' ? 'qmreboot' : 'vzreboot');
	return startGuestQuiet(ctx, guest);
}

function startGuestQuiet(ctx: SimContext, guest: SimGuest): SimResult {
	const bootAt = ctx.now + ctx.state.bootSec * 1000;
	guest.status = 'running';
	guest.bootAt = bootAt;
	restartServices(guest);
	for (const [i, ctr] of (guest.docker?.containers ?? []).entries()) {
		if (ctr.state !== 'exited' && ctr.state !== 'created') ctr.startedAt = bootAt + 3_000 + i * 300;
	}
	return ok();
}
