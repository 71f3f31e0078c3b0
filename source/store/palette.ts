/**
 * The `:` command palette (k9s style): a few words that jump to a view or start an action,
 * with Tab completion of command names, context names, catalog services and VMIDs, and a
 * history walked with Up/Down. Every command that changes the host is the same registry
 * action as its key, so read-only mode refuses it in the same one place.
 */
import type {ActionId} from '../../keymaps/registry.js';
import type {Catalog} from '../catalog/types.js';
import type {Snapshot} from '../model/snapshot.js';

export interface PaletteCommand {
	name: string;
	/** What it takes, for help and the completion line. */
	args: string;
	description: string;
	/** The registry action it runs as (read-only checks ask about this id). */
	actionId?: ActionId;
}

export const PALETTE_COMMANDS: readonly PaletteCommand[] = [
	{name: 'guests', args: '', description: 'Go to the guests pane'},
	{name: 'zfs', args: '', description: 'Go to the ZFS pane'},
	{name: 'net', args: '', description: 'Go to the network / VPN pane'},
	{name: 'logs', args: '[vmid]', description: "Go to the logs pane (a guest's logs with a VMID)"},
	{name: 'ct', args: '<vmid>', description: 'Select a guest and open its detail view'},
	{
		name: 'deploy',
		args: '<service>',
		description: 'Deploy a catalog service (the confirm dialog shows the plan)',
		actionId: 'guests.deploy',
	},
	{
		name: 'health',
		args: '[vmid|service]',
		description: 'Health checks (everything without a target)',
		actionId: 'guests.health',
	},
	{name: 'node', args: '[name]', description: 'Show only this node in every pane (no name: every node again)'},
	{name: 'ctx', args: '<name>', description: 'Switch to another context from the config'},
	{
		name: 'fleet',
		args: '[a,b,…]',
		description: 'Show several contexts at once (every context of the config without names)',
	},
	{name: 'journal', args: '', description: 'The journal of actions', actionId: 'app.journal'},
	{name: 'tasks', args: '', description: 'Running and recent tasks of every node', actionId: 'app.tasks'},
	{name: 'templates', args: '', description: 'Templates and the guests made from each', actionId: 'app.templates'},
	{name: 'snapshots', args: '<vmid>', description: "A guest's snapshot tree", actionId: 'guests.snapshots'},
	{name: 'backups', args: '<vmid>', description: "A guest's backups on every storage", actionId: 'guests.backups'},
	{name: 'q', args: '', description: 'Quit', actionId: 'app.quit'},
];

/** Other spellings people type out of habit (k9s, vim). */
const ALIASES: Record<string, string> = {
	network: 'net',
	quit: 'q',
	context: 'ctx',
	guest: 'ct',
	log: 'logs',
	task: 'tasks',
	template: 'templates',
	snapshot: 'snapshots',
	backup: 'backups',
};

export type ParsedCommand = {ok: true; command: PaletteCommand; arg: string | undefined} | {ok: false; message: string};

export function parseCommand(line: string): ParsedCommand {
	const words = line
		.trim()
		.replace(/^:/, '')
		.split(/\s+/)
		.filter((w) => w !== '');
	const [first, arg, extra] = words;
	if (first === undefined)
		return {
			ok: false,
			message:
				'type a command: guests zfs net logs ct node deploy health ctx fleet journal tasks templates snapshots backups q',
		};
	const name = ALIASES[first] ?? first;
	const command = PALETTE_COMMANDS.find((c) => c.name === name);
	if (!command) {
		const near = PALETTE_COMMANDS.filter((c) => c.name.startsWith(first.slice(0, 2))).map((c) => `:${c.name}`);
		return {
			ok: false,
			message: `:${first}: no such command${near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : ''}`,
		};
	}
	if (extra !== undefined)
		return {ok: false, message: `:${command.name} takes ${command.args || 'nothing'}; "${extra}" is one word too many`};
	if (command.args.startsWith('<') && arg === undefined)
		return {ok: false, message: `:${command.name} needs ${command.args}`};
	if (command.args === '' && arg !== undefined) return {ok: false, message: `:${command.name} takes no argument`};
	return {ok: true, command, arg};
}

export interface CompletionSources {
	contexts: readonly string[];
	catalog: Catalog;
	snapshot: Snapshot | null;
}

/** What the word being typed could become: command names, then the command's argument. */
export function candidates(line: string, sources: CompletionSources): string[] {
	const trailingSpace = /\s$/.test(line);
	const words = line
		.trim()
		.split(/\s+/)
		.filter((w) => w !== '');
	if (words.length === 0 || (words.length === 1 && !trailingSpace)) {
		const prefix = words[0] ?? '';
		return PALETTE_COMMANDS.map((c) => c.name).filter((n) => n.startsWith(prefix));
	}
	const name = ALIASES[words[0]!] ?? words[0]!;
	const prefix = trailingSpace ? '' : (words[1] ?? '');
	if (words.length > 2 || (words.length === 2 && trailingSpace)) return [];
	const vmids = (sources.snapshot?.guests ?? []).map((g) => String(g.vmid));
	const pool: string[] =
		name === 'ctx'
			? [...sources.contexts]
			: name === 'fleet'
				? fleetCompletions(prefix, sources.contexts)
				: name === 'deploy'
					? sources.catalog.services.map((s) => s.name)
					: name === 'health'
						? [...sources.catalog.services.map((s) => s.name), ...vmids]
						: name === 'ct' || name === 'logs'
							? vmids
							: name === 'node'
								? (sources.snapshot?.nodes ?? []).map((n) => n.name)
								: [];
	return pool.filter((c) => c.startsWith(prefix));
}

/** `:fleet home,l` → `home,lab`: the next context name after the ones already typed. */
function fleetCompletions(prefix: string, contexts: readonly string[]): string[] {
	const typed = prefix.split(',');
	const last = typed.pop() ?? '';
	const head = typed.length > 0 ? `${typed.join(',')},` : '';
	return contexts.filter((c) => c.startsWith(last) && !typed.includes(c)).map((c) => `${head}${c}`);
}

/** The line with its last word completed as far as every candidate agrees. */
export function complete(line: string, sources: CompletionSources): string {
	const options = candidates(line, sources);
	if (options.length === 0) return line;
	const common = options.reduce((acc, c) => {
		let i = 0;
		while (i < acc.length && i < c.length && acc[i] === c[i]) i++;
		return acc.slice(0, i);
	});
	const words = line.trimStart().split(/\s+/);
	const trailingSpace = /\s$/.test(line);
	const head = trailingSpace ? words.filter((w) => w !== '') : words.slice(0, -1);
	const last = trailingSpace ? '' : (words.at(-1) ?? '');
	const word = common.length > last.length ? common : last;
	// One candidate: finish it and move on to the argument.
	const done = options.length === 1 ? `${options[0]} ` : word;
	return [...head, done].join(' ');
}

/** History with the newest last, without repeats of the same line in a row, at most 50. */
export function remember(history: readonly string[], line: string): string[] {
	const trimmed = line.trim();
	if (trimmed === '' || history.at(-1) === trimmed) return [...history];
	return [...history, trimmed].slice(-50);
}
