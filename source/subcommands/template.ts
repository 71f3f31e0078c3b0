/**
 * `proxdeck template create <service...|--all> [--vmid N] [--node N] [--dry-run] [--yes] [--rollback]`
 * and `proxdeck template list [--json]`: make the catalog's templates from nothing (plans
 * first, one confirmation, journaled, resumable by running it again), and list the templates
 * with the guests made from each.
 */
import type {SubcommandArgs} from '../cli-args.js';
import type {Catalog, CatalogService} from '../catalog/types.js';
import {validateCatalog} from '../catalog/validate-catalog.js';
import {EXIT} from '../exit-codes.js';
import {assertNode, assertVmid, validated} from '../host/validate.js';
import type {Job} from '../ops/job.js';
import {readSnapshot} from '../ops/shared.js';
import {planTemplate} from '../ops/template-create.js';
import {planRecreate} from '../ops/template-recreate.js';
import {createJournal} from '../journal/journal.js';
import {templateRows, templatesMade} from '../report/template-rows.js';
import type {Io, SubcommandDeps} from './io.js';
import {catalogFor, flag, makeIo, opsEnv, table, value} from './io.js';
import {runJobs} from './run-jobs.js';

const USAGE =
	'usage: proxdeck template create <service...|--all> [--recreate] [--vmid N] [--node N] [--dry-run] [--yes] [--rollback] | template list [--json]';

function usable(io: Io, deps: SubcommandDeps): Catalog | null {
	const chosen = catalogFor(deps);
	if (!chosen.ok) {
		io.err(chosen.message);
		return null;
	}
	const problems = validateCatalog(chosen.catalog);
	for (const p of problems) io.err(`catalog: ${p.service}: ${p.message}`);
	return problems.length > 0 ? null : chosen.catalog;
}

/** The services named, or every one with a recipe for --all; null after saying what was wrong. */
function chooseServices(io: Io, args: SubcommandArgs, catalog: Catalog, names: string[]): CatalogService[] | null {
	const all = flag(args, 'all');
	const known = catalog.services.map((s) => s.name).join(', ');
	if (all === names.length > 0) {
		io.err(
			all
				? 'template create takes service names or --all, not both'
				: `template create needs a service name or --all (catalog: ${known})`,
		);
		return null;
	}
	if (all) return catalog.services.filter((s) => s.template);
	const services: CatalogService[] = [];
	for (const name of names) {
		const service = catalog.services.find((s) => s.name === name);
		if (!service) {
			io.err(`no service "${name}" in the catalog (catalog: ${known})`);
			return null;
		}
		services.push(service);
	}
	return services;
}

async function createTemplates(io: Io, args: SubcommandArgs, deps: SubcommandDeps, names: string[]): Promise<number> {
	const catalog = usable(io, deps);
	if (!catalog) return EXIT.usage;
	const services = chooseServices(io, args, catalog, names);
	if (!services) return EXIT.usage;
	const node = value(args, 'node');
	const vmidText = value(args, 'vmid');
	const checked = validated(() => ({
		node: node === undefined ? undefined : assertNode(node),
		vmid: vmidText === undefined ? undefined : assertVmid(vmidText),
	}));
	if (!checked.ok) {
		io.err(checked.error.message);
		return EXIT.usage;
	}
	const recreate = flag(args, 'recreate');
	if (recreate && checked.value.vmid !== undefined) {
		io.err('--recreate builds under a spare VMID of its own: leave out --vmid');
		return EXIT.usage;
	}
	if (checked.value.vmid !== undefined && services.length !== 1) {
		io.err('--vmid names one template: give one service with it');
		return EXIT.usage;
	}
	const env = opsEnv(deps);
	const jobs: Job[] = [];
	for (const service of services) {
		const options = {
			...(checked.value.node ? {node: checked.value.node} : {}),
			...(checked.value.vmid !== undefined ? {vmid: checked.value.vmid} : {}),
		};
		jobs.push(
			recreate ? await planRecreate(env, service, deps.signal) : await planTemplate(env, service, options, deps.signal),
		);
	}
	const outcome = await runJobs(io, deps, jobs, {
		dryRun: flag(args, 'dry-run'),
		yes: flag(args, 'yes'),
		rollback: flag(args, 'rollback'),
		label: (job) => job.plan.target.split(' ')[0] ?? job.plan.target,
	});
	return outcome.exitCode;
}

async function listTemplates(io: Io, args: SubcommandArgs, deps: SubcommandDeps): Promise<number> {
	const catalog = catalogFor(deps);
	const read = await readSnapshot(opsEnv(deps), deps.signal);
	if (!read.snapshot) {
		io.err(read.error ?? 'could not read the host');
		return EXIT.error;
	}
	const rows = templateRows(
		read.snapshot,
		catalog.ok ? catalog.catalog : {services: []},
		Date.now(),
		templatesMade(await (deps.journal ?? createJournal()).read()),
	);
	if (flag(args, 'json')) {
		io.out(JSON.stringify(rows, null, 2));
		return EXIT.ok;
	}
	const lines = [['VMID', 'SERVICE', 'NODE', 'STORAGE', 'SIZE', 'AGE', 'GUESTS FROM IT']];
	for (const r of rows)
		lines.push([
			String(r.vmid),
			r.service ?? '-',
			r.node,
			r.storage ?? '?',
			r.sizeText,
			r.ageText,
			r.clones.map((c) => `${c.vmid} ${c.name}`).join(', ') || '-',
		]);
	for (const line of table(lines)) io.out(line);
	return EXIT.ok;
}

export async function templateCommand(args: SubcommandArgs, deps: SubcommandDeps): Promise<number> {
	const io = makeIo(deps);
	const [verb, ...names] = args.positional;
	if (verb === 'create') return createTemplates(io, args, deps, names);
	if (verb === 'list' && names.length === 0) return listTemplates(io, args, deps);
	io.err(USAGE);
	return EXIT.usage;
}
