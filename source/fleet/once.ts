/**
 * `--once` over a fleet: every context read at the same time (one slow or dead host does not
 * hold up the others beyond its own timeout), then one document with a section per context,
 * in the order named. A context that could not be read or opened has its error in its section.
 */
import {EXIT} from '../exit-codes.js';
import {SNAPSHOT_SCHEMA_VERSION, type Snapshot} from '../model/snapshot.js';
import {collectOnce} from '../once.js';
import type {OpenedFleet} from './open.js';

export type FleetSection = {context: string; label: string} & (
	{snapshot: Snapshot; exitCode: number} | {snapshot: null; error: string; exitCode: number}
);

/**
 * The fleet's `--once --json` document: `contexts` maps each context's name to its snapshot
 * (schema v1, exactly what `--once --json` prints for that context alone) or to `{error}`.
 */
export interface FleetDocument {
	schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
	fleet: string[];
	takenAt: string;
	contexts: Record<string, Snapshot | {error: string}>;
}

export async function collectFleetOnce(fleet: OpenedFleet): Promise<FleetSection[]> {
	const read = await Promise.all(
		fleet.members.map(async (member): Promise<FleetSection> => {
			const result = await collectOnce(member.collector, member.transport);
			const label = member.transport.label;
			return result.snapshot
				? {context: member.context, label, snapshot: result.snapshot, exitCode: result.exitCode}
				: {
						context: member.context,
						label,
						snapshot: null,
						error: result.failure ?? 'no snapshot',
						exitCode: result.exitCode,
					};
		}),
	);
	const failed = fleet.failed.map((f): FleetSection => ({
		context: f.context,
		label: f.context,
		snapshot: null,
		error: f.message,
		exitCode: EXIT.error,
	}));
	return [...read, ...failed];
}

export function fleetDocument(sections: readonly FleetSection[], order: readonly string[]): FleetDocument {
	const sorted = [...sections].sort((a, b) => order.indexOf(a.context) - order.indexOf(b.context));
	return {
		schemaVersion: SNAPSHOT_SCHEMA_VERSION,
		fleet: sorted.map((s) => s.context),
		takenAt: new Date().toISOString(),
		contexts: Object.fromEntries(sorted.map((s) => [s.context, s.snapshot ?? {error: s.error}])),
	};
}

/** The worst exit of the sections: a context that could not be read makes the run an error. */
export function fleetExitCode(sections: readonly FleetSection[]): number {
	return sections.some((s) => s.exitCode !== EXIT.ok) ? EXIT.error : EXIT.ok;
}
