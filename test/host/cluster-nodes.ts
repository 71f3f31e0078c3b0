/**
 * The test host's other cluster nodes. Each gets a network namespace built from the sim's
 * plan for that node, linked to the first node's vmbr0 only (a veth pair: the cluster's LAN),
 * and a real sshd listening inside it on the node's address. Nothing but the first node's
 * sessions can reach them, so proxdeck has to go through the first node, as it would to a
 * cluster behind the one node it can reach. The first node's sessions get what a Proxmox
 * node has for that: root's ssh key, and the other nodes' host keys under their names.
 */
import {appendFileSync, chmodSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {networkPlan} from '../../source/sim/network-plan.js';
import type {SimState} from '../../source/sim/types.js';
import {buildNamespace, deleteNamespace} from './netns.js';
import {sessionScripts} from './session.js';
import type {SimHost} from './sim-host.js';
import {Sshd, keygen, run} from './sshd.js';

export interface OtherNode {
	name: string;
	address: string;
	netns: string;
	sshd: Sshd;
}

export interface OtherNodes {
	nodes: OtherNode[];
	/** Mounted over /root in the first node's sessions: root's key and known_hosts. */
	rootHome: string;
	stop(): Promise<void>;
}

const hostLine = (keyPath: string): string => readFileSync(`${keyPath}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');

export async function startOtherNodes(options: {
	dir: string;
	sim: SimHost;
	state: SimState;
	firstNetns: string;
	authorizedKeysDir: string;
}): Promise<OtherNodes> {
	const {dir, sim, state, firstNetns, authorizedKeysDir} = options;
	const rootHome = join(dir, 'node-root');
	mkdirSync(join(rootHome, '.ssh'), {recursive: true, mode: 0o700});
	const rootKey = join(rootHome, '.ssh', 'id_ed25519');
	keygen(rootKey, {comment: 'root@pve'});
	// The other nodes let the first node's root in, as the cluster's shared authorized_keys does.
	appendFileSync(join(authorizedKeysDir, 'root'), readFileSync(`${rootKey}.pub`, 'utf8'));

	const nodes: OtherNode[] = [];
	const stop = async (): Promise<void> => {
		for (const node of nodes) {
			await node.sshd.stop();
			deleteNamespace(node.netns);
		}
	};
	try {
		for (const [index, node] of state.nodes.entries()) {
			if (index === 0) continue;
			const netns = `${firstNetns}-${index + 1}`;
			buildNamespace(netns, networkPlan(state, node.name));
			// The cluster LAN: this node's vmbr0 and the first node's, one veth pair between them.
			run('ip', [
				'-n',
				firstNetns,
				'link',
				'add',
				`lan${index + 1}`,
				'type',
				'veth',
				'peer',
				'name',
				'lan1',
				'netns',
				netns,
			]);
			run('ip', ['-n', firstNetns, 'link', 'set', `lan${index + 1}`, 'master', 'vmbr0', 'up']);
			run('ip', ['-n', netns, 'link', 'set', 'lan1', 'master', 'vmbr0', 'up']);
			const nodeDir = join(dir, `node-${node.name}`);
			mkdirSync(nodeDir, {mode: 0o755});
			const hostKey = join(nodeDir, 'ssh_host_ed25519_key');
			keygen(hostKey, {comment: `proxdeck-test-${node.name}`});
			const sshd = new Sshd({
				dir: nodeDir,
				name: 'sshd',
				port: 22,
				hostKey,
				authorizedKeysDir,
				forceCommand: sessionScripts(nodeDir, sim, netns, {name: node.name}),
				listenAddress: node.ip,
				netns,
			});
			nodes.push({name: node.name, address: node.ip, netns, sshd});
			await sshd.start();
			// Known under the node's name: the hop checks it with HostKeyAlias=<node>.
			appendFileSync(join(rootHome, '.ssh', 'known_hosts'), `${node.name} ${hostLine(hostKey)}\n`);
		}
		chmodSync(join(rootHome, '.ssh'), 0o700);
		writeFileSync(join(rootHome, '.ssh', 'config'), '# the test cluster: no user config\n');
		return {nodes, rootHome, stop};
	} catch (error) {
		await stop();
		throw error;
	}
}
