/**
 * Opening a fleet from the command line: each named context (`--context a --context b`), or
 * the demo's three simulated homelabs (`--demo-fleet`), connected one after another (a host
 * key question on the terminal is asked for one host at a time). A context that cannot be
 * connected does not stop the others: it is reported with its reason, and the rest open.
 */
import type {DemoHomelab, GlobalOptions} from '../cli-args.js';
import {openTarget, type OpenedTarget} from '../target.js';

/**
 * The demo fleet: the demo's own saved homelab, a bigger generated one, and a small offsite
 * one that is read-only (so each context's own mode shows). The generated ones share the
 * seeds' guests, so the same VMIDs appear on two hosts, as on real standalone hosts.
 */
export const DEMO_FLEET: readonly DemoHomelab[] = [
	{name: 'home', seed: 1},
	{name: 'lab', seed: 2, scale: 40},
	{name: 'offsite', seed: 3, scale: 12, readOnly: true},
];

export type OpenMember = Extract<OpenedTarget, {ok: true}>;

export interface OpenedFleet {
	/** Every context of the fleet, in the order named. */
	names: string[];
	members: OpenMember[];
	/** Contexts that could not be opened, in the order named. */
	failed: {context: string; message: string; exitCode: number}[];
}

export async function openFleetTargets(
	options: GlobalOptions,
	fleet: NonNullable<GlobalOptions['fleet']>,
): Promise<OpenedFleet> {
	const targets: {name: string; options: GlobalOptions}[] =
		fleet.kind === 'demo'
			? DEMO_FLEET.map((homelab) => ({name: homelab.name, options: {...options, target: {kind: 'demo', homelab}}}))
			: fleet.names.map((name) => ({name, options: {...options, target: {kind: 'context', name}}}));
	const opened: OpenedFleet = {names: targets.map((t) => t.name), members: [], failed: []};
	for (const target of targets) {
		// A fleet always refreshes at once (console or --once): each context's first refresh, with
		// its privilege check, is under way while the next context opens.
		const result = await openTarget(target.options, {firstRefresh: true});
		if (result.ok) opened.members.push(result);
		else opened.failed.push({context: target.name, message: result.message, exitCode: result.exitCode});
	}
	return opened;
}
