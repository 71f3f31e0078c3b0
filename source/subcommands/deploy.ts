/** `proxdeck deploy <service...|--all> [--dry-run] [--yes] [--rollback] [--node N]` */
import type {SubcommandArgs} from '../cli-args.js';
import {validateCatalog} from '../catalog/validate-catalog.js';
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

	const env = opsEnv(deps);
	const jobs: Job[] = [];
	// One read per service keeps each plan exact; deploys run one by one in catalog order.
	for (const service of services) jobs.push(await planDeploy(env, service, node ? {node} : {}, deps.signal));
	const outcome = await runJobs(io, deps, jobs, {
		dryRun: flag(args, 'dry-run'),
		yes: flag(args, 'yes'),
		rollback: flag(args, 'rollback'),
		label: (job) => job.plan.target.split(' ')[0] ?? job.plan.target,
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
	return outcome.exitCode;
}
