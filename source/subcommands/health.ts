/** `proxdeck health [<vmid|service>...] [--json | --prometheus]`: exit 3 when any check fails. */
import type {SubcommandArgs} from '../cli-args.js';
import {EXIT} from '../exit-codes.js';
import type {HealthResult} from '../model/snapshot.js';
import {renderPrometheus} from '../ops/health/prometheus.js';
import {runHealth, worstState} from '../ops/health/run.js';
import {DEFAULT_SKIP_TAGS} from '../ops/backup-audit.js';
import type {SubcommandDeps} from './io.js';
import {catalogFor, flag, healthThresholds, makeIo, opsEnv, table} from './io.js';

export function healthCounts(results: readonly HealthResult[]): {pass: number; warn: number; fail: number} {
	const counts = {pass: 0, warn: 0, fail: 0};
	for (const r of results) counts[r.state]++;
	return counts;
}

export async function healthCommand(args: SubcommandArgs, deps: SubcommandDeps): Promise<number> {
	const io = makeIo(deps);
	const json = flag(args, 'json') || deps.options.json;
	const prometheus = flag(args, 'prometheus');
	if (json && prometheus) {
		io.err('--json and --prometheus are two output formats: pick one');
		return EXIT.usage;
	}
	const env = opsEnv(deps);
	const now = deps.now ?? Date.now;
	const chosen = catalogFor(deps);
	if (!chosen.ok) {
		io.err(chosen.message);
		return EXIT.usage;
	}
	const report = await runHealth(env, {
		catalog: chosen.catalog,
		targets: args.positional,
		thresholds: healthThresholds(deps),
		audit: {skipTags: deps.settings?.config.safety.skipBackupTags ?? DEFAULT_SKIP_TAGS},
		...(deps.signal ? {signal: deps.signal} : {}),
	});
	const {results} = report;
	const status = worstState(results);
	const counts = healthCounts(results);
	if (prometheus) {
		io.stdout.write(renderPrometheus(results, deps.context, now()));
	} else if (json) {
		// `takenAt`, as in the snapshot; `time` is its deprecated alias, kept while the schema is 1.
		const takenAt = new Date(now()).toISOString();
		io.json({schemaVersion: 1, context: deps.context, takenAt, status, counts, results, time: takenAt});
	} else {
		// Failures first, then warnings: what needs attention is at the top.
		const order = {fail: 0, warn: 1, pass: 2} as const;
		const sorted = [...results].sort((a, b) => order[a.state] - order[b.state]);
		const rows = [['STATE', 'TARGET', 'CHECK', 'DETAIL']];
		const hints = new Map<number, string>();
		for (const r of sorted) {
			rows.push([r.state.toUpperCase(), r.target, r.check, r.detail]);
			if (r.hint && r.state !== 'pass') hints.set(rows.length - 1, r.hint);
		}
		const lines = table(rows);
		lines.forEach((line, i) => {
			io.out(line);
			const hint = hints.get(i);
			if (hint) io.out(`      hint: ${hint}`);
		});
		io.out(`${counts.pass} pass, ${counts.warn} warn, ${counts.fail} fail`);
	}
	return status === 'fail' ? EXIT.healthFailed : EXIT.ok;
}
