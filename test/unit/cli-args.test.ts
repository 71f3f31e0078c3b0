import {describe, expect, it} from 'vitest';
import {parseArgs, UsageError} from '../../source/cli-args.js';

function usageError(argv: string[]): string {
	try {
		parseArgs(argv);
	} catch (error) {
		if (error instanceof UsageError) return error.message;
		throw error;
	}
	throw new Error('expected a usage error');
}

describe('command line', () => {
	it('reads the target, pane and output options', () => {
		const inv = parseArgs([
			'--host',
			'root@pve:2222',
			'--pane',
			'zfs',
			'--once',
			'--json',
			'--interval',
			'5',
			'--readonly',
		]);
		expect(inv.command).toBe('console');
		expect(inv.options).toMatchObject({
			target: {kind: 'host', host: 'root@pve:2222'},
			pane: 'zfs',
			once: true,
			json: true,
			intervalMs: 5000,
			readOnly: true,
		});
	});

	it('lets the last target win, so npm start -- --host overrides --demo', () => {
		expect(parseArgs(['--demo', '--host', 'pve']).options.target).toEqual({kind: 'host', host: 'pve'});
		expect(parseArgs(['--host=pve', '--local']).options.target).toEqual({kind: 'local'});
	});

	it("opens the cluster demo with --demo-cluster, after npm start's own --demo", () => {
		expect(parseArgs(['--demo', '--demo-cluster']).options).toMatchObject({target: {kind: 'demo'}, demoCluster: true});
		expect(parseArgs(['--demo-cluster', 'demo', 'reset']).options.demoCluster).toBe(true);
	});

	it('names the unknown flag', () => {
		expect(usageError(['--demo', '--frobnicate'])).toBe('unknown option --frobnicate (see proxdeck --help)');
	});

	it('names the flag whose value is bad and says what it wants', () => {
		expect(usageError(['--pane', 'cpu'])).toBe('--pane wants one of guests, zfs, network, logs, not "cpu"');
		expect(usageError(['--interval', 'soon'])).toBe('--interval wants seconds from 0.5 to 3600, not "soon"');
		expect(usageError(['--host'])).toBe('--host needs a value');
		expect(usageError(['--host', '--demo'])).toBe('--host needs a value');
		expect(usageError(['--once=yes'])).toBe('--once takes no value');
	});

	it('refuses --json without --once and unknown commands', () => {
		expect(usageError(['--json'])).toMatch(/use it with --once/);
		expect(usageError(['frob'])).toBe('unknown command "frob" (see proxdeck --help)');
	});

	it('answers --help and --version', () => {
		expect(parseArgs(['--help']).command).toBe('help');
		expect(parseArgs(['-h']).command).toBe('help');
		expect(parseArgs(['--version']).command).toBe('version');
	});
});

describe('subcommands', () => {
	it('reads subcommand flags and target options on either side', () => {
		const inv = parseArgs(['--demo', 'deploy', 'postgresql', 'redis', '--dry-run', '--node', 'pve2']);
		expect(inv.command).toBe('subcommand');
		expect(inv.options.target).toEqual({kind: 'demo'});
		expect(inv.subcommand).toEqual({
			name: 'deploy',
			positional: ['postgresql', 'redis'],
			flags: {'dry-run': true, node: 'pve2'},
		});
		const after = parseArgs(['clone', '900', '200', '--hostname', 'postgresql-db', '--host', 'pve']);
		expect(after.options.target).toEqual({kind: 'host', host: 'pve'});
		expect(after.subcommand?.flags).toEqual({hostname: 'postgresql-db'});
	});

	it('gives --json to the subcommand, and refuses flags it does not take', () => {
		expect(parseArgs(['health', '--json']).subcommand?.flags).toEqual({json: true});
		expect(usageError(['start', '200', '--prometheus'])).toBe('unknown option --prometheus (see proxdeck --help)');
		expect(usageError(['health', '--once'])).toMatch(/for the console, not for "health"/);
	});
});

describe('a fleet on the command line', () => {
	it('--context named twice or more opens a fleet of them, in order and once each', () => {
		const inv = parseArgs(['--demo', '--context', 'home', '--context', 'lab', '--context', 'home', '--once']);
		expect(inv.options.fleet).toEqual({kind: 'contexts', names: ['home', 'lab']});
		expect(parseArgs(['--context', 'home']).options.fleet).toBeUndefined();
		// A later target replaces the contexts before it, as the last target wins.
		expect(parseArgs(['--context', 'home', '--context', 'lab', '--host', 'pve']).options.fleet).toBeUndefined();
		expect(parseArgs(['--demo-fleet']).options.fleet).toEqual({kind: 'demo'});
	});

	it('refuses a fleet for a subcommand, which acts on one context', () => {
		expect(usageError(['--context', 'home', '--context', 'lab', 'start', '101'])).toBe(
			'"start" acts on one context: name one --context (a fleet of several is for the console and --once)',
		);
	});
});
