/**
 * Guest configs in Proxmox's formats: the /etc/pve file (description as `#` lines first, then
 * keys sorted, then `[snapshot]` sections, as PVE::LXC::Config / QemuServer write them),
 * `pct config` / `qm config` (description inline as an encoded key, no digest), and the API's
 * JSON (with the file's sha1 digest).
 */
import {createHash} from 'node:crypto';
import {formatSize} from '../mutate.js';
import type {SimGuest, SimMount, SimNic} from '../types.js';

/** PVE::Tools::encode_text: control characters, ':' and non-ASCII as %XX (UTF-8 bytes). */
export function encodeText(text: string): string {
	let out = '';
	for (const byte of Buffer.from(text, 'utf8')) {
		const safe = (byte >= 0x20 && byte <= 0x39) || (byte >= 0x3b && byte <= 0x7e);
		out += safe ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	}
	return out;
}

export function nicString(guest: SimGuest, nic: SimNic): string {
	if (guest.type === 'qemu') {
		const parts = [`${nic.model ?? 'virtio'}=${nic.hwaddr}`, `bridge=${nic.bridge}`];
		if (nic.firewall !== undefined) parts.push(`firewall=${nic.firewall ? 1 : 0}`);
		if (nic.tag !== undefined) parts.push(`tag=${nic.tag}`);
		return parts.join(',');
	}
	// pct writes name and bridge first, then the rest sorted (see fixtures/pct-config).
	const parts = [`name=${nic.ifname ?? 'eth0'}`, `bridge=${nic.bridge}`];
	if (nic.firewall !== undefined) parts.push(`firewall=${nic.firewall ? 1 : 0}`);
	if (nic.gw) parts.push(`gw=${nic.gw}`);
	parts.push(`hwaddr=${nic.hwaddr}`);
	if (nic.ip) parts.push(`ip=${nic.ip}`);
	if (nic.tag !== undefined) parts.push(`tag=${nic.tag}`);
	parts.push('type=veth');
	return parts.join(',');
}

export function mountString(mount: SimMount): string {
	const parts = [mount.source, `mp=${mount.path}`];
	if (mount.readonly) parts.push('ro=1');
	if (mount.size !== undefined) parts.push(`size=${formatSize(mount.size)}`);
	return parts.join(',');
}

/** The config's keys and values (no description), sorted as Proxmox writes them. */
export function configEntries(guest: SimGuest): [string, string][] {
	const entries: [string, string][] = Object.entries(guest.extra).map(([k, v]) => [k, v]);
	const add = (key: string, value: string | number | undefined): void => {
		if (value !== undefined) entries.push([key, String(value)]);
	};
	add('cores', guest.cores);
	add('memory', guest.memory);
	add('ostype', guest.ostype);
	if (guest.lock) add('lock', guest.lock);
	if (guest.onboot) add('onboot', 1);
	if (guest.parent) add('parent', guest.parent);
	if (guest.tags.length > 0) add('tags', guest.tags.join(';'));
	if (guest.template) add('template', 1);
	for (const nic of guest.nics) add(nic.key, nicString(guest, nic));
	if (guest.type === 'lxc') {
		add('hostname', guest.name);
		add('swap', guest.swap);
		if (guest.features) add('features', guest.features);
		if (guest.unprivileged) add('unprivileged', 1);
		add('rootfs', `${guest.rootfs.volume},size=${formatSize(guest.rootfs.size)}`);
		for (const mount of guest.mounts) add(mount.key, mountString(mount));
	} else {
		add('name', guest.name);
		add(guest.rootfs.key, `${guest.rootfs.volume},iothread=1,size=${formatSize(guest.rootfs.size)}`);
	}
	// Perl's `sort keys`: plain string order.
	return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** /etc/pve/nodes/<node>/{lxc,qemu-server}/<vmid>.conf */
export function renderConfigFile(guest: SimGuest): string {
	let raw = '';
	for (const line of (guest.description ?? '').split('\n')) if (guest.description) raw += `#${encodeText(line)}\n`;
	for (const [key, value] of configEntries(guest)) raw += `${key}: ${value}\n`;
	for (const snap of guest.snapshots) {
		raw += `\n[${snap.name}]\n`;
		const lines: [string, string][] = [...snap.entries, ['snaptime', String(snap.snaptime)]];
		if (snap.description) lines.push(['description', encodeText(snap.description)]);
		if (snap.parent) lines.push(['parent', snap.parent]);
		lines.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		for (const [key, value] of lines) raw += `${key}: ${value}\n`;
	}
	return raw;
}

/** `pct config <vmid>` / `qm config <vmid>`. */
export function renderConfigCommand(guest: SimGuest): string {
	const entries = configEntries(guest);
	if (guest.description) entries.push(['description', encodeText(guest.description)]);
	entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return entries.map(([k, v]) => `${k}: ${v}\n`).join('');
}

const NUMERIC_KEYS = new Set([
	'cores',
	'memory',
	'swap',
	'onboot',
	'unprivileged',
	'template',
	'sockets',
	'cpulimit',
	'cpuunits',
	'tty',
	'console',
	'protection',
]);

/** `pvesh get /nodes/<n>/lxc/<vmid>/config --output-format json`. */
export function renderConfigJson(guest: SimGuest): string {
	const object: Record<string, string | number> = {};
	const entries = configEntries(guest);
	if (guest.description) entries.push(['description', guest.description]);
	entries.push(['digest', createHash('sha1').update(renderConfigFile(guest)).digest('hex')]);
	entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	for (const [key, value] of entries)
		object[key] = NUMERIC_KEYS.has(key) && /^\d+$/.test(value) ? Number(value) : value;
	return `${JSON.stringify(object)}\n`;
}
