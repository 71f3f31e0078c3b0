/**
 * Deploy and clone preflight: pure checks of one snapshot (read by the collector in one
 * exec) before anything changes. Each check says what it saw; a failed one becomes a blocker
 * that stops the run at the preflight step.
 */
import type {Guest, Snapshot} from '../model/snapshot.js';
import {formatBytes} from '../model/format.js';
import {storageFree} from '../model/usage.js';
import type {JobStep, PlanStep, PreflightCheck} from './job.js';
import {StepFailure} from './runner.js';

export interface PreflightInput {
	templateVmid: number;
	vmid: number;
	hostname: string;
	/** Unset: the template's storage (checked for room only). */
	storage?: string;
	/** Only for deploys with a network: the bridge and the address (CIDR) the guest will use. */
	bridge?: string;
	ip?: string;
	node?: string;
}

export interface PreflightOutcome {
	checks: PreflightCheck[];
	blockers: string[];
	template?: Guest;
	/** The target guest when it already exists and is this service (a resumed deploy). */
	existing?: Guest;
	node?: string;
}

const SECTIONS_NEEDED = ['guests', 'configs', 'storages', 'nodes', 'bridges', 'resources'];

/**
 * The storage a clone lands on: the one asked for, unless the clone goes to another node than
 * its template's and that storage cannot take it there (`pct clone --target` needs shared
 * storage): then the first shared storage that holds containers on the target node, and
 * `instead` names the one it replaces. None fits: the one asked for (preflight says why not).
 */
export function cloneStorage(
	snapshot: Snapshot | null,
	wanted: string,
	from: string | undefined,
	to: string | undefined,
): {storage: string; instead?: string} {
	if (!snapshot || from === undefined || to === undefined || from === to) return {storage: wanted};
	const usable = (s: {storage: string; node: string; shared: boolean; content: string[]}): boolean =>
		s.node === to && s.shared && s.content.includes('rootdir');
	if (snapshot.storages.some((s) => s.storage === wanted && usable(s))) return {storage: wanted};
	const shared = snapshot.storages.find(usable);
	return shared ? {storage: shared.storage, instead: wanted} : {storage: wanted};
}

/** Why nothing can run for `what` on `node` now (the cluster reports it offline), or null. */
export function offlineNodeBlocker(snapshot: Snapshot, node: string, what: string): string | null {
	const row = snapshot.nodes.find((n) => n.name === node);
	if (!row || row.online) return null;
	return `${what} lives on node ${node}, which is offline (cluster status): nothing runs there until ${node} is back`;
}

function addressOf(cidr: string | undefined): string | undefined {
	if (!cidr || cidr === 'dhcp' || cidr === 'manual') return undefined;
	return cidr.split('/')[0];
}

export function preflight(snapshot: Snapshot, input: PreflightInput): PreflightOutcome {
	const checks: PreflightCheck[] = [];
	const add = (name: string, ok: boolean, detail: string): void => {
		checks.push({name, ok, detail});
	};

	for (const error of snapshot.errors) {
		if (SECTIONS_NEEDED.some((s) => error.section.startsWith(s)))
			add('read', false, `could not read ${error.section}: \`${error.command}\`: ${error.message}`);
	}

	const byVmid = new Map(snapshot.guests.map((g) => [g.vmid, g]));
	const template = byVmid.get(input.templateVmid);
	const target = byVmid.get(input.vmid);
	const isThisService = target !== undefined && !target.template && target.name === input.hostname;

	// Target VMID: free, or already this service (resume), never someone else's guest.
	let existing: Guest | undefined;
	if (!target) add('vmid', true, `VMID ${input.vmid} is free`);
	else if (target.lock) {
		add(
			'vmid',
			false,
			`guest ${input.vmid} (${target.name}) is locked (${target.lock}): a task did not finish; check the task log, then \`pct unlock ${input.vmid}\` or destroy it`,
		);
	} else if (isThisService) {
		existing = target;
		add('vmid', true, `guest ${input.vmid} is already ${input.hostname} (${target.status}): resuming`);
	} else
		add('vmid', false, `VMID ${input.vmid} is taken by ${target.template ? 'template' : 'guest'} "${target.name}"`);

	// The template matters only when the clone still has to happen.
	if (!existing) {
		if (!template) add('template', false, `template ${input.templateVmid} does not exist`);
		else if (!template.template)
			add(
				'template',
				false,
				`guest ${input.templateVmid} (${template.name}) is not a template (convert it: pct template ${input.templateVmid})`,
			);
		else if (template.type !== 'lxc')
			add('template', false, `template ${input.templateVmid} is a VM; pct clones containers only`);
		else add('template', true, `template ${input.templateVmid} (${template.name}) on ${template.node}`);
	}

	const node = input.node ?? existing?.node ?? template?.node ?? snapshot.nodes.find((n) => n.local)?.name;
	const nodeRow = snapshot.nodes.find((n) => n.name === node);
	if (!node) add('node', false, 'no node to deploy on');
	else if (!nodeRow) add('node', false, `node ${node} is not in the cluster`);
	else if (!nodeRow.online)
		add('node', false, `node ${node} is offline (cluster status): deploy on another node, or when it is back`);
	else add('node', true, `node ${node} is online`);
	// The clone runs on the template's node: that one must be up too.
	const cloneFrom = !existing && template && template.node !== node ? template.node : null;
	if (cloneFrom) {
		const from = offlineNodeBlocker(snapshot, cloneFrom, `template ${template!.vmid}`);
		if (from) add('node', false, from);
	}

	if (!existing && input.storage !== undefined) {
		const storage = snapshot.storages.find(
			(s) => s.storage === input.storage && (node === undefined || s.node === node),
		);
		const shared = snapshot.storages
			.filter((s) => s.node === node && s.shared && s.content.includes('rootdir'))
			.map((s) => s.storage);
		if (!storage) add('storage', false, `storage ${input.storage} does not exist${node ? ` on ${node}` : ''}`);
		else if (!storage.content.includes('rootdir'))
			add(
				'storage',
				false,
				`storage ${input.storage} does not hold container volumes (content: ${storage.content.join(',') || 'none'}; needs rootdir)`,
			);
		// pct clone --target refuses "can't clone to non-shared storage".
		else if (cloneFrom && !storage.shared)
			add(
				'storage',
				false,
				`storage ${input.storage} is not shared: a clone from ${cloneFrom} (the template's node) to ${node} needs shared storage${shared.length > 0 ? ` (on ${node}: ${shared.join(', ')})` : `, and ${node} has none that holds rootdir`}; or clone on ${cloneFrom}`,
			);
		else if (storage.status !== 'available' && storage.status !== 'active')
			add('storage', false, `storage ${input.storage} is ${storage.status}`);
		else {
			const free = storageFree(storage);
			const need = template?.maxdisk ?? 0;
			if (need > 0 && free !== null && free < need)
				add(
					'storage',
					false,
					`storage ${input.storage} has ${formatBytes(free)} free; the clone needs ${formatBytes(need)}`,
				);
			else
				add(
					'storage',
					true,
					`storage ${input.storage} holds rootdir, ${free === null ? 'free space not known' : `${formatBytes(free)} free`}${need > 0 ? ` (needs ${formatBytes(need)})` : ''}`,
				);
		}
	}

	if (input.bridge !== undefined) {
		const bridge = snapshot.bridges.find((b) => b.name === input.bridge && (node === undefined || b.node === node));
		if (!bridge) add('bridge', false, `bridge ${input.bridge} does not exist on ${node ?? 'the host'}`);
		else
			add(
				'bridge',
				true,
				`bridge ${input.bridge} exists${bridge.addresses.length > 0 ? ` (${bridge.addresses.join(', ')})` : ''}`,
			);
	}

	const address = addressOf(input.ip);
	if (address) {
		const users = snapshot.guests.flatMap((g) =>
			g.vmid === input.vmid
				? []
				: g.nics.filter((n) => addressOf(n.ip) === address).map((n) => `${g.vmid} (${g.name}, ${n.name})`),
		);
		if (users.length > 0) add('ip', false, `${address} is already in the config of guest ${users.join(', ')}`);
		else add('ip', true, `${address} is not used by any other guest`);
	}

	return {
		checks,
		blockers: checks.filter((c) => !c.ok).map((c) => c.detail),
		...(template ? {template} : {}),
		...(existing ? {existing} : {}),
		...(node ? {node} : {}),
	};
}

/** The checks of a snapshot, or the one failed `read` check when the host could not be read. */
export function preflightOrUnread(
	snapshot: Snapshot | null,
	input: PreflightInput,
	readError: string | undefined,
): PreflightOutcome {
	if (snapshot) return preflight(snapshot, input);
	return {
		checks: [{name: 'read', ok: false, detail: readError ?? 'no snapshot'}],
		blockers: [readError ?? 'could not read the host state'],
	};
}

/**
 * The first step of a job: it runs no command (the snapshot was read when the plan was
 * built) and stops the job, before anything changes, when the plan found blockers.
 */
export function preflightStep(
	plan: Pick<PlanStep, 'title' | 'note'>,
	blockers: readonly string[],
	passed?: () => string,
): JobStep {
	return {
		plan: {name: 'preflight', commands: [], ...plan},
		changes: false,
		run: async () => {
			if (blockers.length > 0)
				throw new StepFailure({message: `preflight failed: ${blockers.join('; ')}`, detail: blockers.join('; ')});
			return passed?.();
		},
	};
}
