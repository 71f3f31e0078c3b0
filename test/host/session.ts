/**
 * The test host's ForceCommand: every session (exec or shell) runs inside the simulated
 * homelab. As root: in the harness's network namespace (`ip netns exec`), in a private mount
 * namespace with the sim's pve dir bind-mounted on /etc/pve. Any user: the sim's commands
 * first on the PATH and the sim's state in the environment. Then the original command.
 */
import {chmodSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import type {SimHost} from './sim-host.js';

function shellQuote(text: string): string {
	return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** What makes a session one cluster node's rather than another's. */
export interface SessionNode {
	/** The simulated node its commands answer for (PROXDECK_SIM_NODE). */
	name?: string;
	/**
	 * A directory mounted over /root in the session: root's ssh key and the cluster's known
	 * hosts, as a Proxmox node has them for ssh to the other nodes.
	 */
	rootHome?: string;
}

/** Write the session scripts into `dir`; returns the ForceCommand path. */
export function sessionScripts(
	dir: string,
	sim: SimHost | undefined,
	netns: string | undefined,
	node: SessionNode = {},
): string {
	const outer = join(dir, 'session');
	const inner = join(dir, 'session-inner');
	const env = sim
		? [
				`PATH=${shellQuote(sim.binDir)}:"$PATH"`,
				`PROXDECK_SIM_STATE=${shellQuote(sim.stateFile)}`,
				`PROXDECK_SIM_PVE_DIR=${shellQuote(sim.pveDir)}`,
				`PROXDECK_SIM_NODE=${shellQuote(node.name ?? '')}`,
				'export PATH PROXDECK_SIM_STATE PROXDECK_SIM_PVE_DIR PROXDECK_SIM_NODE',
			]
		: [];
	writeFileSync(
		outer,
		[
			'#!/bin/sh',
			'# proxdeck test host: ForceCommand of its sshd (see test/host/session.ts).',
			...env,
			...(netns
				? [
						`if [ "$(id -u)" = 0 ]; then exec ip netns exec ${shellQuote(netns)} unshare --mount --propagation private ${shellQuote(inner)}; fi`,
					]
				: []),
			`exec ${shellQuote(inner)}`,
			'',
		].join('\n'),
	);
	writeFileSync(
		inner,
		[
			'#!/bin/sh',
			// Only inside the private mount namespace, only as root, only where /etc/pve exists.
			'if [ -n "${PROXDECK_SIM_PVE_DIR-}" ] && [ "$(id -u)" = 0 ] && [ -d /etc/pve ]; then',
			...(netns
				? [
						'\tmount --bind "$PROXDECK_SIM_PVE_DIR" /etc/pve || { echo "test host: cannot mount /etc/pve" >&2; exit 70; }',
						...(node.rootHome
							? [
									`\tmount --bind ${shellQuote(node.rootHome)} /root || { echo "test host: cannot mount /root" >&2; exit 70; }`,
								]
							: []),
					]
				: ['\t:']),
			'fi',
			'if [ -n "${SSH_ORIGINAL_COMMAND-}" ]; then exec /bin/sh -c "$SSH_ORIGINAL_COMMAND"; fi',
			'exec "${SHELL:-/bin/sh}" -i',
			'',
		].join('\n'),
	);
	chmodSync(outer, 0o755);
	chmodSync(inner, 0o755);
	return outer;
}
