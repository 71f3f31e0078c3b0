/**
 * The catalog's health probes: TCP and HTTP from the host (where proxdeck's one connection
 * lands), commands inside the guest with `pct exec`. Shared by deploy's health step and by
 * `proxdeck health`.
 */
import type {HealthProbe} from '../catalog/types.js';
import type {HostCommand} from './pct-commands.js';
import {httpProbe, pctExec, tcpProbe} from './pct-commands.js';

export type ProbeExec = (command: HostCommand) => Promise<{stdout: string; stderr: string; code: number | null}>;

export interface ProbeOutcome {
	ok: boolean;
	detail: string;
}

export function probeCommand(probe: HealthProbe, vmid: number, address: string): HostCommand {
	switch (probe.kind) {
		case 'tcp':
			return tcpProbe(probe.host ?? address, probe.port);
		case 'http':
			return httpProbe(probe.url);
		case 'command':
			return pctExec(vmid, probe.argv);
	}
}

function firstLine(text: string): string {
	return (
		text
			.split('\n')
			.map((l) => l.trim())
			.find((l) => l !== '') ?? ''
	);
}

export async function runProbe(
	exec: ProbeExec,
	probe: HealthProbe,
	vmid: number,
	address: string,
): Promise<ProbeOutcome> {
	const result = await exec(probeCommand(probe, vmid, address));
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
