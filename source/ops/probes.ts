/**
 * The catalog's health probes: TCP and HTTP from the guest's own node (which has the guest's
 * bridges; in a cluster, not necessarily the node proxdeck is connected to), commands inside
 * the guest with `pct exec` on that node. Shared by deploy's health step and `proxdeck health`.
 */
import type {HealthProbe} from '../catalog/types.js';
import type {GuestRef, StepCommand} from './pct-commands.js';
import {httpProbe, pctExec, tcpProbe} from './pct-commands.js';
import {firstLine} from '../model/format.js';

export type ProbeExec = (command: StepCommand) => Promise<{stdout: string; stderr: string; code: number | null}>;

export interface ProbeOutcome {
	ok: boolean;
	detail: string;
}

export function probeCommand(probe: HealthProbe, guest: GuestRef, address: string): StepCommand {
	switch (probe.kind) {
		case 'tcp':
			return tcpProbe(guest.node, probe.host ?? address, probe.port);
		case 'http':
			return httpProbe(guest.node, probe.url);
		case 'command':
			return pctExec(guest, probe.argv);
	}
}

export async function runProbe(
	exec: ProbeExec,
	probe: HealthProbe,
	guest: GuestRef,
	address: string,
): Promise<ProbeOutcome> {
	const result = await exec(probeCommand(probe, guest, address));
	switch (probe.kind) {
		case 'tcp': {
			const host = probe.host ?? address;
			return result.code === 0
				? {ok: true, detail: `${host}:${probe.port} accepts connections`}
				: {ok: false, detail: `${host}:${probe.port} does not accept connections`};
		}
		case 'http': {
			const code = result.stdout.trim();
			if (code === String(probe.expect)) return {ok: true, detail: `${probe.url} answered ${code}`};
			const shown = code === '' || code === '000' ? 'no answer' : `HTTP ${code}`;
			return {ok: false, detail: `${probe.url}: ${shown} (expected ${probe.expect})`};
		}
		case 'command': {
			const words = probe.argv.join(' ');
			if (result.code === 0) {
				const out = firstLine(result.stdout);
				return {ok: true, detail: `${words}: ${out || 'ok'}`};
			}
			const why = firstLine(result.stderr) || firstLine(result.stdout) || `exit ${result.code}`;
			return {ok: false, detail: `${words} exited ${result.code}: ${why}`};
		}
	}
}
