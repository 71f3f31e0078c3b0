/**
 * The simulated homelab behind the test host: installSimHost() (source/sim/host-install.ts)
 * writes the sim's commands as executables sharing one state file, and a pve directory; the
 * network namespace is built from the same state's networkPlan().
 */
import {existsSync, mkdirSync} from 'node:fs';
import {installSimHost, networkPlan} from '../../source/sim/host-install.js';
import {createHomelab} from '../../source/sim/state.js';
import type {SimState} from '../../source/sim/types.js';
import {buildNamespace, type PlanShape} from './netns.js';

export interface SimHost {
	stateFile: string;
	binDir: string;
	pveDir: string;
	netns: string;
	plan: PlanShape;
}

/**
 * Sessions bind-mount the sim's pve dir on /etc/pve inside their private mount namespace, so
 * the mount point must exist. Create it only when it does not exist and this is not a real
 * Proxmox host. It is left in place (empty) afterwards: suites run in parallel.
 */
function ensureEtcPveMountPoint(): void {
	if (existsSync('/etc/pve') || existsSync('/usr/bin/pveversion') || existsSync('/usr/bin/pmxcfs')) return;
	mkdirSync('/etc/pve', {mode: 0o755});
}

/** `nodes` > 1: the simulated homelab as a cluster (the first node's network is built here). */
export async function startSimHost(dir: string, netns: string, nodes = 1): Promise<SimHost & {state: SimState}> {
	mkdirSync(dir, {recursive: true});
	ensureEtcPveMountPoint();
	const installed = await installSimHost(dir, nodes > 1 ? {state: createHomelab({nodes})} : {});
	const plan = networkPlan(installed.state);
	buildNamespace(netns, plan);
	return {
		stateFile: installed.stateFile,
		binDir: installed.binDir,
		pveDir: installed.pveDir,
		netns,
		plan,
		state: installed.state,
	};
}
