/**
 * The path every mutating subcommand takes: plans first (printed by --dry-run, shown before
 * the question), one confirmation for the lot, then each job in turn with progress lines,
 * journaled. Plans that change nothing run without asking (they only check).
 */
import {createJournal} from '../journal/journal.js';
import type {JobResult} from '../model/job-result.js';
import type {Job} from '../ops/job.js';
import {planLines} from '../ops/plan-text.js';
import {runJob} from '../ops/runner.js';
import {INTERRUPT_EXIT, interruption} from '../ops/interrupt.js';
import {EXIT} from '../exit-codes.js';
import {confirmChange} from './confirm.js';
import type {Io, SubcommandDeps} from './io.js';
import {isReadOnly, opsEnv} from './io.js';
import {progressPrinter} from './progress.js';

export interface RunJobsOptions {
	dryRun: boolean;
	yes: boolean;
	rollback?: boolean;
	/** Typed confirmation (destroy): the value, and what --confirm gave. */
	typedGiven?: string;
	/** Label for progress lines. */
	label: (job: Job) => string;
}

export interface RunJobsOutcome {
	exitCode: number;
	results: {job: Job; result: JobResult}[];
}

export async function runJobs(
	io: Io,
	deps: SubcommandDeps,
	jobs: Job[],
	options: RunJobsOptions,
): Promise<RunJobsOutcome> {
	if (options.dryRun) {
		for (const job of jobs) for (const line of planLines(job.plan)) io.out(line);
		io.out('dry run: nothing was changed');
		return {exitCode: jobs.some((j) => j.plan.blockers.length > 0) ? EXIT.error : EXIT.ok, results: []};
	}
	const changing = jobs.filter((j) => !j.plan.nothingToDo && j.plan.blockers.length === 0);
	if (changing.length > 0 && isReadOnly(deps)) {
		io.err(
			`read-only mode: ${changing.map((j) => `${j.plan.action} ${j.plan.target}`).join(', ')} would change the host (drop --readonly, or use --write)`,
		);
		// Read-only is a refusal, not a usage mistake: exit 1, as the README promises for it.
		return {exitCode: EXIT.error, results: []};
	}
	if (changing.length > 0) {
		const typed = changing.find((j) => j.plan.typedConfirmation !== undefined)?.plan.typedConfirmation;
		const what = changing.map((j) => `${j.plan.action} ${j.plan.target}`).join(', ');
		if (io.stdin.isTTY === true && !options.yes)
			for (const job of changing) for (const line of planLines(job.plan)) io.out(line);
		const confirmed = await confirmChange(io, {
			what,
			yes: options.yes,
			...(typed !== undefined ? {typed} : {}),
			...(options.typedGiven !== undefined ? {typedGiven: options.typedGiven} : {}),
		});
		if (!confirmed.ok) return {exitCode: confirmed.exitCode, results: []};
	}

	const env = opsEnv(deps);
	const journal = deps.journal ?? createJournal();
	const results: RunJobsOutcome['results'] = [];
	for (const job of jobs) {
		const result = await runJob(job, env, {
			listener: progressPrinter(io, options.label(job)),
			journal,
			...(options.rollback ? {rollback: true} : {}),
			...(deps.signal ? {signal: deps.signal} : {}),
		});
		results.push({job, result});
		io.out(result.summary);
		for (const left of result.leftovers) io.out(`  left behind: ${left}`);
		for (const gone of result.rolledBack) io.out(`  rolled back: ${gone}`);
		if (result.result === 'cancelled' || result.result === 'interrupted') break;
	}
	const stopped = interruption(deps.signal);
	if (stopped) return {exitCode: INTERRUPT_EXIT[stopped.signal], results};
	const failed = results.some((r) => r.result.result === 'failed' || r.result.result === 'cancelled');
	return {exitCode: failed ? EXIT.error : EXIT.ok, results};
}
