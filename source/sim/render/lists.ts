/**
 * The CLI listings: `pct list` (pct.pm: `%-10s %-10s %-12s %-20s`, header included, nothing at
 * all when there are no containers), `qm list`, `pct status`, `pveversion`.
 */
import {guestMetrics} from '../metrics.js';
import {liveStatus} from '../mutate.js';
import type {SimState} from '../types.js';

export function renderPctList(state: SimState, now: number, node = state.localNode): string {
	const cts = state.guests.filter((g) => g.type === 'lxc' && g.node === node);
	if (cts.length === 0) return '';
	const row = (a: string, b: string, c: string, d: string): string =>
		`${a.padEnd(10)} ${b.padEnd(10)} ${c.padEnd(12)} ${d.padEnd(20)}\n`;
	return (
		row('VMID', 'Status', 'Lock', 'Name') +
		cts.map((g) => row(String(g.vmid), liveStatus(g, now), g.lock ?? '', g.name)).join('')
	);
}

export function renderQmList(state: SimState, now: number, node = state.localNode): string {
	const vms = state.guests.filter((g) => g.type === 'qemu' && g.node === node);
	if (vms.length === 0) return '';
	const header = `${'VMID'.padStart(10)} ${'NAME'.padEnd(20)} ${'STATUS'.padEnd(10)} ${'MEM(MB)'.padEnd(10)} ${'BOOTDISK(GB)'.padStart(12)} ${'PID'.padEnd(10)}\n`;
	return (
		header +
		vms
			.map((g) => {
				const m = guestMetrics(state, g, now);
				const disk = (g.rootfs.size / 1024 ** 3).toFixed(2);
				return `${String(g.vmid).padStart(10)} ${g.name.padEnd(20)} ${liveStatus(g, now).padEnd(10)} ${String(g.memory).padEnd(10)} ${disk.padStart(12)} ${String(m.pid ?? 0).padEnd(10)}\n`;
			})
			.join('')
	);
}

export function renderPveversion(verbose: boolean): string {
	if (!verbose) return 'pve-manager/9.0.10/deb1ca707ec72a89 (running kernel: 6.14.11-2-pve)\n';
	return (
		[
			'proxmox-ve: 9.0.0 (running kernel: 6.14.11-2-pve)',
			'pve-manager: 9.0.10 (running version: 9.0.10/deb1ca707ec72a89)',
			'proxmox-kernel-helper: 9.0.4',
			'proxmox-kernel-6.14.11-2-pve-signed: 6.14.11-2',
			'proxmox-kernel-6.14: 6.14.11-2',
			'ifupdown2: 3.3.0-1+pmx10',
			'libpve-cluster-perl: 9.0.6',
			'libpve-common-perl: 9.0.11',
			'libpve-guest-common-perl: 6.0.2',
			'libpve-storage-perl: 9.0.13',
			'lxc-pve: 6.0.5-1',
			'lxcfs: 6.0.4-pve1',
			'pve-cluster: 9.0.6',
			'pve-container: 6.0.13',
			'pve-firewall: 6.0.3',
			'pve-qemu-kvm: 10.0.2-4',
			'qemu-server: 9.0.22',
			'zfsutils-linux: 2.3.4-pve1',
		].join('\n') + '\n'
	);
}
