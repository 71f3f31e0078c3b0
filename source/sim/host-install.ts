/**
 * installSimHost(): turns a directory into the simulated Proxmox host's command set for the
 * sshd test harness: pd-sim.mjs (shim-main.ts bundled with esbuild), executable wrappers in
 * bin/ for each Proxmox command, the shared state file, and the rendered /etc/pve tree.
 */
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {renderPveTree} from './pve-tree.js';
import {createHomelab} from './state.js';
import {writeState} from './state-file.js';
import type {SimState} from './types.js';

export {networkPlan, type NetworkPlan} from './network-plan.js';

/** The commands the shim answers (ip and bridge come from the real namespace instead). */
export const SHIM_COMMANDS = [
	'pvesh',
	'pct',
	'qm',
	'zpool',
	'zfs',
	'wg',
	'journalctl',
	'pveversion',
	'ha-manager',
	'pveam',
	'nc',
	'curl',
] as const;

export interface InstalledSimHost {
	binDir: string;
	pveDir: string;
	stateFile: string;
	shimPath: string;
	state: SimState;
}

function shellQuote(text: string): string {
	return `'${text.replaceAll("'", `'\\''`)}'`;
}

export async function installSimHost(dir: string, options: {state?: SimState} = {}): Promise<InstalledSimHost> {
	const root = resolve(dir);
	const binDir = join(root, 'bin');
	const pveDir = join(root, 'pve');
	const stateFile = join(root, 'state.json');
	const shimPath = join(root, 'pd-sim.mjs');
	mkdirSync(binDir, {recursive: true});
	mkdirSync(pveDir, {recursive: true});
	const {build} = await import('esbuild');
	await build({
		entryPoints: [fileURLToPath(new URL('./shim-main.ts', import.meta.url))],
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outfile: shimPath,
		logLevel: 'silent',
	});
	for (const name of SHIM_COMMANDS) {
		const wrapper = [
			'#!/bin/sh',
			// sshd does not pass the harness's environment on: the defaults point at this install.
			`: "\${PROXDECK_SIM_STATE:=${stateFile}}"`,
			`: "\${PROXDECK_SIM_PVE_DIR:=${pveDir}}"`,
			'export PROXDECK_SIM_STATE PROXDECK_SIM_PVE_DIR',
			`exec ${shellQuote(process.execPath)} ${shellQuote(shimPath)} ${name} "$@"`,
			'',
		].join('\n');
		writeFileSync(join(binDir, name), wrapper);
		chmodSync(join(binDir, name), 0o755);
	}
	const state = options.state ?? createHomelab();
	writeState(stateFile, state);
	renderPveTree(state, pveDir);
	return {binDir, pveDir, stateFile, shimPath, state};
}
