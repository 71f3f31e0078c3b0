/**
 * `proxdeck deploy <service...|--all> [--dry-run] [--yes] [--rollback] [--node N]`, and
 * `proxdeck deploy <service> --instances N`: the service as N guests (catalog/instances.ts).
 */
import type {SubcommandArgs} from '../cli-args.js';
import {validateCatalog} from '../catalog/validate-catalog.js';
import {maxInstances, serviceInstances} from '../catalog/instances.js';
import type {CatalogService} from '../catalog/types.js';
import {EXIT} from '../exit-codes.js';
import {assertNode, validated} from '../host/validate.js';
import {planDeploy} from '../ops/deploy.js';
import type {Job} from '../ops/job.js';
import type {SubcommandDeps} from './io.js';
import {catalogFor, flag, makeIo, opsEnv, table, value} from './io.js';
import {runJobs} from './run-jobs.js';
import {seconds} from './progress.js';

export async function deployCommand(args: SubcommandArgs, deps: SubcommandDeps): Promise<number> {
	const io = makeIo(deps);
	const chosen = catalogFor(deps);
	if (!chosen.ok) {
		io.err(chosen.message);
		return EXIT.usage;
	}
	const {catalog} = chosen;
	const problems = validateCatalog(catalog);
	if (problems.length > 0) {
		for (const p of problems) io.err(`catalog: ${p.service}: ${p.message}`);
		return EXIT.usage;
	}
	const all = flag(args, 'all');
	if (all && args.positional.length > 0) {
		io.err('deploy takes service names or --all, not both');
		return EXIT.usage;
	}
	if (!all && args.positional.length === 0) {
		io.err(`deploy needs a service name or --all (catalog: ${catalog.services.map((s) => s.name).join(', ')})`);
		return EXIT.usage;
	}
	const services = all ? catalog.services : [];
	for (const name of args.positional) {
		const service = catalog.services.find((s) => s.name === name);
		if (!service) {
			io.err(`no service "${name}" in the catalog (catalog: ${catalog.services.map((s) => s.name).join(', ')})`);
			return EXIT.usage;
		}
		services.push(service);
	}
	const node = value(args, 'node');
	const checked = validated(() => (node === undefined ? undefined : assertNode(node)));
	if (!checked.ok) {
		io.err(checked.error.message);
		return EXIT.usage;
	}

	const count = instancesOption(value(args, 'instances'), services);
	if (typeof count === 'string') {
		io.err(count);
		return EXIT.usage;
	}
	const targets = count === undefined ? services : serviceInstances(services[0]!, count);

	const env = opsEnv(deps);
	const jobs: Job[] = [];
	// One read per service keeps each plan exact; deploys run one by one in catalog order.
	for (const service of targets) jobs.push(await planDeploy(env, service, node ? {node} : {}, deps.signal));
	const outcome = await runJobs(io, deps, jobs, {
		dryRun: flag(args, 'dry-run'),
		yes: flag(args, 'yes'),
		rollback: flag(args, 'rollback'),
		label: (job) =>
			count === undefined ? (job.plan.target.split(' ')[0] ?? job.plan.target) : job.plan.target.replace(/[()]/g, ''),
	});
	if (outcome.results.length > 1) {
		io.out('');
		const rows = [['SERVICE', 'VMID', 'RESULT', 'STEP', 'TIME', 'DETAIL']];
		for (const {job, result} of outcome.results) {
			const failedStep = result.failure?.step ?? '';
			const detail = result.failure
				? (result.failure.detail ?? result.failure.message)
				: result.result === 'nothing-to-do'
					? 'already deployed and healthy'
					: 'deployed';
			rows.push([
				job.plan.target.split(' ')[0] ?? '',
				String(job.plan.vmid ?? ''),
				result.result,
				failedStep,
				seconds(result.finishedAt - result.startedAt),
				detail,
			]);
		}
		for (const line of table(rows)) io.out(line);
	}
	if (count !== undefined && outcome.results.length > 0)
		io.out(instancesSummary(services[0]!, targets, outcome.results));
	return outcome.exitCode;
}

/** `--instances N`: a count from 1 to what the service's address block holds, for one service; or why not. */
function instancesOption(text: string | undefined, services: readonly CatalogService[]): number | undefined | string {
	if (text === undefined) return undefined;
	const service = services[0];
	if (services.length !== 1 || !service)
		return '--instances scales one service: name exactly one (deploy postgresql --instances 3)';
	const max = maxInstances(service);
	if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max)
		return `invalid --instances "${text}": expected a whole number from 1 to ${max} (${service.name}'s addresses from ${service.ip.split('/')[0]} leave room for ${max})`;
	return Number(text);
}

/** One line for the lot: which instances are healthy, which failed and why. */
function instancesSummary(
	service: CatalogService,
	targets: readonly CatalogService[],
	results: readonly {job: Job; result: {result: string; failure?: {step: string; detail?: string; message: string}}}[],
): string {
	const healthy: string[] = [];
	const failed: string[] = [];
	results.forEach(({result}, i) => {
		const t = targets[i]!;
		const where = `${t.vmid} ${t.hostname} at ${t.ip.split('/')[0]}`;
		// Instances count the primary, as a replica count does: one already there is named so.
		if (result.result === 'nothing-to-do') healthy.push(`${where} (already there)`);
		else if (result.result === 'ok') healthy.push(where);
		else
			failed.push(
				`${where}: ${result.failure ? `${result.failure.step}: ${result.failure.detail ?? result.failure.message}` : result.result}`,
			);
	});
	const notRun = targets.length - results.length;
	return [
		`${service.name}: ${healthy.length} of ${targets.length} instances healthy${healthy.length > 0 ? ` (${healthy.join(', ')})` : ''}`,
		...(failed.length > 0 ? [`; failed: ${failed.join('; ')}`] : []),
		...(notRun > 0 ? [`; ${notRun} not run`] : []),
	].join('');
}
