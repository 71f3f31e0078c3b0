/**
 * Command-line parsing: argv -> a typed invocation, or a usage error that names the flag and
 * what it wants. Target options work before or after a subcommand
 * (`proxdeck --demo deploy postgresql` = `proxdeck deploy postgresql --demo`).
 */

export type PaneName = 'guests' | 'zfs' | 'network' | 'logs';
export const PANES: readonly PaneName[] = ['guests', 'zfs', 'network', 'logs'];

/** One simulated homelab of the demo fleet (`--demo-fleet`): its name, and how it is generated. */
export interface DemoHomelab {
	name: string;
	/** Generated guests on top of the seeds' homelab; without it, the demo's saved homelab. */
	scale?: number;
	seed: number;
	readOnly?: boolean;
}

export type Target =
	| {kind: 'demo'; homelab?: DemoHomelab}
	| {kind: 'local'}
	| {kind: 'host'; host: string}
	| {kind: 'context'; name: string};

export interface GlobalOptions {
	/** Unset when the user named no target: the config's default context (or the demo) applies. */
	target?: Target;
	pane?: PaneName;
	once: boolean;
	json: boolean;
	readOnly?: boolean; // --readonly true, --write false, unset = the context decides
	intervalMs?: number;
	configPath?: string;
	noColor: boolean;
	acceptNewHostKey: boolean;
	/** Connect even where ssh_config says StrictHostKeyChecking no, taking the risk it names. */
	insecureAcceptAnyHostKey?: boolean;
	/** Simulated homelab size for --demo (`--demo-scale 1000`), for benchmarks and load tests. */
	demoScale?: number;
	/** --demo-reset: the demo's saved homelab starts afresh before it opens. */
	demoReset?: boolean;
	/** --demo-cluster: the demo as a 3-node cluster (a saved homelab of its own). */
	demoCluster?: boolean;
	/**
	 * Several contexts on one screen: the names of a repeated `--context`, or the demo's
	 * simulated homelabs (`--demo-fleet`). Unset for one context.
	 */
	fleet?: {kind: 'contexts'; names: string[]} | {kind: 'demo'};
}

/** Subcommands and the flags each takes ('bool' or 'value'); the ops runners read them. */
export const SUBCOMMANDS = {
	deploy: {all: 'bool', 'dry-run': 'bool', yes: 'bool', rollback: 'bool', node: 'value', instances: 'value'},
	clone: {
		hostname: 'value',
		storage: 'value',
		ip: 'value',
		gw: 'value',
		bridge: 'value',
		node: 'value',
		'dry-run': 'bool',
		yes: 'bool',
	},
	health: {json: 'bool', prometheus: 'bool'},
	start: {'dry-run': 'bool', yes: 'bool'},
	stop: {'dry-run': 'bool', yes: 'bool'},
	shutdown: {'dry-run': 'bool', yes: 'bool', timeout: 'value'},
	reboot: {'dry-run': 'bool', yes: 'bool'},
	destroy: {'dry-run': 'bool', yes: 'bool', confirm: 'value'},
	set: {memory: 'value', cores: 'value', swap: 'value', 'dry-run': 'bool', yes: 'bool', rollback: 'bool'},
	resize: {'dry-run': 'bool', yes: 'bool', rollback: 'bool'},
	journal: {json: 'bool', limit: 'value'},
	snapshot: {
		json: 'bool',
		description: 'value',
		vmstate: 'bool',
		start: 'bool',
		'no-start': 'bool',
		'dry-run': 'bool',
		yes: 'bool',
	},
	backup: {
		json: 'bool',
		storage: 'value',
		mode: 'value',
		notes: 'value',
		vmid: 'value',
		start: 'bool',
		confirm: 'value',
		'dry-run': 'bool',
		yes: 'bool',
	},
	template: {
		all: 'bool',
		recreate: 'bool',
		vmid: 'value',
		node: 'value',
		'dry-run': 'bool',
		yes: 'bool',
		rollback: 'bool',
		json: 'bool',
	},
	container: {'dry-run': 'bool', yes: 'bool', follow: 'bool', tail: 'value'},
	stack: {'dry-run': 'bool', yes: 'bool', follow: 'bool', tail: 'value', 'no-snapshot': 'bool'},
	docker: {'dry-run': 'bool', yes: 'bool'},
	tasks: {running: 'bool', json: 'bool', limit: 'value'},
	task: {follow: 'bool', json: 'bool'},
	config: {},
	demo: {},
} as const satisfies Record<string, Record<string, 'bool' | 'value'>>;

export type SubcommandName = keyof typeof SUBCOMMANDS;

export interface SubcommandArgs {
	name: SubcommandName;
	positional: string[];
	/** Flag name (without dashes) -> true for booleans, the value for value flags. */
	flags: Record<string, string | true>;
}

export interface Invocation {
	command: 'console' | 'help' | 'version' | 'subcommand';
	options: GlobalOptions;
	args: string[];
	subcommand?: SubcommandArgs;
}

export class UsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}

export const USAGE = `Usage:
  proxdeck [--demo | --demo-fleet | --local | --host <ssh-alias|user@host[:port]>
           | --context <name> [--context <name>...]]
           [--pane guests|zfs|network|logs] [--once] [--json] [--readonly | --write]
           [--interval <seconds>] [--config <file>] [--no-color] [--accept-new-host-key]
           [--insecure-accept-any-host-key]

  --demo                 the simulated homelab (no host needed; it remembers
                         between commands)
  --demo-reset           the demo, started afresh
  --demo-cluster         the demo as a 3-node cluster (with --demo-reset: afresh)
  --local                run on the Proxmox host itself (no SSH)
  --host <target>        an ~/.ssh/config alias or user@host[:port]
  --context <name>       a context from the config file; repeat it to watch several
                         at once (a fleet: one list, a CONTEXT column)
  --demo-fleet           the demo as a fleet: three simulated homelabs side by side
  --pane <name>          one pane only (for a tmux pane)
  --once                 print one frame as tables and exit
  --json                 with --once: print the snapshot as JSON (schema v2)
  --readonly, --write    refuse, or allow, actions that change the host
  --interval <seconds>   refresh interval (default 2)
  --config <file>        use this config file
  --no-color             no colours (NO_COLOR is honoured too)
  --accept-new-host-key  trust an unknown host key without asking (non-interactive use)
  --insecure-accept-any-host-key
                         connect even with StrictHostKeyChecking no in ~/.ssh/config:
                         any key, a changed one too (a man-in-the-middle could listen)
  -h, --help             this text

Commands (target options work before or after them):
  proxdeck deploy <service...|--all> [--dry-run] [--yes] [--rollback] [--node N]
  proxdeck deploy <service> --instances N   the service as N guests (primary + replicas)
  proxdeck clone <template-vmid> <new-vmid> [--hostname H] [--storage S]
                 [--ip CIDR --gw IP --bridge B] [--node N] [--dry-run] [--yes]
  proxdeck health [<vmid|service>...] [--json | --prometheus]
  proxdeck start|stop|shutdown|reboot <vmid...> [--dry-run] [--yes]
  proxdeck destroy <vmid> --confirm <vmid> [--dry-run] [--yes]
  proxdeck set <vmid> [--memory MiB] [--cores N] [--swap MiB] [--dry-run] [--yes]
  proxdeck resize <vmid> <rootfs|mpN> <+SIZE|SIZE> [--dry-run] [--yes]   grow only
  proxdeck journal [--json] [--limit N]
  proxdeck snapshot list <vmid> [--json]
  proxdeck snapshot create <vmid> <name> [--description D] [--vmstate] [--dry-run] [--yes]
  proxdeck snapshot rollback <vmid> <name> [--start | --no-start] [--dry-run] [--yes]
  proxdeck snapshot delete <vmid> <name> [--dry-run] [--yes]
  proxdeck backup list [<vmid>...] [--json]
  proxdeck backup create <vmid> [--storage S] [--mode snapshot|suspend|stop] [--notes N]
                  [--dry-run] [--yes]
  proxdeck backup restore <volid> [--vmid N] [--storage S] [--start] [--confirm N]
                  [--dry-run] [--yes]
  proxdeck backup protect|unprotect <volid> [--dry-run] [--yes]
  proxdeck template create <service...|--all> [--recreate] [--vmid N] [--node N] [--dry-run]
                  [--yes] [--rollback]
  proxdeck template list [--json]
  proxdeck container start|stop|restart|rm <vmid> <container> [--dry-run] [--yes]
  proxdeck container logs <vmid> <container> [--follow] [--tail N]
  proxdeck container shell <vmid> <container>
  proxdeck stack start|stop|restart <vmid> <stack> [--dry-run] [--yes]
  proxdeck stack logs <vmid> <stack> [--follow] [--tail N]
  proxdeck stack update <vmid> <stack> [--no-snapshot] [--dry-run] [--yes]
  proxdeck docker prune <vmid> [--dry-run] [--yes]
  proxdeck tasks [--running] [--json] [--limit N]
  proxdeck task log <UPID> [--follow] [--json]
  proxdeck config path|show|edit|upgrade
  proxdeck demo reset|path   start the demo's homelab afresh, or where it is kept
                             (with --demo-cluster: the cluster demo's)
  proxdeck demo break <vmid> stop a demo guest's services, to try a rollback on

  --version              the version

Exit codes: 0 ok, 1 error, 2 usage, 3 health check failed.`;

const VALUE_FLAGS = new Set(['--host', '--context', '--pane', '--interval', '--config', '--demo-scale']);

function takeValue(argv: readonly string[], i: number, flag: string, inline: string | undefined): [string, number] {
	if (inline !== undefined) {
		if (inline === '') throw new UsageError(`${flag} needs a value`);
		return [inline, i];
	}
	const value = argv[i + 1];
	// A negative number is a value (a wrong one, said by the flag's own check), never an option.
	if (value === undefined || (value.startsWith('-') && value !== '-' && !/^-\d/.test(value)))
		throw new UsageError(`${flag} needs a value`);
	return [value, i + 1];
}

export function parseArgs(argv: readonly string[]): Invocation {
	const options: GlobalOptions = {once: false, json: false, noColor: false, acceptNewHostKey: false};
	const args: string[] = [];
	let command: Invocation['command'] = 'console';
	// Every --context named, in order: two or more make a fleet.
	const contexts: string[] = [];
	const setTarget = (t: Target) => {
		// The last target wins, so `npm start -- --host pve` overrides the script's --demo.
		options.target = t;
		if (t.kind !== 'context') contexts.length = 0;
		else if (!contexts.includes(t.name)) contexts.push(t.name);
		delete options.fleet;
	};

	let sub: SubcommandArgs | undefined;
	const modes = new Set<string>();
	for (let i = 0; i < argv.length; i++) {
		const raw = argv[i]!;
		if (raw === '--') {
			(sub ? sub.positional : args).push(...argv.slice(i + 1));
			break;
		}
		if (!raw.startsWith('-') || raw === '-') {
			if (!sub && args.length === 0 && raw in SUBCOMMANDS)
				sub = {name: raw as SubcommandName, positional: [], flags: {}};
			else (sub ? sub.positional : args).push(raw);
			continue;
		}
		const eq = raw.indexOf('=');
		const flag = raw.startsWith('--') && eq !== -1 ? raw.slice(0, eq) : raw;
		const inline = raw.startsWith('--') && eq !== -1 ? raw.slice(eq + 1) : undefined;
		const subKind = sub
			? (SUBCOMMANDS[sub.name] as Record<string, 'bool' | 'value'>)[flag.replace(/^--/, '')]
			: undefined;
		if (sub && subKind && flag.startsWith('--')) {
			const name = flag.slice(2);
			if (subKind === 'bool') {
				if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
				sub.flags[name] = true;
			} else {
				let value: string;
				[value, i] = takeValue(argv, i, flag, inline);
				sub.flags[name] = value;
			}
			continue;
		}
		if (inline !== undefined && !VALUE_FLAGS.has(flag)) throw new UsageError(`${flag} takes no value`);
		let value: string;
		switch (flag) {
			case '--demo':
				setTarget({kind: 'demo'});
				break;
			case '--demo-fleet':
				setTarget({kind: 'demo'});
				options.fleet = {kind: 'demo'};
				break;
			case '--demo-reset':
				setTarget({kind: 'demo'});
				options.demoReset = true;
				break;
			case '--demo-cluster':
				setTarget({kind: 'demo'});
				options.demoCluster = true;
				break;
			case '--local':
				setTarget({kind: 'local'});
				break;
			case '--host':
				[value, i] = takeValue(argv, i, flag, inline);
				setTarget({kind: 'host', host: value});
				break;
			case '--context':
				[value, i] = takeValue(argv, i, flag, inline);
				setTarget({kind: 'context', name: value});
				break;
			case '--pane':
				[value, i] = takeValue(argv, i, flag, inline);
				if (!PANES.includes(value as PaneName))
					throw new UsageError(`--pane wants one of ${PANES.join(', ')}, not "${value}"`);
				options.pane = value as PaneName;
				break;
			case '--interval': {
				[value, i] = takeValue(argv, i, flag, inline);
				const seconds = Number(value);
				if (!Number.isFinite(seconds) || seconds < 0.5 || seconds > 3600)
					throw new UsageError(`--interval wants seconds from 0.5 to 3600, not "${value}"`);
				options.intervalMs = Math.round(seconds * 1000);
				break;
			}
			case '--config':
				[value, i] = takeValue(argv, i, flag, inline);
				options.configPath = value;
				break;
			case '--demo-scale': {
				[value, i] = takeValue(argv, i, flag, inline);
				const n = Number(value);
				if (!Number.isInteger(n) || n < 1 || n > 100_000)
					throw new UsageError(`--demo-scale wants a guest count from 1 to 100000, not "${value}"`);
				options.demoScale = n;
				break;
			}
			case '--once':
				options.once = true;
				break;
			case '--json':
				options.json = true;
				break;
			case '--readonly':
			case '--write':
				modes.add(flag);
				if (modes.size > 1) throw new UsageError('--readonly and --write contradict each other: give one');
				options.readOnly = flag === '--readonly';
				break;
			case '--no-color':
				options.noColor = true;
				break;
			case '--accept-new-host-key':
				options.acceptNewHostKey = true;
				break;
			case '--insecure-accept-any-host-key':
				options.insecureAcceptAnyHostKey = true;
				break;
			case '-h':
			case '--help':
				command = 'help';
				break;
			case '--version':
				command = 'version';
				break;
			default:
				throw new UsageError(`unknown option ${flag} (see proxdeck --help)`);
		}
	}

	if (contexts.length > 1) options.fleet = {kind: 'contexts', names: contexts};
	if (options.fleet && sub)
		throw new UsageError(
			`"${sub.name}" acts on one context: name one --context (a fleet of several is for the console and --once)`,
		);
	if (command === 'console' && args.length > 0) {
		throw new UsageError(`unknown command "${args[0]}" (see proxdeck --help)`);
	}
	if (sub && command === 'console') {
		if (options.once || options.pane)
			throw new UsageError(`--once and --pane are for the console, not for "${sub.name}"`);
		return {command: 'subcommand', options, args, subcommand: sub};
	}
	if (options.json && !options.once) {
		throw new UsageError('--json prints one snapshot: use it with --once');
	}
	if (options.json && options.pane) {
		throw new UsageError(
			'--pane picks the tables of one pane; --json prints the whole snapshot (pick a part with jq, e.g. jq .pools)',
		);
	}
	return {command, options, args};
}
