/**
 * The /etc/pve tree as pmxcfs shows it: .vmlist (byte-exact to status.c's
 * cfs_create_vmlist_msg), storage.cfg, guest configs, and the lxc/qemu-server/local links
 * to the local node's directory.
 */
import type {SimState} from '../types.js';
import {renderConfigFile} from './guest-config.js';

export function renderVmlist(state: SimState): string {
	if (state.guests.length === 0) return `{\n"version": ${state.vmlistVersion}\n\n}\n`;
	const lines = state.guests.map(
		(g) => `"${g.vmid}": { "node": "${g.node}", "type": "${g.type}", "version": ${g.version} }`,
	);
	return `{\n"version": ${state.vmlistVersion},\n"ids": {\n${lines.join(',\n')}}\n\n}\n`;
}

export function renderStorageCfg(state: SimState): string {
	const blocks = state.storages.map((s) => {
		const lines = [`${s.type}: ${s.id}`];
		if (s.type === 'zfspool') lines.push(`\tpool ${s.pool}`);
		if (s.type === 'lvmthin') lines.push(`\tthinpool ${s.thinpool}`, `\tvgname ${s.vgname}`);
		if (s.type === 'dir') lines.push(`\tpath ${s.path}`);
		if (s.type === 'nfs') lines.push(`\texport ${s.export}`, `\tpath ${s.path}`, `\tserver ${s.server}`);
		if (s.type === 'pbs')
			lines.push(
				'\tdatastore homelab',
				'\tserver 192.168.0.21',
				'\tfingerprint 7b:3e:a0:51:9c:12:d4:f8:6e:2b:90:c5:47:1a:83:de:0f:66:b9:24:5c:e1:38:7d:a2:fb:40:93:c8:16:5e:71',
				'\tusername root@pam',
			);
		lines.push(`\tcontent ${s.content.join(',')}`);
		if (s.type === 'zfspool') lines.push(`\tmountpoint ${s.path}`, '\tsparse 1');
		if (s.nodes && state.nodes.length > 1) lines.push(`\tnodes ${s.nodes.join(',')}`);
		return lines.join('\n') + '\n';
	});
	return blocks.join('\n');
}

/** Relative path (under /etc/pve) of a guest's config on its node. */
export function configPath(node: string, type: 'lxc' | 'qemu', vmid: number): string {
	return `nodes/${node}/${type === 'qemu' ? 'qemu-server' : 'lxc'}/${vmid}.conf`;
}

/**
 * The content of /etc/pve/<relative>, or null when pmxcfs has no such file. `lxc/`,
 * `qemu-server/` and `local/` resolve to the local node like the real symlinks.
 */
export function readPveFile(state: SimState, relative: string, node = state.localNode): string | null {
	const path = relative.replace(/^\/+/, '');
	if (path === '.vmlist') return renderVmlist(state);
	if (path === 'storage.cfg') return renderStorageCfg(state);
	if (path === '.version') return `${state.cfsVersion}\n`;
	const local = /^(lxc|qemu-server)\/(\d+)\.conf$/.exec(path) ?? /^local\/(lxc|qemu-server)\/(\d+)\.conf$/.exec(path);
	const m = local
		? [local[0], node, local[1], local[2]]
		: /^nodes\/([^/]+)\/(lxc|qemu-server)\/(\d+)\.conf$/.exec(path);
	if (!m) return null;
	const guest = state.guests.find(
		(g) => g.vmid === Number(m[3]) && g.node === m[1] && (g.type === 'qemu') === (m[2] === 'qemu-server'),
	);
	return guest ? renderConfigFile(guest) : null;
}

/** Every file of the tree, relative path -> content (for the test host's real directory). */
export function pveTreeFiles(state: SimState): Map<string, string> {
	const files = new Map<string, string>();
	files.set('.vmlist', renderVmlist(state));
	files.set('storage.cfg', renderStorageCfg(state));
	for (const guest of state.guests) files.set(configPath(guest.node, guest.type, guest.vmid), renderConfigFile(guest));
	return files;
}
