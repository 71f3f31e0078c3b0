/**
 * Fault knobs. They live in state.faults (so the shims behind the test sshd see them too);
 * this module turns them on and off and decides what a faulty command prints.
 */
import type {SimFaults, SimState} from './types.js';
import {markChanged} from './changes.js';

export interface SimResult {
	stdout: string;
	stderr: string;
	code: number;
	/** How long a real host would take to answer, when the sim models it (command-time.ts). */
	elapsedMs?: number;
}

export type FaultName = keyof SimFaults;

/** Friendly setters: what a test or the demo's fault menu calls. */
export interface FaultControl {
	get(): Readonly<SimFaults>;
	latency(ms: number): void;
	failCommand(section: string): void;
	garbageCommand(section: string): void;
	/** The connection drops now and comes back after `seconds` of sim time. */
	dropConnection(seconds: number): void;
	degradedPool(pool?: string): void;
	fullRootfs(vmid: number): void;
	staleHandshake(): void;
	/** `pct <sub>` (for one vmid, or any) fails `times` times. */
	failStep(sub: string, vmid?: number, times?: number): void;
	noSudo(): void;
	sudoPassword(): void;
	/** A cluster node goes down (or, with `down` false, comes back). */
	nodeDown(node: string, down?: boolean): void;
	/** ssh to a node times out while the cluster still sees it up. */
	nodeUnreachable(node: string): void;
	clear(name?: FaultName): void;
}

export function faultControl(state: () => SimState, now: () => number, changed: () => void = () => {}): FaultControl {
	const faults = (): SimFaults => state().faults;
	const done = <T>(value: T): T => {
		changed();
		return value;
	};
	return {
		get: () => faults(),
		latency: (ms) => done((faults().latencyMs = ms)),
		failCommand: (section) => done((faults().failCommand = [...(faults().failCommand ?? []), section])),
		garbageCommand: (section) => done((faults().garbageCommand = [...(faults().garbageCommand ?? []), section])),
		dropConnection: (seconds) => done((faults().dropConnection = {until: now() + seconds * 1000})),
		degradedPool: (pool = 'media-pool') => done((faults().degradedPool = {pool, since: now()})),
		fullRootfs: (vmid) =>
			done(
				(faults().fullRootfs = [...(faults().fullRootfs ?? []).filter((f) => f.vmid !== vmid), {vmid, since: now()}]),
			),
		staleHandshake: () => done((faults().staleHandshake = {since: now()})),
		failStep: (sub, vmid, times = 1) =>
			done((faults().failStep = [...(faults().failStep ?? []), {sub, vmid, remaining: times}])),
		noSudo: () => done((faults().noSudo = true)),
		sudoPassword: () => done((faults().sudoPassword = true)),
		nodeUnreachable: (node) =>
			done((faults().nodesUnreachable = [...(faults().nodesUnreachable ?? []).filter((n) => n !== node), node])),
		nodeDown: (node, down = true) =>
			done((faults().nodesDown = [...(faults().nodesDown ?? []).filter((n) => n !== node), ...(down ? [node] : [])])),
		clear: (name) => {
			if (name) delete faults()[name];
			else state().faults = {};
			changed();
		},
	};
}

function matches(sections: readonly string[] | undefined, argv: readonly string[]): boolean {
	const line = argv.join(' ');
	return (sections ?? []).some((s) => line === s || line.startsWith(`${s} `));
}

/** Realistic failures per command family. */
const FAILURES: Record<string, SimResult> = {
	zpool: {
		stdout: '',
		stderr: "The ZFS modules cannot be auto-loaded.\nTry running 'modprobe zfs' as root to manually load them.\n",
		code: 1,
	},
	zfs: {
		stdout: '',
		stderr: "The ZFS modules cannot be auto-loaded.\nTry running 'modprobe zfs' as root to manually load them.\n",
		code: 1,
	},
	pvesh: {
		stdout: '',
		stderr:
			'ipcc_send_rec[1] failed: Connection refused\nipcc_send_rec[2] failed: Connection refused\nipcc_send_rec[3] failed: Connection refused\nUnable to load access control list: Connection refused\n',
		code: 111,
	},
	pct: {
		stdout: '',
		stderr: 'ipcc_send_rec[1] failed: Connection refused\nUnable to load access control list: Connection refused\n',
		code: 111,
	},
	qm: {
		stdout: '',
		stderr: 'ipcc_send_rec[1] failed: Connection refused\nUnable to load access control list: Connection refused\n',
		code: 111,
	},
	ip: {stdout: '', stderr: 'Cannot open netlink socket: Permission denied\n', code: 1},
	bridge: {stdout: '', stderr: 'Cannot open netlink socket: Permission denied\n', code: 1},
	wg: {stdout: '', stderr: 'Unable to access interface: Operation not permitted\n', code: 1},
	journalctl: {stdout: '', stderr: 'Failed to get journal fields: Input/output error\n', code: 1},
	cat: {stdout: '', stderr: 'cat: /etc/pve/.vmlist: Transport endpoint is not connected\n', code: 1},
};

export function failureFor(state: SimState, argv: readonly string[]): SimResult | null {
	if (!matches(state.faults.failCommand, argv)) return null;
	return FAILURES[argv[0] ?? ''] ?? {stdout: '', stderr: `${argv[0]}: Input/output error\n`, code: 1};
}

/** Garbage: the real output cut short and followed by binary noise, exit 0. */
export function garble(state: SimState, argv: readonly string[], result: SimResult): SimResult {
	if (!matches(state.faults.garbageCommand, argv)) return result;
	const half = result.stdout.slice(0, Math.floor(result.stdout.length / 2));
	return {
		stdout: `${half}\u0000\ufffd\ufffd<<garbled>>\u0007{"unterminated": [1, 2,\n`,
		stderr: result.stderr,
		code: 0,
	};
}

/** `sudo -n ...` under the sudo faults: missing sudo, or sudo that wants a password. */
export function sudoFailure(state: SimState): SimResult | null {
	if (state.faults.noSudo) return {stdout: '', stderr: 'bash: line 1: sudo: command not found\n', code: 127};
	if (state.faults.sudoPassword) return {stdout: '', stderr: 'sudo: a password is required\n', code: 1};
	return null;
}

const STEP_ERRORS: Record<string, (vmid: string) => string> = {
	start: (vmid) => `startup for container '${vmid}' failed\n`,
	clone: (vmid) =>
		`clone failed: unable to create CT ${vmid} - command 'mkfs.ext4 -O mmp -E 'root_owner=100000:100000' /dev/pve/vm-${vmid}-disk-0' failed: exit code 1\n`,
	set: () => 'unable to parse net0 option: format error\n',
	resize: () => 'unable to resize volume: command failed\n',
	snapshot: (vmid) => `snapshot feature is not available for CT ${vmid}\n`,
	template: () => 'unable to convert to template: command failed\n',
	destroy: (vmid) => `unable to destroy CT ${vmid} - volume busy\n`,
};

/** A pending failStep for `pct <sub> <vmid>`: consumes one and returns Proxmox's error for it. */
export function takeFailStep(state: SimState, sub: string, vmid: string): SimResult | null {
	const steps = state.faults.failStep ?? [];
	// clone's failure is about the new CT, which is its second argument; callers pass that.
	const step = steps.find((s) => s.sub === sub && s.remaining > 0 && (s.vmid === undefined || String(s.vmid) === vmid));
	if (!step) return null;
	step.remaining -= 1;
	markChanged(state);
	state.faults.failStep = steps.filter((s) => s.remaining > 0);
	const text = (STEP_ERRORS[sub] ?? (() => `command 'pct ${sub}' failed\n`))(vmid);
	return {stdout: '', stderr: text, code: 255};
}
