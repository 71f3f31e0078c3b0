/**
 * A plan as plain text: what `--dry-run` prints and what the CLI shows before asking for
 * confirmation. The console's dialog renders the same Plan object its own way.
 */
import type {Plan} from './job.js';

export function formatPlan(plan: Plan): string {
	return planLines(plan).join('\n');
}

/** The plan one line at a time (the CLI writes each through the sanitiser). */
export function planLines(plan: Plan): string[] {
	const lines = [`${plan.action} ${plan.target}${plan.dangerous ? '  (changes the running system)' : ''}`];
	for (const check of plan.checks)
		lines.push(`  ${check.ok ? (check.warning ? 'warn' : 'ok  ') : 'FAIL'} ${check.name}: ${check.detail}`);
	if (plan.blockers.length > 0) lines.push(`  cannot run: ${plan.blockers.join('; ')}`);
	let n = 0;
	for (const step of plan.steps) {
		if (step.name === 'preflight') continue;
		if (step.skip !== undefined) {
			lines.push(`  -  ${step.name}: skip (${step.skip})`);
			continue;
		}
		n += 1;
		lines.push(`  ${n}. ${step.name}: ${step.title}`);
		for (const command of step.commands) lines.push(`       $ ${command}`);
		if (step.note) lines.push(`       (${step.note})`);
	}
	if (plan.nothingToDo) lines.push('  nothing to change');
	return lines;
}
