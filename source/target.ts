/**
 * Resolves the target options to a connected transport and its collector. The simulated
 * homelab, the local host and SSH are imported only when chosen.
 */
import {existsSync} from 'node:fs';
import {hostname} from 'node:os';
import process from 'node:process';
import type {GlobalOptions} from './cli-args.js';
import type {Collector} from './host/collector-types.js';
import {createCollector} from './host/collect.js';
import type {Transport} from './transport/types.js';
import {TransportError} from './transport/types.js';
import {EXIT} from './exit-codes.js';

export type OpenedTarget =
	| {ok: true; transport: Transport; collector: Collector; context: string; sudo: boolean}
	| {ok: false; message: string; exitCode: number};

export async function openTransport(options: GlobalOptions): Promise<{transport: Transport; context: string; sudo: boolean}> {
	let target = options.target;
	if (!target) {
		// Run on a Proxmox host with no target named: look at this host.
		if (existsSync('/etc/pve/.vmlist')) target = {kind: 'local'};
		else throw new TransportError('config', 'no target: use --demo for the simulated homelab, --host <ssh-alias|user@host> for a Proxmox host, or --local on the host itself');
	}
	switch (target.kind) {
		case 'demo': {
			const {createSimTransport} = await import('./sim/transport.js');
			const {createHomelab} = await import('./sim/homelab.js');
			const scale = options.demoScale ? {guests: options.demoScale, nodes: Math.max(1, Math.ceil(options.demoScale / 100))} : undefined;
			const state = createHomelab(scale ? {scale} : {});
			return {transport: createSimTransport({state, realTime: true}), context: 'demo', sudo: false};
		}
		case 'local': {
			const {createLocalTransport} = await import('./transport/local.js');
			const sudo = typeof process.getuid === 'function' && process.getuid() !== 0;
			return {transport: createLocalTransport({sudo}), context: hostname(), sudo};
		}
		case 'host': {
			const {connectSsh} = await import('./transport/ssh.js');
			const transport = await connectSsh(target.host, {
				acceptNewHostKey: options.acceptNewHostKey,
				interactive: process.stdin.isTTY === true,
			});
			return {transport, context: target.host, sudo: false};
		}
		case 'context':
			throw new TransportError('config', `context "${target.name}": contexts are read from the config file, which this version does not read yet; use --host instead`);
	}
}

export async function openTarget(options: GlobalOptions): Promise<OpenedTarget> {
	try {
		const {transport, context, sudo} = await openTransport(options);
		const collector = createCollector(transport, {context, sudo});
		return {ok: true, transport, collector, context, sudo};
	} catch (error) {
		if (error instanceof TransportError) return {ok: false, message: error.message, exitCode: error.code === 'config' ? EXIT.usage : EXIT.error};
		throw error;
	}
}
