/**
 * What every subcommand gets: the connected target (from cli.tsx), plus the streams,
 * journal, catalog and clock, which tests replace.
 */
import process from 'node:process';
import type {GlobalOptions, SubcommandArgs} from '../cli-args.js';
import type {Catalog} from '../catalog/types.js';
import type {Collector} from '../host/collector-types.js';
import {routerOf} from '../host/collect.js';
import type {NodeRouter} from '../host/node-router.js';
import type {Journal} from '../journal/journal.js';
import type {OpsEnv} from '../ops/job.js';
import type {Transport} from '../transport/types.js';
import type {TargetSettings} from '../target.js';
import type {HealthThresholds} from '../ops/health/passive.js';
import {defaultCatalog} from '../catalog/defaults.js';
import {applyCatalogOverrides} from '../config/catalog-overrides.js';
import {writeError, writeJson, writeLine} from '../text/output.js';

export interface Writer {
	write(text: string): unknown;
}

export interface InputStream extends NodeJS.ReadableStream {
	isTTY?: boolean;
}

export interface SubcommandDeps {
	transport: Transport;
	collector: Collector;
	/** How commands reach each node; default: the collector's router. */
	nodes?: NodeRouter;
	context: string;
	options: GlobalOptions;
	/** The context's settings (config file + flags), from openTarget. */
	settings?: TargetSettings;
	/** Root commands get `sudo -n` (non-root SSH users); default: the context's setting. */
	sudo?: boolean;
	stdin?: InputStream;
	stdout?: Writer;
	stderr?: Writer;
	journal?: Journal;
	catalog?: Catalog;
	now?: () => number;
	sleep?: OpsEnv['sleep'];
	pollMs?: number;
	/** An upper bound on every command's timeout (tests). */
	timeoutCapMs?: number;
	signal?: AbortSignal;
}

/** Output goes through the sanitiser (source/text/output.ts): host text never acts on the terminal. */
export interface Io {
	/** One line on stdout. */
	out(line: string): void;
	/** `proxdeck: <line>` on stderr. */
	err(line: string): void;
	/** A JSON document on stdout. */
	json(value: unknown): void;
	stdin: InputStream;
	stdout: Writer;
}

export function makeIo(deps: Pick<SubcommandDeps, 'stdout' | 'stderr' | 'stdin'>): Io {
	const stdout = deps.stdout ?? process.stdout;
	const stderr = deps.stderr ?? process.stderr;
	return {
		out: (line) => writeLine(stdout, line),
		err: (line) => writeError(stderr, line),
		json: (value) => writeJson(stdout, value),
		stdin: deps.stdin ?? process.stdin,
		stdout,
	};
}

export function opsEnv(deps: SubcommandDeps): OpsEnv {
	return {
		nodes: deps.nodes ?? routerOf(deps.collector, deps.transport, deps.sudo ?? deps.settings?.sudo ?? false),
		collector: deps.collector,
		context: deps.context,
		...(deps.now ? {now: deps.now} : {}),
		...(deps.sleep ? {sleep: deps.sleep} : {}),
		...(deps.pollMs ? {pollMs: deps.pollMs} : {}),
		...(deps.timeoutCapMs ? {timeoutCapMs: deps.timeoutCapMs} : {}),
		snapshotBeforeChange: deps.settings?.config.safety.snapshotBeforeChange ?? true,
	};
}

export const flag = (args: SubcommandArgs, name: string): boolean => args.flags[name] === true;

export function value(args: SubcommandArgs, name: string): string | undefined {
	const v = args.flags[name];
	return typeof v === 'string' ? v : undefined;
}

/** Left-aligned columns, two spaces apart; the last column is not padded. */
export function table(rows: string[][]): string[] {
	const widths: number[] = [];
	for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
	return rows.map((row) =>
		row
			.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
			.join('  ')
			.trimEnd(),
	);
}

/** The catalog in effect: the test's, or the defaults with the config file's overrides. */
export function catalogFor(deps: SubcommandDeps): {ok: true; catalog: Catalog} | {ok: false; message: string} {
	if (deps.catalog) return {ok: true, catalog: deps.catalog};
	const overrides = deps.settings?.config.catalog.services ?? [];
	if (overrides.length === 0) return {ok: true, catalog: defaultCatalog()};
	const merged = applyCatalogOverrides(defaultCatalog(), overrides, deps.settings?.configFile ?? 'config');
	return merged.ok ? {ok: true, catalog: merged.catalog} : {ok: false, message: merged.error.message};
}

/** Read-only from the flag or the context. */
export function isReadOnly(deps: SubcommandDeps): boolean {
	return deps.settings?.readOnly ?? deps.options.readOnly ?? false;
}

/** The context's pool thresholds, in the health module's terms. */
export function healthThresholds(deps: SubcommandDeps): Partial<HealthThresholds> {
	const t = deps.settings?.thresholds;
	return t ? {poolWarn: t.warn, poolCrit: t.crit} : {};
}

/** A plan built from the user's values, or the sentence that says which value was wrong. */
export function tryBuild<T>(build: () => T): {ok: true; value: T} | {ok: false; message: string} {
	try {
		return {ok: true, value: build()};
	} catch (error) {
		if (error instanceof Error) return {ok: false, message: error.message};
		throw error;
	}
}
