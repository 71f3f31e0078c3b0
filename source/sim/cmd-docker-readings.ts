/**
 * The read-only docker commands behind a Docker host's live view: `stats --no-stream`,
 * `inspect` and `system df`, each in the output format the real one has.
 */
import {ok, type SimContext} from './cmd-util.js';
import type {SimResult} from './faults.js';
import {renderDockerInspect, renderDockerStats, renderSystemDf} from './render/docker-stats.js';
import type {SimGuest} from './types.js';

function formatOf(args: readonly string[]): string | undefined {
	const at = args.findIndex((a) => a === '--format' || a === '-f');
	if (at !== -1) return args[at + 1];
	return args.find((a) => a.startsWith('--format='))?.slice('--format='.length);
}

export function runDockerReading(ctx: SimContext, guest: SimGuest, sub: string, args: string[]): SimResult | null {
	switch (sub) {
		case 'stats':
			if (!args.includes('--no-stream'))
				return {stdout: '', stderr: 'the simulated docker only answers stats --no-stream\n', code: 1};
			return ok(renderDockerStats(guest, ctx.now));
		case 'inspect': {
			const format = formatOf(args);
			const names = args.filter((a, i) => !a.startsWith('-') && !['--format', '-f'].includes(args[i - 1] ?? ''));
			const found = names.map((n) => guest.docker?.containers.find((c) => c.name === n || c.id.startsWith(n)));
			const missing = names.find((_, i) => !found[i]);
			if (names.length === 0) return {stdout: '', stderr: '"docker inspect" requires at least 1 argument.\n', code: 1};
			if (missing !== undefined)
				return {stdout: '[]\n', stderr: `Error response from daemon: No such object: ${missing}\n`, code: 1};
			return renderDockerInspect(
				found.filter((c) => c !== undefined),
				format,
				ctx.now,
			);
		}
		case 'system':
			if (args[0] !== 'df') return null;
			return ok(renderSystemDf(guest));
		default:
			return null;
	}
}
