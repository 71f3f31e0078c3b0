/**
 * Failures homelabs know well and their fixes, as hints next to a health result. Log text is matched with the same classifier that reads
 * Proxmox's error messages.
 */
import {classifyProxmoxError} from '../../host/parse/proxmox-errors.js';

export const S6_HINT =
	'LinuxServer.io image in a Proxmox container: its s6 supervisor cannot create its socket there. Use the official image, or install the service natively in the LXC';
export const NO_SPACE_HINT = (vmid: number): string =>
	`the container's root filesystem is full, not the host: pct resize ${vmid} rootfs +4G, or move the data to a pool mount (mp0 /staging-pool, mp1 /service-pool, mp2 /media-pool)`;

/** LinuxServer.io images (their s6 supervisor fails in Proxmox containers). */
export function isLinuxServerImage(image: string): boolean {
	return /^(lscr\.io\/linuxserver\/|ghcr\.io\/linuxserver\/|linuxserver\/)/.test(image);
}

export interface KnownFailure {
	kind: 's6-socket-permission' | 'no-space';
	/** The log line that shows it, verbatim. */
	line: string;
	hint: string;
}

/** Look through log lines for a known failure; the most recent match wins. */
export function findKnownFailure(logText: string, vmid: number): KnownFailure | null {
	const lines = logText.split('\n').reverse();
	for (const line of lines) {
		const classified = classifyProxmoxError(line);
		if (classified.kind === 's6-socket-permission') return {kind: classified.kind, line: line.trim(), hint: S6_HINT};
		if (classified.kind === 'no-space') return {kind: classified.kind, line: line.trim(), hint: NO_SPACE_HINT(vmid)};
	}
	return null;
}
