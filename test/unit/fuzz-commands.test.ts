/**
 * Property tests of every command builder: for arbitrary strings as hostname, storage,
 * bridge, tags, node, paths, container and service names, a builder either refuses the value
 * with an InvalidValueError that names the field and what is accepted, or builds a command
 * line that a real POSIX shell (/bin/sh) splits back into exactly the intended argv. The
 * shell check runs each property's command lines through one `sh -s` with a printer function.
 */
import {spawnSync} from 'node:child_process';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {composePull, composeUp, containerVerb, imageInspect, stackVerb} from '../../source/ops/docker-commands.js';
import {containerLogs, dockerPs, composeLs, guestJournal, hostJournal, wgInGuest} from '../../source/host/commands.js';
import {renderBatch} from '../../source/host/batch.js';
import {splitBatchOutput} from '../../source/host/batch-output.js';
import {quoteArg, shellJoin, shellSplit} from '../../source/host/quote.js';
import {assertServiceName, InvalidValueError} from '../../source/host/validate.js';
import {
	restore,
	setProtected,
	snapshotCreate,
	snapshotDelete,
	snapshotRollback,
	taskLog,
	vzdump,
} from '../../source/ops/safety-commands.js';
import {
	dockerLogsTail,
	httpProbe,
	pctClone,
	pctExec,
	pctResize,
	pctSet,
	renderCommand,
	tcpProbe,
	type HostCommand,
} from '../../source/ops/pct-commands.js';

const RUNS = 120;
const DETACHED_END = ' </dev/null >/dev/null 2>&1';

/** Strings a hostile or careless user might type, plus arbitrary Unicode (well-formed: the shell sees UTF-8). */
const nasty = fc.constantFrom(
	'',
	' ',
	'-',
	'--help',
	"'",
	'"',
	'\\',
	'$(id)',
	'`id`',
	'${HOME}',
	'a b',
	'a\tb',
	'a\nb',
	';reboot',
	'&& rm -rf /',
	'| cat',
	'>x',
	'*',
	'?',
	'~',
	'#c',
	'vmbr0',
	'local-lvm',
	'pve',
	'web-01',
	'db.example.org',
	'/srv/data',
	'/a/../b',
	'mp0',
	"o'brien",
	'\u00e9t\u00e9',
	'\u{1F600}',
	'x'.repeat(300),
);
/** Lone surrogates cannot reach a shell as UTF-8; replace them the way Node's encoder would. */
const wellFormed = (s: string): string =>
	s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const anyText = fc.oneof(
	nasty,
	fc.string(),
	fc.string({unit: 'binary'}).map((s) => wellFormed(s.replaceAll('\0', ''))),
	fc.string({unit: 'grapheme'}),
);
const vmid = fc.oneof(fc.integer({min: 100, max: 999_999_999}), fc.integer({min: -5, max: 2_000_000_000}));

/** One sh for many command lines: each `pr <line>` prints its argc then each argument, NUL-terminated. */
function shellSplitAll(lines: readonly string[]): string[][] {
	const script =
		[
			'pr() { printf \'%s\\0\' "$#"; for a in "$@"; do printf \'%s\\0\' "$a"; done; }',
			...lines.map((l) => `pr ${l}`),
		].join('\n') + '\n';
	const run = spawnSync('/bin/sh', ['-s'], {input: script, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024});
	expect(run.stderr).toBe('');
	const fields = run.stdout.split('\0');
	const out: string[][] = [];
	let at = 0;
	for (let i = 0; i < lines.length; i++) {
		const count = Number(fields[at++]);
		out.push(fields.slice(at, at + count));
		at += count;
	}
	return out;
}

interface Built {
	line: string;
	argv: readonly string[];
}

/** Runs a builder over samples: refusals must be clear, everything built must round-trip through sh. */
function checkBuilder<T>(
	arbitrary: fc.Arbitrary<T>,
	build: (input: T) => HostCommand | readonly string[],
	mustContain?: (input: T) => string[],
): {built: number; refused: number} {
	const samples = fc.sample(arbitrary, {numRuns: RUNS, seed: 42});
	const made: Built[] = [];
	let refused = 0;
	for (const input of samples) {
		let command: HostCommand | readonly string[];
		try {
			command = build(input);
		} catch (error) {
			refused++;
			expect(error).toBeInstanceOf(InvalidValueError);
			const invalid = error as InvalidValueError;
			// Names the field, quotes the value and says what is accepted.
			expect(invalid.message).toBe(
				`invalid ${invalid.field} ${JSON.stringify(invalid.value)}: expected ${invalid.expected}`,
			);
			expect(invalid.expected.length).toBeGreaterThan(5);
			continue;
		}
		const argv = Array.isArray(command) ? (command as readonly string[]) : (command as HostCommand).argv;
		for (const value of mustContain?.(input) ?? []) expect(argv).toContain(value);
		if (Array.isArray(command)) made.push({line: shellJoin(argv), argv});
		else {
			// A detached command is `setsid -f <argv>` with the shell sending its streams nowhere:
			// the words are checked without that fixed ending (it would silence the printer too).
			const detached = (command as HostCommand).detach === true;
			const words = (line: string): string => {
				if (!detached) return line;
				expect(line.endsWith(DETACHED_END)).toBe(true);
				return line.slice(0, -DETACHED_END.length);
			};
			const run = detached ? ['setsid', '-f'] : [];
			made.push({line: words(renderCommand(command as HostCommand, false)), argv: [...run, ...argv]});
			if ((command as HostCommand).root)
				made.push({line: words(renderCommand(command as HostCommand, true)), argv: [...run, 'sudo', '-n', ...argv]});
		}
	}
	const split = shellSplitAll(made.map((m) => m.line));
	made.forEach((m, i) => expect(split[i], m.line).toEqual([...m.argv]));
	// Our own reader of command lines (the simulated host uses it) agrees with sh.
	made.forEach((m) => expect(shellSplit(m.line)).toEqual([...m.argv]));
	return {built: made.length, refused};
}

describe('command builders against a real POSIX shell (fast-check)', () => {
	it('quoteArg/shellJoin: any argv without NUL comes back from sh unchanged; NUL is refused', () => {
		const result = checkBuilder(fc.array(anyText, {minLength: 1, maxLength: 6}), (argv) => argv);
		expect(result.built).toBe(RUNS);
		expect(() => quoteArg('a\0b')).toThrow('an argument cannot contain a NUL byte');
	});

	it('pct clone with arbitrary hostname, storage and target node', () => {
		const input = fc.record({tpl: vmid, id: vmid, hostname: anyText, storage: anyText, node: anyText});
		const {built, refused} = checkBuilder(
			input,
			(i) => pctClone({vmid: i.tpl, node: 'pve'}, i.id, {hostname: i.hostname, storage: i.storage, target: i.node}),
			(i) => [i.hostname, i.storage, i.node],
		);
		expect(refused).toBeGreaterThan(0);
		expect(built + refused).toBeGreaterThanOrEqual(RUNS);
		// Valid values are built, not refused.
		expect(
			pctClone({vmid: 900, node: 'pve'}, 120, {hostname: 'web-01', storage: 'local-lvm', target: 'pve2'}).argv,
		).toEqual([
			'pct',
			'clone',
			'900',
			'120',
			'--hostname',
			'web-01',
			'--storage',
			'local-lvm',
			'--full',
			'--target',
			'pve2',
		]);
	});

	it('pct set with arbitrary bridge, addresses, mount paths and tags', () => {
		const input = fc.record({
			id: vmid,
			bridge: anyText,
			ip: fc.oneof(anyText, fc.constant('10.0.30.10/24'), fc.constant('dhcp')),
			gw: fc.oneof(anyText, fc.constant('10.0.30.1')),
			source: fc.oneof(anyText, fc.constant('/staging-pool'), fc.constant('local-lvm:vm-120-disk-1')),
			path: anyText,
			tags: fc.array(anyText, {maxLength: 3}),
		});
		checkBuilder(input, (i) =>
			pctSet(
				{vmid: i.id, node: 'pve'},
				{
					net0: {bridge: i.bridge, ip: i.ip, gw: i.gw},
					mounts: [{key: 'mp0', source: i.source, path: i.path}],
					tags: i.tags,
				},
			),
		);
		// Near-valid inputs get through often enough to exercise the shell check.
		const ok = pctSet(
			{vmid: 120, node: 'pve'},
			{
				net0: {bridge: 'vmbr2', ip: '10.0.30.10/24', gw: '10.0.30.1'},
				mounts: [{key: 'mp0', source: '/staging-pool', path: '/data'}],
				tags: ['web', 'prod'],
			},
		);
		expect(shellSplitAll([renderCommand(ok, true)])[0]).toEqual(['sudo', '-n', ...ok.argv]);
	});

	it('snapshots through the API with arbitrary nodes, names and descriptions', () => {
		const input = fc.record({
			node: fc.oneof(anyText, fc.constant('pve')),
			id: vmid,
			name: fc.oneof(anyText, fc.constant('before-upgrade')),
			description: anyText,
			vm: fc.boolean(),
		});
		const {built, refused} = checkBuilder(
			input,
			(i) =>
				snapshotCreate({
					node: i.node,
					type: i.vm ? 'qemu' : 'lxc',
					vmid: i.id,
					name: i.name,
					description: i.description,
					vmstate: i.vm,
				}),
			(i) => [i.name],
		);
		expect(refused).toBeGreaterThan(0);
		expect(built).toBeGreaterThan(0);
		checkBuilder(input, (i) => snapshotRollback(i.node, i.vm ? 'qemu' : 'lxc', i.id, i.name, i.vm));
		checkBuilder(input, (i) => snapshotDelete(i.node, 'lxc', i.id, i.name));
	});

	it('vzdump, restore, protection and task logs with arbitrary storages, notes, archives and UPIDs', () => {
		const storage = fc.oneof(anyText, fc.constant('nas-backup'));
		const volid = fc.oneof(
			anyText,
			fc.constant('nas-backup:backup/vzdump-lxc-105-2026_11_22-02_00_03.tar.zst'),
			fc.constant('pbs:backup/ct/105/2026-11-22T03:30:02Z'),
		);
		checkBuilder(
			fc.record({node: anyText, id: vmid, storage, mode: fc.oneof(anyText, fc.constant('snapshot')), notes: anyText}),
			(i) => vzdump({node: i.node, vmid: i.id, storage: i.storage, mode: i.mode as 'snapshot', notes: i.notes}),
		);
		const {built} = checkBuilder(
			fc.record({id: vmid, volid, storage, force: fc.boolean()}),
			(i) => restore({node: 'pve', type: 'lxc', vmid: i.id, volid: i.volid, storage: i.storage, force: i.force}),
			(i) => [i.volid],
		);
		expect(built).toBeGreaterThan(0);
		checkBuilder(fc.record({volid, on: fc.boolean()}), (i) => setProtected('pve', i.volid, i.on));
		checkBuilder(
			fc.record({
				upid: fc.oneof(anyText, fc.constant('UPID:pve:0003A1B2:0B3C4D5E:674A1F00:vzdump:105:root@pam:')),
				start: fc.integer({min: -3, max: 10_000}),
			}),
			(i) => taskLog(i.upid, 'pve', i.start),
		);
	});

	it('pct resize and exec with arbitrary sizes and guest commands', () => {
		checkBuilder(fc.record({id: vmid, size: fc.oneof(anyText, fc.constant('+10G'))}), (i) =>
			pctResize({vmid: i.id, node: 'pve'}, 'rootfs', i.size),
		);
		const {built} = checkBuilder(
			fc.record({id: fc.integer({min: 100, max: 999_999}), argv: fc.array(anyText, {minLength: 1, maxLength: 5})}),
			(i) => pctExec({vmid: i.id, node: 'pve'}, i.argv),
			(i) => i.argv,
		);
		expect(built).toBeGreaterThan(RUNS);
	});

	it('docker and compose commands with arbitrary container names and compose paths', () => {
		checkBuilder(
			fc.record({id: vmid, name: anyText}),
			(i) => containerVerb({vmid: i.id, node: 'pve'}, 'restart', i.name),
			(i) => [i.name],
		);
		checkBuilder(
			fc.record({id: vmid, name: anyText}),
			(i) => stackVerb({vmid: i.id, node: 'pve'}, 'stop', i.name),
			(i) => [i.name],
		);
		checkBuilder(
			fc.record({id: vmid, image: anyText}),
			(i) => imageInspect({vmid: i.id, node: 'pve'}, i.image),
			(i) => [i.image],
		);
		checkBuilder(
			fc.record({id: vmid, file: anyText}),
			(i) => composePull({vmid: i.id, node: 'pve'}, i.file),
			(i) => [i.file],
		);
		checkBuilder(
			fc.record({id: vmid, file: anyText}),
			(i) => composeUp({vmid: i.id, node: 'pve'}, i.file),
			(i) => [i.file],
		);
		checkBuilder(
			fc.record({id: vmid, name: anyText, lines: fc.integer({min: -10, max: 20_000})}),
			(i) => dockerLogsTail({vmid: i.id, node: 'pve'}, i.name, i.lines),
			(i) => [i.name],
		);
	});

	it('log streams and guest reads with arbitrary vmids, container names and line counts', () => {
		checkBuilder(
			fc.record({id: vmid, name: anyText, lines: fc.integer({min: -10, max: 2_000_000})}),
			(i) => containerLogs(i.id, i.name, i.lines),
			(i) => [i.name],
		);
		checkBuilder(fc.record({id: vmid, lines: fc.integer({min: -10, max: 2_000_000})}), (i) =>
			guestJournal(i.id, i.lines),
		);
		checkBuilder(fc.integer({min: -10, max: 2_000_000}), (lines) => hostJournal(lines));
		checkBuilder(vmid, (id) => [...dockerPs(id), '&&', ...composeLs(id), '&&', ...wgInGuest(id)]);
	});

	it('probes and service names', () => {
		checkBuilder(
			fc.record({host: fc.oneof(anyText, fc.constant('10.0.30.10')), port: fc.integer({min: -1, max: 70_000})}),
			(i) => tcpProbe('pve', i.host, i.port),
		);
		checkBuilder(fc.oneof(anyText, fc.constant('http://10.0.30.10:8080/health')), (url) => httpProbe('pve', url));
		const {refused} = checkBuilder(
			anyText,
			(name) => ['deploy', assertServiceName(name)],
			(name) => [name],
		);
		expect(refused).toBeGreaterThan(RUNS / 2);
	});

	it("a batch of framed sections with arbitrary arguments splits back into each section's argv", () => {
		const argvs = fc.sample(fc.array(anyText, {maxLength: 5}), {numRuns: 40, seed: 7});
		const sections = argvs.map((args, i) => ({id: `s${i}`, argv: ['pr', ...args]}));
		const batch = renderBatch(sections);
		const script = 'pr() { for a in "$@"; do printf \'%s\\0\' "$a"; done; }\n' + batch.script;
		const run = spawnSync('/bin/sh', ['-s'], {input: script, encoding: 'utf8'});
		const outputs = splitBatchOutput(run.stdout, run.stderr, batch.marker);
		sections.forEach((s, i) => {
			const out = outputs.get(s.id);
			expect(out?.code).toBe(0);
			const printed = out!.stdout === '' ? [] : out!.stdout.split('\0').slice(0, -1);
			expect(printed).toEqual(argvs[i]);
		});
	});
});
