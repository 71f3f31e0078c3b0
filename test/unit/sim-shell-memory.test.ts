/**
 * What the simulated host keeps between refreshes: the demo runs it in the console's process,
 * so whatever it holds shows in the console's memory. Each refresh's batch is a new script
 * with a new marker; its parsed lines are remembered for the next refresh, and none of that
 * may keep a refresh's whole script alive once it has run.
 */
import {randomBytes} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {runShell, type ShellResult} from '../../source/sim/shell.js';
import {retainedBytes} from '../helpers/memory.js';

const REFRESHES = 100;

/** A refresh's batch: a new marker, then the same sections every time, one of them large. */
function batch(): string {
	const mark = randomBytes(16).toString('hex');
	const sections = ['pvesh get /cluster/resources --output-format json', 'zpool list -Hp', 'ip -j addr show'];
	// The per-guest config reads make a batch at cluster scale some 100 KB.
	const configs = Array.from({length: 2000}, (_, i) => `pct config ${100 + i} 2>/dev/null; printf '\\n'`).join('; ');
	return [
		`pd_mark=${mark}`,
		'export LC_ALL=C',
		...sections.map((s) => `${s}; printf '%s E\\n' "$pd_mark"`),
		configs,
	].join('\n');
}

const answer = (argv: string[]): ShellResult => ({
	stdout: argv[0] === 'printf' ? '' : `${argv[0]} ok\n`,
	stderr: '',
	code: 0,
});

describe('the simulated shell across refreshes', () => {
	it('keeps no refresh’s script once it has run', async () => {
		runShell(batch(), answer); // the lines every refresh shares are remembered here
		const before = await retainedBytes();
		let out = '';
		for (let i = 0; i < REFRESHES; i++) out = runShell(batch(), answer).stdout;
		const held = (await retainedBytes()) - before;
		expect(out).toContain('zpool ok');
		// Each script is ~100 KB: keeping one in four of them would hold over 2 MB.
		expect(batch().length).toBeGreaterThan(60_000);
		expect(held).toBeLessThan(1_000_000);
	});
});
