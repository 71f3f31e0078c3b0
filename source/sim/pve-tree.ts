/**
 * Writes the sim's /etc/pve tree into a real directory (the test host bind-mounts it on
 * /etc/pve, where the real awk of pd_configs and `cat` read it). Only files that changed are
 * rewritten, and configs of guests that are gone are removed.
 */
import {
	existsSync,
	mkdirSync,
	readFileSync,
	readdirSync,
	rmSync,
	symlinkSync,
	writeFileSync,
	renameSync,
} from 'node:fs';
import {dirname, join} from 'node:path';
import {pveTreeFiles} from './render/pve-files.js';
import type {SimState} from './types.js';

function writeIfChanged(path: string, content: string): void {
	if (existsSync(path) && readFileSync(path, 'utf8') === content) return;
	mkdirSync(dirname(path), {recursive: true});
	const temp = `${path}.tmp.${process.pid}`;
	writeFileSync(temp, content);
	renameSync(temp, path);
}

export function renderPveTree(state: SimState, dir: string): void {
	const files = pveTreeFiles(state);
	for (const node of state.nodes) {
		mkdirSync(join(dir, 'nodes', node.name, 'lxc'), {recursive: true});
		mkdirSync(join(dir, 'nodes', node.name, 'qemu-server'), {recursive: true});
	}
	for (const [relative, content] of files) writeIfChanged(join(dir, relative), content);
	// Remove configs of destroyed guests.
	for (const node of state.nodes) {
		for (const kind of ['lxc', 'qemu-server']) {
			const folder = join(dir, 'nodes', node.name, kind);
			for (const name of readdirSync(folder)) {
				if (!files.has(`nodes/${node.name}/${kind}/${name}`)) rmSync(join(folder, name), {force: true});
			}
		}
	}
	// The links pmxcfs shows for the local node.
	for (const [link, target] of [
		['local', `nodes/${state.localNode}`],
		['lxc', `nodes/${state.localNode}/lxc`],
		['qemu-server', `nodes/${state.localNode}/qemu-server`],
	] as const) {
		if (!existsSync(join(dir, link))) symlinkSync(target, join(dir, link));
	}
}
