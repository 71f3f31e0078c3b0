/**
 * `proxdeck health` and the console's health view: one snapshot read (one exec), the passive
 * checks on it, then the catalog's checks for each deployed service and each of its replicas
 * (running state, probes, mounts the catalog expects), and a look at the logs of containers
 * that keep failing, so known failures (s6 in LinuxServer.io images, a full disk) come with
 * their fix.
 */
import {serviceAddress} from '../../catalog/defaults.js';
import {maxInstances, serviceInstance} from '../../catalog/instances.js';
import type {Catalog, CatalogService} from '../../catalog/types.js';
import type {Guest, HealthResult, HealthState, Snapshot} from '../../model/snapshot.js';
import type {OpsEnv} from '../job.js';
import {dockerLogsTail} from '../pct-commands.js';
import type {HostCommand} from '../pct-commands.js';
import {runProbe} from '../probes.js';
import {inGuest} from '../../host/commands.js';
import {shellJoin} from '../../host/quote.js';
import {findKnownFailure} from './known-failures.js';
import {passiveHealth, type HealthThresholds} from './passive.js';
import {auditBackups, DEFAULT_SKIP_TAGS, type AuditOptions} from '../backup-audit.js';
import {createSafetyReader} from '../safety-read.js';

export interface HealthOptions {
	catalog: Catalog;
	/** VMIDs or catalog service names; none: everything. */
	targets?: string[];
	thresholds?: Partial<HealthThresholds>;
	signal?: AbortSignal;
	/** Containers whose logs are read for known failures (bounds the number of execs). */
	maxLogReads?: number;
	/** The backup coverage audit's options; false leaves the audit out (it reads the backup storages). */
	audit?: AuditOptions | false;
}

export interface HealthReport {
	results: HealthResult[];
	snapshot: Snapshot | null;
	/** Commands run besides the snapshot read, in order. */
	commands: string[];
}

export const STATE_RANK: Record<HealthState, number> = {pass: 0, warn: 1, fail: 2};

export function worstState(results: readonly HealthResult[]): HealthState {
	return results.reduce<HealthState>((worst, r) => (STATE_RANK[r.state] > STATE_RANK[worst] ? r.state : worst), 'pass');
}

/** One instance of a catalog service to check: the service itself, or one of its replicas. */
interface Instance {
	/** The instance as the catalog lays it out (its own VMID, address and probes). */
	service: CatalogService;
	/** `service:grafana`, and `service:grafana#2` for its first replica (instance 2). */
	target: string;
}

interface Scope {
	all: boolean;
	instances: Instance[];
	vmids: Set<number>;
	unknown: string[];
}

/**
 * The service and each replica `deploy --instances` made of it that is on the host: a guest
 * at the replica's VMID with the replica's hostname (a guest that only happens to have the
 * VMID is not taken for it).
 */
function instancesOf(service: CatalogService, snapshot: Snapshot): Instance[] {
	const found: Instance[] = [{service, target: `service:${service.name}`}];
	for (let n = 2; n <= maxInstances(service); n++) {
		const replica = serviceInstance(service, n);
		if (snapshot.guests.some((g) => g.vmid === replica.vmid && g.name === replica.hostname))
			found.push({service: replica, target: `service:${service.name}#${n}`});
	}
	return found;
}

function resolveScope(catalog: Catalog, snapshot: Snapshot, targets: string[] | undefined): Scope {
	if (!targets || targets.length === 0) {
		const present = new Set(snapshot.guests.map((g) => g.vmid));
		const instances = catalog.services.flatMap((s) =>
			instancesOf(s, snapshot).filter((i) => present.has(i.service.vmid)),
		);
		return {all: true, instances, vmids: new Set(), unknown: []};
	}
	const scope: Scope = {all: false, instances: [], vmids: new Set(), unknown: []};
	const add = (instance: Instance): void => {
		if (scope.instances.some((i) => i.target === instance.target)) return;
		scope.instances.push(instance);
		scope.vmids.add(instance.service.vmid);
	};
	for (const t of targets) {
		const service = catalog.services.find((s) => s.name === t);
		if (service) {
			for (const instance of instancesOf(service, snapshot)) add(instance);
		} else if (/^\d+$/.test(t) && snapshot.guests.some((g) => g.vmid === Number(t))) {
			scope.vmids.add(Number(t));
			const instance = catalog.services
				.flatMap((s) => instancesOf(s, snapshot))
				.find((i) => i.service.vmid === Number(t));
			if (instance) add(instance);
		} else scope.unknown.push(t);
	}
	return scope;
}

/** Does a passive result concern one of these guests? */
function concerns(result: HealthResult, vmids: Set<number>): boolean {
	const m = /^(?:guest|ctr):(\d+)/.exec(result.target) ?? /^vpn:[^@]+@(\d+)$/.exec(result.target);
	return m !== null && vmids.has(Number(m[1]));
}

function mountResults(service: CatalogService, guest: Guest, target: string): HealthResult[] {
	const missing = service.mounts.filter((m) => !guest.mounts.some((g) => g.source === m.source && g.path === m.path));
	if (service.mounts.length === 0) return [];
	if (missing.length === 0)
		return [
			{target, check: 'mounts', state: 'pass', detail: service.mounts.map((m) => `${m.key} ${m.source}`).join(', ')},
		];
	return missing.map((m) => ({
		target,
		check: `mount:${m.key}`,
		state: 'warn' as const,
		detail: `the catalog expects ${m.source} at ${m.path}; guest ${service.vmid}'s config has no such mount`,
		hint: `${shellJoin(['pct', 'set', String(service.vmid), `--${m.key}`, `${m.source},mp=${m.path}`])} (takes effect at the next start)`,
	}));
}

/** A probe whose node cannot be reached fails with why (the others still run). */
function unreachable(error: unknown): {ok: false; detail: string} {
	return {ok: false, detail: `could not run the probe: ${error instanceof Error ? error.message : String(error)}`};
}

export async function runHealth(env: OpsEnv, options: HealthOptions): Promise<HealthReport> {
	const now = env.now ?? Date.now;
	const commands: string[] = [];
	let snapshot: Snapshot;
	try {
		snapshot = await env.collector.collect(options.signal);
	} catch (error) {
		return {
			results: [
				{
					target: 'host',
					check: 'read',
					state: 'fail',
					detail: `could not read the host: ${error instanceof Error ? error.message : String(error)}`,
					hint: 'check the connection (proxdeck --host …) and that the user may run pvesh',
				},
			],
			snapshot: null,
			commands,
		};
	}
	// Each probe on the guest's own node (the router takes it there).
	const exec = async (command: HostCommand): Promise<{stdout: string; stderr: string; code: number | null}> => {
		commands.push(env.nodes.render(command));
		const r = await env.nodes.exec(command, {timeoutMs: 15_000, ...(options.signal ? {signal: options.signal} : {})});
		return {stdout: r.stdout, stderr: r.stderr, code: r.interrupted ? null : r.code};
	};

	const scope = resolveScope(options.catalog, snapshot, options.targets);
	const passive = passiveHealth(snapshot, now(), options.thresholds);
	const results: HealthResult[] = scope.all ? [...passive] : passive.filter((r) => concerns(r, scope.vmids));
	for (const t of scope.unknown)
		results.push({
			target: t,
			check: 'exists',
			state: 'fail',
			detail: `no guest or catalog service named "${t}"`,
			hint: `catalog services: ${options.catalog.services.map((s) => s.name).join(', ')}`,
		});

	// Targeted guests that are not catalog services still get their running state.
	for (const vmid of scope.vmids) {
		if (scope.instances.some((i) => i.service.vmid === vmid)) continue;
		const g = snapshot.guests.find((x) => x.vmid === vmid);
		if (g && !g.template)
			results.push({
				target: `guest:${vmid}`,
				check: 'running',
				state: g.status === 'running' ? 'pass' : 'fail',
				detail: `${g.name} is ${g.status}`,
				...(g.status === 'running'
					? {}
					: {hint: shellJoin(['proxdeck', 'start', String(vmid)]), fix: {action: 'start' as const, vmid}}),
			});
	}

	for (const {service, target} of scope.instances) {
		const guest = snapshot.guests.find((g) => g.vmid === service.vmid);
		if (!guest) {
			results.push({
				target,
				check: 'running',
				state: 'fail',
				detail: `guest ${service.vmid} does not exist`,
				hint: shellJoin(['proxdeck', 'deploy', service.name]),
				fix: {action: 'deploy', service: service.name},
			});
			continue;
		}
		if (guest.status !== 'running') {
			results.push({
				target,
				check: 'running',
				state: 'fail',
				detail: `guest ${service.vmid} (${guest.name}) is ${guest.status}`,
				hint: shellJoin(['proxdeck', 'start', String(service.vmid)]),
				fix: {action: 'start', vmid: service.vmid},
			});
			results.push(...mountResults(service, guest, target));
			continue;
		}
		results.push({target, check: 'running', state: 'pass', detail: `guest ${service.vmid} is running`});
		for (const probe of service.probes) {
			const outcome = await runProbe(exec, probe, guest, serviceAddress(service)).catch(unreachable);
			results.push({
				target,
				check: `probe:${probe.name}`,
				state: outcome.ok ? 'pass' : 'fail',
				detail: outcome.detail,
				...(outcome.ok
					? {}
					: {
							hint: `the guest runs but ${probe.name} does not answer: ${shellJoin(inGuest(service.vmid, ['journalctl', '-n', '50']))} shows why`,
						}),
			});
		}
		results.push(...mountResults(service, guest, target));
	}

	await confirmFromLogs(results, snapshot, exec, options.maxLogReads ?? 6);
	if (options.audit !== false) {
		const audit = await backupAudit(env, snapshot, options.audit ?? {skipTags: DEFAULT_SKIP_TAGS}, options.signal);
		results.push(...(scope.all ? audit : audit.filter((r) => concerns(r, scope.vmids))));
	}
	return {results, snapshot, commands};
}

/**
 * For failing containers, read the last log lines and, when one shows a known failure
 * (s6 Permission denied, No space left on device), quote it and give its fix.
 */
async function confirmFromLogs(
	results: HealthResult[],
	snapshot: Snapshot,
	exec: (c: HostCommand) => Promise<{stdout: string; stderr: string; code: number | null}>,
	budget: number,
): Promise<void> {
	let reads = 0;
	for (const result of results) {
		if (reads >= budget) break;
		const m = /^ctr:(\d+):(.+)$/.exec(result.target);
		if (!m || result.state !== 'fail') continue;
		const vmid = Number(m[1]);
		const guest = snapshot.guests.find((g) => g.vmid === vmid);
		if (guest?.status !== 'running') continue;
		reads++;
		let logs: {stdout: string; stderr: string; code: number | null};
		try {
			logs = await exec(dockerLogsTail(guest, m[2]!, 30));
		} catch {
			continue;
		}
		// docker logs writes the container's stderr to its own stderr: read both.
		const known = findKnownFailure(`${logs.stdout}\n${logs.stderr}`, vmid);
		if (known) {
			result.detail = `${result.detail.split(';')[0]}; its log says: ${known.line}`;
			result.hint = known.hint;
			// The diagnosis is the fix now, not reading the log again.
			delete result.fix;
		}
	}
}

/** The backup coverage audit's verdicts, from one read of the jobs, tasks and backup storages. */
async function backupAudit(
	env: OpsEnv,
	snapshot: Snapshot,
	options: AuditOptions,
	signal?: AbortSignal,
): Promise<HealthResult[]> {
	const now = env.now ?? Date.now;
	try {
		const data = await createSafetyReader({nodes: env.nodes, now}).read(snapshot, signal);
		return auditBackups(snapshot, data, now(), options).results;
	} catch (error) {
		return [
			{
				target: 'host',
				check: 'backup:read',
				state: 'warn',
				detail: `could not read the backups: ${error instanceof Error ? error.message : String(error)}`,
				hint: 'the backup audit is missing from this report',
			},
		];
	}
}
