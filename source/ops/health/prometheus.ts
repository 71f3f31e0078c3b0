/**
 * Health results in the Prometheus text exposition format (version 0.0.4), for
 * node_exporter's textfile collector: no timestamps (the collector refuses them), one
 * sample per (target, check), label values escaped as the format requires.
 */
import type {HealthResult, HealthState} from '../../model/snapshot.js';
import {visibleText} from '../../text/visible.js';
import {STATE_RANK} from './run.js';

/** The format's escapes, after the sanitiser: a target named by a guest cannot carry controls. */
function escapeLabel(value: string): string {
	return visibleText(value, {newlines: true}).replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

export function renderPrometheus(results: readonly HealthResult[], context: string, nowMs: number): string {
	// The same (target, check) twice would be a duplicate series: keep the worst.
	const series = new Map<string, HealthResult>();
	for (const r of results) {
		const key = `${r.node ?? ''}\u0000${r.target}\u0000${r.check}`;
		const prev = series.get(key);
		if (!prev || STATE_RANK[r.state] > STATE_RANK[prev.state]) series.set(key, r);
	}
	const ctx = `context="${escapeLabel(context)}"`;
	const lines = [
		'# HELP proxdeck_health_state Result of one proxdeck health check: 0 pass, 1 warn, 2 fail.',
		'# TYPE proxdeck_health_state gauge',
	];
	for (const r of series.values())
		lines.push(
			`proxdeck_health_state{${ctx},${r.node ? `node="${escapeLabel(r.node)}",` : ''}target="${escapeLabel(r.target)}",check="${escapeLabel(r.check)}"} ${STATE_RANK[r.state]}`,
		);
	lines.push(
		'# HELP proxdeck_health_checks Number of proxdeck health checks in each state.',
		'# TYPE proxdeck_health_checks gauge',
	);
	const counts: Record<HealthState, number> = {pass: 0, warn: 0, fail: 0};
	for (const r of series.values()) counts[r.state]++;
	for (const state of ['pass', 'warn', 'fail'] as const)
		lines.push(`proxdeck_health_checks{${ctx},state="${state}"} ${counts[state]}`);
	lines.push(
		'# HELP proxdeck_health_last_run_timestamp_seconds When the checks ran, in seconds since the epoch.',
		'# TYPE proxdeck_health_last_run_timestamp_seconds gauge',
		`proxdeck_health_last_run_timestamp_seconds{${ctx}} ${Math.floor(nowMs / 1000)}`,
	);
	return `${lines.join('\n')}\n`;
}
