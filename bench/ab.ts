/**
 * `npm run bench -- --ab=<overlay>[,<overlay>…]`: what one part of a patch (or a node flag)
 * buys, measured side by side. A is the program as installed. Each overlay is a directory
 * whose files stand in for node_modules' (e.g. `<overlay>/ink/build/output.js`, a copy with
 * one cache taken out); `--ab-flags='--flag=value …'` adds a variant that is A started with
 * those node flags. Every variant is bundled like dist/proxdeck.mjs and all are measured in
 * one run, round after round: idle copies of every variant side by side in the same window;
 * the in-process benchmarks one after another, in an order that rotates each round. Before
 * each measurement the machine's 1-minute load average must be under --max-load, or the run
 * waits. The report gives each figure for A and each variant, and each variant's ratio to A
 * of the same round: median and min–max over the rounds.
 *
 * Flags: --ab=<dirs>, --ab-flags=<flags>, --only=idle,keys,ingest,rss,cold (default idle),
 * --rounds=5, --sizes=demo,1000 (idle: measured in the same window), --copies=2 (idle, per
 * variant and size), --warmup=60 and --window=30 (idle, seconds), --quick, --max-load=1.5,
 * --out=<file.json>.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import {basename, join, resolve} from 'node:path';
import {bundle, ROOT as root, SHEBANG_FLAGS} from '../scripts/bundle.mjs';
import {median, round, sleep} from './lib.js';
import {benchIdleSideBySide, cleanEnv, coldStartOnce, tmuxAvailable} from './tty-runs.js';
import {bundleRssEntry, runRssOnce} from './rss.js';
import type {KeyLatencyResult} from './keys.js';
import type {IngestResult} from './ingest.js';

const argv = process.argv.slice(2);
const option = (name: string): string | undefined =>
	argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const numberOption = (name: string, fallback: number): number => Number(option(name) ?? fallback);

const overlays = (option('ab') ?? '')
	.split(',')
	.filter(Boolean)
	.map((dir) => resolve(dir));
const extraFlags = (option('ab-flags') ?? '').split(/\s+/).filter(Boolean);
const figures = (option('only') ?? 'idle').split(',');
const rounds = numberOption('rounds', 5);
const sizes = (option('sizes') ?? 'demo,1000').split(',');
const copies = numberOption('copies', 2);
const quick = argv.includes('--quick');
const maxLoad = numberOption('max-load', 1.5);

interface Variant {
	/** `A`, an overlay's directory name, or `flags`. */
	name: string;
	overlay?: string;
	flags: string[];
	cli: string;
	entry: string;
	rss: string;
}

/** Every measured value, per metric, per variant, in round order. */
const samples = new Map<string, Map<string, number[]>>();
const loads: number[] = [];

function record(metric: string, variant: Variant, value: number): void {
	const byVariant = samples.get(metric) ?? new Map<string, number[]>();
	byVariant.set(variant.name, [...(byVariant.get(variant.name) ?? []), value]);
	samples.set(metric, byVariant);
}

/** Waits until the machine is quiet enough that a measurement is not mostly noise. */
async function waitForQuiet(): Promise<void> {
	for (;;) {
		const [load] = loadavg();
		if (load! <= maxLoad) {
			loads.push(round(load!, 2));
			return;
		}
		process.stderr.write(`ab: load average ${load!.toFixed(2)} > ${maxLoad}, waiting 30 s\n`);
		await sleep(30_000);
	}
}

// Started by scripts/bench.mjs: production React, FORCE_COLOR, no CI (Ink would skip frames).
function runEntry(variant: Variant, figure: 'keys' | 'ingest'): unknown {
	const out = execFileSync(
		process.execPath,
		[...SHEBANG_FLAGS, ...variant.flags, variant.entry, figure, ...(quick ? ['--quick'] : [])],
		{encoding: 'utf8', cwd: root, maxBuffer: 1 << 24},
	);
	return JSON.parse(out.trim().split('\n').at(-1)!);
}

const cliArgv = (variant: Variant, ...args: string[]): string[] => [
	process.execPath,
	...SHEBANG_FLAGS,
	...variant.flags,
	variant.cli,
	...args,
];
const sizeArgs = (size: string): string[] =>
	size === 'demo' ? ['--demo', '--interval', '2'] : ['--demo', '--demo-scale', size, '--interval', '2'];

async function measureOne(figure: string, variant: Variant): Promise<void> {
	if (figure === 'keys') {
		const r = runEntry(variant, 'keys') as KeyLatencyResult;
		record('key→frame p50 (ms)', variant, r.p50Ms);
		record('key→frame p95 (ms)', variant, r.p95Ms);
		record('Ink render p50 (ms)', variant, r.inkRenderP50Ms);
		record('CPU while keys and logs run (%)', variant, r.cpuPercent);
	} else if (figure === 'ingest') {
		const r = runEntry(variant, 'ingest') as IngestResult;
		record('ingest, no gap > 50 ms (lines/s)', variant, r.sustainedPerSec);
		for (const step of r.steps) {
			record(`ingest ${step.offeredPerSec / 1000}k/s: CPU (%)`, variant, step.cpuPercent);
			record(`ingest ${step.offeredPerSec / 1000}k/s: worst frame gap (ms)`, variant, step.maxFrameGapMs);
		}
	} else if (figure === 'rss') {
		const r = await runRssOnce(variant.rss, [...SHEBANG_FLAGS, ...variant.flags]);
		record('peak RSS (MB)', variant, round(r.peakRssMb, 1));
	} else if (figure === 'cold') {
		const home = mkdtempSync(join(tmpdir(), 'proxdeck-bench-home-'));
		try {
			record('cold start (ms)', variant, round(await coldStartOnce(cliArgv(variant, '--demo'), cleanEnv(home)), 0));
		} finally {
			rmSync(home, {recursive: true, force: true});
		}
	} else {
		throw new Error(`unknown figure ${figure} (idle, keys, ingest, rss, cold)`);
	}
}

async function measure(figure: string, order: readonly Variant[]): Promise<void> {
	if (figure !== 'idle') {
		for (const variant of order) {
			await waitForQuiet();
			await measureOne(figure, variant);
		}
		return;
	}
	await waitForQuiet();
	// Every variant at every size in the same window: the machine's load weighs on all alike.
	const runs = sizes.flatMap((size) =>
		order.map((variant) => ({variant, size, label: `${order.indexOf(variant)}-${size}`})),
	);
	const results = await benchIdleSideBySide(
		runs.map((r) => ({label: r.label, argv: cliArgv(r.variant, ...sizeArgs(r.size))})),
		numberOption('window', quick ? 10 : 30),
		numberOption('warmup', quick ? 5 : 60),
		copies,
	);
	results.forEach((result, i) => record(`idle CPU ${runs[i]!.size} (%)`, runs[i]!.variant, result.cpuPercent));
}

const span = (values: readonly number[], digits: number): string =>
	`${round(median(values), digits)} (${round(Math.min(...values), digits)}–${round(Math.max(...values), digits)})`;

function report(variants: readonly Variant[]): string {
	const others = variants.slice(1);
	const lines = [
		`A: as installed. ${others.map((v) => `${v.name}: ${v.overlay ? `overlay ${v.overlay}` : ''}${v.flags.length > 0 ? `node flags ${v.flags.join(' ')}` : ''}`).join('. ')}.`,
		`${rounds} rounds; load average before each measurement ${Math.min(...loads)}–${Math.max(...loads)}.`,
		'',
		`| figure | A | ${others.map((v) => `${v.name} | ${v.name}/A`).join(' | ')} |`,
		`| --- | --- | ${others.map(() => '--- | ---').join(' | ')} |`,
	];
	for (const [metric, byVariant] of samples) {
		const a = byVariant.get('A') ?? [];
		const cells = others.map((v) => {
			const values = byVariant.get(v.name) ?? [];
			const ratios = a.map((x, i) => (x === 0 ? Number.NaN : values[i]! / x));
			return `${span(values, 2)} | ${span(ratios, 3)}`;
		});
		lines.push(`| ${metric} | ${span(a, 2)} | ${cells.join(' | ')} |`);
	}
	return lines.join('\n');
}

if ((figures.includes('idle') || figures.includes('rss') || figures.includes('cold')) && !tmuxAvailable()) {
	throw new Error('idle, rss and cold A/B runs need tmux (and cold needs script from util-linux)');
}
const dir = mkdtempSync(join(tmpdir(), 'proxdeck-bench-ab-'));
try {
	const specs: {name: string; overlay?: string; flags: string[]}[] = [
		{name: 'A', flags: []},
		...overlays.map((overlay) => ({name: basename(overlay), overlay, flags: []})),
		...(extraFlags.length > 0 ? [{name: 'flags', flags: extraFlags}] : []),
	];
	const variants: Variant[] = [];
	for (const [i, spec] of specs.entries()) {
		const variant: Variant = {
			...spec,
			cli: join(dir, `${i}-cli.mjs`),
			entry: join(dir, `${i}-entry.mjs`),
			rss: join(dir, `${i}-rss.mjs`),
		};
		const withOverlay = spec.overlay ? {overlay: spec.overlay} : {};
		if (figures.some((f) => f === 'idle' || f === 'cold'))
			await bundle({entry: join(root, 'source', 'cli.tsx'), outfile: variant.cli, ...withOverlay});
		if (figures.some((f) => f === 'keys' || f === 'ingest'))
			await bundle({entry: join(root, 'bench', 'ab-entry.tsx'), outfile: variant.entry, ...withOverlay});
		if (figures.includes('rss')) await bundleRssEntry(variant.rss, spec.overlay);
		variants.push(variant);
	}
	const save = (): void => {
		const out = option('out');
		if (!out) return;
		const json = Object.fromEntries([...samples].map(([metric, byVariant]) => [metric, Object.fromEntries(byVariant)]));
		writeFileSync(out, JSON.stringify({variants: specs, rounds, loads, samples: json}, null, '\t') + '\n');
	};
	for (let r = 0; r < rounds; r++) {
		// The order rotates, so no variant always goes first (warm caches, a neighbour's burst).
		const order = [...variants.slice(r % variants.length), ...variants.slice(0, r % variants.length)];
		for (const figure of figures) {
			process.stderr.write(`ab: round ${r + 1}/${rounds}, ${figure}…\n`);
			await measure(figure, order);
		}
		save(); // a long run interrupted keeps the rounds it finished
	}
	process.stdout.write(report(variants) + '\n');
} finally {
	rmSync(dir, {recursive: true, force: true});
}
process.exit();
